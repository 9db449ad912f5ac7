"""Participants page: fast entry with Enter, spreadsheet paste, editing, persistence."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from cxworkshop.store import SessionStore
from cxworkshop.ui.pages.participants import ParticipantsPage, parse_rows


def make_page(qtbot, document):
    page = ParticipantsPage(document)
    qtbot.addWidget(page)
    page.show()
    return page


def test_enter_commits_and_starts_next_row(qtbot, document, session_path):
    page = make_page(qtbot, document)
    page.dept_combo.setEditText("billing")  # matched by name, any case
    page.facing_check.setChecked(True)
    for name in ("Cy", "Di"):
        qtbot.keyClicks(page.name_edit, name)
        qtbot.keyClick(page.name_edit, Qt.Key_Return)
        assert page.name_edit.text() == ""
    people = document.all("participants")
    assert [(p.name, p.department, p.customer_facing) for p in people[2:]] == \
        [("Cy", "d2", True), ("Di", "d2", True)]
    assert page.table.rowCount() == 4 and page.table.item(3, 0).text() == "Di"
    assert page.table.item(3, 1).text() == "Billing"
    assert document.undo_stack.count() == 2
    # persisted at once, without any Save
    stored = SessionStore.read(session_path)
    assert [p.name for p in stored.participants] == ["Ana", "Bo", "Cy", "Di"]


def test_empty_name_and_bad_email_are_explained(qtbot, document):
    page = make_page(qtbot, document)
    assert not page.commit_entry()
    assert "Type a name" in page.message.text()
    page.name_edit.setText("Ed")
    page.email_edit.setText("ed at home")
    assert not page.commit_entry()
    assert "“ed at home” is not an email address" in page.message.text()
    assert len(document.all("participants")) == 2


def test_unknown_department_is_created_in_same_step(qtbot, document):
    page = make_page(qtbot, document)
    page.name_edit.setText("Flo")
    page.dept_combo.setEditText("Facilities")
    assert page.commit_entry()
    dept = [d for d in document.all("departments") if d.name == "Facilities"]
    assert dept and document.all("participants")[-1].department == dept[0].id
    assert "New department “Facilities” created" in page.message.text()
    document.undo_stack.undo()
    assert not [d for d in document.all("departments") if d.name == "Facilities"]


PASTE = ("Name\tDepartment\tRole\tCustomer-facing\tEmail\n"
         "Gus\tSales\tRep\tyes\tgus@example.com\n"
         "Hana\tFacilities\tCaretaker\tno\t\n"
         "Ivo\tfacilities\t\tmaybe\t\n"
         "Jo\t\t\t\tnot-an-email\n"
         "Kai\n")


def test_paste_adds_many_rows_in_one_undo_step(qtbot, document, session_path):
    page = make_page(qtbot, document)
    QGuiApplication.clipboard().setText(PASTE)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_V, Qt.ControlModifier)
    people = document.all("participants")
    assert [p.name for p in people] == ["Ana", "Bo", "Gus", "Hana", "Kai"]
    gus, hana = people[2], people[3]
    assert (gus.department, gus.role, gus.customer_facing, gus.email) == \
        ("d1", "Rep", True, "gus@example.com")
    facilities = document.get("departments", hana.department)
    assert facilities.name == "Facilities"
    msg = page.message.text()
    assert "Added 3 participants" in msg and "New departments: Facilities" in msg
    assert "line 4, customer-facing: “maybe” is not yes or no" in msg
    assert "line 5, email: “not-an-email” is not an email address" in msg
    assert document.undo_stack.count() == 1
    assert len(SessionStore.read(session_path).participants) == 5
    document.undo_stack.undo()
    assert [p.name for p in document.all("participants")] == ["Ana", "Bo"]
    assert "Facilities" not in [d.name for d in document.all("departments")]


def test_paste_into_name_field_with_semicolons(qtbot, document):
    page = make_page(qtbot, document)
    QGuiApplication.clipboard().setText("Lea;Billing;Clerk;0\nMo;Billing;Clerk;1\n")
    page.name_edit.setFocus()
    qtbot.keyClick(page.name_edit, Qt.Key_V, Qt.ControlModifier)
    assert [(p.name, p.customer_facing) for p in document.all("participants")[2:]] == \
        [("Lea", False), ("Mo", True)]
    assert page.name_edit.text() == ""


def test_parse_rows_reports_without_adding(document):
    people, depts, problems = parse_rows("\tSales\n\n", document.workshop)
    assert people == [] and depts == [] and problems == ["line 1: the name is empty"]


def test_edit_cells_and_remove(qtbot, document, session_path):
    page = make_page(qtbot, document)
    page.table.item(0, 2).setText("Team lead")
    assert document.all("participants")[0].role == "Team lead"
    page.table.item(1, 3).setCheckState(Qt.Checked)
    assert document.all("participants")[1].customer_facing is True
    page.table.item(0, 1).setText("Warehouse")
    ana = document.all("participants")[0]
    assert document.get("departments", ana.department).name == "Warehouse"
    page.table.selectRow(1)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Delete)
    assert [p.name for p in document.all("participants")] == ["Ana"]
    assert [p.name for p in SessionStore.read(session_path).participants] == ["Ana"]
