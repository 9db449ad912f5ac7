"""Roster CSV: parsing good, bad and mixed files; the preview dialog; the CLI."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from cxworkshop.cli import main
from cxworkshop.io.roster_csv import (
    copy_roster,
    import_ops,
    parse_roster_csv,
    roster_csv_bytes,
    roster_to_csv,
)
from cxworkshop.model import Add, Department, Member, Workshop
from cxworkshop.store import SessionStore
from cxworkshop.ui.pages.roster import RosterImportDialog, RosterPage
from tests.conftest import small_workshop

GOOD = ("name,department,role,frontline,location,tenure_years,email,notes\r\n"
        '"Lopez, Ana",Sales,"Seller, senior",yes,Leeds,3.5,ana@x.org,"likes ""quotes"""\r\n'
        "Bo,billing,Clerk,no,York,,,\r\n")


def parse(text, workshop=None):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_roster_csv(data, workshop or small_workshop())


def test_good_file_with_quoted_commas():
    r = parse(GOOD)
    assert r.ok and r.problems == [] and r.unknown_columns == []
    ana, bo = r.members
    assert (ana.name, ana.role, ana.frontline, ana.tenure_years, ana.email, ana.notes) == \
        ("Lopez, Ana", "Seller, senior", True, 3.5, "ana@x.org", 'likes "quotes"')
    assert ana.department == "d1" and bo.department == "d2"  # matched by name, any case
    assert (bo.frontline, bo.tenure_years) == (False, None)
    assert [row.line for row in r.rows] == [2, 3]


def test_bom_semicolons_blank_lines_and_unknown_columns():
    text = ("\ufeffNAME;Dept;Front line;Tenure;Shoe size;Site\n\n"
            "Ana;Facilities;ja;3,5;42;Leeds\n"
            ";;;;;\n"
            "Bo;Facilities;nee;1;;Hull\n\n")
    r = parse(text)
    assert r.ok, r.problems
    assert [m.name for m in r.members] == ["Ana", "Bo"]
    assert r.members[0].tenure_years == 3.5 and r.members[1].frontline is False
    assert r.members[0].location == "Leeds"
    assert r.unknown_columns == ["Shoe size"]
    assert [row.line for row in r.rows] == [3, 5]
    assert [d.name for d in r.new_departments] == ["Facilities"]  # created once
    assert r.members[0].department == r.members[1].department == r.new_departments[0].id


def test_tabs_and_excel_sep_line():
    assert [m.name for m in parse("name\tdepartment\nAna, B\tSales\n").members] == ["Ana, B"]
    r = parse("sep=;\nname;notes\nAna;a, b\n")
    assert r.ok and r.members[0].notes == "a, b" and r.rows[0].line == 3


def test_bad_rows_are_reported_with_line_and_reason():
    text = ("name,frontline,tenure_years,email\n"
            "Ana,yes,3,ana@x.org\n"
            ",yes,1,\n"
            "Bo,maybe,1,\n"
            "Cy,no,three,\n"
            "Di,no,-2,\n"
            "Ed,yes,1,not-an-email\n"
            "Fa,,1,\n"
            "Gi,no,1,,surplus\n"
            "Ana,yes,5,ana@x.org\n")
    r = parse(text)
    assert not r.ok
    assert r.problems == [
        "line 3: the name is empty",
        "line 4: frontline “maybe” is not yes or no",
        "line 5: tenure “three” is not a number of years",
        "line 6: tenure “-2” must be between 0 and 80 years",
        "line 7: email “not-an-email” is not an email address (it needs exactly one @)",
        "line 8: frontline is empty: write yes or no",
        "line 9: 5 values but the header has 4 columns (a comma inside a value needs quotes)",
        "line 10: Ana is already on the roster with email ana@x.org (or earlier in this file)",
    ]
    assert [m.name for m in r.members] == ["Ana"]  # the valid row, for --skip-invalid


def test_line_numbers_count_quoted_line_breaks():
    r = parse('name,notes\nAna,"two\nlines"\nBo,x,y\n')
    assert r.members[0].notes == "two\nlines"
    assert r.problems == ["line 4: 3 values but the header has 2 columns "
                          "(a comma inside a value needs quotes)"]


@pytest.mark.parametrize("data, problem", [
    (b"", "the file is empty"),
    (b"\n\n", "the file is empty"),
    (b"dept,role\nSales,x\n", "line 1: no “name” column (found “dept”, “role”)"),
    (b"name,Full name\nA,B\n", "line 1: columns “name” and “Full name” both mean name"),
    (b"name\n", "no rows below the header (line 1)"),
    (b"\x00\x01name", "holds binary data"),
])
def test_files_that_cannot_be_read_at_all(data, problem):
    r = parse(data)
    assert r.fatal and problem in r.fatal[0] and not r.members


def test_other_encodings():
    assert parse("name\nRenée\n".encode("cp1252")).members[0].name == "Renée"
    assert parse("name;notes\nZoë;ü\n".encode("utf-16")).members[0].name == "Zoë"


