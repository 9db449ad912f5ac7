"""Field descriptions shared by the model, the store and the JSON interchange.

Each entity field carries a :class:`Spec` in its dataclass metadata, so that
validation, the SQLite columns and the JSON reader are driven by one table.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..i18n import N_, tr
from .record import record

TEXT, BOOL, INT, FLOAT, DATE, CHOICE, REF = "text", "bool", "int", "float", "date", "choice", "ref"

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Text bounds live with the other rules (model/rules.py).
from .rules import NAME_MAX as NAME_MAX  # noqa: E402
from .rules import SHORT_TEXT_FIELDS as SHORT_TEXT_FIELDS  # noqa: E402
from .rules import TEXT_MAX as TEXT_MAX  # noqa: E402
from .rules import text_limit as text_limit  # noqa: E402
from .rules import too_long as too_long  # noqa: E402


@record
class Spec:
    """How one field is typed, checked and stored."""

    type: str
    choices: tuple[str, ...] = ()
    kind: str | None = None  # for REF: the entity list it points into
    nullable: bool = False
    defines_row: bool = False  # a REF that may not be missing on import
    cascade: bool = False  # for REF: deleting the target deletes this row
    minimum: float | None = None
    max_length: int | None = None  # for TEXT: set from the field's name by specs()


def _f(spec: Spec, default: Any) -> Any:
    return dataclasses.field(default=default, metadata={"spec": spec})


def text(default: str = "") -> Any:
    return _f(Spec(TEXT), default)


def flag(default: bool = False) -> Any:
    return _f(Spec(BOOL), default)


def integer(default: int | None = 0, minimum: int | None = None, nullable: bool = False) -> Any:
    return _f(Spec(INT, minimum=minimum, nullable=nullable), default)


def number(default: float | None = 0.0, minimum: float | None = None,
           nullable: bool = False) -> Any:
    return _f(Spec(FLOAT, minimum=minimum, nullable=nullable), default)


def date(nullable: bool = True, default: str | None = None) -> Any:
    return _f(Spec(DATE, nullable=nullable), default)


def choice(choices: tuple[str, ...], default: str | None, nullable: bool = False) -> Any:
    return _f(Spec(CHOICE, choices=choices, nullable=nullable), default)


def ref(kind: str, *, nullable: bool = True, defines_row: bool = False,
        cascade: bool = False) -> Any:
    default = None if nullable else ""
    return _f(Spec(REF, kind=kind, nullable=nullable, defines_row=defines_row,
                   cascade=cascade), default)


def specs(cls_or_obj: Any) -> dict[str, Spec]:
    """Return ``{field name: Spec}`` for an entity class, ``id`` excluded."""
    cls = cls_or_obj if isinstance(cls_or_obj, type) else type(cls_or_obj)
    cached = cls.__dict__.get("_specs_cache")
    if cached is None:
        cached = {}
        for f in dataclasses.fields(cls):
            if "spec" not in f.metadata:
                continue
            spec = f.metadata["spec"]
            if spec.type == TEXT and spec.max_length is None:
                spec = dataclasses.replace(spec, max_length=text_limit(f.name))
            cached[f.name] = spec
        setattr(cls, "_specs_cache", cached)  # noqa: B010 - a per-class memo, not a field
    return cached


def is_valid_date(value: Any) -> bool:
    """True for a real calendar date written ``YYYY-MM-DD``."""
    import datetime as _dt
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


NOT_UNICODE = N_("is not valid Unicode text (it holds a lone surrogate such as \\ud800)")


def is_unicode(text: str) -> bool:
    """False if ``text`` holds a lone UTF-16 surrogate, which no file can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_value(spec: Spec, value: Any) -> str | None:
    """Return why ``value`` does not fit ``spec``, or None when it does."""
    if value is None:
        return None if spec.nullable else tr("must not be null")
    t = spec.type
    if t in (TEXT, REF):
        if not isinstance(value, str):
            return tr("must be a string, not {what}").format(what=_type_name(value))
        if not is_unicode(value):
            return tr(NOT_UNICODE)
        if t == REF and not spec.nullable and value == "":
            return tr("must not be empty")
        if spec.max_length is not None:
            return too_long(value, spec.max_length)
        return None
    if t == BOOL:
        if isinstance(value, bool):
            return None
        return tr("must be true or false, not {what}").format(what=_type_name(value))
    if t == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            return tr("must be a whole number, not {what}").format(what=_type_name(value))
    elif t == FLOAT:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return tr("must be a number, not {what}").format(what=_type_name(value))
        if value != value or value in (float("inf"), float("-inf")):
            return tr("must be a finite number")
    if t in (INT, FLOAT):
        if spec.minimum is not None and value < spec.minimum:
            return tr("must be at least {minimum}").format(minimum=f"{spec.minimum:g}")
        if abs(value) > 1e12:
            return tr("is out of range")
        return None
    if t == DATE:
        return None if is_valid_date(value) else tr(
            "must be a date YYYY-MM-DD, not {value}").format(value=repr(value))
    if t == CHOICE:
        if value in spec.choices:
            return None
        return tr("must be one of {choices}, not {value}").format(
            choices=", ".join(spec.choices), value=repr(value))
    raise AssertionError(t)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    name = {bool: N_("a boolean"), int: N_("a number"), float: N_("a number"),
            str: N_("a string"), list: N_("a list"), dict: N_("an object")}.get(type(value))
    return tr(name) if name else type(value).__name__
