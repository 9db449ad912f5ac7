"""One home for the rules every way in shares (widgets, CSV/JSON import, CLI, room link).

- names: how two spellings of one name compare (:func:`name_key`, :func:`clean`);
- departments: matched by name, case and spacing ignored; new ones get a free colour;
- yes/no words (:func:`parse_flag`) for spreadsheet cells and typed answers;
- e-mail addresses (:func:`email_problem`): a careful local rule, no network;
- required texts: which field of which entity must not be blank (:data:`REQUIRED`),
  with the sentence a person reads when it is (:func:`required_message`);
- text bounds: how long a name (:data:`NAME_MAX`) or a text (:data:`TEXT_MAX`) may be
  (:func:`text_limit`, :func:`too_long`).

Entity validation (:meth:`Entity.problems`) calls these, so the model refuses
what the UI refuses and JSON import, the CLI and the room link agree with it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..i18n import N_, tr

if TYPE_CHECKING:  # pragma: no cover
    from .entities import Department
    from .workshop import Workshop


class Refused(ValueError):
    """A change the rules do not allow; ``str(error)`` is a sentence for the user.

    ``code`` names the rule for programs (the room link's JSON errors) and
    ``field`` the field at fault, when there is one.
    """

    def __init__(self, message: str, code: str = "refused", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


# -- text bounds -------------------------------------------------------------------
# Text bounds: long enough for anything a room says, short enough that a pasted
# megabyte cannot stall the screen or the PDF.
NAME_MAX = 200  # names, titles, owners, roles, e-mail addresses, stage names
TEXT_MAX = 10_000  # notes, descriptions, stories, answers, statements
SHORT_TEXT_FIELDS = frozenset({
    "name", "title", "owner", "nominee", "nominator", "customer", "role", "location",
    "email", "label", "color", "organization", "facilitator"})


def text_limit(field_name: str) -> int:
    """The most characters the text field ``field_name`` may hold."""
    return NAME_MAX if field_name in SHORT_TEXT_FIELDS else TEXT_MAX


def too_long(text: str, limit: int) -> str | None:
    """Why ``text`` is over ``limit`` characters, or None."""
    if len(text) <= limit:
        return None
    return tr("is too long: at most {limit} characters, not {n}").format(
        limit=f"{limit:,}", n=f"{len(text):,}")


# -- names -------------------------------------------------------------------------
def clean(text: str | None) -> str:
    """``text`` with runs of white space made one space and the ends trimmed."""
    return " ".join((text or "").split())


def name_key(text: str | None) -> str:
    """The same name however it was typed: case and spacing ignored."""
    return clean(text).casefold()


def is_blank(text: object) -> bool:
    return isinstance(text, str) and not text.strip()


#: Text fields that cannot be blank, and the sentence a person reads when one is
#: (English; :func:`required_message` gives it in the current language).
REQUIRED: dict[tuple[str, str], str] = {
    ("departments", "name"): N_("a department needs a name"),
    ("participants", "name"): N_("a participant needs a name"),
    ("processes", "name"): N_("a process needs a name"),
    ("members", "name"): N_("a member needs a name"),
    ("changes", "title"): N_("a change needs a title"),
    ("recognitions", "nominee"): N_("a call-out needs a champion"),
    ("recognitions", "behaviour"): N_("a call-out needs the behaviour"),
    ("actions", "text"): N_("an action needs a text"),
    ("agenda", "title"): N_("an agenda step needs a title"),
    ("metrics", "name"): N_("a metric needs a name"),
    ("parking_lot", "text"): N_("a parking-lot item needs a text"),
}


def required_message(kind: str, field: str) -> str:
    """``"A process needs a name."`` for a field of :data:`REQUIRED`."""
    phrase = tr(REQUIRED[(kind, field)])
    return phrase[0].upper() + phrase[1:] + "."


def require(kind: str, field: str, value: str | None) -> str:
    """``value`` cleaned (:func:`clean`); raises :class:`Refused` if it is blank."""
    text = clean(value)
    if not text:
        raise Refused(required_message(kind, field))
    return text


@cache
def ruled_fields(kind: str) -> frozenset[str]:
    """The fields of ``kind`` that :func:`field_problem` can find fault with."""
    return frozenset([f for k, f in REQUIRED if k == kind]
                     + ([EMAIL_FIELDS[kind]] if kind in EMAIL_FIELDS else []))


def field_problem(kind: str, field: str, value: object) -> str | None:
    """The sentence saying why ``value`` breaks a rule of ``kind``.``field``, or None."""
    if (kind, field) in REQUIRED and (value is None or is_blank(value)):
        return required_message(kind, field)
    if EMAIL_FIELDS.get(kind) == field and isinstance(value, str):
        problem = email_problem(value)
        if problem:
            return problem[0].upper() + problem[1:] + "."
    return None


# -- yes / no ------------------------------------------------------------------------
#: Words read as yes / no in a spreadsheet cell or a pasted line (compared with
#: :func:`name_key`). "frontline" and "behind the scenes" answer the roster's column.
YES_WORDS = frozenset({"yes", "y", "true", "1", "x", "✓", "✔", "ja", "oui", "si", "sí",
                       "frontline", "front line", "front-line"})
NO_WORDS = frozenset({"no", "n", "false", "0", "-", "nee", "nein", "non",
                      "behind the scenes", "behind-the-scenes", "back office", "backoffice"})


def parse_flag(text: str | None, empty: bool | None = None) -> bool | None:
    """``yes``/``no`` and friends as a bool; ``empty`` for a blank cell; None when neither."""
    key = _flag_key(text)
    if not key:
        return empty
    return True if key in YES_WORDS else False if key in NO_WORDS else None


@lru_cache(maxsize=1024)  # a column of 100,000 cells holds a handful of distinct words
def _flag_key(text: str | None) -> str:
    return name_key(text)


def flag_word(value: bool) -> str:
    """How a flag is written to a file (read back by :func:`parse_flag`)."""
    return "yes" if value else "no"


# -- e-mail ------------------------------------------------------------------------
_SPACE = re.compile(r"\s")  # what str.isspace() calls white space, found in one pass
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}"
                          r"[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z")
_LOCAL = re.compile(r"^[^\s@\"(),:;<>\[\\\]]+$")
_LABEL = re.compile(r"^(?!-)[^\s@\"(),:;<>\[\\\]._!#$%&'*+/=?^`{|}~]+(?<!-)$")


def email_problem(text: str | None) -> str | None:
    """Why ``text`` is not an email address (None when it is one, or is empty).

    A local rule, strict where typos happen and lenient elsewhere: one ``@``, no
    spaces, no dots at the ends or twice in a row, a domain of dot-separated labels
    (letters in any script, digits, inner hyphens) ending in a name of two or
    more letters, at most 254 characters.
    """
    t = (text or "").strip()
    if not t:
        return None
    if len(t) <= 254 and _PLAIN_EMAIL.match(t) and len(t.partition("@")[0]) <= 64:
        return None  # the common case, valid under every rule below, in one match
    shown = tr("“{text}” is not an email address").format(text=t)
    if _SPACE.search(t):
        return shown + " " + tr("(it holds a space)")
    if t.count("@") != 1:
        return shown + " " + tr("(it needs exactly one @)")
    local, domain = t.split("@")
    if not local or not domain:
        return shown + " " + (tr("(something is missing before the @)") if not local
                              else tr("(something is missing after the @)"))
    if len(t) > 254 or len(local) > 64:
        return shown + " " + tr("(it is too long)")
    if (not _LOCAL.match(local) or local.startswith(".") or local.endswith(".")
            or ".." in local):
        return shown + " " + tr("(the part before the @ is not valid)")
    labels = domain.split(".")
    if len(labels) < 2:
        return shown + " " + tr("(the part after the @ needs a dot, as in example.com)")
    if not all(_LABEL.match(label) and len(label) <= 63 for label in labels):
        return shown + " " + tr("(the part after the @ is not valid)")
    top = labels[-1]
    if len(top) < 2 or not (top.isalpha() or top.casefold().startswith("xn--")):
        return shown + " " + tr("(it must end in a name such as .com or .org)")
    return None


def is_email(text: str | None) -> bool:
    """True for a non-empty, valid e-mail address (see :func:`email_problem`)."""
    return bool((text or "").strip()) and email_problem(text) is None


#: Entity fields that hold an e-mail address (or nothing).
EMAIL_FIELDS: dict[str, str] = {"participants": "email", "members": "email"}


# -- departments ---------------------------------------------------------------------
def find_department(workshop: Workshop, name: str | None,
                    created: Iterable[Department] = ()) -> str | None:
    """The id of the department called ``name`` (case and spacing ignored), else None.

    ``created`` are departments about to be added (a paste or import in progress).
    """
    key = name_key(name)
    if not key:
        return None
    from .entities import Department
    for d in (*workshop.all(Department), *created):
        if name_key(d.name) == key:
            return d.id
    return None


def new_department(workshop: Workshop, name: str, created: Iterable[Department] = (),
                   color: str | None = None) -> Department:
    """A department called ``name`` in ``color`` or a lane colour not used yet."""
    from .entities import Department, new_id, next_department_color
    created = list(created)
    if color is None:
        used = {d.color for d in (*workshop.all(Department), *created)}
        color = next_department_color(used)
    return Department(new_id(), require("departments", "name", name), color)


# -- one entity ------------------------------------------------------------------------
def entity_problems(kind: str, values: dict[str, object]) -> list[tuple[str, str]]:
    """Rule problems of one row (given as field values) as ``(field, message)``."""
    out: list[tuple[str, str]] = []
    for (rkind, field), phrase in REQUIRED.items():
        if rkind == kind and is_blank(values.get(field)):
            out.append((field, tr("is empty: {problem}").format(problem=tr(phrase))))
    email_field = EMAIL_FIELDS.get(kind)
    if email_field:
        value = values.get(email_field)
        if isinstance(value, str):
            problem = email_problem(value)
            if problem:
                out.append((email_field, problem))
    return out
