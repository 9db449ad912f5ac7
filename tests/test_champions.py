"""Customer Champions: leaderboard order and the call-out page."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from cxworkshop.document import SessionDocument
from cxworkshop.io.json_io import dumps, loads
from cxworkshop.model import Recognition
from cxworkshop.model.champions import LeaderRow, leaderboard
from cxworkshop.store import SessionStore
from cxworkshop.ui.pages.champions import ChampionsPage


def rec(i, nominee, date, nominator="x"):
    return Recognition(f"r{i}", nominee, nominator, "helped", date)


def test_leaderboard_by_count_then_most_recent_then_name():
    recs = [rec(1, "Ana", "2026-05-01"), rec(2, "Bo", "2026-05-03"), rec(3, "Ana", "2026-05-02"),
            rec(4, "Cy", "2026-05-09"), rec(5, "Di", "2026-05-03"), rec(6, "Bo", "2026-04-01"),
            rec(7, "Ed", None), rec(8, "Ab", "2026-05-03")]
    assert leaderboard(recs) == [
        LeaderRow("Bo", 2, "2026-05-03"),  # two call-outs each: Bo's latest is more recent
        LeaderRow("Ana", 2, "2026-05-02"),
        LeaderRow("Cy", 1, "2026-05-09"),
        LeaderRow("Ab", 1, "2026-05-03"),  # same count and date: by name
        LeaderRow("Di", 1, "2026-05-03"),
        LeaderRow("Ed", 1, None)]  # no date comes last


def test_leaderboard_counts_one_person_however_typed_and_skips_blanks():
    recs = [rec(1, "ana lopez", "2026-01-01"), rec(2, " Ana  Lopez ", "2026-02-01"),
            rec(3, "", "2026-03-01"), rec(4, "   ", "2026-03-01")]
    assert leaderboard(recs) == [LeaderRow("Ana Lopez", 2, "2026-02-01")]
    assert leaderboard([]) == []


@pytest.fixture
def page(qtbot, document):
    p = ChampionsPage(document)
    qtbot.addWidget(p)
    p.resize(1060, 760)
    return p


def test_call_out_with_date_defaulting_to_today(page, document):
    page.today = lambda: dt.date(2026, 5, 8)
    page.reset_date()
    assert page.date_edit.date() == QDate(2026, 5, 8)
    page.nominee_combo.setEditText("  Ana ")
    page.nominator_combo.setEditText("Bo")
    page.behaviour_edit.setPlainText("Called a customer back on a Sunday.")
    assert page.add_callout()
    r = document.workshop.recognitions[0]
    assert (r.nominee, r.nominator, r.behaviour, r.date) == \
        ("Ana", "Bo", "Called a customer back on a Sunday.", "2026-05-08")
    assert page.nominee_combo.currentText() == "" and page.behaviour_edit.toPlainText() == ""
    assert page.board.rowCount() == 1 and page.board.item(0, 1).text() == "Ana"
    assert page.count_label.text() == "1 call-out for 1 colleague"
    assert page.nominee_combo.findText("Ana") >= 0  # known names offered next time
    document.undo_stack.undo()
    assert document.workshop.recognitions == [] and page.board.rowCount() == 0


@pytest.mark.parametrize("nominee, behaviour, message", [
    ("", "Helped", "Who is being called out?"),
    ("Ana", "  ", "What did Ana do for a customer?"),
])
def test_call_out_needs_a_nominee_and_a_behaviour(page, document, nominee, behaviour, message):
    page.nominee_combo.setEditText(nominee)
    page.behaviour_edit.setPlainText(behaviour)
    assert not page.add_callout()
    assert message in page.message.text() and page.message.property("error") is True
    assert document.workshop.recognitions == []


def test_leaderboard_on_the_page_shares_places_on_ties(page, document):
    document.add(rec(1, "Ana", "2026-05-01"), rec(2, "Bo", "2026-05-03"),
                 rec(3, "Cy", "2026-05-03"), rec(4, "Ana", "2026-04-01"))
    rows = [[page.board.item(r, c).text() for c in range(4)] for r in range(page.board.rowCount())]
    assert rows == [["1", "Ana", "2", "2026-05-01"], ["2", "Bo", "1", "2026-05-03"],
                    ["2", "Cy", "1", "2026-05-03"]]
    assert page.board.item(0, 1).font().bold()
    # the call-outs list, newest first
    assert [page.table.item(r, 1).text() for r in range(4)] == ["Bo", "Cy", "Ana", "Ana"]


def test_edit_a_call_out_and_refuse_a_bad_date(page, document):
    document.add(rec(1, "Ana", "2026-05-01"))
    page.table.item(0, 0).setText("2026-02-30")
    assert document.get("recognitions", "r1").date == "2026-05-01"
    assert "the date “2026-02-30” is not a date: write it as YYYY-MM-DD" in page.message.text()
    assert page.table.item(0, 0).text() == "2026-05-01"
    page.table.item(0, 0).setText("2026-04-30")
    assert document.get("recognitions", "r1").date == "2026-04-30"
    page.table.item(0, 1).setText("Anna")
    assert document.get("recognitions", "r1").nominee == "Anna"
    page.table.item(0, 1).setText("")
    assert document.get("recognitions", "r1").nominee == "Anna"
    assert "needs a champion" in page.message.text()


def test_delete_call_outs(page, document):
    document.add(rec(1, "Ana", "2026-05-01"), rec(2, "Bo", "2026-05-02"))
    page.table.selectRow(0)
    assert page.delete_selected()
    assert [r.nominee for r in document.workshop.recognitions] == ["Ana"]
    document.undo_stack.undo()
    assert len(document.workshop.recognitions) == 2


def test_call_outs_survive_reopening_and_json(qtbot, session_path):
    doc = SessionDocument.open(session_path)
    page = ChampionsPage(doc)
    qtbot.addWidget(page)
    page.nominee_combo.setEditText("Zoë")
    page.behaviour_edit.setPlainText("Drove the part over ✓")
    page.add_callout()
    doc.close()
    w = SessionStore.read(session_path)
    assert [(r.nominee, r.behaviour) for r in w.recognitions] == \
        [("Zoë", "Drove the part over ✓")]
    assert loads(dumps(w)).recognitions == w.recognitions
    assert leaderboard(w.recognitions)[0].nominee == "Zoë"


def test_delete_key_removes_the_selected_call_out(page, document, qtbot):
    from PySide6.QtCore import Qt

    from cxworkshop.model import Recognition
    document.add(Recognition("r1", "Ana", "Bo", "Stayed late", "2026-05-01"))
    page.show()
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key_Delete)
    assert document.get("recognitions", "r1") is None
    assert page.message.text().startswith("Deleted 1 call-out.")
