"""A facilitator's whole journey with the real main window, from File ▸ New to the PDFs.

Driven the way a person would: typing with Enter, one-key answers, mouse
gestures on the map, menus and buttons; dialogs are patched, never shown.
"""
from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialogButtonBox, QFileDialog

from cxworkshop.model import Participant, Recognition, Story
from cxworkshop.model.agenda import default_agenda, format_clock
from cxworkshop.model.entities import DEPARTMENT_COLORS
from cxworkshop.store import SessionStore
from cxworkshop.ui.presenter import room_for


def pdf_text(path) -> str:
    """All the text of a PDF, lines joined by spaces (wrapped sentences stay findable)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


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
    # a new workshop opens on Overview, dated today, with the default agenda (#18)
    assert win.stack.currentWidget() is win.page("Overview")
    assert doc.info.date == dt.date.today().isoformat()
    assert [s.title for s in doc.all("agenda")] == [s.title for s in default_agenda()]

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
        people.dept_combo.setFocus()
        people.dept_combo.lineEdit().selectAll()
        type_text(qtbot, people.dept_combo, dept)
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
    assert mp.top_list.item(0).text() == "1. 2 ● Book the appointment"
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

    # -- 5 Hows: a change tied to a process -----------------------------------------------------
    hows = go(win, "5 Hows")
    type_and_enter(qtbot, hows.new_edit, "Text customers the technician's arrival time")
    assert QApplication.focusWidget() is hows.edits["impact"]
    answers = ("No more waiting in all day", "A text with a 1-hour window",
               "Relief; some will call to change the slot", "The booking confirmation says so",
               "Reply to the text; the desk reads replies daily")
    fields = ("impact", "look", "response", "find_out", "feedback")
    for field, text in zip(fields, answers, strict=True):
        assert QApplication.focusWidget() is hows.edits[field]
        type_text(qtbot, hows.edits[field], text)
        qtbot.keyClick(hows.edits[field], Qt.Key_Tab)
    hows.process_combo.setFocus()
    qtbot.keyClicks(hows.process_combo, "Book")
    change = doc.all("changes")[0]
    assert change.process == proc["Book the appointment"]
    assert change.feedback == answers[-1] and change.impact == answers[0]
    assert hows.mark.property("done") == 5
    assert "5/5" in hows.list.item(0).text() and "Book the appointment" in hows.list.item(0).text()
    assert mp.scene.item_for_process[proc["Book the appointment"]].badge == 1

    # -- Advisory group: import a roster from a spreadsheet's CSV --------------------------------
    roster_csv = tmp_path / "advisory group.csv"
    rows = ["name;department;role;frontline;location;tenure_years"]
    rows += [f"Member {i};{dept};Lead;{'yes' if i % 2 else 'no'};Leeds;{i}"
             for i, dept in enumerate(["Sales", "Billing", "Field service", "Warehouse",
                                       "IT"] * 2, start=1)]
    rows.append("Zed Quinn;Sales;Lead;yes;York;lots")
    roster_csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(roster_csv), "")))
    roster = go(win, "Advisory group")
    preview = {}

    def confirm_preview():
        dialog = QApplication.activeModalWidget()
        preview["rows"] = dialog.table.rowCount()
        preview["summary"] = dialog.summary.text()
        ok = dialog.buttons.button(QDialogButtonBox.Ok)
        preview["ok_before"] = ok.isEnabled()
        dialog.only_valid.click()
        preview["ok_text"] = ok.text()
        preview["asks_departments"] = (dialog.create_departments.isVisible()
                                       and not dialog.create_departments.isChecked())
        dialog.create_departments.click()     # yes, IT is a department of this workshop
        ok.click()

    QTimer.singleShot(0, confirm_preview)
    qtbot.mouseClick(roster.import_button, Qt.LeftButton)
    assert preview["rows"] == 11 and not preview["ok_before"]
    assert "1 with problems" in preview["summary"] and "IT" in preview["summary"]
    assert preview["ok_text"] == "Import 10 members" and preview["asks_departments"]
    assert len(doc.all("members")) == 10
    assert "Imported 10 members from advisory group.csv" in roster.message.text()
    assert "line 12" in roster.message.text()
    assert roster.count_label.text() == "10 members: 5 frontline, 5 behind the scenes"
    # departments made by typing, pasting and importing get lane colours of one palette
    assert [d.color for d in doc.all("departments")] == list(DEPARTMENT_COLORS[:5])
    win.activateWindow()                      # the window manager's job once a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)

    # -- Champions: a call-out ---------------------------------------------------------------
    champs = go(win, "Champions")
    champs.today = lambda: dt.date(2026, 5, 8)
    champs.reset_date()
    assert QApplication.focusWidget() is champs.nominee_combo
    type_text(qtbot, champs.nominee_combo, "Chidi Okafor")
    qtbot.keyClick(champs.nominee_combo, Qt.Key_Tab)
    assert QApplication.focusWidget() is champs.nominator_combo
    type_text(qtbot, champs.nominator_combo, "Ana Souza")
    champs.behaviour_edit.setFocus()
    type_text(qtbot, champs.behaviour_edit, "Drove the spare part over himself on a Sunday.")
    qtbot.mouseClick(champs.add_button, Qt.LeftButton)
    rec = doc.all("recognitions")[0]
    assert (rec.nominee, rec.nominator, rec.date) == ("Chidi Okafor", "Ana Souza", "2026-05-08")
    assert champs.board.item(0, 1).text() == "Chidi Okafor"
    assert champs.count_label.text() == "1 call-out for 1 colleague"

    # -- Actions: with an owner, a due date and a process ---------------------------------------
    acts = go(win, "Actions")
    acts.today = lambda: dt.date(2026, 5, 8)
    assert QApplication.focusWidget() is acts.text_edit
    for text, owner, due, process in (
            ("Pilot arrival-time texts", "Ana Souza", "2026-06-01", "Book"),
            ("Clear the invoice backlog", "Eli Brown", "2026-05-01", "(no")):
        acts.text_edit.setFocus()
        type_text(qtbot, acts.text_edit, text)
        acts.owner_combo.setFocus()
        acts.owner_combo.lineEdit().selectAll()
        type_text(qtbot, acts.owner_combo, owner)
        acts.due_edit.setFocus()
        type_text(qtbot, acts.due_edit, due)
        acts.process_combo.setFocus()
        qtbot.wait(QApplication.keyboardInputInterval() + 20)       # a fresh type-ahead
        qtbot.keyClicks(acts.process_combo, process)
        acts.due_edit.setFocus()
        qtbot.keyClick(acts.due_edit, Qt.Key_Return)
    stored = {a.text: a for a in doc.all("actions")}
    assert stored["Pilot arrival-time texts"].owner == "Ana Souza"
    assert stored["Pilot arrival-time texts"].due == "2026-06-01"
    assert stored["Pilot arrival-time texts"].process == proc["Book the appointment"]
    assert stored["Clear the invoice backlog"].process is None
    assert "already past" in acts.message.text()
    assert "1 overdue" in acts.count_label.text()

    # -- Agenda: the default steps, two of them run on a fake clock -------------------------------
    agenda = go(win, "Agenda")                      # the default agenda came with File ▸ New
    assert win.stack.currentWidget() is agenda
    steps = doc.all("agenda")
    assert len(steps) >= 2 and agenda.table.rowCount() == len(steps)
    room = room_for(doc)
    clock = FakeClock()
    room.timer.clock = clock
    assert agenda.step_label.text() == f"Step 1 of {len(steps)}: {steps[0].title}"
    agenda.table.setFocus()
    agenda.table.selectRow(0)
    qtbot.keyClick(agenda.table, Qt.Key_B)                        # a letter: nothing
    assert not room.timer.running
    qtbot.keyClick(agenda.table, Qt.Key_T, Qt.ControlModifier)    # start
    assert room.timer.running and agenda.start_button.text() == "Pause (Ctrl+T)"
    clock.t += 7 * 60 + 5
    room.tick.emit()
    planned = steps[0].planned_minutes * 60
    assert agenda.countdown.text() == format_clock(planned - 425)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_PageDown)   # the clicker: next step
    assert room.step_index == 1
    assert win.stack.currentWidget() is win.page("Last customer")  # the step opens its page
    clock.t += 90
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_T, Qt.ControlModifier)  # pause
    assert not room.timer.running
    assert [s.actual_seconds for s in doc.all("agenda")][:3] == [425, 90, None]

    # -- Presenter window: the room sees answers only as they are revealed -----------------------
    win.view_menu.actions()[-1].trigger()
    presenter = win.room_menu.presenter
    assert presenter is not None and presenter.isVisible()
    qtbot.addWidget(presenter)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    stories = go(win, "Last customer")
    qtbot.mouseClick(stories.view_buttons["answers"], Qt.LeftButton)
    assert presenter.stack.currentWidget() is presenter.answers_body
    assert presenter.title_label.text() == "0 of 3 answers revealed"
    stories.people.setFocus()
    qtbot.keyClick(stories.people, Qt.Key_N)                       # a letter: nothing
    assert presenter.title_label.text() == "0 of 3 answers revealed"
    qtbot.keyClick(stories.people, Qt.Key_PageDown)                # the clicker reveals
    qtbot.keyClick(stories.people, Qt.Key_PageDown)
    assert presenter.title_label.text() == "2 of 3 answers revealed"
    cards = presenter.wall.cards
    assert ("Mrs Hargreaves", "plain") in cards[0].lines and cards[2].hidden == "3"
    assert "Ana Souza" not in str(cards)                           # no names on the wall
    assert stories.reveal_label.text() == "2 of 3 answers revealed on the projector"
    assert stories.people.item(0).text().startswith("●  Ana Souza")

    # -- Export: report, handouts and postcards, first with customers anonymized ------------------
    export = go(win, "Export")
    out = tmp_path / "print"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, caption, *a, **k: (
                            str(out / ("report" if "report" in caption else "postcards")), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(out / "handouts")))
    assert export.report_row.check.isChecked() and export.handouts_row.check.isChecked()
    assert export.postcards_row.check.isChecked()     # unavailable in the new file, now ticked
    assert "5 participants" in export.handouts_row.note.text()
    qtbot.mouseClick(export.report_row.button, Qt.LeftButton)
    qtbot.mouseClick(export.handouts_row.button, Qt.LeftButton)
    qtbot.mouseClick(export.postcards_row.button, Qt.LeftButton)
    assert export.report_row.edit.text() == str(out / "report.pdf")
    assert export.postcards_row.edit.text() == str(out / "postcards.pdf")
    export.anonymize.click()
    qtbot.mouseClick(export.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not export.running(), timeout=15000)
    assert not export.error.isVisible(), export.error.text()
    assert export.status.text().startswith("Done: ")
    assert export.files.count() == 7 and export.open_button.isEnabled()

    report = pdf_text(out / "report.pdf")
    assert "Connecting the dots — Spring" in report
    for name in ("Ana Souza", "Repair at home", "Book the appointment",
                 "Text customers the technician's arrival time", "Member 7", "Chidi Okafor",
                 "Pilot arrival-time texts", "Customer A"):
        assert name in report, name
    assert "Mrs Hargreaves" not in report and "Mr Patel" not in report
    handouts = sorted(p.name for p in (out / "handouts").iterdir())
    assert handouts == ["Ana Souza.pdf", "Bo Lindqvist.pdf", "Chidi Okafor.pdf",
                        "Dana Wójcik.pdf", "Eli Brown.pdf"]
    ana_handout = pdf_text(out / "handouts" / "Ana Souza.pdf")
    assert "Take the enquiry" in ana_handout and "Mrs Hargreaves" not in ana_handout
    assert "I decide how fast a worried customer gets help" in ana_handout
    assert "Pilot arrival-time texts" in ana_handout
    postcards = pdf_text(out / "postcards.pdf")
    assert "Chidi Okafor" in postcards and "Drove the spare part over himself" in postcards

    export.anonymize.click()                                         # now with the names
    qtbot.mouseClick(export.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not export.running(), timeout=15000)
    assert "Mrs Hargreaves" in pdf_text(out / "report.pdf")
    assert "Mrs Hargreaves" in pdf_text(out / "handouts" / "Ana Souza.pdf")

    # -- Undo a few steps with Ctrl+Z, redo one ------------------------------------------------
    acts = go(win, "Actions")
    acts.table.setFocus()
    assert win.act_undo.text() == "&Undo Record time of “Last customer you served”"
    for _ in range(3):
        qtbot.keyClick(acts.table, Qt.Key_Z, Qt.ControlModifier)
    assert [s.actual_seconds for s in doc.all("agenda")] == [None] * len(default_agenda())
    assert len(doc.all("actions")) == 1
    assert acts.model.rowCount() == 1 and acts.count_label.text() == "1 action, 1 open"
    qtbot.keyClick(acts.table, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert len(doc.all("actions")) == 2 and acts.model.rowCount() == 2
    assert win.act_redo.text().startswith("&Redo Record time of")

    # -- Close, reopen from File ▸ Open Recent: everything is still there ------------------------
    presenter.close()
    qtbot.keyClick(acts.table, Qt.Key_W, Qt.ControlModifier)        # File ▸ Close
    assert win.document is None and win.stack.currentWidget() is win.empty
    stored = SessionStore.read(path)
    assert stored.info.title == "Connecting the dots — Spring"
    assert len(stored.all("participants")) == 5 and len(stored.all("processes")) == 5
    win.recent_menu.aboutToShow.emit()
    recent = win.recent_menu.actions()[0]
    assert recent.text().startswith("spring-workshop.cxw")
    recent.trigger()
    doc = win.document
    assert doc is not None and doc.path == path and not win.errors
    assert win.windowTitle() == "Connecting the dots — Spring — spring-workshop.cxw — cxworkshop"
    overview = go(win, "Overview")
    assert overview.counts.text() == (
        "This session holds 5 participants, 3 stories, 5 processes, 3 links, 10 advisory "
        "group members, 1 change, 1 champion call-out, 2 actions.")
    assert overview.edits["date"].text() == "2026-05-08"
    assert overview.stage_edits[0].text() == "Spotting a need"
    assert [overview.departments.list.item(i).text()
            for i in range(overview.departments.list.count())] == [
        "Sales", "Field service", "Billing", "Warehouse", "IT"]
    assert go(win, "Participants").table.rowCount() == 5
    stories = go(win, "Last customer")
    assert stories.people.item(0).text() == "●  Ana Souza — This week"   # reveals are stored
    mp = go(win, "Map")
    assert set(mp.scene.item_for_process) == set(proc.values())
    assert len(mp.scene.item_for_link) == 3 and len(mp.scene.item_for_note) == 1
    assert mp.moments_list.item(0).text().startswith("★ Repair at home")
    assert mp.top_list.item(0).text() == "1. 2 ● Book the appointment"
    assert mp.scene.item_for_process[proc["Book the appointment"]].badge == 1
    dots = go(win, "Connect the dots")
    assert texts(dots.unconnected) == ["Dana Wójcik"]
    assert texts(dots.unplaced) == ["Chidi Okafor", "Eli Brown"]
    hows = go(win, "5 Hows")
    assert hows.mark.property("done") == 5
    assert hows.process_combo.currentData() == proc["Book the appointment"]
    assert go(win, "Advisory group").model.rowCount() == 10
    assert go(win, "Champions").board.item(0, 1).text() == "Chidi Okafor"
    assert go(win, "Actions").model.rowCount() == 2
    assert go(win, "Agenda").table.rowCount() == len(default_agenda())
    assert doc.undo_stack.count() == 0


def test_room_letters_stay_typeable_in_tables_and_lists(main_window, qtbot, session_path):
    """Letters never act on the room: they type, jump in lists, or do nothing."""
    win = main_window
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    assert win.open_file(session_path)
    doc = win.document
    room = room_for(doc)
    room.timer.clock = FakeClock()
    doc.add(Story("s1", "u1", "Mrs Hargreaves", recency="this_week"), *default_agenda())
    people = go(win, "Participants")
    people.table.setFocus()
    people.table.setCurrentCell(1, 0)
    qtbot.keyClick(people.table, Qt.Key_N)          # starts editing Bo's name with "N"
    assert people.table.state() == QAbstractItemView.EditingState
    assert room.revealed == []
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Escape)

    hows = go(win, "5 Hows")
    type_and_enter(qtbot, hows.new_edit, "Quote within a day")
    hows.process_combo.setFocus()
    qtbot.keyClick(hows.process_combo, Qt.Key_B)     # looks for a "B…" process: no timer
    assert not room.timer.running
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(hows.process_combo, "Qu")
    assert doc.all("changes")[0].process == "p2"

    stories = go(win, "Last customer")               # a plain list: N, B do nothing to the room
    stories.people.setFocus()
    qtbot.keyClick(stories.people, Qt.Key_N)
    assert room.revealed == []
    agenda = go(win, "Agenda")
    agenda.table.setFocus()
    agenda.table.setCurrentCell(0, 0)
    qtbot.keyClick(agenda.table, Qt.Key_B)
    assert not room.timer.running and agenda.table.state() != QAbstractItemView.EditingState
    assert not room.blank
    qtbot.keyClick(agenda.table, Qt.Key_PageDown)    # the clicker's key: next step
    assert room.step_index == 1


def test_export_ticks_handouts_once_there_are_participants(main_window, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "empty.cxw"), "")))
    main_window.new_session()
    doc = main_window.document
    export = main_window.show_page("Export")  # a hidden page refreshes when shown
    row = export.handouts_row
    assert not row.check.isEnabled() and not row.check.isChecked()
    doc.add(Participant("u1", "Ana"))
    assert row.check.isEnabled() and row.check.isChecked()
    row.check.setChecked(False)                      # the facilitator does not want them
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    assert row.check.isEnabled() and not row.check.isChecked()
    assert not export.postcards_row.check.isChecked()
    doc.add(Recognition("r1", "Ana", "", "Called back", "2026-05-08"))
    assert export.postcards_row.check.isChecked()


def test_the_step_list_leaves_no_gap_before_the_page(main_window, qtbot, session_path):
    """The list is as wide as its titles; the page starts right after it."""
    win = main_window
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    splitter = win.centralWidget()
    splitter.setSizes([300, 980])             # what a real window manager's first layout gave
    assert win.open_file(session_path)
    gap = win.stack.geometry().left() - win.sidebar.geometry().right() - 1
    assert gap <= splitter.handleWidth()
