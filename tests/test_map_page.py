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


def _contrast(a, b) -> float:
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("high_contrast", [False, True])
def test_faded_boxes_stay_readable_in_high_contrast(qapp, high_contrast):
    from PySide6.QtGui import QColor
    from cxworkshop.ui.canvas.style import STYLE
    from cxworkshop.ui.theme import Theme
    old = Theme.high_contrast
    Theme.high_contrast = high_contrast
    try:
        STYLE.reload()
        fill = STYLE.department_fill("#1f77b4").color()
        bg = STYLE.background
        o = STYLE.dim_opacity
        faded = QColor(*(int(f * o + b * (1 - o)) for f, b in (
            (fill.red(), bg.red()), (fill.green(), bg.green()), (fill.blue(), bg.blue()))))
        if high_contrast:
            assert _contrast(faded, bg) >= 3.0
        assert STYLE.backstage_pen.style() == Qt.DashLine   # backstage: a dashed border
    finally:
        Theme.high_contrast = old
        STYLE.reload()


def test_adding_a_box_selects_it_without_dimming_the_map(qtbot, page, document):
    scene = page.scene
    x, y, w, h = scene.layout.cell_rect("d2", 2)
    from PySide6.QtCore import QPointF
    pid = scene.add_process_at(QPointF(x + w / 2, y + h / 2), edit=False)
    assert scene.selected_ids()["processes"] == [pid]
    assert scene.focused is None
    assert all(item.dim == 1.0 for item in scene.item_for_process.values())


def test_esc_clears_selection_and_focus_after_ticking_the_star(qtbot, page, document):
    from .test_map_canvas import center, click
    click(qtbot, page, center(page, "p2"))
    assert page.scene.focused == {"p2"}
    page.process_panel.moment.setFocus()
    qtbot.mouseClick(page.process_panel.moment, Qt.LeftButton)
    assert document.get("processes", "p2").moment_of_truth
    assert page.process_panel.moment.hasFocus() or page.focusWidget() is not page.view
    qtbot.keyClick(page.process_panel.moment, Qt.Key_Escape)
    assert page.scene.selected_ids()["processes"] == []
    assert page.scene.focused is None


def test_hints_are_dismissible(qtbot, page):
    page.scene.show_hint("Drop processes on a cell of the grid.")
    assert page.hint_label.text() == "Drop processes on a cell of the grid."
    assert page.hint_close.isVisible()
    qtbot.mouseClick(page.hint_close, Qt.LeftButton)
    assert page.hint_label.text() == "" and not page.hint_close.isVisible()


def test_notes_show_their_first_words_where_box_names_show(qtbot, page, document):
    """At a zoom where box names are drawn from far away, notes show text too."""
    from PySide6.QtGui import QImage, QPainter
    from cxworkshop.model import Note
    from cxworkshop.ui.canvas.style import LOD_DETAIL, LOD_TEXT
    document.add(Note("n1", "p2", "pain", "Quotes take a week"))
    item = page.scene.item_for_note["n1"]
    lod = (LOD_DETAIL + LOD_TEXT) / 2

    def ink(text: str) -> int:
        item.set_note(item.note.replace(text=text))
        img = QImage(200, 120, QImage.Format_ARGB32)
        img.fill(0)
        p = QPainter(img)
        p.scale(2, 2)
        item.draw(p, lod)
        p.end()
        return sum(1 for x in range(0, 200) for y in range(0, 120)
                   if img.pixelColor(x, y).lightness() < 60 and img.pixelColor(x, y).alpha())

    assert ink("Quotes take a week") > ink(" ") + 50
