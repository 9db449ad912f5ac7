"""The 5 Hows: questions, completeness, and the page that asks them."""
from __future__ import annotations

import pytest

from cxworkshop.document import SessionDocument
from cxworkshop.io.json_io import dumps, loads
from cxworkshop.model import Change
from cxworkshop.model.changes import FIVE_HOWS, completeness, unanswered
from cxworkshop.store import SessionStore
from cxworkshop.ui.pages.changes import ChangesPage


def test_the_five_questions_in_order():
    assert [(f, q) for f, q, _g in FIVE_HOWS] == [
        ("impact", "How will this change impact my customer?"),
        ("look", "How will it look from my customer's standpoint?"),
        ("response", "How will my customer respond?"),
        ("find_out", "How will my customer find out?"),
        ("feedback", "How will my customer give feedback?"),
    ]
    assert all(len(g) > 20 for _f, _q, g in FIVE_HOWS)


@pytest.mark.parametrize("answers, expected", [
    ({}, 0),
    ({"impact": "Faster"}, 1),
    ({"impact": "  ", "look": "\n\t"}, 0),
    ({"impact": "a", "look": "b", "response": "c"}, 3),
    ({"impact": "a", "look": "b", "response": "c", "find_out": "d", "feedback": "e"}, 5),
    ({"owner": "Ana", "decision": "Go", "title": "x"}, 0),
])
def test_completeness_counts_real_answers(answers, expected):
    change = Change("h1", **answers)
    assert completeness(change) == expected
    assert len(unanswered(change)) == 5 - expected


@pytest.fixture
def page(qtbot, document):
    p = ChangesPage(document)
    qtbot.addWidget(p)
    p.resize(1060, 760)
    p.show()
    return p


def test_empty_page_invites_a_first_change(page):
    assert page.stack.currentIndex() == 0
    assert not page.add_change()
    assert "Type the title of the change first" in page.message.text()


def test_add_and_answer_a_change(page, document):
    page.new_edit.setText("Text the arrival time")
    assert page.add_change()
    change = document.workshop.changes[0]
    assert change.title == "Text the arrival time"
    assert page.stack.currentIndex() == 1 and page.title_edit.text() == change.title
    assert "0/5 answered" in page.mark.text()
    page.edits["impact"].setPlainText("Less waiting at home")
    page.edits["look"].setPlainText("A text with a time window")
    assert "2/5 answered" in page.mark.text()  # live while typing
    assert page.commit()
    change = document.get("changes", change.id)
    assert (change.impact, change.look) == ("Less waiting at home", "A text with a time window")
    assert completeness(change) == 2
    # a new change is not judged until someone picks a risk (#18)
    assert change.risk is None
    assert page.list.item(0).text().splitlines()[1].startswith("2/5 · risk not judged yet")
    page.risk_combo.setCurrentIndex(page.risk_combo.findData("high"))
    page.process_combo.setCurrentIndex(page.process_combo.findData("p2"))
    page.owner_edit.setText("Bo")
    page.decision_edit.setPlainText("Pilot in May")
    assert page.commit()
    change = document.get("changes", change.id)
    assert (change.risk, change.process, change.owner, change.decision) == \
        ("high", "p2", "Bo", "Pilot in May")
    assert page.list.item(0).text().splitlines()[1] == "2/5 · High risk · Quote — Sales"
    # each commit is one undo step; undo puts the form back
    document.undo_stack.undo()
    assert page.risk_combo.currentData() is None and page.owner_edit.text() == ""
    assert page.edits["impact"].toPlainText() == "Less waiting at home"
    document.undo_stack.undo()
    assert page.edits["impact"].toPlainText() == "" and "0/5 answered" in page.mark.text()


def test_questions_show_which_are_answered(page, document):
    document.add(Change("h1", "Change", impact="yes"))
    page.select_change("h1")
    assert page.questions["impact"].text().startswith("<span style='color:#2e7d32'>✓</span> 1. ")
    assert "○</span> 2. How will it look" in page.questions["look"].text()


def test_empty_title_is_refused(page, document):
    document.add(Change("h1", "Keep me"))
    page.select_change("h1")
    page.title_edit.setText("   ")
    page.commit()
    assert document.get("changes", "h1").title == "Keep me"
    assert page.title_edit.text() == "Keep me"
    assert "A change needs a title" in page.message.text()


def test_switching_changes_keeps_what_was_typed_with_its_change(page, document):
    document.add(Change("h1", "One"), Change("h2", "Two"))
    page.select_change("h1")
    page.edits["feedback"].setPlainText("A survey")
    page.select_change("h2")
    assert document.get("changes", "h1").feedback == "A survey"
    assert document.get("changes", "h2").feedback == ""
    assert page.edits["feedback"].toPlainText() == ""


def test_process_on_the_map_deleted_leaves_the_change(page, document):
    document.add(Change("h1", "One", process="p3"))
    page.select_change("h1")
    assert page.process_combo.currentData() == "p3"
    document.remove([("processes", "p3")])
    assert document.get("changes", "h1").process is None
    assert page.process_combo.currentData() is None
    assert page.process_combo.findData("p3") == -1


def test_delete_and_undo(page, document):
    document.add(Change("h1", "One"))
    page.select_change("h1")
    assert page.delete_current()
    assert page.stack.currentIndex() == 0
    document.undo_stack.undo()
    assert page.list.count() == 1 and page.current_id == "h1"


def test_changes_survive_reopening_and_json(qtbot, session_path):
    doc = SessionDocument.open(session_path)
    page = ChangesPage(doc)
    qtbot.addWidget(page)
    page.new_edit.setText("Invoice after sign-off")
    page.add_change()
    for field, _q, _g in FIVE_HOWS:
        page.edits[field].setPlainText(f"{field} — ünïcode ✓")
    page.process_combo.setCurrentIndex(page.process_combo.findData("p3"))
    page.commit()
    doc.close()
    w = SessionStore.read(session_path)
    change = w.changes[0]
    assert completeness(change) == 5 and change.process == "p3"
    assert change.find_out == "find_out — ünïcode ✓"
    assert loads(dumps(w)).changes == w.changes
