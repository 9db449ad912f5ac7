"""Advisory group: composition checks on known rosters, rules per session, the roster page."""
from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from cxworkshop.document import SessionDocument
from cxworkshop.io.json_io import dumps, loads
from cxworkshop.model import SESSION, Add, Department, Member, Update, Workshop
from cxworkshop.model.roster import RosterRules, composition_checks, department_counts
from cxworkshop.store import SCHEMA_VERSION, SessionStore, write_session_file
from cxworkshop.ui.pages.roster import FIELDS, RosterPage


def roster(*rows, departments=("Sales", "Billing", "IT", "Care", "Field")) -> Workshop:
    """A workshop whose members are ``(name, dept index or None, frontline, tenure, location)``."""
    w = Workshop()
    depts = [Department(f"d{i}", name) for i, name in enumerate(departments)]
    members = [Member(f"m{i}", name, None if d is None else f"d{d}", "", front, "", tenure or None,
                      "", "").replace(location=loc, tenure_years=tenure)
               for i, (name, d, front, tenure, loc) in enumerate(rows)]
    w.apply([Add(e) for e in (*depts, *members)])
    return w


def balanced() -> Workshop:
    locs = ["Leeds", "Leeds", "York", "Hull"]
    return roster(*[(f"P{i}", i % 5, i % 2 == 0, [0.5, 3, 7, 12][i % 4], locs[i % 4])
                    for i in range(12)])


def by_name(checks):
    return {c.name: c for c in checks}


def test_balanced_group_passes_every_check():
    checks = composition_checks(balanced())
    assert [c.name for c in checks] == ["Size", "Departments", "Department share",
                                        "Frontline and behind the scenes", "Tenure", "Locations"]
    assert all(c.ok for c in checks), [c.message for c in checks if not c.ok]
    c = by_name(checks)
    assert c["Size"].message == "12 members: within 10–12."
    assert c["Department share"].message == ("No department has more than 25 % of the members "
                                             "(largest: Sales, 3 of 12).")
    assert c["Departments"].message.startswith("All 5 departments represented")
    assert c["Frontline and behind the scenes"].message == "6 frontline and 6 behind the scenes."
    assert c["Locations"].message == "3 locations: Leeds (6), Hull (3), York (3)."
    assert c["Tenure"].message == ("From 0.5 to 12 years: 3 newcomers (under 2 years) and "
                                   "6 long-serving (5 years or more).")


def test_too_small_group_warns_with_how_many_are_missing():
    w = roster(*[(f"P{i}", i, i % 2 == 0, i * 3, "Leeds" if i else "York") for i in range(4)])
    size = by_name(composition_checks(w))["Size"]
    assert not size.ok
    assert size.message.startswith("4 members: too small, the group needs 10–12 people (6 more)")


def test_too_large_group_warns():
    w = roster(*[(f"P{i}", i % 5, i % 2 == 0, 1, "x") for i in range(14)])
    size = by_name(composition_checks(w))["Size"]
    assert not size.ok and "14 members: too large" in size.message and "2 too many" in size.message


def test_lopsided_group_names_the_dominant_department_and_its_share():
    rows = [(f"S{i}", 0, i % 2 == 0, 3, "Leeds") for i in range(6)]
    rows += [(f"B{i}", 1, True, 3, "York") for i in range(3)]
    rows += [("I", 2, False, 3, "York")]
    c = by_name(composition_checks(roster(*rows)))
    share = c["Department share"]
    assert not share.ok
    assert share.message == ("Sales has 6 of 10 members (60 %); Billing has 3 of 10 members "
                             "(30 %): above the 25 % limit, so these departments would "
                             "dominate the group (at most 2 members from one department).")
    assert c["Size"].ok


def test_all_frontline_group_asks_for_people_behind_the_scenes():
    rows = [(f"P{i}", i % 5, True, 1 + i, "Leeds" if i % 2 else "York") for i in range(10)]
    front = by_name(composition_checks(roster(*rows)))["Frontline and behind the scenes"]
    assert not front.ok
    assert front.message.startswith("All 10 members work on the frontline: add people from "
                                    "behind the scenes")


def test_all_behind_the_scenes_and_no_spread_of_tenure_or_location():
    rows = [(f"P{i}", i % 5, False, 3, "Leeds") for i in range(10)]
    c = by_name(composition_checks(roster(*rows)))
    assert not c["Frontline and behind the scenes"].ok
    assert "behind the scenes: add frontline" in c["Frontline and behind the scenes"].message
    assert not c["Tenure"].ok and "neither newcomers" in c["Tenure"].message
    assert not c["Locations"].ok
    assert c["Locations"].message.startswith("Everyone works at Leeds")


