"""Collect the marked strings into the catalogue and merge them into each translation.

Usage: python resources/i18n/update_catalogue.py [--check]

Reads every ``tr("…")``, ``N_("…")`` and ``ngettext("…", "…", n)`` in
``cxworkshop/`` (by parsing the code, so a string is only collected where it
is marked), each page's ``title = "…"`` in ``cxworkshop/ui/pages`` and the
phone pages' marks (``{{…}}`` in ``cxworkshop/roomlink/static/*.html``,
``t("…")``/``tn("…", "…", n)`` in its scripts), writes
``resources/i18n/cxworkshop.pot`` and updates each
``resources/i18n/LANG.po``: translations kept, new strings added untranslated,
strings no longer used dropped. ``--check`` changes nothing and exits 1 when the
set of strings differs from the code's or a translation is missing (the tests run
it). References name files, not lines, so unrelated edits do not touch the files.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from cxworkshop.i18n import LANGUAGES, parse_po, quote  # noqa: E402
from cxworkshop.roomlink.pagetext import html_strings, js_strings  # noqa: E402

I18N = Path(__file__).resolve().parent
POT = I18N / "cxworkshop.pot"
HEADER = {"de": "Plural-Forms: nplurals=2; plural=(n != 1);"}


def collect() -> dict[tuple[str, str | None], list[str]]:
    """(msgid, msgid_plural or None) -> references "path:line", in source order."""
    found: dict[tuple[str, str | None], list[str]] = {}
    for path in sorted((ROOT / "cxworkshop").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), rel)
        for node in ast.walk(tree):
            if "/ui/pages/" in rel and isinstance(node, ast.ClassDef):
                for stmt in node.body:  # a page's title shows in the sidebar and Go menu
                    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                            getattr(stmt.targets[0], "id", None) == "title" and \
                            isinstance(stmt.value, ast.Constant) and stmt.value.value:
                        refs = found.setdefault((stmt.value.value, None), [])
                        if rel not in refs:
                            refs.append(rel)
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            args = node.args
            strings = [a.value for a in args if isinstance(a, ast.Constant)
                       and isinstance(a.value, str)]
            if name in ("tr", "N_") and len(args) == 1 and len(strings) == 1:
                key = (strings[0], None)
            elif name == "ngettext" and len(args) == 3 and len(strings) == 2:
                key = (strings[0], strings[1])
            else:
                continue
            refs = found.setdefault(key, [])
            if rel not in refs:  # files only: line numbers would churn with every edit
                refs.append(rel)
    for path in sorted((ROOT / "cxworkshop" / "roomlink" / "static").iterdir()):
        rel = path.relative_to(ROOT).as_posix()  # the phone pages: {{…}}, t(…), tn(…)
        if path.suffix == ".html":
            keys = [(text, None) for text in html_strings(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".js":
            keys = list(js_strings(path.read_text(encoding="utf-8")))
        else:
            continue
        for key in keys:
            refs = found.setdefault(key, [])
            if rel not in refs:
                refs.append(rel)
    return dict(sorted(found.items(), key=lambda kv: kv[1][0]))


def render(entries: dict, translations: dict | None, language: str | None) -> str:
    head = ['msgid ""', 'msgstr ""', quote("Content-Type: text/plain; charset=UTF-8\n")]
    if language:
        head.append(quote(f"Language: {language}\n"))
        head.append(quote(HEADER.get(language, "Plural-Forms: nplurals=2; plural=(n != 1);")
                          + "\n"))
    out = ["# cxworkshop's user-visible text. Made by scripts/update_catalogue.py; "
           "edit only the msgstr lines.", "\n".join(head), ""]
    for (msgid, plural), refs in entries.items():
        lines = [f"#: {' '.join(refs[:4])}", f"msgid {quote(msgid)}"]
        old = (translations or {}).get((msgid, plural))
        if plural is None:
            lines.append(f"msgstr {quote(old or '')}")
        else:
            lines.append(f"msgid_plural {quote(plural)}")
            forms = old or ["", ""]
            lines += [f"msgstr[{i}] {quote(f)}" for i, f in enumerate(forms)]
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def translations_of(path: Path) -> dict:
    if not path.exists():
        return {}
    table = {}
    for e in parse_po(path.read_text(encoding="utf-8")):
        if e.get("msgid_plural"):
            table[(e["msgid"], e["msgid_plural"])] = e.get("msgstr_forms") or ["", ""]
        else:
            table[(e["msgid"], None)] = e.get("msgstr", "")
    return table


def missing(entries: dict, table: dict) -> list[str]:
    out = []
    for key in entries:
        value = table.get(key)
        if not value or (isinstance(value, list) and not all(value)):
            out.append(key[0])
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    entries = collect()
    pot = render(entries, None, None)
    problems = []
    if check:
        if not POT.exists() or set(translations_of(POT)) != set(entries):
            problems.append(f"{POT.relative_to(ROOT)} is out of date: run "
                            "python scripts/update_catalogue.py")
    else:
        I18N.mkdir(parents=True, exist_ok=True)
        POT.write_text(pot, encoding="utf-8")
    for language in LANGUAGES:
        if language == "en":
            continue
        po = I18N / f"{language}.po"
        table = translations_of(po)
        text = render(entries, table, language)
        if check:
            if not po.exists() or set(table) != set(entries):
                problems.append(f"{po.relative_to(ROOT)} is out of date: run "
                                "python scripts/update_catalogue.py")
        else:
            po.write_text(text, encoding="utf-8")
        gaps = missing(entries, table)
        if gaps:
            problems.append(f"{po.relative_to(ROOT)}: {len(gaps)} untranslated, e.g. "
                            f"{gaps[0]!r}")
    print(f"{len(entries)} strings in the catalogue")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems and check else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
