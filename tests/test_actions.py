"""Actions: due dates, overdue ones standing out, filter by owner."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from cxworkshop.document import SessionDocument
from cxworkshop.io.json_io import dumps, loads
from cxworkshop.model import Action
from cxworkshop.model.actions import days_overdue, is_overdue, owners, parse_date
from cxworkshop.store import SessionStore
from cxworkshop.ui.pages.actions import FIELDS, OVERDUE_FG, ActionsPage

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize("due, status, late", [
    ("2026-05-31", "open", 1), ("2026-05-01", "open", 31), ("2026-06-01", "open", 0),
    ("2026-07-01", "open", 0), (None, "open", 0), ("2026-05-01", "done", 0),
])
def test_overdue_means_open_and_due_before_today(due, status, late):
    a = Action("a1", "x", due=due, status=status)
    assert days_overdue(a, TODAY) == late
    assert is_overdue(a, TODAY) is (late > 0)


def test_parse_date():
    assert parse_date(" 2026-06-15 ") == "2026-06-15"
    assert parse_date("  ") is None
    for bad in ("15/06/2026", "2026-02-30", "next week", "2026-6-1"):
        with pytest.raises(ValueError, match=f"the due date “{bad}” is not a date: write it as "
                                             "YYYY-MM-DD"):
            parse_date(bad, "due date")


def test_owners_once_each_alphabetically():
    acts = [Action("a", owner="bo"), Action("b", owner="Ana"), Action("c", owner="Bo"),
            Action("d", owner="  ")]
    assert owners(acts) == ["Ana", "bo"]


@pytest.fixture
def page(qtbot, document):
    p = ActionsPage(document)
    qtbot.addWidget(p)
    p.today = lambda: TODAY
    p.resize(1060, 700)
    return p


def cell(page, row, field, role=Qt.DisplayRole):
    return page.proxy.index(row, FIELDS.index(field)).data(role)


def test_add_an_action_with_owner_due_date_and_process(page, document):
    page.text_edit.setText("Pilot the new invoice")
    page.owner_combo.setEditText("Grace")
    page.due_edit.setText("2026-06-20")
    page.process_combo.setCurrentIndex(page.process_combo.findData("p3"))
    assert page.add_action()
    a = document.workshop.actions[0]
    assert (a.text, a.owner, a.due, a.process, a.status) == \
        ("Pilot the new invoice", "Grace", "2026-06-20", "p3", "open")
    assert cell(page, 0, "process") == "Invoice — Billing"
    assert cell(page, 0, "state") == "Open"
    # the entry row starts empty again: nothing of this action sticks to the next one
    assert page.text_edit.text() == "" and page.owner_combo.currentText() == ""
    assert page.process_combo.currentData() is None
    document.undo_stack.undo()
    assert document.workshop.actions == [] and page.model.rowCount() == 0


def test_a_due_date_that_is_not_a_date_gets_an_inline_message(page, document):
    page.text_edit.setText("Call Mrs Bell")
    page.due_edit.setText("31/06")
    assert not page.add_action()
    assert page.message.text().startswith("The due date “31/06” is not a date: write it as "
                                          "YYYY-MM-DD")
    assert page.message.property("error") is True and page.message.isVisibleTo(page)
    assert document.workshop.actions == []
    page.text_edit.clear()
    page.due_edit.clear()
    assert not page.add_action()
    assert page.message.text() == "Type what will be done first."


def test_overdue_actions_stand_out(page, document):
    document.add(Action("a1", "Late one", "Ana", "2026-05-20"),
                 Action("a2", "Fine", "Bo", "2026-06-10"),
                 Action("a3", "Late but done", "Bo", "2026-05-01", status="done"),
                 Action("a4", "Due now", "Ana", "2026-06-01"))
    assert cell(page, 0, "state") == "Overdue by 12 days"
    assert cell(page, 0, "due", Qt.ForegroundRole).color().name() == OVERDUE_FG
    assert cell(page, 0, "due", Qt.FontRole).bold()
    assert cell(page, 0, "text", Qt.BackgroundRole) is not None
    for row in (1, 2, 3):
        assert cell(page, row, "text", Qt.BackgroundRole) is None
    assert [cell(page, r, "state") for r in (1, 2, 3)] == ["Open", "Done", "Due today"]
    assert "4 actions, 3 open, <b style='color:#c62828'>1 overdue</b>" in page.count_label.text()
    page.state_filter.setCurrentIndex(page.state_filter.findData("overdue"))
    assert page.proxy.rowCount() == 1 and cell(page, 0, "text") == "Late one"


def test_filter_by_owner(page, document):
    document.add(Action("a1", "One", "Ana"), Action("a2", "Two", "bo"),
                 Action("a3", "Three", "Ana"), Action("a4", "Four", ""))
    items = [page.owner_filter.itemText(i) for i in range(page.owner_filter.count())]
    assert items == ["Everyone", "Ana", "bo", "(no owner)"]
    page.owner_filter.setCurrentIndex(1)
    assert [cell(page, r, "text") for r in range(page.proxy.rowCount())] == ["One", "Three"]
    assert page.count_label.text().endswith("· 2 shown")
    page.owner_filter.setCurrentIndex(3)
    assert [cell(page, r, "text") for r in range(page.proxy.rowCount())] == ["Four"]
    # the filter stays when the document changes
    document.add(Action("a5", "Five", ""))
    assert page.owner_filter.currentText() == "(no owner)" and page.proxy.rowCount() == 2


def test_inline_edits_tick_done_and_refuse_bad_dates(page, document):
    document.add(Action("a1", "One", "Ana", "2026-05-20"))
    done = page.proxy.index(0, FIELDS.index("status"))
    assert page.proxy.setData(done, Qt.Checked, Qt.CheckStateRole)
    assert document.get("actions", "a1").status == "done"
    assert cell(page, 0, "state") == "Done"
    due = page.proxy.index(0, FIELDS.index("due"))
    assert not page.proxy.setData(due, "soon")
    assert "“One”: The due date “soon” is not a date" in page.message.text()
    assert document.get("actions", "a1").due == "2026-05-20"
    assert page.proxy.setData(due, "")
    assert document.get("actions", "a1").due is None
    assert page.proxy.setData(page.proxy.index(0, FIELDS.index("process")), "p1")
    assert document.get("actions", "a1").process == "p1"
    assert page.proxy.setData(page.proxy.index(0, FIELDS.index("owner")), " Bo  B ")
    assert document.get("actions", "a1").owner == "Bo B"
    for _ in range(4):
        document.undo_stack.undo()
    a = document.get("actions", "a1")
    assert (a.status, a.due, a.process, a.owner) == ("open", "2026-05-20", None, "Ana")


def test_sorting_by_due_date_and_status(page, document):
    document.add(Action("a1", "B", due="2026-07-01"), Action("a2", "A", due=None),
                 Action("a3", "C", due="2026-05-01"), Action("a4", "D", due="2026-01-01",
                                                            status="done"))
    page.table.sortByColumn(FIELDS.index("due"), Qt.AscendingOrder)
    assert [cell(page, r, "text") for r in range(4)] == ["D", "C", "B", "A"]
    page.table.sortByColumn(FIELDS.index("state"), Qt.AscendingOrder)
    assert [cell(page, r, "text") for r in range(4)] == ["C", "B", "A", "D"]


def test_delete_selected(page, document):
    document.add(Action("a1", "One"), Action("a2", "Two"))
    page.table.selectRow(1)
    assert page.delete_selected()
    assert [a.text for a in document.workshop.actions] == ["One"]


def test_actions_survive_reopening_and_json(qtbot, session_path):
    doc = SessionDocument.open(session_path)
    page = ActionsPage(doc)
    qtbot.addWidget(page)
    page.text_edit.setText("Review réclamations")
    page.owner_combo.setEditText("Zoë")
    page.due_edit.setText("2026-09-01")
    page.process_combo.setCurrentIndex(page.process_combo.findData("p4"))
    page.add_action()
    doc.close()
    w = SessionStore.read(session_path)
    a = w.actions[0]
    assert (a.text, a.owner, a.due, a.process) == ("Review réclamations", "Zoë", "2026-09-01",
                                                   "p4")
    assert loads(dumps(w)).actions == w.actions


def test_delete_key_removes_the_selected_action_and_undo_brings_it_back(page, document, qtbot):
    from cxworkshop.model import Action
    document.add(Action("a1", "Call the landlord", "Grace"), Action("a2", "Fix the form", "Sam"))
    page.show()
    page.table.setFocus()
    page.table.selectRow(0)
    first = page.model.action(page.proxy.mapToSource(page.proxy.index(0, 0)).row()).id
    qtbot.keyClick(page.table, Qt.Key_Delete)
    assert document.get("actions", first) is None
    assert page.message.text() == "Deleted 1 action. <a href='undo'>Undo</a>"
    page.message.linkActivated.emit("undo")      # the Undo right in the message
    assert document.get("actions", first) is not None and page.message.text() == ""