def test_departments_check_lists_the_ones_not_represented():
    rows = [(f"P{i}", i % 2, i % 2 == 0, i, f"L{i % 3}") for i in range(10)]
    dept = by_name(composition_checks(roster(*rows)))["Departments"]
    assert not dept.ok
    assert dept.message.startswith("Only 2 of 5 departments represented (Sales, Billing)")
    assert "not represented: IT, Care, Field." in dept.message


def test_missing_data_is_said_not_guessed():
    rows = [(f"P{i}", None, i % 2 == 0, None, "") for i in range(10)]
    c = by_name(composition_checks(roster(*rows)))
    assert not c["Departments"].ok and "10 members have no department" in c["Departments"].message
    assert c["Tenure"].message.startswith("No tenure recorded yet")
    assert c["Locations"].message.startswith("No locations recorded yet")


def test_empty_roster():
    checks = composition_checks(Workshop())
    assert len(checks) == 6 and not any(c.ok for c in checks)
    assert checks[0].message == "No members yet: the group needs 10–12 people."


def test_rules_are_configurable():
    w = balanced()
    strict = RosterRules(min_size=13, max_size=14, max_department_share=0.15)
    c = by_name(composition_checks(w, strict))
    assert not c["Size"].ok and "13–14" in c["Size"].message
    assert not c["Department share"].ok and "above the 15 % limit" in c["Department share"].message
    # the session's own rules are used by default
    w.apply([Update(SESSION, None, {"roster_min_size": 13, "roster_max_size": 14})])
    assert "13–14" in composition_checks(w)[0].message
    assert RosterRules(5, 4).problems() and RosterRules(1, 1, 0).problems()
    assert RosterRules().problems() == []


def test_department_counts_largest_first():
    w = roster(("a", 1, True, 1, ""), ("b", 1, True, 1, ""), ("c", None, True, 1, ""),
               ("d", 0, True, 1, ""))
    assert [(name, n) for _i, name, _c, n in department_counts(w)] == [
        ("Billing", 2), ("Sales", 1), ("No department", 1)]


def test_rules_and_members_survive_reopening_and_json(tmp_path):
    w = balanced()
    w.apply([Update(SESSION, None, {"roster_min_size": 8, "roster_max_size": 9,
                                    "roster_max_share": 0.3})])
    path = tmp_path / "r.cxw"
    write_session_file(path, w)
    back = SessionStore.read(path)
    assert (back.info.roster_min_size, back.info.roster_max_size,
            back.info.roster_max_share) == (8, 9, 0.3)
    assert [m.to_dict() for m in back.members] == [m.to_dict() for m in w.members]
    text = dumps(back)
    assert '"roster_max_share": 0.3' in text
    assert dumps(loads(text)) == text


def test_json_rejects_bad_rules():
    from cxworkshop.io.json_io import ImportProblems
    doc = ('{"format": "cxworkshop-session", "version": 1, "session": '
           '{"roster_min_size": 0, "roster_max_share": 2}}')
    with pytest.raises(ImportProblems) as e:
        loads(doc)
    assert "session.roster_min_size: must be a whole number from 1 to 1000" in e.value.problems
    assert "session.roster_max_share: must be a number above 0 and at most 1" in e.value.problems


def test_v3_file_migrates_to_default_rules(tmp_path):
    from tests.test_store import _file_at_version
    path = tmp_path / "old.cxw"
    _file_at_version(path, 3)
    with SessionStore.open(path) as s:
        w = s.load()
        assert s.user_version == SCHEMA_VERSION
    assert (w.info.roster_min_size, w.info.roster_max_size, w.info.roster_max_share) == \
        (10, 12, 0.25)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT roster_max_size FROM session").fetchone() == (12,)
    conn.close()


# -- the page ----------------------------------------------------------------------------
@pytest.fixture
def page(qtbot, document):
    p = RosterPage(document)
    qtbot.addWidget(p)
    p.resize(1060, 760)
    return p


def cell(page, row, field):
    return page.proxy.index(row, FIELDS.index(field)).data()


