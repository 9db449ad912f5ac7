"""Translations: one catalogue per language, for the app and the PDFs alike.

Mark a user-visible string with ``tr("Open…")`` (placeholders with ``.format``
after it, never an f-string inside); a count with
``ngettext("{n} action", "{n} actions", n).format(n=n)``; a module-level
constant with ``N_("…")`` (translated where it is shown, with ``tr(text)``).
Page titles (``title = "…"`` in ``ui/pages``) are collected too.
``resources/i18n/update_catalogue.py`` collects the marked strings into
``resources/i18n/cxworkshop.pot`` and merges them into each language's ``.po``
file, which is read here directly (no compiled ``.mo`` files, no gettext tools).
No Qt here: the PDF export uses the same catalogue.
"""
from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable

from .resources import resource_path

ENGLISH = "en"
# language code -> its own name (what the Preferences list shows)
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
# plural rule per language: the index of the msgstr[] form for n
PLURALS: dict[str, Callable[[int], int]] = {"en": lambda n: int(n != 1),
                                            "de": lambda n: int(n != 1)}
# languages that write 0,5 where English writes 0.5
DECIMAL_COMMA = {"de"}

_language = ENGLISH
_singular: dict[str, str] = {}
_plural: dict[tuple[str, str], list[str]] = {}


def catalogue_path(language: str):
    return resource_path("i18n", f"{language}.po")


def detect_language(setting: str | None = None) -> str:
    """The language to use: a saved choice, else the environment (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG, as gettext reads them), else English."""
    if setting in LANGUAGES:
        return setting  # type: ignore[return-value]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if not value:
            continue
        for tag in value.split(":"):
            code = tag.split("_")[0].split(".")[0].split("-")[0].lower()
            if code in LANGUAGES:
                return code
        if name != "LANGUAGE":
            break  # the first locale variable that is set decides, as in gettext
    return ENGLISH


def set_language(language: str) -> str:
    """Use ``language`` from now on (English when there is no catalogue for it)."""
    global _language, _singular, _plural
    _singular, _plural = {}, {}
    _language = language if language in LANGUAGES else ENGLISH
    if _language != ENGLISH:
        try:
            text = catalogue_path(_language).read_text(encoding="utf-8")
        except OSError:
            _language = ENGLISH
            return _language
        for entry in parse_po(text):
            if entry.get("msgid_plural"):
                forms = entry.get("msgstr_forms") or []
                if forms and all(forms):
                    _plural[(entry["msgid"], entry["msgid_plural"])] = forms
            elif entry.get("msgid") and entry.get("msgstr"):
                _singular[entry["msgid"]] = entry["msgstr"]
    return _language


def language() -> str:
    return _language


def tr(text: str) -> str:
    """``text`` in the current language (itself when untranslated)."""
    return _singular.get(text, text) if _singular else text


def decimal(value: float) -> str:
    """A number as short as it goes (``3``, ``0.5``), with the language's decimal mark."""
    text = f"{value:g}"
    return text.replace(".", ",") if _language in DECIMAL_COMMA else text


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue without translating it here."""
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted phrase for ``n`` in the current language."""
    forms = _plural.get((singular, plural))
    if forms:
        index = PLURALS.get(_language, PLURALS["en"])(n)
        return forms[min(index, len(forms) - 1)]
    return singular if n == 1 else plural


# -- the .po format (the part of it this project writes) -----------------------------------
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
_ESCAPE = re.compile(r"\\(.)")


def _unquote(line: str) -> str:
    """A C-style quoted string, as Python reads it. The escapes :func:`quote` writes are
    undone directly (``ast.literal_eval`` for every line made loading the German
    catalogue take ~45 ms, at every start of the app and of each command)."""
    body = line[1:-1]
    if len(line) < 2 or line[0] != '"' or line[-1] != '"' or '"' in body.replace('\\"', ""):
        return str(ast.literal_eval(line))  # not one plain quoted string: as Python says
    if "\\" not in body:
        return body
    if all(m.group(1) in _ESCAPES for m in _ESCAPE.finditer(body)):
        return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], body)
    return str(ast.literal_eval(line))


def parse_po(text: str) -> list[dict]:
    """Entries of a .po file: dicts with msgid, msgid_plural, msgstr, msgstr_forms, refs."""
    entries: list[dict] = []
    current: dict = {}
    key: str | None = None

    def flush() -> None:
        nonlocal current
        if "msgid" in current:
            entries.append(current)
        current = {}

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
            continue
        if line.startswith("#:"):
            if "msgid" in current:
                flush()
            current.setdefault("refs", []).extend(line[2:].split())
            continue
        if line.startswith("#,"):
            current.setdefault("flags", []).extend(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgid_plural "):
            key = "msgid_plural"
            current[key] = _unquote(line[len("msgid_plural "):])
        elif line.startswith("msgid "):
            if "msgid" in current and ("msgstr" in current or "msgstr_forms" in current):
                flush()
            key = "msgid"
            current[key] = _unquote(line[len("msgid "):])
        elif line.startswith("msgstr["):
            index = int(line[7:line.index("]")])
            forms = current.setdefault("msgstr_forms", [])
            while len(forms) <= index:
                forms.append("")
            forms[index] = _unquote(line[line.index("]") + 1:].strip())
            key = f"msgstr[{index}]"
        elif line.startswith("msgstr "):
            key = "msgstr"
            current[key] = _unquote(line[len("msgstr "):])
        elif line.startswith('"') and key:
            more = _unquote(line)
            if key.startswith("msgstr["):
                current["msgstr_forms"][int(key[7:-1])] += more
            else:
                current[key] += more
    flush()
    return [e for e in entries if e.get("msgid")]  # the header has an empty msgid


def quote(text: str) -> str:
    """A string as a .po line quotes it."""
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\t", "\\t").replace("\r", "\\r")) + '"'
