"""The Map page's toolbar, keys and panels as a user meets them."""
from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QPointF, Qt
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


def test_arrows_step_from_box_to_box_and_enter_renames(qtbot, page, document):
    from .test_map_canvas import center, click
    click(qtbot, page, center(page, "p1"))
    qtbot.keyClick(page.view, Qt.Key_Right)
    assert page.scene.selected_ids()["processes"] == ["p2"]   # Quote, right of Take enquiry
    qtbot.keyClick(page.view, Qt.Key_Down)
    assert page.scene.selected_ids()["processes"] == ["p3"]
    qtbot.keyClick(page.view, Qt.Key_Left)
    assert page.scene.selected_ids()["processes"] in (["p2"], ["p1"])
    assert document.undo_stack.count() == 0                    # stepping moves nothing
    qtbot.keyClick(page.view, Qt.Key_Return)
    editor = page.view.editor
    assert editor is not None and editor.isVisible()
    editor.setText("Quote fast")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert document.get("processes", page.scene.selected_ids()["processes"][0]).name \
        == "Quote fast"


def test_l_links_to_a_box_picked_by_typing(qtbot, page, document, monkeypatch):
    """Keyboard only: select a box, press L, type part of the target's name."""
    from PySide6.QtWidgets import QComboBox
    seen = {}

    def exec_(dialog):
        combo = dialog.findChild(QComboBox)
        seen["items"] = [combo.itemText(i) for i in range(combo.count())]
        dialog.setTextValue("collect")          # typed, not picked: found by name
        return QInputDialog.Accepted
    monkeypatch.setattr(QInputDialog, "exec", exec_)
    page.scene.select_ids("processes", ["p1"])
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_L)
    assert any(t.startswith("Collect payment — Billing") for t in seen["items"])
    assert document.workshop.find_link("p1", "p4") is not None
    assert document.undo_stack.undoText() == "Link processes"
    qtbot.keyClick(page.view, Qt.Key_L, Qt.ControlModifier)   # again: refused, says why
    assert "linked already" in page.hint_label.text()


def test_context_menus_offer_what_fits_the_item(qtbot, page, document):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent

    from .test_map_canvas import center, vp

    def menu_at(scene_point):
        pos = vp(page, scene_point)
        ev = QContextMenuEvent(QContextMenuEvent.Mouse, pos,
                               page.view.viewport().mapToGlobal(pos))
        page.view.contextMenuEvent(ev)
        menu = page.view._context_menu
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        menu.close()
        return menu, texts

    menu, texts = menu_at(center(page, "p2"))
    assert {"&Rename", "&Link to…", "★ Moment of truth", "&Delete", "D&uplicate"} <= set(texts)
    star = next(a for a in menu.actions() if a.text() == "★ Moment of truth")
    star.trigger()
    assert document.get("processes", "p2").moment_of_truth
    line = page.scene.item_for_link["l2"].lines()[0]
    _menu, texts = menu_at(line.center())
    assert texts == ["Edit label", "&Delete"]
    x, y, w, h = page.scene.layout.cell_rect("d2", 0)
    menu, texts = menu_at(QPoint(int(x + w / 2), int(y + h / 2)))
    assert "Add a process here" in texts and "&Paste" in texts
    next(a for a in menu.actions() if a.text() == "Add a process here").trigger()
    new = [p for p in document.all("processes") if p.department == "d2" and p.stage == 0]
    assert len(new) == 1


