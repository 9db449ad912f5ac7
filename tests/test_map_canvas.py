"""The Map page driven like a user would: real mouse gestures on the view."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from cxworkshop.model import Change, Link, Note, Process
from cxworkshop.model.layout import BOX_H, BOX_W
from cxworkshop.store import SessionStore
from cxworkshop.ui.canvas.gesture import DUPLICATE, SELF_LINK
from cxworkshop.ui.canvas.items import LinkItem, NoteItem, ProcessItem
from cxworkshop.ui.canvas.view import PALETTE_MIME


@pytest.fixture
def page(map_page):
    return map_page


def vp(page, point: QPointF) -> QPoint:
    return page.view.mapFromScene(point)


def center(page, pid: str) -> QPointF:
    return page.scene.item_for_process[pid].box_rect().center()


def cell_center(page, dept, stage) -> QPointF:
    x, y, w, h = page.scene.layout.cell_rect(dept, stage)
    return QPointF(x + w / 2, y + h / 2)


def drag(qtbot, page, start: QPointF, end: QPointF, steps: int = 6, mods=Qt.NoModifier):
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, mods, vp(page, start))
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        qtbot.mouseMove(viewport, vp(page, p))
    qtbot.mouseRelease(viewport, Qt.LeftButton, mods, vp(page, end))


def deliver_drop(page, data, scene_point: QPointF) -> None:
    """What Qt does at the end of a drag from the palette: enter, move, drop."""
    pos = QPointF(vp(page, scene_point))
    enter = QDragEnterEvent(pos.toPoint(), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    page.view.dragEnterEvent(enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos.toPoint(), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    page.view.dragMoveEvent(move)
    assert move.isAccepted()
    page.view.dropEvent(QDropEvent(pos, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier))


def click(qtbot, page, point: QPointF, button=Qt.LeftButton, mods=Qt.NoModifier):
    qtbot.mouseClick(page.view.viewport(), button, mods, vp(page, point))


def test_palette_drop_creates_process_in_the_right_cell_and_names_it(qtbot, page, document):
    data = page.palette_buttons["process"].mime_data()
    assert data.hasFormat(PALETTE_MIME)
    target = cell_center(page, "d2", 2)
    deliver_drop(page, data, target)
    new = [p for p in document.all("processes") if p.id not in ("p1", "p2", "p3", "p4")]
    assert len(new) == 1
    assert (new[0].department, new[0].stage) == ("d2", 2)
    assert new[0].id in page.scene.item_for_process
    editor = page.view.editor
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, "Order spare parts")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert document.get("processes", new[0].id).name == "Order spare parts"
    # the box sits inside that cell
    x, y, w, h = page.scene.layout.cell_rect("d2", 2)
    box = page.scene.item_for_process[new[0].id].box_rect()
    assert x <= box.left() and box.right() <= x + w and y <= box.top() and box.bottom() <= y + h


def test_note_drop_on_a_process_attaches_it(qtbot, page, document):
    data = page.palette_buttons["note:pain"].mime_data()
    deliver_drop(page, data, center(page, "p2"))
    notes = document.all("notes")
    assert len(notes) == 1 and notes[0].process == "p2" and notes[0].kind == "pain"
    qtbot.keyClicks(page.view.editor, "Quotes take a week")
    qtbot.keyClick(page.view.editor, Qt.Key_Return)
    assert document.get("notes", notes[0].id).text == "Quotes take a week"
    item = page.scene.item_for_note[notes[0].id]
    assert item.parentItem() is page.scene.item_for_process["p2"]


def test_drop_outside_grid_is_refused_with_hint(qtbot, page, document):
    before = len(document.all("processes"))
    assert page.view.drop("process", QPointF(20, 10)) is None
    assert len(document.all("processes")) == before
    assert "cell" in page.scene.hint_text


def test_dragging_a_connected_box_moves_its_arrow_and_changes_its_cell(qtbot, page, document):
    link = page.scene.item_for_link["l1"]
    p2 = page.scene.item_for_process["p2"]
    before_end = link.line().p2()
    start = center(page, "p2")
    target = cell_center(page, "d2", 1)
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, start))
    for i in range(1, 7):
        qtbot.mouseMove(viewport, vp(page, start + (target - start) * (i / 6)))
    # mid-drag: the box moved and the arrow followed, nothing stored yet
    assert p2.pos() != QPointF(*page.scene.layout.boxes["p2"][:2])
    assert link.line().p2() != before_end
    assert link.boundingRect().contains(link.line().p2())
    assert document.get("processes", "p2").department == "d1"
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, target))
    p = document.get("processes", "p2")
    assert (p.department, p.stage) == ("d2", 1)
    assert document.undo_stack.count() == 1          # one drag = one undo step
    assert p2.box_rect().contains(link.line().p2()) or \
        p2.box_rect().adjusted(-1, -1, 1, 1).contains(link.line().p2())
    document.undo_stack.undo()
    p = document.get("processes", "p2")
    assert (p.department, p.stage) == ("d1", 1)
    assert p2.pos() == QPointF(*page.scene.layout.boxes["p2"][:2])


def test_drag_outside_the_grid_snaps_back(qtbot, page, document):
    start = center(page, "p1")
    home = page.scene.item_for_process["p1"].pos()
    drag(qtbot, page, start, QPointF(20, 20))
    assert page.scene.item_for_process["p1"].pos() == home
    assert document.undo_stack.count() == 0


def test_handle_drag_creates_a_loop_back_that_leaves_the_map_calm(qtbot, page, document):
    p4 = page.scene.item_for_process["p4"]
    handle = p4.mapToScene(p4.handle_rect().center())
    page.scene.select_ids("processes", ["p4"])
    drag(qtbot, page, handle, center(page, "p2"))
    links = [ln for ln in document.all("links") if ln.upstream == "p4"]
    assert len(links) == 1 and links[0].downstream == "p2"
    item = page.scene.item_for_link[links[0].id]
    # a later stage feeding an earlier one: a loop-back below the grid, plain colour, ↺
    assert isinstance(item, LinkItem) and item.loop_back
    grid_bottom = page.scene.layout.grid_rect[1] + page.scene.layout.grid_rect[3]
    assert max(ln.y1() for ln in item.lines()) > grid_bottom
    assert item.loop_mark_pos().y() > grid_bottom
    page.scene.clearSelection()
    assert {i.look() for i in page.scene.item_for_link.values()} == {"plain"}
    assert page.scene.cyclic_link_ids() == set()
    assert not page.cycles_box.isVisibleTo(page)
    assert document.undo_stack.count() == 1


def test_a_cycle_within_one_stage_is_listed_not_painted(qtbot, page, document):
    document.add(Process("q1", "Check stock", "d1", 2), Process("q2", "Reorder", "d2", 2),
                 Link("c1", "q1", "q2"), Link("c2", "q2", "q1"))
    assert page.scene.cyclic_link_ids() == {"c1", "c2"}
    assert page.cycles_box.isVisibleTo(page)
    assert page.cycles_list.count() == 1
    assert "Check stock → Reorder" in page.cycles_list.item(0).text()
    assert {i.look() for i in page.scene.item_for_link.values()} == {"plain"}
    page.scene.select_ids("links", ["c1"])
    assert page.link_panel.cycle.isVisibleTo(page)


@pytest.mark.parametrize("source, target, message", [("p1", "p1", SELF_LINK),
                                                     ("p1", "p2", DUPLICATE)])
def test_self_and_duplicate_links_are_refused_with_a_visible_hint(qtbot, page, document,
                                                                  source, target, message):
    item = page.scene.item_for_process[source]
    page.scene.select_ids("processes", [source])
    handle = item.mapToScene(item.handle_rect().center())
    drag(qtbot, page, handle, center(page, target) + QPointF(-30, 0))
    assert len(document.all("links")) == 3
    assert page.scene.hint_text == message
    assert page.hint_label.text() == message


def test_delete_process_and_one_undo_restores_links_notes_and_placements(qtbot, page, document):
    from cxworkshop.model import Placement
    document.add(Note("n1", "p2", "idea", "Faster quotes"), Placement("c1", "u1", "p2", "mine"))
    document.undo_stack.clear()
    click(qtbot, page, center(page, "p2"))
    assert page.scene.selected_ids()["processes"] == ["p2"]
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert document.get("processes", "p2") is None
    assert {ln.id for ln in document.all("links")} == {"l3"}
    assert document.all("notes") == [] and document.all("placements") == []
    assert "p2" not in page.scene.item_for_process and "l1" not in page.scene.item_for_link
    document.undo_stack.undo()
    assert document.get("processes", "p2") is not None
    assert {ln.id for ln in document.all("links")} == {"l1", "l2", "l3"}
    assert len(document.all("notes")) == 1 and len(document.all("placements")) == 1
    assert {"l1", "l2"} <= set(page.scene.item_for_link)
    assert page.scene.item_for_note["n1"].parentItem() is page.scene.item_for_process["p2"]


def test_delete_a_link(qtbot, page, document):
    line = page.scene.item_for_link["l2"].line()
    click(qtbot, page, (line.p1() + line.p2()) / 2)
    assert page.scene.selected_ids()["links"] == ["l2"]
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert document.get("links", "l2") is None and document.get("processes", "p2") is not None


def test_focus_lights_exact_ancestors_and_descendants_and_stops_at_a_loop_back(
        qtbot, page, document):
    # p1 -> p2 -> p3 -> p4 -> p2 (a loop-back: stage 4 to stage 1), p5 alone
    document.add(Link("l4", "p4", "p2"), Process("p5", "Alone", "d1", 4, x=20, y=20))
    click(qtbot, page, center(page, "p3"))
    scene = page.scene
    roles = {pid: item.role for pid, item in scene.item_for_process.items()}
    assert roles == {"p1": "ancestor", "p2": "ancestor", "p3": "focus", "p4": "descendant",
                     "p5": None}
    assert scene.focus_sets["ancestors"] == {"p1", "p2"}
    assert scene.focus_sets["descendants"] == {"p4"}
    assert scene.item_for_process["p5"].opacity() < 0.5
    # the chain to the nearest moment of truth (p1) is emphasised
    assert scene.focus_sets["chain"] == {"p1", "p2", "p3"}
    assert scene.item_for_process["p2"].on_chain and not scene.item_for_process["p4"].on_chain
    qtbot.keyClick(page.view, Qt.Key_Escape)
    assert scene.focused is None
    assert all(i.role is None and i.opacity() == 1.0 for i in scene.item_for_process.values())


def test_public_focus_api_for_other_pages(qtbot, document):
    from cxworkshop.ui.canvas.scene import MapScene
    from cxworkshop.ui.canvas.view import MapView
    scene = MapScene(document)
    scene.set_read_only(True)
    view = MapView(scene)
    qtbot.addWidget(view)
    seen = []
    scene.focus_changed.connect(seen.append)
    scene.focus_processes(["p2", "p4"])
    assert scene.item_for_process["p3"].role in ("ancestor", "descendant", "both")
    assert scene.item_for_process["p1"].role == "ancestor"
    scene.focus_process("p1")
    assert scene.item_for_process["p4"].role == "descendant"
    scene.clear_focus()
    assert seen == [{"p2", "p4"}, {"p1"}, None]
    assert not scene.item_for_process["p1"].flags() & ProcessItem.ItemIsMovable
    assert scene.add_process_at(QPointF(300, 100)) is None


def test_read_only_view_ignores_drags(qtbot, page, document):
    page.scene.set_read_only(True)
    home = page.scene.item_for_process["p2"].pos()
    drag(qtbot, page, center(page, "p2"), cell_center(page, "d2", 2))
    assert page.scene.item_for_process["p2"].pos() == home
    assert document.undo_stack.count() == 0


def test_double_click_empty_spot_adds_and_f2_renames(qtbot, page, document):
    spot = cell_center(page, None, 3)
    qtbot.mouseDClick(page.view.viewport(), Qt.LeftButton, Qt.NoModifier, vp(page, spot))
    new = [p for p in document.all("processes") if p.id not in ("p1", "p2", "p3", "p4")]
    assert len(new) == 1 and (new[0].department, new[0].stage) == (None, 3)
    qtbot.keyClick(page.view.editor, Qt.Key_Escape)          # keep the default name
    assert document.get("processes", new[0].id).name == "New process"
    click(qtbot, page, center(page, "p4"))
    qtbot.keyClick(page.view, Qt.Key_F2)
    editor = page.view.editor
    assert editor.text() == "Collect payment"
    editor.setText("Collect the payment")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert document.get("processes", "p4").name == "Collect the payment"
    # an empty name is refused with a hint
    qtbot.keyClick(page.view, Qt.Key_F2)
    page.view.editor.setText("  ")
    qtbot.keyClick(page.view.editor, Qt.Key_Return)
    assert document.get("processes", "p4").name == "Collect the payment"
    assert "name" in page.scene.hint_text


def test_rubber_band_and_ctrl_click_select_and_move_together_one_step(qtbot, page, document):
    click(qtbot, page, center(page, "p1"))
    click(qtbot, page, center(page, "p2"), mods=Qt.ControlModifier)
    assert sorted(page.scene.selected_ids()["processes"]) == ["p1", "p2"]
    before = {pid: document.get("processes", pid) for pid in ("p1", "p2")}
    drag(qtbot, page, center(page, "p1"), center(page, "p1") + QPointF(0, 30))
    after = {pid: document.get("processes", pid) for pid in ("p1", "p2")}
    assert all(after[p].y == pytest.approx(before[p].y + 30, abs=1.5) for p in after
               if before[p].y) or all(after[p].y != before[p].y for p in after)
    assert document.undo_stack.count() == 1
    # rubber band from an empty spot over the Billing lane selects p3 and p4
    page.scene.clearSelection()
    lane = page.scene.layout.lane("d2")
    drag(qtbot, page, QPointF(page.scene.layout.stages[0].x + 5, lane.y + 3),
         QPointF(page.scene.layout.width - 5, lane.y + lane.height - 3))
    assert sorted(page.scene.selected_ids()["processes"]) == ["p3", "p4"]
    qtbot.keyClick(page.view, Qt.Key_A, Qt.ControlModifier)
    assert len(page.scene.selected_ids()["processes"]) == 4


def test_arrow_keys_nudge_selection(qtbot, page, document):
    click(qtbot, page, center(page, "p3"))
    before = page.scene.item_for_process["p3"].pos()
    qtbot.keyClick(page.view, Qt.Key_Right, Qt.ShiftModifier)
    qtbot.keyClick(page.view, Qt.Key_Down, Qt.ShiftModifier | Qt.AltModifier)
    assert page.scene.item_for_process["p3"].pos() == before + QPointF(10, 2)
    assert document.undo_stack.count() == 1   # nudges in a row are one step (test_map_nudge)
    p = document.get("processes", "p3")
    x, y, _, _ = page.scene.layout.cell_rect("d2", 3)
    assert (p.x, p.y) == (before.x() + 10 - x, before.y() + 2 - y)


def test_copy_paste_and_duplicate(qtbot, page, document):
    document.add(Note("n1", "p2", "idea", "Template"))
    document.update("processes", "p2", votes=2)
    page.scene.select_ids("processes", ["p1", "p2"])
    qtbot.keyClick(page.view, Qt.Key_C, Qt.ControlModifier)
    assert "Take enquiry" in QApplication.clipboard().text()
    qtbot.keyClick(page.view, Qt.Key_V, Qt.ControlModifier)
    assert len(document.all("processes")) == 6
    new = [p for p in document.all("processes") if p.id not in ("p1", "p2", "p3", "p4")]
    assert sorted(p.name for p in new) == ["Quote", "Take enquiry"]
    assert all(p.votes == 0 for p in new)
    ids = {p.id for p in new}
    assert [ln for ln in document.all("links") if ln.upstream in ids and ln.downstream in ids]
    assert len([n for n in document.all("notes") if n.process in ids]) == 1
    assert set(page.scene.selected_ids()["processes"]) == ids
    document.undo_stack.undo()                      # one step removes the whole paste
    assert len(document.all("processes")) == 4
    page.scene.select_ids("processes", ["p4"])
    qtbot.keyClick(page.view, Qt.Key_D, Qt.ControlModifier)
    assert [p.name for p in document.all("processes")].count("Collect payment") == 2


def test_properties_panel_edits_persist_after_reopening(qtbot, page, document, session_path):
    click(qtbot, page, center(page, "p3"))
    panel = page.process_panel
    assert page.panels.currentWidget() is panel and panel.name.text() == "Invoice"
    panel.name.setText("Send invoice")
    panel.name.editingFinished.emit()
    panel.owner.setText("Kim")
    panel.owner.editingFinished.emit()
    panel.description.setPlainText("Monthly run")
    panel.description.clearFocus()
    panel._commit("description", panel.description.toPlainText())
    panel.moment.setChecked(True)
    panel.frontstage.setChecked(True)
    panel.stage.setCurrentIndex(2)
    panel.stage.activated.emit(2)
    panel.department.setCurrentIndex(0)
    panel.department.activated.emit(0)
    panel.name.setText("")
    panel.name.editingFinished.emit()
    assert panel.error.isVisibleTo(panel) and "name" in panel.error.text()
    p = page.scene.item_for_process["p3"].process
    assert p.moment_of_truth
    assert "Send invoice" in [page.moments_list.item(i).text().split(" — ")[0][2:]
                              for i in range(page.moments_list.count())]
    document.close()
    stored = SessionStore.read(session_path).get("processes", "p3")
    assert (stored.name, stored.owner, stored.description, stored.moment_of_truth,
            stored.frontstage, stored.stage, stored.department) == \
        ("Send invoice", "Kim", "Monthly run", True, True, 2, "d1")


def test_dot_voting_within_budget(qtbot, page, document):
    from cxworkshop.model import SESSION
    document.update(SESSION, None, vote_budget=1)      # 2 participants -> 2 votes
    page.act_vote.trigger()
    assert page.scene.vote_mode
    click(qtbot, page, center(page, "p2"))
    click(qtbot, page, center(page, "p2"))
    assert document.get("processes", "p2").votes == 2
    assert page.votes_label.text().startswith("<b>0</b> of 2")
    click(qtbot, page, center(page, "p3"))
    assert document.get("processes", "p3").votes == 0
    assert "No votes left" in page.scene.hint_text
    click(qtbot, page, center(page, "p2"), button=Qt.RightButton)
    assert document.get("processes", "p2").votes == 1
    assert page.top_list.item(0).text() == "1. 1 ● Quote"


def test_auto_arrange_is_one_undo_step(qtbot, page, document):
    from cxworkshop.model.arrange import crossings
    document.add(*[Process(f"q{i}", f"Q{i}", "d1", 1) for i in range(3)],
                 Process("r", "R", "d1", 0))
    document.add(Link("k1", "p1", "q2"), Link("k2", "r", "p2"))
    before = crossings(document.workshop)
    assert before > 0
    count = document.undo_stack.count()
    page.act_arrange.trigger()
    assert document.undo_stack.count() == count + 1
    assert document.undo_stack.undoText() == "Auto-arrange"
    assert crossings(document.workshop) < before
    ys = [page.scene.item_for_process[p].pos().y() for p in ("p2", "q0", "q1", "q2")]
    assert len(set(ys)) == 4
    document.undo_stack.undo()
    assert document.get("processes", "q0").x == 0


def test_auto_arrange_on_a_tidy_map_changes_nothing(qtbot, page, document):
    count = document.undo_stack.count()
    page.act_arrange.trigger()
    assert document.undo_stack.count() == count
    assert page.scene.hint_text == "Already tidy: no ordering has fewer crossing links."


def test_zoom_keys_wheel_and_fit(qtbot, page):
    view = page.view
    qtbot.keyClick(view, Qt.Key_Equal, Qt.ControlModifier)
    assert view.scale_factor() == pytest.approx(1.25)
    qtbot.keyClick(view, Qt.Key_Minus, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Minus, Qt.ControlModifier)
    assert view.scale_factor() == pytest.approx(0.8)
    qtbot.keyClick(view, Qt.Key_0, Qt.ControlModifier)
    lay = page.scene.layout
    whole = view.mapFromScene(QPointF(lay.width, lay.height))
    assert whole.x() <= view.viewport().width() and whole.y() <= view.viewport().height()
    from PySide6.QtGui import QWheelEvent
    before = view.scale_factor()
    pos = QPointF(400, 300)
    ev = QWheelEvent(pos, view.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                     Qt.NoButton, Qt.ControlModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), ev)
    assert view.scale_factor() == pytest.approx(before * 1.25)


def test_middle_button_pans(qtbot, page):
    view = page.view
    view.set_scale(2.0)
    h0 = view.horizontalScrollBar().value()
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MiddleButton, Qt.NoModifier, QPoint(600, 400))
    qtbot.mouseMove(viewport, QPoint(500, 400))
    qtbot.mouseRelease(viewport, Qt.MiddleButton, Qt.NoModifier, QPoint(500, 400))
    assert view.horizontalScrollBar().value() == h0 + 100


def test_change_badge_follows_5_hows_changes(qtbot, page, document):
    item = page.scene.item_for_process["p2"]
    assert item.badge == 0
    document.add(Change("h1", "New price list", "p2"), Change("h2", "Online quotes", "p2"))
    assert item.badge == 2
    document.update("changes", "h2", process="p3")
    assert item.badge == 1 and page.scene.item_for_process["p3"].badge == 1
    document.remove([("changes", "h1")])
    assert item.badge == 0


def test_free_note_can_be_dragged_and_is_stored(qtbot, page, document):
    spot = cell_center(page, None, 4)
    nid = page.scene.add_note_at(spot, "question", "Who owns this?", edit=False)
    note_item = page.scene.item_for_note[nid]
    assert isinstance(note_item, NoteItem) and note_item.parentItem() is None
    start = note_item.sceneBoundingRect().center()
    drag(qtbot, page, start, start + QPointF(-60, -40))
    n = document.get("notes", nid)
    assert (n.x, n.y) == pytest.approx((note_item.pos().x(), note_item.pos().y()), abs=0.2)


def test_overrides_are_really_called(qtbot, page, document):
    """paint, drawBackground and drawForeground draw what the user sees."""
    img = page.view.viewport().grab().toImage()
    from cxworkshop.ui.canvas.style import STYLE
    # pinned header strip (drawForeground) in the top-left corner
    assert img.pixelColor(3, 3).name() == STYLE.header_bg.name()
    # a box (ProcessItem.paint) is white-ish department fill at its centre-left
    c = vp(page, center(page, "p3") + QPointF(-BOX_W / 2 + 4, BOX_H / 2 - 26))
    fill = STYLE.department_fill("#ff7f0e").color().name()
    assert img.pixelColor(c.x(), c.y()).name() == fill
    # lane band (drawBackground) in an empty part of the Billing lane
    lane = page.scene.layout.lane("d2")
    e = vp(page, QPointF(page.scene.layout.stages[1].x + 8, lane.y + 8))
    assert img.pixelColor(e.x(), e.y()).name() != STYLE.background.name()