def test_add_members_from_the_entry_row(page, document):
    page.name_edit.setText("  Ana  Lopez ")
    page.dept_combo.setEditText("Facilities")
    page.role_edit.setText("Caretaker")
    page.frontline_check.setChecked(False)
    page.location_edit.setText("Leeds")
    page.tenure_edit.setText("2,5")
    assert page.commit_entry()
    m = document.workshop.members[0]
    assert (m.name, m.role, m.frontline, m.location, m.tenure_years) == \
        ("Ana Lopez", "Caretaker", False, "Leeds", 2.5)
    assert document.get("departments", m.department).name == "Facilities"
    assert "New department “Facilities” created" in page.message.text()
    assert cell(page, 0, "name") == "Ana Lopez" and cell(page, 0, "department") == "Facilities"
    assert page.name_edit.text() == "" and page.dept_combo.currentText() == "Facilities"
    # one undo removes the member and the department it brought
    document.undo_stack.undo()
    assert document.workshop.members == []
    assert len(document.workshop.departments) == 2
    assert page.model.rowCount() == 0


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "Type the member's name first."),
    ("tenure", "ten", "The tenure “ten” is not a number of years"),
    ("tenure", "-1", "must be between 0 and 80 years"),
    ("email", "ana at x", "“ana at x” is not an email address"),
])
def test_entry_row_refuses_bad_input_with_a_message(page, document, field, value, message):
    page.name_edit.setText("Ana" if field != "name" else value)
    if field == "tenure":
        page.tenure_edit.setText(value)
    if field == "email":
        page.email_edit.setText(value)
    assert not page.commit_entry()
    assert message in page.message.text()
    assert page.message.property("error") is True
    assert document.workshop.members == []


def add_members(document, *rows):
    members = [Member(f"m{i}", name, dept, role, front, loc, tenure, "", "")
               for i, (name, dept, role, front, loc, tenure) in enumerate(rows)]
    document.add(*members)
    return members


def test_sort_by_tenure_as_numbers_and_filter(page, document):
    add_members(document, ("Cy", "d1", "Seller", True, "York", 12),
                ("ana", "d2", "Clerk", False, "Leeds", 2),
                ("Bo", None, "", True, "Leeds", None))
    page.table.sortByColumn(FIELDS.index("tenure_years"), Qt.AscendingOrder)
    assert [cell(page, r, "name") for r in range(3)] == ["ana", "Cy", "Bo"]
    page.table.sortByColumn(FIELDS.index("name"), Qt.AscendingOrder)
    assert [cell(page, r, "name") for r in range(3)] == ["ana", "Bo", "Cy"]
    page.filter_edit.setText("leeds")
    assert sorted(cell(page, r, "name") for r in range(page.proxy.rowCount())) == ["Bo", "ana"]
    page.filter_edit.setText("billing")
    assert page.proxy.rowCount() == 1 and cell(page, 0, "name") == "ana"
    page.filter_edit.clear()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("behind"))
    assert page.proxy.rowCount() == 1 and cell(page, 0, "frontline") == "no"
    assert "3 members: 2 frontline, 1 behind the scenes · 1 shown" in page.count_label.text()


def test_inline_edits_commit_through_the_document_and_undo(page, document):
    add_members(document, ("Ana", "d1", "Seller", True, "York", 3))
    index = page.proxy.index(0, FIELDS.index("role"))
    assert page.proxy.setData(index, "Team lead")
    assert document.get("members", "m0").role == "Team lead"
    assert document.undo_stack.undoText() == "Edit role of Ana"
    front = page.proxy.index(0, FIELDS.index("frontline"))
    assert page.proxy.setData(front, Qt.Unchecked, Qt.CheckStateRole)
    assert document.get("members", "m0").frontline is False
    assert page.proxy.setData(page.proxy.index(0, FIELDS.index("department")), "Legal")
    legal = document.get("members", "m0").department
    assert document.get("departments", legal).name == "Legal"
    assert page.proxy.setData(page.proxy.index(0, FIELDS.index("department")), "d2")
    assert document.get("members", "m0").department == "d2"
    # refused edits say why and change nothing
    assert not page.proxy.setData(page.proxy.index(0, FIELDS.index("tenure_years")), "lots")
    assert page.message.text() == \
        "Ana: tenure “lots” is not a number of years; nothing was changed."
    assert not page.proxy.setData(page.proxy.index(0, FIELDS.index("name")), "  ")
    assert document.get("members", "m0").name == "Ana"
    for _ in range(4):
        document.undo_stack.undo()
    m = document.get("members", "m0")
    assert (m.role, m.frontline, m.department) == ("Seller", True, "d1")
    assert all(d.name != "Legal" for d in document.workshop.departments)


def test_delete_selected_is_one_undo_step(page, document):
    add_members(document, ("Ana", "d1", "", True, "", None), ("Bo", "d2", "", True, "", None),
                ("Cy", "d2", "", True, "", None))
    page.table.selectAll()
    assert page.remove_selected()
    assert document.workshop.members == []
    document.undo_stack.undo()
    assert [m.name for m in document.workshop.members] == ["Ana", "Bo", "Cy"]


