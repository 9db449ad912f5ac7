"""A facilitator's whole journey with the real main window, from File ▸ New to the PDFs.

Driven the way a person would: typing with Enter, one-key answers, mouse
gestures on the map, menus and buttons; dialogs are patched, never shown.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog

from cxworkshop.store import SessionStore


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text`` key by key (QTest only knows ASCII keys; others come as text)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(widget, ch)
        else:
            for kind in (QEvent.KeyPress, QEvent.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.NoModifier, ch))


def type_and_enter(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, Qt.Key_Return)


def go(window, title: str):
    page = window.show_page(title)
    assert window.stack.currentWidget() is page
    QApplication.processEvents()
    return page


# -- map gestures ------------------------------------------------------------------------------
def vp(page, point: QPointF) -> QPoint:
    return page.view.mapFromScene(point)


def box_center(page, pid: str) -> QPointF:
    return page.scene.item_for_process[pid].box_rect().center()


def cell_center(page, dept, stage) -> QPointF:
    x, y, w, h = page.scene.layout.cell_rect(dept, stage)
    return QPointF(x + w / 2, y + h / 2)


def mouse_drag(qtbot, page, start: QPointF, end: QPointF, steps: int = 6) -> None:
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, start))
    for i in range(1, steps + 1):
        qtbot.mouseMove(viewport, vp(page, start + (end - start) * (i / steps)))
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, vp(page, end))


def palette_drop(page, what: str, scene_point: QPointF) -> None:
    """What Qt delivers when a palette button is dragged onto the map and let go."""
    data = page.palette_buttons[what].mime_data()
    pos = vp(page, scene_point)
    enter = QDragEnterEvent(pos, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    page.view.dragEnterEvent(enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    page.view.dragMoveEvent(move)
    assert move.isAccepted()
    page.view.dropEvent(QDropEvent(QPointF(pos), Qt.CopyAction, data, Qt.LeftButton,
                                   Qt.NoModifier))


def handle_of(page, pid: str) -> QPointF:
    """A point on the outer half of a box's blue link handle.

    (The inner half, over the box, is not part of the box's shape: it uses the
    odd-even fill rule, so a press there misses — reported to the map owner.)
    """
    item = page.scene.item_for_process[pid]
    rect = item.handle_rect()
    return item.mapToScene(rect.center() + QPointF(rect.width() / 4, 0))


def click_map(qtbot, page, point: QPointF, button=Qt.LeftButton) -> None:
    qtbot.mouseClick(page.view.viewport(), button, Qt.NoModifier, vp(page, point))


def process_named(doc, name: str):
    found = [p for p in doc.all("processes") if p.name == name]
    assert len(found) == 1, [p.name for p in doc.all("processes")]
    return found[0]


def test_a_workshop_from_scratch(main_window, qtbot, tmp_path, monkeypatch):
    win = main_window
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)

    # -- File ▸ New ---------------------------------------------------------------------------
    path = tmp_path / "spring-workshop.cxw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "spring-workshop"), "")))
    win.act_new.trigger()
    doc = win.document
    assert doc is not None and doc.path == path
    assert win.windowTitle() == "spring workshop — spring-workshop.cxw — cxworkshop"

    # -- Overview: title, date, stages, departments ----------------------------------------------
    overview = go(win, "Overview")
    type_and_enter(qtbot, overview.edits["title"], "Connecting the dots — Spring")
    type_and_enter(qtbot, overview.edits["date"], "2026-05-08")
    type_and_enter(qtbot, overview.edits["facilitator"], "Maria Kim")
    type_and_enter(qtbot, overview.stage_edits[0], "Spotting a need")
    assert doc.info.title == "Connecting the dots — Spring"
    assert doc.info.date == "2026-05-08"
    assert doc.info.stages[0] == "Spotting a need"
    assert win.windowTitle().startswith("Connecting the dots — Spring — ")
    type_and_enter(qtbot, overview.edits["date"], "8 May")
    assert overview.date_error.isVisible() and "YYYY-MM-DD" in overview.date_error.text()
    assert doc.info.date == "2026-05-08"
    type_and_enter(qtbot, overview.edits["date"], "2026-05-08")
    assert not overview.date_error.isVisible()

    depts = overview.departments
    for name in ("Sales", "Field service", "Billing"):
        qtbot.mouseClick(depts.add_button, Qt.LeftButton)
        editor = QApplication.focusWidget()
        assert editor is not None and editor is not depts.list
        type_text(qtbot, editor, name)
        qtbot.keyClick(editor, Qt.Key_Return)
        QApplication.processEvents()  # the list commits an edit on the next event loop turn
    assert [d.name for d in doc.all("departments")] == ["Sales", "Field service", "Billing"]
    assert [depts.list.item(i).text() for i in range(3)] == ["Sales", "Field service",
                                                             "Billing"]
    ids = {d.name: d.id for d in doc.all("departments")}

    # -- Participants: typed with Enter, then pasted from a spreadsheet --------------------------
    people = go(win, "Participants")
    assert QApplication.focusWidget() is people.name_edit
    for name, dept, role, facing in (("Ana Souza", "Sales", "Account manager", True),
                                     ("Bo Lindqvist", "Billing", "Clerk", False),
                                     ("Chidi Okafor", "Field service", "Technician", True)):
        type_text(qtbot, people.name_edit, name)
        people.dept_combo.lineEdit().setFocus()
        people.dept_combo.lineEdit().selectAll()
        type_text(qtbot, people.dept_combo.lineEdit(), dept)
        people.role_edit.setFocus()
        type_text(qtbot, people.role_edit, role)
        if people.facing_check.isChecked() != facing:
            qtbot.mouseClick(people.facing_check, Qt.LeftButton,
                             pos=QPoint(8, people.facing_check.height() // 2))
        qtbot.keyClick(people.role_edit, Qt.Key_Return)
        assert people.message.text() == f"Added {name}."
        assert QApplication.focusWidget() is people.name_edit and people.name_edit.text() == ""
    QGuiApplication.clipboard().setText(
        "Name\tDepartment\tRole\tCustomer-facing\tEmail\n"
        "Dana Wójcik\tWarehouse\tPicker\tno\tdana@example.com\n"
        "Eli Brown\tbilling\tTeam lead\tyes\t\n"
        "Fay Grant\tSales\tIntern\tmaybe\t\n")
    people.table.setFocus()
    qtbot.keyClick(people.table, Qt.Key_V, Qt.ControlModifier)
    names = [p.name for p in doc.all("participants")]
    assert names == ["Ana Souza", "Bo Lindqvist", "Chidi Okafor", "Dana Wójcik", "Eli Brown"]
    assert "Added 2 participants" in people.message.text()
    assert "New departments: Warehouse" in people.message.text()
    assert "line 4, customer-facing: “maybe” is not yes or no" in people.message.text()
    assert people.table.rowCount() == 5 and people.table.item(4, 1).text() == "Billing"
    assert people.count_label.text() == "5 participants — 3 customer-facing, 2 behind the scenes"
    ids.update({d.name: d.id for d in doc.all("departments")})
    who = {p.name: p.id for p in doc.all("participants")}
    assert doc.get("participants", who["Chidi Okafor"]).department == ids["Field service"]
    assert doc.get("participants", who["Bo Lindqvist"]).customer_facing is False

    # -- Last customer: one key per answer -------------------------------------------------------
    stories = go(win, "Last customer")
    assert QApplication.focusWidget() is stories.people
    stories.people.setCurrentRow(0)
    for key in (Qt.Key_2, Qt.Key_R, Qt.Key_D):           # this week, resolved, direct
        qtbot.keyClick(stories.people, key)
    type_and_enter(qtbot, stories.edits["customer"], "Mrs Hargreaves")
    type_and_enter(qtbot, stories.edits["quote"], "You were the only ones who called back")
    stories.people.setFocus()
    qtbot.keyClick(stories.people, Qt.Key_Down)
    assert stories.current_participant() == who["Bo Lindqvist"]
    qtbot.keyClick(stories.people, Qt.Key_7)             # can't remember
    qtbot.keyClick(stories.people, Qt.Key_K)             # don't know how it ended
    qtbot.keyClick(stories.people, Qt.Key_Down)
    for key in (Qt.Key_4, Qt.Key_P, Qt.Key_I):           # this quarter, partly, indirect
        qtbot.keyClick(stories.people, key)
    type_and_enter(qtbot, stories.edits["customer"], "Mr Patel")
    by_person = {s.participant: s for s in doc.all("stories")}
    ana = by_person[who["Ana Souza"]]
    assert (ana.recency, ana.outcome, ana.contact, ana.customer) == (
        "this_week", "resolved", "direct", "Mrs Hargreaves")
    assert ana.quote == "You were the only ones who called back"
    assert (by_person[who["Bo Lindqvist"]].recency, by_person[who["Bo Lindqvist"]].outcome) == (
        "cant_remember", "unknown")
    chidi = by_person[who["Chidi Okafor"]]
    assert (chidi.recency, chidi.outcome, chidi.contact, chidi.customer) == (
        "this_quarter", "partly", "indirect", "Mr Patel")
    assert stories.recency_buttons["this_quarter"].isChecked()
    assert stories.people.item(0).text() == "✓  Ana Souza — This week"
    stories.tabs.setCurrentIndex(1)
    assert "1 person can't remember when it was." in stories.sentences.text()
    assert "2 people have not answered yet." in stories.sentences.text()
    stories.tabs.setCurrentIndex(0)

    # -- Map: palette drop, double-click, links, a move, a moment of truth, a note, votes -------
    mp = go(win, "Map")
    assert mp.view.hasFocus()
    palette_drop(mp, "process", cell_center(mp, ids["Sales"], 0))
    type_and_enter(qtbot, mp.view.editor, "Take the enquiry")
    palette_drop(mp, "process", cell_center(mp, ids["Sales"], 1))
    type_and_enter(qtbot, mp.view.editor, "Book the appointment")
    qtbot.mouseDClick(mp.view.viewport(), Qt.LeftButton, Qt.NoModifier,
                      vp(mp, cell_center(mp, ids["Field service"], 3)))
    type_and_enter(qtbot, mp.view.editor, "Repair at home")
    qtbot.mouseDClick(mp.view.viewport(), Qt.LeftButton, Qt.NoModifier,
                      vp(mp, cell_center(mp, ids["Billing"], 3)))
    type_and_enter(qtbot, mp.view.editor, "Send the invoice")
    qtbot.mouseDClick(mp.view.viewport(), Qt.LeftButton, Qt.NoModifier,
                      vp(mp, cell_center(mp, ids["Warehouse"], 2)))
    type_and_enter(qtbot, mp.view.editor, "Order spare parts")
    proc = {name: process_named(doc, name).id for name in (
        "Take the enquiry", "Book the appointment", "Repair at home", "Send the invoice",
        "Order spare parts")}
    repair = doc.get("processes", proc["Repair at home"])
    assert (repair.department, repair.stage) == (ids["Field service"], 3)

    for up, down in (("Take the enquiry", "Book the appointment"),
                     ("Book the appointment", "Repair at home"),
                     ("Repair at home", "Send the invoice")):
        click_map(qtbot, mp, box_center(mp, proc[up]))
        mouse_drag(qtbot, mp, handle_of(mp, proc[up]), box_center(mp, proc[down]))
    assert {(ln.upstream, ln.downstream) for ln in doc.all("links")} == {
        (proc["Take the enquiry"], proc["Book the appointment"]),
        (proc["Book the appointment"], proc["Repair at home"]),
        (proc["Repair at home"], proc["Send the invoice"])}

    # the invoice goes out later: drag its box one column to the right
    mouse_drag(qtbot, mp, box_center(mp, proc["Send the invoice"]),
               cell_center(mp, ids["Billing"], 4))
    invoice = doc.get("processes", proc["Send the invoice"])
    assert (invoice.department, invoice.stage) == (ids["Billing"], 4)

    click_map(qtbot, mp, box_center(mp, proc["Repair at home"]))
    assert mp.panels.currentWidget() is mp.process_panel
    assert mp.process_panel.name.text() == "Repair at home"
    qtbot.mouseClick(mp.process_panel.moment, Qt.LeftButton,
                     pos=QPoint(8, mp.process_panel.moment.height() // 2))
    assert doc.get("processes", proc["Repair at home"]).moment_of_truth
    assert mp.moments_list.count() == 1
    assert mp.moments_list.item(0).text().startswith("★ Repair at home — Field service")

    palette_drop(mp, "note:pain", box_center(mp, proc["Book the appointment"]))
    type_and_enter(qtbot, mp.view.editor, "Customers wait on hold for 20 minutes")
    note = doc.all("notes")[0]
    assert (note.process, note.kind, note.text) == (
        proc["Book the appointment"], "pain", "Customers wait on hold for 20 minutes")

    mp.act_vote.trigger()
    for name in ("Book the appointment", "Book the appointment", "Repair at home"):
        click_map(qtbot, mp, box_center(mp, proc[name]))
    assert doc.get("processes", proc["Book the appointment"]).votes == 2
    assert mp.top_list.item(0).text() == "2 ● Book the appointment"
    assert mp.votes_label.text().startswith("<b>12</b> of 15 votes left")
    mp.act_vote.trigger()
    assert not mp.scene.vote_mode

    # -- Connect the dots: people on processes, the conversation starters -------------------------
    dots = go(win, "Connect the dots")
    qtbot.waitUntil(lambda: dots.view.scale_factor() < 1.0)     # fitted once laid out

    def texts(lst):
        return [lst.item(i).text() for i in range(lst.count())]

    assert texts(dots.untouched) == ["★ Repair at home"]
    assert len(texts(dots.unplaced)) == 5
    dots.people.setCurrentRow(0)                                     # Ana: picked in the list
    dots.process_combo.setFocus()
    qtbot.keyClick(dots.process_combo, Qt.Key_Down)
    assert dots.current_placement().process == proc["Take the enquiry"]
    type_and_enter(qtbot, dots.statement, "I decide how fast a worried customer gets help")
    dots.people.setCurrentRow(1)                                     # Bo: clicks a box
    qtbot.mouseClick(dots.view.viewport(), Qt.LeftButton, Qt.NoModifier,
                     dots.view.mapFromScene(
                         dots.scene.item_for_process[proc["Send the invoice"]].box_rect().center()))
    dots.people.setCurrentRow(3)                                     # Dana
    dots.process_combo.setFocus()
    qtbot.keyClicks(dots.process_combo, "Order")                     # type-ahead in the list
    placed = {pl.participant: pl for pl in doc.all("placements")}
    assert placed[who["Ana Souza"]].statement == "I decide how fast a worried customer gets help"
    assert placed[who["Bo Lindqvist"]].process == proc["Send the invoice"]
    assert placed[who["Dana Wójcik"]].process == proc["Order spare parts"]
    assert texts(dots.unconnected) == ["Dana Wójcik"]
    assert texts(dots.untouched) == ["Every moment of truth is touched by someone here."]
    assert texts(dots.unplaced) == ["Chidi Okafor", "Eli Brown"]
    assert dots.chain_label.text() == "⚠ No path from this process to any moment of truth."
    dots.people.setCurrentRow(0)
    assert dots.chain_label.text() == "Reaches the customer at: ★ Repair at home"
    assert dots.people.item(0).text() == "● Ana Souza — Take the enquiry"
    assert dots.scene.item_for_process[proc["Repair at home"]].role == "descendant"
