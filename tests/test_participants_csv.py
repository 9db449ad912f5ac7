"""Participants from CSV (the roster reader's dialects and encodings, per-line errors,
a preview) and people copied between the participants and the advisory group."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from cxworkshop.io.participants_csv import (
    import_ops,
    members_from_participants,
    parse_participants_csv,
    participants_from_members,
)
from cxworkshop.model import Member, Participant, Workshop

from .conftest import small_workshop

GOOD = ("name;department;role;customer facing;email\n"
        "Ana Souza;Sales;Rep;yes;ana@example.com\n"
        "Bea Kim;Legal;Counsel;no;\n")


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"), lambda t: t.encode("utf-8-sig"),
    lambda t: t.encode("utf-16"), lambda t: t.encode("cp1252"),
    lambda t: ("sep=;\n" + t).encode("utf-8"),
    lambda t: t.replace(";", "\t").encode("utf-8"),
])
def test_a_participant_list_in_any_common_dialect(encode):
    w = small_workshop()
    result = parse_participants_csv(encode(GOOD), w)
    assert result.ok, result.problems
    ana, bea = result.participants
    assert (ana.name, ana.department, ana.role, ana.customer_facing, ana.email) == (
        "Ana Souza", "d1", "Rep", True, "ana@example.com")
    assert bea.customer_facing is False and [d.name for d in result.new_departments] == ["Legal"]
    w.apply(import_ops(result))
    assert [p.name for p in w.participants][-2:] == ["Ana Souza", "Bea Kim"]


def test_bad_lines_are_reported_with_their_number():
    text = ("Full name,Team,Customer-facing,Email,Shoe size\n"
            "Cy,Sales,maybe,cy@example.com,42\n"        # line 2
            ",Sales,yes,,\n"                             # line 3
            "Dee,Billing,no,dee@,\n"                     # line 4
            "Ana,Sales,yes,,\n"                          # line 5: already a participant
            "Eve,Billing,yes,,,extra\n"                  # line 6
            "Fay,Billing,yes,,\n")
    result = parse_participants_csv(text, small_workshop())
    assert result.problems == [
        "line 2: customer-facing “maybe” is not yes or no",
        "line 3: the name is empty",
        "line 4: “dee@” is not an email address (something is missing after the @)",
        "line 5: Ana is already a participant (or earlier in this file)",
        "line 6: 6 values but the header has 5 columns (a comma inside a value needs quotes)"]
    assert [p.name for p in result.participants] == ["Fay"]
    assert result.unknown_columns == ["Shoe size"]


@pytest.mark.parametrize("data, words", [
    (b"", "the file is empty"),
    (b"dept,role\nSales,Rep\n", "no “name” column"),
    (b"name\n", "no rows below the header"),
    (b"\xff\xfe\x00", "UTF-16"),
])
def test_files_that_cannot_be_read(data, words):
    result = parse_participants_csv(data, small_workshop())
    assert not result.ok and any(words in p for p in result.problems), result.problems


def test_participants_to_advisory_group_and_back():
    w = small_workshop()
    from cxworkshop.model import Add
    w.apply([Add(Participant("u3", "Cy", "d2", "Driver", True, "cy@example.com"))])
    members, skipped = members_from_participants(w, ["u1", "u3"])
    assert [(m.name, m.department, m.role, m.frontline, m.email) for m in members] == [
        ("Ana", "d1", "", False, ""), ("Cy", "d2", "Driver", True, "cy@example.com")]
    w.apply([Add(m) for m in members])
    assert members_from_participants(w, ["u1"]) == ([], ["Ana"])
    w.apply([Add(Member("m9", "Dee", "d1", "Clerk", False))])
    people, skipped = participants_from_members(w, [m.id for m in w.members])
    assert [p.name for p in people] == ["Dee"] and skipped == ["Ana", "Cy"]


# -- on the pages --------------------------------------------------------------------------

def _accepting(result, source, parent):
    from cxworkshop.ui.participants_import import ParticipantsImportDialog
    dialog = ParticipantsImportDialog(result, source, parent)
    dialog.only_valid.setChecked(True)
    dialog.exec = lambda: QDialog.Accepted
    _accepting.last = dialog
    return dialog


def test_import_on_the_participants_page_with_a_preview(qtbot, document, tmp_path):
    from cxworkshop.ui.pages.participants import ParticipantsPage
    from cxworkshop.ui.participants_import import import_participants_csv
    page = ParticipantsPage(document)
    qtbot.addWidget(page)
    path = tmp_path / "people.csv"
    path.write_text("name,department,customer_facing\nCy,Sales,yes\nDee,Sales,perhaps\n",
                    encoding="utf-8")
    assert import_participants_csv(page, path, _accepting) == 1
    dialog = _accepting.last
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 0).text() == "3"
    assert "perhaps" in dialog.table.item(1, 6).text()
    assert [p.name for p in document.workshop.participants] == ["Ana", "Bo", "Cy"]
    assert page.message.text() == ("Imported 1 participant from people.csv. Left out 1 row "
                                   "with problems: line 3.")
    assert page.table.rowCount() == 3
    document.undo_stack.undo()
    assert len(document.workshop.participants) == 2


def test_add_selected_participants_to_the_advisory_group(qtbot, document):
    from cxworkshop.ui.pages.participants import ParticipantsPage
    page = ParticipantsPage(document)
    qtbot.addWidget(page)
    page.table.selectRow(1)
    assert page.add_selected_to_group() == 1
    assert [(m.name, m.department) for m in document.workshop.members] == [("Bo", "d2")]
    assert page.message.text() == "Added 1 person to the advisory group."
    page.table.selectRow(1)
    assert page.add_selected_to_group() == 0
    assert "Already there: Bo" in page.message.text()


def test_add_selected_members_as_participants(qtbot, document):
    from cxworkshop.model import Add
    from cxworkshop.ui.pages.roster import RosterPage
    document.apply([Add(Member("m1", "Dee", "d1", "Clerk", True, "", None, "dee@example.com"))])
    page = RosterPage(document)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    assert page.add_selected_as_participants() == 1
    dee = document.workshop.participants[-1]
    assert (dee.name, dee.customer_facing, dee.email) == ("Dee", True, "dee@example.com")


def test_the_import_preview_speaks_german(qtbot):
    from cxworkshop import i18n
    from cxworkshop.ui.participants_import import ParticipantsImportDialog
    result = parse_participants_csv(b"name,department,shoe\nAnna,Sales,41\n,Sales,40\n",
                                    Workshop())
    i18n.set_language("de")
    try:
        dialog = ParticipantsImportDialog(result, "leute.csv")
        qtbot.addWidget(dialog)
        headers = [dialog.table.horizontalHeaderItem(c).text()
                   for c in range(dialog.table.columnCount())]
        assert dialog.windowTitle() == "Teilnehmende aus leute.csv importieren"
        assert headers[0] == "Zeile" and headers[-1] == "Problem" and "Abteilung" in headers
        text = dialog.summary.text()
        assert "2 Zeilen" in text and "1 bereit zum Import" in text and "1 mit Problemen" in text
        assert "Nicht verwendete Spalten (ignoriert): “shoe”." in text
        assert "Neue Abteilungen werden angelegt (als Bahnen der Landkarte): Sales." in text
        dialog.only_valid.setChecked(True)
        assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == \
            "1 teilnehmende Person importieren"
    finally:
        i18n.set_language("en")
