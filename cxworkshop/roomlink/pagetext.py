"""The phone pages' words in the session's language, from the app's one catalogue.

The pages (``static/*.html``) mark text as ``{{Who are you?}}``; their scripts
call ``t("Vote saved")`` and ``tn("{n} answer", "{n} answers", n)``. The server
fills the marks in (HTML-escaped) and serves ``strings.js`` with the translations
the scripts use, so a phone shows the language the app runs in.
``resources/i18n/update_catalogue.py`` collects the same marks into the catalogue.
No Qt here.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator

HTML_MARK = re.compile(r"\{\{(.+?)\}\}", re.S)
_JS_STRING = r'"((?:[^"\\\n]|\\.)*)"'
JS_T = re.compile(r"\bt\(\s*" + _JS_STRING + r"\s*\)")
JS_TN = re.compile(r"\btn\(\s*" + _JS_STRING + r"\s*,\s*" + _JS_STRING + r"\s*,")


def _js_text(literal: str) -> str:
    return json.loads(f'"{literal}"')


def html_strings(text: str) -> Iterator[str]:
    """The marked texts of a page, in order."""
    for m in HTML_MARK.finditer(text):
        yield m[1]


def js_strings(text: str) -> Iterator[tuple[str, str | None]]:
    """``(msgid, msgid_plural or None)`` of a script's ``t()`` and ``tn()`` calls."""
    found = [(m.start(), (_js_text(m[1]), None)) for m in JS_T.finditer(text)]
    found += [(m.start(), (_js_text(m[1]), _js_text(m[2]))) for m in JS_TN.finditer(text)]
    for _pos, key in sorted(found):
        yield key


def render_html(text: str, tr: Callable[[str], str], language: str) -> str:
    """A page with its marks translated (escaped) and ``<html lang>`` set."""
    text = text.replace('<html lang="en">', f'<html lang="{html.escape(language)}">', 1)
    return HTML_MARK.sub(lambda m: html.escape(tr(m[1]), quote=True), text)


def strings_js(scripts: list[str], tr: Callable[[str], str],
               ngettext: Callable[[str, str, int], str]) -> str:
    """``strings.js``: ``window.CXW_STRINGS`` holding what the scripts ask for, translated
    (singulars under ``s``; plurals under ``p`` as ``[one, other]``, keyed
    ``singular + "\\u0000" + plural``; both languages so far choose by ``n == 1``)."""
    singular: dict[str, str] = {}
    plural: dict[str, list[str]] = {}
    for script in scripts:
        for msgid, msgid_plural in js_strings(script):
            if msgid_plural is None:
                singular[msgid] = tr(msgid)
            else:
                plural[f"{msgid}\0{msgid_plural}"] = [ngettext(msgid, msgid_plural, 1),
                                                      ngettext(msgid, msgid_plural, 2)]
    data = json.dumps({"s": singular, "p": plural}, ensure_ascii=False, sort_keys=True)
    # "</" cannot end a script here, but keep the file safe to inline anyway
    return "window.CXW_STRINGS = " + data.replace("</", "<\\/") + ";\n"