def test_missing_frontline_column_is_noted():
    r = parse("name\nAna\n")
    assert r.ok and r.members[0].frontline is True
    assert r.notes == ["There is no frontline column: everyone is counted as frontline."]


def test_export_then_import_gives_the_same_members():
    w = small_workshop()
    w.apply([Add(Department("d3", "Legal, Risk")),
             Add(Member("m1", "Lopez, Ana", "d3", "Clerk; night", False, "Leeds", 0.5,
                        "a@b.cd", "line one\nline two")),
             Add(Member("m2", "Bo", None, "", True, "", None, "", ""))])
    data = roster_csv_bytes(w)
    assert data.startswith(b"\xef\xbb\xbf")
    fresh = small_workshop()
    fresh.apply([Add(Department("d3", "Legal, Risk"))])
    back = parse_roster_csv(data, fresh)
    assert back.ok
    strip = lambda m: {k: v for k, v in m.to_dict().items() if k != "id"}  # noqa: E731
    assert [strip(m) for m in back.members] == [strip(m) for m in w.members]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=200)
                          .filter(lambda s: s.strip() and "\x00" not in s),
                          st.booleans(), st.text().filter(lambda s: "\x00" not in s)),
                min_size=1, max_size=5, unique_by=lambda r: " ".join(r[0].split()).casefold()))
@example([("Ana", True, "\t")])  # was exported as "'\t" and read back as "'"
@example([("=Bo", False, "  '=x")])
@example([("0", False, "'=")])  # was read back as "="
@example([("'Cy", False, "''")])
def test_any_text_round_trips(rows):
    w = Workshop()
    w.apply([Add(Member(f"m{i}", " ".join(name.split()), None, "", front, "", None, "", notes))
             for i, (name, front, notes) in enumerate(rows)])
    back = parse_roster_csv(roster_csv_bytes(w), Workshop())
    assert back.ok, back.problems
    assert [(m.name, m.frontline, m.notes.strip()) for m in back.members] == \
        [(m.name, m.frontline, m.notes.strip()) for m in w.members]


def test_copy_roster_matches_departments_by_name():
    source = Workshop()
    source.apply([Add(Department("x1", " SALES ", "#000000")),
                  Add(Department("x2", "Legal", "#abcdef")),
                  Add(Member("a", "Ana", "x1")), Add(Member("b", "Bo", "x2")),
                  Add(Member("c", "Cy", None))])
    copy = copy_roster(source, small_workshop())
    assert [m.department for m in copy.members[:1]] == ["d1"]
    assert [(d.name, d.color) for d in copy.new_departments] == [("Legal", "#abcdef")]
    assert copy.members[1].department == copy.new_departments[0].id
    assert {m.id for m in copy.members}.isdisjoint({"a", "b", "c"})


# -- the preview dialog and the page -------------------------------------------------------
MIXED = "name,department,frontline\nAna,Sales,yes\nBo,Legal,maybe\nCy,Legal,no\n"


def test_preview_shows_every_row_and_confirms_only_valid_rows(qtbot, document):
    r = parse_roster_csv(MIXED.encode(), document.workshop)
    dialog = RosterImportDialog(r, "people.csv")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(1, 0).text() == "3"
    assert dialog.table.item(1, dialog.table.columnCount() - 1).text() == \
        "frontline “maybe” is not yes or no"
    assert "3 rows" in dialog.summary.text() and "1 with problems" in dialog.summary.text()
    assert "New departments will be created: Legal" in dialog.summary.text()
    assert not ok.isEnabled()  # nothing is imported while a row is bad …
    dialog.only_valid.setChecked(True)  # … unless the user asks for the valid rows only
    assert ok.isEnabled() and ok.text() == "Import 2 members"
    # a new department becomes a lane on the map: only when the user ticks it
    assert dialog.create_departments.isVisibleTo(dialog)
    assert not dialog.create_departments.isChecked()
    assert "Legal" in dialog.create_departments.text()
    assert len(dialog.ops()) == 2  # Ana + Cy; Legal is kept in Cy's notes
    dialog.create_departments.setChecked(True)
    assert len(dialog.ops()) == 3  # Legal + Ana + Cy


def test_import_is_one_undo_step_and_nothing_happens_until_confirmed(qtbot, document, tmp_path,
                                                                     monkeypatch):
    page = RosterPage(document)
    qtbot.addWidget(page)
    path = tmp_path / "people.csv"
    path.write_text(MIXED, encoding="utf-8")
    seen = []

    def cancel(dialog):
        seen.append(dialog.table.rowCount())
        return QDialog.Rejected
    monkeypatch.setattr(RosterImportDialog, "exec", cancel)
    assert page.import_csv(path) == 0
    assert seen == [3] and document.workshop.members == []
    assert len(document.workshop.departments) == 2
    assert page.message.text() == "Import cancelled; nothing was added."

    def only_valid(dialog):
        dialog.only_valid.setChecked(True)
        return QDialog.Accepted
    monkeypatch.setattr(RosterImportDialog, "exec", only_valid)
    depth = document.undo_stack.count()
    assert page.import_csv(path) == 2
    assert [m.name for m in document.workshop.members] == ["Ana", "Cy"]
    assert document.undo_stack.count() == depth + 1
    assert "Left out 1 row with problems: line 3." in page.message.text()
    assert page.model.rowCount() == 2
    document.undo_stack.undo()
    assert document.workshop.members == [] and len(document.workshop.departments) == 2


