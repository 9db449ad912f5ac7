"""The layering rules the code review relies on, checked on the source itself."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cxworkshop"
BELOW_THE_DOCUMENT = ("model", "store", "io", "export")


def _modules(*parts: str) -> list[Path]:
    return sorted(p for part in parts for p in (PACKAGE / part).rglob("*.py"))


def _imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", BELOW_THE_DOCUMENT)
def test_no_qt_below_the_document(part):
    found = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in _modules(part)
             for name in _imported(ast.parse(path.read_text(encoding="utf-8")))
             if name.split(".")[0] in ("PySide6", "shiboken6")]
    assert found == []


def test_workshop_tables_are_read_only_in_model_and_store():
    """Everywhere else reads rows through the typed ``table``/``get``/``all``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in ("model", "store"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "tables":
                found.append(f"{rel}:{node.lineno}")
    assert found == []
