"""``@record``: a frozen dataclass whose methods are written once, here.

``@dataclass(frozen=True)`` writes the source of six methods for every class
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``) and compiles each one when the module is imported: about 5 M
instructions a class on Python 3.11, and the model has 25 such classes, a sixth of
the app's start-up before its first window. ``@record`` keeps the dataclass (its
``fields()``, ``replace()``, ``asdict()`` and field metadata are unchanged) and gives
it the shared methods below, which read the class's field names from a table made
once per class. What a caller sees is the same as with ``frozen=True``: keyword or
positional construction with the same errors, equality and hashing over the same
fields, the same ``repr`` and ``FrozenInstanceError`` on assignment. An instance is
built by filling its ``__dict__`` in one step, faster than the generated code's one
``object.__setattr__`` per field.
"""
from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T", bound=type)


class _Required:
    """Marks a field the caller must give (it has no default)."""

    __slots__ = ()

    def __repr__(self) -> str:  # pragma: no cover - never shown
        return "<required>"


class _Factory:
    """Marks a field whose default is made per instance by ``factory``."""

    __slots__ = ("factory",)

    def __init__(self, factory: Any) -> None:
        self.factory = factory


_REQUIRED = _Required()


class _Table:
    """What the shared methods need to know about one record class."""

    __slots__ = ("name", "names", "template", "required", "factories", "eq", "hash",
                 "shown", "post_init")

    def __init__(self, cls: type) -> None:
        own = fields(cls)
        self.name = cls.__qualname__
        self.names = tuple(f.name for f in own if f.init)
        template: dict[str, Any] = {}
        for f in own:
            if not f.init:
                raise TypeError(f"{self.name}.{f.name}: @record has no init=False fields")
            if f.default is not MISSING:
                template[f.name] = f.default
            elif f.default_factory is not MISSING:
                template[f.name] = _Factory(f.default_factory)
            else:
                template[f.name] = _REQUIRED
        self.template = template
        self.required = tuple(n for n, v in template.items() if v is _REQUIRED)
        self.factories = tuple(n for n, v in template.items() if isinstance(v, _Factory))
        self.eq = _values(tuple(f.name for f in own if f.compare))
        self.hash = _values(tuple(f.name for f in own
                                  if (f.compare if f.hash is None else f.hash)))
        self.shown = tuple(f.name for f in own if f.repr)
        self.post_init = getattr(cls, "__post_init__", None)


def _values(names: tuple[str, ...]) -> Any:
    """A function giving the tuple of ``names``' values of an instance."""
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    table: _Table = type(self).__record__
    d = self.__dict__
    d.update(table.template)  # every field, in order, with its default or a marker
    if args:
        if len(args) > len(table.names):
            raise TypeError(f"{table.name}.__init__() takes {len(table.names) + 1} "
                            f"positional arguments but {len(args) + 1} were given")
        d.update(zip(table.names, args, strict=False))  # args may be fewer
    if kwargs:
        if not kwargs.keys() <= table.template.keys():
            d.clear()
            key = next(k for k in kwargs if k not in table.template)
            raise TypeError(f"{table.name}.__init__() got an unexpected keyword "
                            f"argument {key!r}")
        if args and not kwargs.keys().isdisjoint(table.names[:len(args)]):
            d.clear()
            key = next(k for k in table.names[:len(args)] if k in kwargs)
            raise TypeError(f"{table.name}.__init__() got multiple values for "
                            f"argument {key!r}")
        d.update(kwargs)
    for name in table.required:
        if d[name] is _REQUIRED:
            missing = [n for n in table.required if d[n] is _REQUIRED]
            d.clear()
            raise TypeError(f"{table.name}.__init__() missing {len(missing)} required "
                            f"argument{'s' if len(missing) > 1 else ''}: "
                            + " and ".join(repr(n) for n in missing))
    for name in table.factories:
        value = d[name]
        if isinstance(value, _Factory):
            d[name] = value.factory()
    if table.post_init is not None:
        table.post_init(self)


def _repr(self: Any) -> str:
    table: _Table = type(self).__record__
    return f"{table.name}(" + ", ".join(f"{n}={getattr(self, n)!r}"
                                        for n in table.shown) + ")"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return bool(self.__record__.eq(self) == self.__record__.eq(other))
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record__.hash(self))


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


_METHODS = {"__init__": _init, "__repr__": _repr, "__eq__": _eq, "__hash__": _hash,
            "__setattr__": _setattr, "__delattr__": _delattr}


@dataclass_transform(frozen_default=True)
def record(cls: _T) -> _T:
    """Make ``cls`` a frozen dataclass with the shared methods (see the module)."""
    for name in ("__setattr__", "__delattr__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} defines {name}: a record is frozen")
    made: Any = dataclass(init=False, repr=False, eq=False)(cls)
    made.__record__ = _Table(made)
    own = made.__dict__
    for name, method in _METHODS.items():
        if name == "__hash__" and own.get("__hash__") is not None:
            continue  # the class's own hash
        if name in own and name not in ("__hash__", "__setattr__", "__delattr__"):
            continue  # the class's own __init__, __repr__ or __eq__
        setattr(made, name, method)
    return cls
