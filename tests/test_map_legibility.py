"""What a walkthrough of the map found: the inner half of the link handle, names
at the fitted zoom of a small map, and the pinned headers of a narrow map."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFontMetricsF

from cxworkshop.ui.canvas.items import _far_text, far_name_size, legible_scale
from cxworkshop.ui.canvas.style import STYLE
from cxworkshop.ui.canvas.view import HEADER_MIN_PT, fit_header


@pytest.fixture
def page(map_page):
    return map_page


def _drag(qtbot, page, start: QPointF, end: QPointF, steps: int = 6) -> None:
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, page.view.mapFromScene(start))
    for i in range(1, steps + 1):
        qtbot.mouseMove(viewport, page.view.mapFromScene(start + (end - start) * (i / steps)))
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, page.view.mapFromScene(end))


def test_handle_drag_from_its_inner_half_over_the_box_starts_a_link(qtbot, page, document):
    p4 = page.scene.item_for_process["p4"]
    page.scene.select_ids("processes", ["p4"])
    handle = p4.handle_rect()
    inner = QPointF(handle.left() + handle.width() * 0.2, handle.center().y())
    assert p4.box_rect().contains(p4.mapToScene(inner))     # over the box itself
    assert p4.shape().contains(inner)
    home = p4.pos()
    target = page.scene.item_for_process["p2"].box_rect().center()
    _drag(qtbot, page, p4.mapToScene(inner), target)
    links = [ln for ln in document.all("links") if ln.upstream == "p4"]
    assert [ln.downstream for ln in links] == ["p2"]
    assert p4.pos() == home                                   # the box did not move


# -- names at the fitted zoom of a small map ---------------------------------------------
@pytest.fixture
def sample_window(main_window, tmp_path):
    import shutil

    from cxworkshop.resources import samples_dir
    path = tmp_path / "home-services.cxw"
    shutil.copy(samples_dir() / "home-services.cxw", path)
    main_window.resize(1280, 800)
    main_window.show()
    yield main_window, path
    if main_window.act_large.isChecked():
        main_window.act_large.trigger()


def _settle(qtbot) -> None:
    qtbot.wait(30)


def _inky(rgb: int) -> bool:
    """A pixel of dark grey text (not a green vote dot, not a grey link)."""
    return max((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255) < 90


def _names_read(view, image, scene) -> list[str]:
    """Processes whose box shows dark name pixels on screen (inside its border)."""
    read = []
    for pid, item in scene.item_for_process.items():
        box = view.mapFromScene(item.box_rect()).boundingRect().adjusted(5, 5, -5, -5)
        dark = sum(1 for x in range(box.left(), box.right()) for y in range(box.top(), box.bottom())
                   if 0 <= x < image.width() and 0 <= y < image.height()
                   and _inky(image.pixel(x, y)))
        if dark >= 15:
            read.append(pid)
    return read


@pytest.mark.parametrize("large", [False, True])
def test_fitted_small_map_shows_every_name_legibly(qtbot, sample_window, large):
    window, path = sample_window
    if large != window.act_large.isChecked():
        window.act_large.trigger()
    assert window.open_file(path)
    page = window.show_page("Map")
    _settle(qtbot)
    view, scene = page.view, page.scene
    view.zoom_fit()
    _settle(qtbot)
    lod = view.scale_factor()
    assert len(scene.item_for_process) == 22
    # every name is drawn at least 7 px tall on screen, whole or cut with "…"
    for item in scene.item_for_process.values():
        if lod >= STYLE.lod_name:
            assert STYLE.name_px * lod >= 7
            continue
        size, _font, lines = _far_text(item.process.name, lod)
        assert size * lod >= 7.5
        shown = " ".join(st.text() for _pos, st in lines)
        first = shown.split()[0].rstrip("…")
        assert first and first == item.process.name.split()[0][:len(first)]
    # and the user sees them: name-coloured pixels inside every box in view
    image = view.viewport().grab().toImage()
    shown = view.viewport().rect()
    visible = [pid for pid, item in scene.item_for_process.items()
               if shown.contains(view.mapFromScene(item.box_rect()).boundingRect())]
    assert len(visible) >= 20
    assert set(visible) <= set(_names_read(view, image, scene))


def test_far_names_wrap_in_two_lines_and_cut_with_an_ellipsis():
    size, lines = far_name_size(0.35)
    assert lines == 2 and size * 0.35 >= 8.5
    assert far_name_size(0.25)[1] == 1
    _s, _f, text = _far_text("Maintenance plan renewals for every single customer", 0.4)
    assert len(text) == 2 and text[-1][1].text().endswith("…")
    assert [st.text() for _p, st in _far_text("Phone quote", 0.4)[2]] == ["Phone quote"]


def test_fit_zooms_a_small_map_in_to_legible_names_but_not_a_big_one(qtbot, document):
    from cxworkshop.ui.canvas.scene import MapScene
    from cxworkshop.ui.canvas.view import MapView
    scene = MapScene(document)   # kept alive here: the view does not own it
    view = MapView(scene)
    qtbot.addWidget(view)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    view.show()
    lay = scene.layout
    sw, sh = view.strip_size()
    w, h = lay.width - lay.header_w, lay.height - lay.header_h
    legible = legible_scale()
    frame = view.width() - view.viewport().width()
    for wanted, expected in ((legible / 1.15, legible), (legible / 2, None)):
        view.resize(int(w * wanted + sw + 8 + frame), int(h * wanted + sh + 8 + frame) + 200)
        qtbot.wait(10)
        view.zoom_fit()
        fit = min((view.viewport().width() - sw - 8) / w, (view.viewport().height() - sh - 8) / h)
        # a little short of legible: zoomed in (the rest scrolls); far short: fitted whole
        assert view.scale_factor() == pytest.approx(expected or fit)


# -- pinned headers of a narrow map ----------------------------------------------------------
def test_connect_page_headers_read_whole_or_end_in_an_ellipsis(qtbot, sample_window):
    window, path = sample_window
    assert window.open_file(path)
    page = window.show_page("Connect the dots")
    _settle(qtbot)
    view = page.view
    view.zoom_fit()
    _settle(qtbot)
    lay = view.scene().layout
    t = view.viewportTransform()
    sw, sh = view.strip_size()
    for col in lay.stages:
        x1, x2 = t.map(QPointF(col.x, 0)).x(), t.map(QPointF(col.x + col.width, 0)).x()
        if x1 < sw or x2 > view.viewport().width():
            continue   # scrolled partly out of view
        font, line_h, lines = fit_header(col.name, x2 - x1 - 8, sh, STYLE.header_font)
        assert " ".join(lines).split() == col.name.split(), col.name   # "Evaluate options"
        fm = QFontMetricsF(font)
        assert all(fm.horizontalAdvance(line) <= x2 - x1 - 8 for line in lines)
        assert line_h * len(lines) <= sh
    for lane in lay.lanes:
        h = t.map(QPointF(0, lane.y + lane.height)).y() - t.map(QPointF(0, lane.y)).y()
        font, line_h, lines = fit_header(lane.name, sw - 20, h - 4, STYLE.header_font)
        assert " ".join(lines).split() == lane.name.split(), lane.name   # "People & Training"
        assert line_h * len(lines) <= h - 4
    # where even the smallest font cannot fit a word, it is cut with "…"
    font, _h, lines = fit_header("Evaluate options", 30, 40, STYLE.header_font)
    assert font.pointSizeF() == HEADER_MIN_PT and lines[-1].endswith("…")