def test_edit_menu_holds_the_map_actions_with_standard_keys(qtbot, main_window, session_path):
    from PySide6.QtGui import QKeySequence
    assert main_window.open_file(session_path)
    main_window.show()
    qtbot.waitExposed(main_window)
    from cxworkshop.ui.pages.map import MapPage
    page = main_window.show_page(MapPage)
    assert page is not None
    texts = {a.text(): a for a in main_window.edit_menu.actions()}
    for name, key in (("Cu&t", QKeySequence.Cut), ("&Copy", QKeySequence.Copy),
                      ("&Paste", QKeySequence.Paste), ("&Delete", QKeySequence.Delete),
                      ("Select &All", QKeySequence.SelectAll), ("&Find…", QKeySequence.Find)):
        assert name in texts
        assert texts[name].shortcut() == QKeySequence(key)
    assert "D&uplicate" in texts
    assert texts["&Copy"].isEnabled()
    main_window.show_page("Overview")
    assert not texts["&Copy"].isEnabled()   # the map's actions act only where it shows


def test_find_ignores_case_and_accents_zooms_and_selects(qtbot, page, document):
    from cxworkshop.model import Note, Placement
    document.update("processes", "p2", name="Devis rédigé")
    document.add(Note("n9", None, "idea", "Call Mrs Bell", x=300, y=60),
                 Placement("pl1", "u1", "p3"))
    page.view.set_scale(0.3)
    qtbot.keyClick(page.view, Qt.Key_F, Qt.ControlModifier)
    assert page.find_box.hasFocus()
    qtbot.keyClicks(page.find_box, "REDIGE")
    assert page.scene.selected_ids()["processes"] == ["p2"]
    assert page.view.scale_factor() >= 0.8
    assert page.view.mapToScene(page.view.viewport().rect()).boundingRect().contains(
        page.scene.item_for_process["p2"].box_rect())
    page.find_box.clear()
    qtbot.keyClicks(page.find_box, "ana")          # a person: her process
    assert page.scene.selected_ids()["processes"] == ["p3"]
    page.find_box.clear()
    qtbot.keyClicks(page.find_box, "mrs bell")
    assert page.scene.selected_ids()["notes"] == ["n9"]
    page.find_box.clear()
    qtbot.keyClicks(page.find_box, "zzz")
    assert "Nothing on the map matches" in page.hint_label.text()


def test_minimap_shows_for_a_big_map_and_jumps_on_click(qtbot, page, document):
    from cxworkshop.model import Process
    document.add(*[Process(f"b{i}", f"Box {i}", "d1", i % 5) for i in range(60)])
    page.view.set_scale(1.0)
    mini = page.view.minimap
    mini.refresh()
    assert mini.isVisible()
    before = page.view.mapToScene(page.view.viewport().rect()).boundingRect().center()
    corner = mini.mapFromScene(page.scene.sceneRect().bottomRight() - QPointF(5, 5))
    qtbot.mouseClick(mini.viewport(), Qt.LeftButton, Qt.NoModifier, corner)
    after = page.view.mapToScene(page.view.viewport().rect()).boundingRect().center()
    assert after.x() > before.x() or after.y() > before.y()
    page.view.set_scale(0.15)   # the whole map in view: no minimap
    mini.refresh()
    assert not mini.isVisible()


def test_boxes_and_links_have_accessible_names(qtbot, page, document):
    document.update("processes", "p1", votes=5)
    page.scene.select_ids("processes", ["p1"])
    assert page.view.accessibleDescription() == (
        "Process Take enquiry, Sales, Need, moment of truth, backstage, 5 votes")
    page.scene.select_ids("links", ["l1"])
    assert page.view.accessibleDescription() == "Link from Take enquiry to Quote"


def test_toolbar_is_reachable_by_tab_with_shortcuts_in_tooltips(qtbot, page):
    from PySide6.QtWidgets import QToolBar, QToolButton
    tools = page.findChild(QToolBar, "mapToolbar")
    buttons = [w for w in tools.findChildren(QToolButton) if w.isVisible()]
    assert buttons and all(b.focusPolicy() & Qt.TabFocus for b in buttons)
    assert "Ctrl+Shift+V" in page.act_vote.toolTip()
    assert "QToolButton:focus" in tools.styleSheet()