def test_composition_panel_follows_the_roster_and_the_rules(page, document):
    panel = page.panel
    assert panel.check_labels[0].text().endswith("No members yet: the group needs 10–12 people.")
    add_members(document, *[(f"P{i}", "d1" if i < 3 else "d2", "", i % 2 == 0,
                             "Leeds" if i % 2 else "York", i * 2) for i in range(5)])
    size = panel.check_labels[0]
    assert "⚠ Size" in size.text() and "5 members: too small" in size.text()
    assert size.property("ok") is False
    assert "checks need attention" in panel.summary.text()
    assert panel.chart.size_ == 5
    assert [(n, k) for _i, n, _c, k in panel.chart.departments] == [("Sales", 3), ("Billing", 2)]
    # the rules are the session's and one undo step each
    panel.max_spin.setValue(6)
    panel.min_spin.setValue(4)
    assert (document.info.roster_min_size, document.info.roster_max_size) == (4, 6)
    assert "✓ Size" in panel.check_labels[0].text()
    assert "within 4–6" in panel.check_labels[0].text()
    panel.share_spin.setValue(70)
    assert document.info.roster_max_share == 0.7
    assert panel.checks[2].ok
    document.undo_stack.undo()
    assert document.info.roster_max_share == 0.25 and panel.share_spin.value() == 25
    # a smallest size above the largest moves the largest along (and back the other way)
    panel.min_spin.setValue(9)
    assert (document.info.roster_min_size, document.info.roster_max_size) == (9, 9)
    assert document.undo_stack.undoText() == "Change the advisory group rules"
    panel.max_spin.setValue(7)
    assert (document.info.roster_min_size, document.info.roster_max_size) == (7, 7)
    assert "12 members" not in panel.check_labels[0].text()
    assert "within 7" not in panel.check_labels[0].text()
    assert "the group needs 7 people" in panel.check_labels[0].text()


def test_chart_draws_bars_in_department_colours(page, document):
    add_members(document, *[(f"P{i}", "d1", "", True, "", None) for i in range(3)])
    page.show()
    chart = page.panel.chart
    image: QImage = chart.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3)}
    assert "#1f77b4" in colours  # Sales' colour in the conftest session
    assert chart.allowed_per_department() == pytest.approx(0.75)


def test_copy_roster_from_another_session(page, document, tmp_path):
    other = roster(("Ana", 0, True, 2, "Leeds"), ("Bo", 2, False, 9, "York"),
                   departments=("sales", "x", "Legal"))
    source = tmp_path / "other.cxw"
    write_session_file(source, other)
    add_members(document, ("Bo", None, "", True, "", None))  # already here: skipped
    assert page.copy_from_session(source) == 1
    names = [m.name for m in document.workshop.members]
    assert names == ["Bo", "Ana"]
    ana = document.workshop.members[1]
    assert ana.department == "d1"  # "sales" matched Sales by name
    assert "Copied 1 member from other.cxw." in page.message.text()
    assert "1 member already on this roster (Bo)" in page.message.text()
    document.undo_stack.undo()
    assert [m.name for m in document.workshop.members] == ["Bo"]
    bad = tmp_path / "bad.cxw"
    bad.write_text("not a session")
    assert page.copy_from_session(bad) == 0
    assert page.message.text().startswith("Nothing copied: bad.cxw")


def test_export_csv_from_the_page(page, document, tmp_path):
    add_members(document, ("Lopez, Ana", "d1", "Seller", False, "Leeds", 1.5))
    out = tmp_path / "roster.csv"
    assert page.export_csv(out)
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[1] == '"Lopez, Ana",Sales,Seller,no,Leeds,1.5,,'
    assert page.message.text() == "Wrote 1 member to roster.csv."
    assert not page.export_csv(tmp_path / "no" / "such" / "dir.csv")
    assert "cannot be written" in page.message.text()


def test_read_only_session_disables_editing(qtbot, session_path):
    doc = SessionDocument.open(session_path, read_only=True)
    try:
        p = RosterPage(doc)
        qtbot.addWidget(p)
        assert not p.add_button.isEnabled() and not p.import_button.isEnabled()
        assert not p.panel.min_spin.isEnabled()
    finally:
        doc.close()


