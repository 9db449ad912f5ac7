"""The Map page's toolbar, keys and panels as a user meets them."""
from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog


@pytest.fixture
def page(map_page):
    return map_page


def _action(page, text: str):
    return next(a for a in page.findChildren(type(page.act_arrange)) if a.text() == text)


def test_export_png_and_svg_from_the_toolbar(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getInt",
                        staticmethod(lambda *a, **k: (1200, True)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "map"), "")))
    _action(page, "Export PNG…").trigger()
    with Image.open(tmp_path / "map.png") as img:
        assert img.size[0] == 1200
    assert "map.png (1200×" in page.hint_label.text()
    _action(page, "Export SVG…").trigger()
    assert (tmp_path / "map.svg").read_text(encoding="utf-8").startswith("<?xml")