def test_top_voted_list_says_when_processes_tie(qtbot, page, document):
    document.update("processes", "p1", votes=2)
    document.update("processes", "p3", votes=2)
    document.update("processes", "p4", votes=1)
    texts = [page.top_list.item(i).text() for i in range(page.top_list.count())]
    assert texts == ["1= 2 ● Take enquiry", "1= 2 ● Invoice", "3. 1 ● Collect payment"]


def test_dragging_a_link_end_to_another_box_reattaches_it_in_one_step(qtbot, page, document):
    from .test_map_canvas import center, drag
    scene = page.scene
    scene.select_ids("links", ["l1"])                  # p1 -> p2
    tip = scene.item_for_link["l1"].lines()[-1].p2()
    count = document.undo_stack.count()
    viewport = page.view.viewport()
    from .test_map_canvas import vp
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, tip))
    target = center(page, "p3")
    for i in range(1, 5):
        qtbot.mouseMove(viewport, vp(page, tip + (target - tip) * (i / 4)))
    outline = scene.gesture.target                     # the box under the pointer is outlined
    assert outline.isVisible()
    assert outline.rect().contains(scene.item_for_process["p3"].box_rect())
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, target))
    link = document.get("links", "l1")
    assert (link.upstream, link.downstream) == ("p1", "p3")
    assert document.undo_stack.count() == count + 1
    item = scene.item_for_link["l1"]
    assert item.down is scene.item_for_process["p3"]
    assert scene.item_for_process["p3"].box_rect().adjusted(-1, -1, 1, 1).contains(
        item.lines()[-1].p2())
    document.undo_stack.undo()
    link = document.get("links", "l1")
    assert (link.upstream, link.downstream) == ("p1", "p2")
    assert scene.item_for_link["l1"].down is scene.item_for_process["p2"]
    # the start end too, and the refusals of a new link hold
    drag(qtbot, page, center(page, "p1"), center(page, "p1"))   # select nothing special
    scene.select_ids("links", ["l1"])
    start = scene.item_for_link["l1"].lines()[0].p1()
    drag(qtbot, page, start, center(page, "p2"))
    assert (document.get("links", "l1").upstream, document.get("links", "l1").downstream) \
        == ("p1", "p2")
    assert "cannot feed into itself" in page.hint_label.text()


def test_from_far_away_crowded_cells_show_their_count(qtbot, page, document):
    from PySide6.QtGui import QImage, QPainter

    from cxworkshop.model import Process
    from cxworkshop.ui.canvas.render import count_badges, paint_picture
    document.add(*[Process(f"c{i}", f"Crowd {i}", "d2", 2) for i in range(12)])
    badges = count_badges(page.scene.layout)
    assert [text for _r, text in badges] == ["12"]
    cell, _text = badges[0]
    scale = 0.1
    img = QImage(int(page.scene.layout.width * scale) + 2,
                 int(page.scene.layout.height * scale) + 2, QImage.Format_ARGB32)
    img.fill(0)
    p = QPainter(img)
    p.scale(scale, scale)
    paint_picture(page.scene, p, page.scene.sceneRect())
    p.end()
    corner = (int((cell.right() - 6 / scale) * scale), int((cell.top() + 8 / scale) * scale))
    from cxworkshop.ui.canvas.style import STYLE
    assert img.pixelColor(*corner).rgb() == STYLE.hint_bg.rgb() or any(
        img.pixelColor(corner[0] - dx, corner[1]).rgb() == STYLE.hint_bg.rgb()
        for dx in range(0, 12))