def test_import_of_an_unreadable_file_imports_nothing(qtbot, document, tmp_path, monkeypatch):
    page = RosterPage(document)
    qtbot.addWidget(page)
    monkeypatch.setattr(RosterImportDialog, "exec", lambda d: QDialog.Accepted)
    assert page.import_csv(tmp_path / "missing.csv") == 0
    assert document.workshop.members == []
    assert "Nothing imported" in page.message.text()


# -- the command line ------------------------------------------------------------------------
def test_cli_import_refuses_a_file_with_bad_rows(session_path, tmp_path, capsys):
    csv_path = tmp_path / "r.csv"
    csv_path.write_text(MIXED, encoding="utf-8")
    assert main(["roster", "import", str(session_path), str(csv_path)]) == 1
    err = capsys.readouterr().err
    assert f"{csv_path}: line 3: frontline “maybe” is not yes or no" in err
    assert "1 bad row; nothing was imported (--skip-invalid imports the 2 valid rows)" in err
    assert SessionStore.read(session_path).members == []


def test_cli_import_skip_invalid_and_export(session_path, tmp_path, capsys):
    csv_path = tmp_path / "r.csv"
    csv_path.write_text(MIXED, encoding="utf-8")
    assert main(["roster", "import", str(session_path), str(csv_path), "--skip-invalid"]) == 0
    out = capsys.readouterr()
    assert "imported 2 members" in out.out and "1 new department" in out.out
    w = SessionStore.read(session_path)
    assert [m.name for m in w.members] == ["Ana", "Cy"]
    out_csv = tmp_path / "out.csv"
    assert main(["roster", "export", str(session_path), str(out_csv)]) == 0
    assert out_csv.read_bytes().decode("utf-8-sig") == roster_to_csv(w)
    assert roster_to_csv(w).splitlines()[2] == "Cy,Legal,,no,,,,"


@pytest.mark.parametrize("args, code, message", [
    (["roster", "import", "{s}", "{d}/none.csv"], 1, "none.csv: cannot be read"),
    (["roster", "import", "{d}/none.cxw", "{d}/good.csv"], 1, "none.cxw"),
    (["roster", "import", "{s}", "{d}/empty.csv"], 1, "the file is empty"),
    (["roster", "export", "{d}/none.cxw", "{d}/x.csv"], 1, "none.cxw"),
])
def test_cli_exit_codes(session_path, tmp_path, capsys, args, code, message):
    (tmp_path / "good.csv").write_text("name\nAna\n")
    (tmp_path / "empty.csv").write_text("")
    args = [a.format(s=session_path, d=tmp_path) for a in args]
    assert main(args) == code
    assert message in capsys.readouterr().err
    assert SessionStore.read(session_path).members == []


@pytest.mark.parametrize("args", [["roster"], ["roster", "import", "x.cxw"],
                                  ["roster", "export"], ["roster", "merge", "a", "b"]])
def test_cli_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as e:
        main(args)
    assert e.value.code == 2
    assert "usage: cxworkshop roster" in capsys.readouterr().err


def test_import_ops_add_departments_before_members():
    r = parse("name,department\nAna,Legal\n")
    ops = import_ops(r)
    assert [type(op.entity).__name__ for op in ops] == ["Department", "Member"]


def test_export_disarms_spreadsheet_formulas_and_reads_them_back(tmp_path):
    from cxworkshop.io.roster_csv import parse_roster_csv, roster_to_csv
    from cxworkshop.model import Member, Workshop
    w = Workshop()
    w.add_all([Member("m1", "=HYPERLINK(\"http://x\")", None, "-lead", True, "@home", 2.0,
                      "", "+1 555")])
    text = roster_to_csv(w)
    assert "'=HYPERLINK" in text and "'-lead" in text and "'@home" in text
    result = parse_roster_csv(text, Workshop())
    m = result.members[0]
    assert (m.name, m.role, m.location, m.notes) == ('=HYPERLINK("http://x")', "-lead",
                                                     "@home", "+1 555")


def test_import_without_new_departments_keeps_their_names_in_the_notes(document):
    r = parse_roster_csv(MIXED.encode(), document.workshop)
    ops = import_ops(r, create_departments=False)
    document.workshop.apply(ops)
    assert len(document.workshop.departments) == 2      # no empty Legal lane on the map
    cy = next(m for m in document.workshop.members if m.name == "Cy")
    assert (cy.department, cy.notes) == (None, "Department: Legal")
