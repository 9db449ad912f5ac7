"""``@record`` behaves as ``@dataclass(frozen=True)`` for everything a caller does."""
from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from cxworkshop.model import KINDS, Process
from cxworkshop.model.record import record
from cxworkshop.model.workshop import Update


@record
class Made:
    """A record with a required field, defaults, a factory and a field left out."""

    id: str
    name: str = "x"
    tags: list[str] = dataclasses.field(default_factory=list)
    note: str = dataclasses.field(default="", compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class Twin:
    """The same fields made by dataclasses."""

    id: str
    name: str = "x"
    tags: list[str] = dataclasses.field(default_factory=list)
    note: str = dataclasses.field(default="", compare=False, repr=False)


def _error(make) -> str:
    with pytest.raises(TypeError) as info:
        make()
    return str(info.value)


def test_construction_matches_a_frozen_dataclass():
    for cls in (Made, Twin):
        a = cls("a", "b", ["t"], note="n")
        assert (a.id, a.name, a.tags, a.note) == ("a", "b", ["t"], "n")
        assert cls("a").tags == [] and cls("a").tags is not cls("a").tags
        assert list(vars(cls("a", note="n"))) == ["id", "name", "tags", "note"]
    assert repr(Made("a", "b")) == repr(Twin("a", "b")).replace("Twin", "Made")
    assert "required" in _error(lambda: Made()) and "'id'" in _error(lambda: Made())
    assert "unexpected keyword argument 'nam'" in _error(lambda: Made("a", nam="b"))
    assert "multiple values for argument 'id'" in _error(lambda: Made("a", id="b"))
    assert "positional arguments" in _error(lambda: Made("a", "b", [], "n", "extra"))


def test_equality_hashing_and_freezing_match():
    assert Made("a", note="1") == Made("a", note="2")  # compare=False is left out
    assert Made("a") != Made("b") and Made("a") != Twin("a")
    for cls in (Made, Twin):  # a list field makes both unhashable
        with pytest.raises(TypeError, match="unhashable"):
            hash(cls("a"))
    assert hash(Process("p", "n")) == hash(Process("p", "n")) != hash(Process("p", "m"))
    # Update's fields are left out of the hash (a dict), not of equality
    assert hash(Update("k", "i", {"a": 1})) == hash(Update("k", "i", {"b": 2}))
    assert Update("k", "i", {"a": 1}) != Update("k", "i", {"b": 2})
    p = Process("p", "n")
    with pytest.raises(dataclasses.FrozenInstanceError, match="'name'"):
        p.name = "m"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del p.name  # type: ignore[misc]


def test_dataclass_tools_and_copies_work_on_every_entity():
    for cls in KINDS.values():
        names = [f.name for f in dataclasses.fields(cls)]
        entity = cls(id="e1")
        assert cls.__match_args__ == tuple(names)
        assert dataclasses.asdict(entity) == {n: getattr(entity, n) for n in names}
        changed = dataclasses.replace(entity, id="e2")
        assert changed.id == "e2" and type(changed) is cls
        assert entity.replace(id="e2") == changed
        for again in (copy.copy(entity), copy.deepcopy(entity),
                      pickle.loads(pickle.dumps(entity))):
            assert again == entity and hash(again) == hash(entity)
        assert repr(entity).startswith(f"{cls.__name__}(id='e1'")


def test_a_record_may_not_define_its_own_setattr():
    with pytest.raises(TypeError, match="frozen"):
        @record
        class Loose:
            """Would allow assignment."""

            id: str

            def __setattr__(self, name, value):
                object.__setattr__(self, name, value)