def test_a_read_only_map_ignores_paste_delete_and_link_keys(qtbot, document, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from cxworkshop.ui.canvas import clipboard
    from cxworkshop.ui.canvas.scene import MapScene
    from cxworkshop.ui.canvas.view import MapView
    scene = MapScene(document)
    scene.select_ids("processes", ["p1", "p2"])
    assert clipboard.copy(scene)
    scene.set_read_only(True)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.setFocus()
    monkeypatch.setattr(QInputDialog, "exec", lambda self: pytest.fail("no link dialog"))
    before = len(document.all("processes")), len(document.all("links"))
    for act in ("paste", "duplicate", "delete", "link", "cut"):
        view.edit_actions[act].trigger()
    assert (len(document.all("processes")), len(document.all("links"))) == before
    assert document.undo_stack.count() == 0
    QApplication.clipboard().clear()


def test_a_box_moved_in_its_cell_leaves_the_side_lists_alone(qtbot, page, document):
    """A drop on a big map costs no rebuilding of votes, top list and moments; a
    change they show (a vote) does rebuild them."""
    from .test_map_canvas import center, drag
    rebuilt = []
    page.top_list.clear = lambda: rebuilt.append(1)   # type: ignore[method-assign]
    start = center(page, "p1")
    drag(qtbot, page, start, start + QPointF(0, 40))
    assert document.undo_stack.undoText() == "Move process"
    assert rebuilt == []
    document.update("processes", "p1", votes=1)
    assert rebuilt == [1]


def test_large_text_chosen_while_the_map_is_hidden_reaches_it(qtbot, main_window, session_path):
    """Large Text picked on another page: back on the Map, its headers are the large
    ones (the map's paint style follows the theme even if no event reached it)."""
    from cxworkshop.ui.canvas.style import STYLE
    from cxworkshop.ui.pages.map import MapPage
    assert main_window.open_file(session_path)
    main_window.show()
    qtbot.waitExposed(main_window)
    view = main_window.show_page(MapPage).view
    assert view.strip_size() == (150.0, 34.0)
    main_window.show_page("Overview")
    main_window.act_large.trigger()
    try:
        main_window.show_page(MapPage)
        assert STYLE.large and view.strip_size() == (190.0, 46.0)
        main_window.act_large.trigger()  # and back, with the map in view
        assert not STYLE.large and view.strip_size() == (150.0, 34.0)
        STYLE.large = True  # as if the map had missed the news while hidden
        main_window.show_page("Overview")
        main_window.show_page(MapPage)
        assert not STYLE.large and STYLE.header_font.pointSizeF() == 11.0
    finally:
        if main_window.act_large.isChecked():
            main_window.act_large.trigger()


def test_the_minimap_fits_the_whole_map_when_the_map_is_opened_first(
        qtbot, main_window, session_path):
    """Opening the Map page straight away (every page built at once): the minimap shows
    the whole map in its corner, not a dot (it was fitted before its frame was styled)."""
    from cxworkshop.ui.pages.map import MapPage
    main_window.resize(1024, 740)
    main_window.show()
    qtbot.waitExposed(main_window)
    assert main_window.open_file(session_path)
    view = main_window.show_page(MapPage).view
    view.resize(900, 600)
    qtbot.wait(20)
    mm = view.minimap
    rect = view.scene().sceneRect()
    shown = mm.mapFromScene(rect).boundingRect()
    vp = mm.viewport().size()
    assert shown.width() >= vp.width() - 4 or shown.height() >= vp.height() - 4


def test_buttons_with_a_look_of_their_own_follow_large_text(qtbot, main_window, session_path):
    """The map's colour-coded tool buttons (each with a small sheet of its own) and the
    presenter clock in the status bar grow with Large Text and shrink back."""
    from PySide6.QtWidgets import QToolButton

    from cxworkshop.ui.pages.map import MapPage
    main_window.show()
    qtbot.waitExposed(main_window)
    assert main_window.open_file(session_path)
    page = main_window.show_page(MapPage)
    add = next(b for b in page.findChildren(QToolButton) if b.styleSheet()
               and "Process" in b.text())
    normal = add.fontInfo().pointSizeF()
    main_window.act_large.trigger()
    try:
        qtbot.wait(10)
        assert add.fontInfo().pointSizeF() > normal
    finally:
        main_window.act_large.trigger()
    qtbot.wait(10)
    assert add.fontInfo().pointSizeF() == normal