def test_page_is_in_the_sidebar_in_workshop_order(main_window, session_path):
    from cxworkshop.ui.pages import page_classes
    titles = [cls.title for cls in page_classes()]
    i = titles.index
    assert i("Connect the dots") < i("5 Hows") < i("Advisory group") < i("Champions") \
        < i("Actions") < i("Agenda")


def test_screenshot_of_the_sample_roster(qtbot, tmp_path):
    import shutil

    from cxworkshop.resources import samples_dir
    sample = samples_dir() / "home-services.cxw"
    if not sample.exists():
        pytest.skip("sample session not built")
    path = tmp_path / "s.cxw"
    shutil.copy(sample, path)
    doc = SessionDocument.open(path)
    try:
        p = RosterPage(doc)
        qtbot.addWidget(p)
        p.resize(1060, 760)
        p.show()
        image = p.grab().toImage()
        assert image.width() == 1060
        assert p.panel.summary.text() == "The group is well composed."
        assert p.model.rowCount() == 11
    finally:
        doc.close()


def test_department_cell_editor_offers_departments_and_creates_new_ones(page, document):
    add_members(document, ("Ana", "d1", "", True, "", None))
    index = page.proxy.index(0, FIELDS.index("department"))
    delegate = page.dept_delegate
    editor = delegate.createEditor(page.table.viewport(), None, index)
    assert [editor.itemText(i) for i in range(editor.count())] == \
        ["(no department)", "Sales", "Billing"]
    delegate.setEditorData(editor, index)
    assert editor.currentText() == "Sales"
    editor.setCurrentIndex(2)
    delegate.setModelData(editor, page.proxy, index)
    assert document.get("members", "m0").department == "d2"
    editor.setEditText("Facilities")
    delegate.setModelData(editor, page.proxy, index)
    dept = document.get("departments", document.get("members", "m0").department)
    assert dept.name == "Facilities"
    assert document.undo_stack.undoText() == "Move Ana to new department Facilities"
    editor.setCurrentIndex(0)
    delegate.setModelData(editor, page.proxy, index)
    assert document.get("members", "m0").department is None
    assert cell(page, 0, "department") == ""
    editor.deleteLater()


def test_delete_key_removes_the_selected_member_but_not_while_editing(page, document, qtbot):
    from PySide6.QtCore import Qt

    from cxworkshop.model import Member
    document.add(Member("m1", "Ana Lima"))
    page.show()
    page.table.setFocus()
    page.table.selectRow(0)
    page.table.edit(page.proxy.index(0, FIELDS.index("role")))
    editor = page.table.focusWidget()
    qtbot.keyClick(editor, Qt.Key_Backspace)  # edits the cell, deletes nothing
    assert document.get("members", "m1") is not None
    qtbot.keyClick(editor, Qt.Key_Escape)  # leave the cell
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key_Delete)
    assert document.get("members", "m1") is None
    assert "Deleted Ana Lima." in page.message.text()


def test_three_of_seven_departments_is_not_a_pass_unless_the_rest_are_optional():
    w = Workshop()
    w.apply([Add(Department(f"d{i}", n)) for i, n in enumerate(
        ["Sales", "Billing", "IT", "Care", "Field", "Legal", "Warehouse"])])
    w.apply([Add(Member(f"m{i}", f"P{i}", f"d{i % 3}", frontline=i % 2 == 0,
                        tenure_years=i, location=f"L{i % 2}")) for i in range(10)])
    dept = by_name(composition_checks(w))["Departments"]
    assert not dept.ok
    assert dept.message.startswith("Only 3 of 7 departments represented")
    assert "not represented: Care, Field, Legal" in dept.message and "Warehouse" in dept.message
    w.apply([Update("departments", f"d{i}", {"roster_optional": True}) for i in range(3, 7)])
    dept = by_name(composition_checks(w))["Departments"]
    assert dept.ok and dept.message.startswith("All 3 departments represented")
    assert "Need not be represented: " in dept.message


def test_the_group_rules_say_which_departments_must_be_represented(qtbot, document,
                                                                   session_path):
    from cxworkshop.ui.pages.roster import RosterPage
    page = RosterPage(document)
    qtbot.addWidget(page)
    button = page.findChild(QWidget, "roster_required_departments")
    assert button.text() == "Must be represented: 2 of 2 departments ▾"
    billing = next(a for a in button.menu().actions() if a.text() == "Billing")
    billing.trigger()                         # untick: Billing need not be in the group
    assert SessionStore.read(session_path).get("departments", "d2").roster_optional
    assert button.text() == "Must be represented: 1 of 2 departments ▾"
    document.undo_stack.undo()
    assert not SessionStore.read(session_path).get("departments", "d2").roster_optional
