"""Last customer page: prompt cards, one-key recency, dates, prompts, statistics, reveal."""
from __future__ import annotations

from PySide6.QtCore import Qt

from cxworkshop.model import SESSION
from cxworkshop.model.agenda import default_prompts
from cxworkshop.store import SessionStore
from cxworkshop.ui.pages.stories import StoriesPage
from cxworkshop.ui.presenter import ANSWERS, PROMPT, STATS, room_for


def make_page(qtbot, document):
    page = StoriesPage(document)
    qtbot.addWidget(page)
    page.show()
    return page


def test_recency_outcome_contact_with_one_key(qtbot, document, session_path):
    page = make_page(qtbot, document)
    page.people.setCurrentRow(0)
    page.people.setFocus()
    qtbot.keyClick(page.people, Qt.Key_3)
    story = page.current_story()
    assert story.participant == "u1" and story.recency == "this_month"
    qtbot.keyClick(page.people, Qt.Key_7)
    qtbot.keyClick(page.people, Qt.Key_K)
    qtbot.keyClick(page.people, Qt.Key_I)
    story = page.current_story()
    assert (story.recency, story.outcome, story.contact) == ("cant_remember", "unknown",
                                                             "indirect")
    assert page.recency_buttons["cant_remember"].isChecked()
    assert page.outcome_buttons["unknown"].isChecked()
    assert "Ana — Can't remember" in page.people.item(0).text()
    stored = SessionStore.read(session_path).stories
    assert [(s.participant, s.recency, s.outcome) for s in stored] == \
        [("u1", "cant_remember", "unknown")]
    # next person with the arrow key, then one key again
    qtbot.keyClick(page.people, Qt.Key_Down)
    qtbot.keyClick(page.people, Qt.Key_1)
    assert page.current_story().participant == "u2"
    assert page.current_story().recency == "today"


def test_card_fields_and_date_sets_recency(qtbot, document):
    document.update(SESSION, None, date="2026-05-08")
    page = make_page(qtbot, document)
    page.people.setCurrentRow(1)
    page.edits["customer"].setText("Mrs Bell")
    page.edits["customer"].editingFinished.emit()
    page.edits["quote"].setText("Thank you")
    page.edits["quote"].editingFinished.emit()
    page.date_edit.setText("2026-04-20")
    page.date_edit.editingFinished.emit()
    s = page.current_story()
    assert (s.customer, s.quote, s.when, s.recency) == ("Mrs Bell", "Thank you",
                                                        "2026-04-20", "this_month")
    page.date_edit.setText("20/04/2026")
    page.date_edit.editingFinished.emit()
    assert "“20/04/2026” is not a date" in page.date_error.text()
    assert page.current_story().when == "2026-04-20"
    page.set_recency("over_a_year")  # contradicts the date: the date goes
    assert (page.current_story().recency, page.current_story().when) == ("over_a_year", None)
    page.clear_answer()
    assert page.current_story() is None and page.edits["customer"].text() == ""


def test_prompts_editable_per_session_and_reset(qtbot, document):
    page = make_page(qtbot, document)
    page.prompt_edits[2].setText("What did they need?")
    page.prompt_edits[2].editingFinished.emit()
    assert document.info.prompts[2] == "What did they need?"
    assert page.q_labels[2].text() == "3. What did they need?"
    page.reset_prompts()
    assert document.info.prompts == default_prompts()


def test_statistics_tab_shows_sentences_and_charts(qtbot, document):
    page = make_page(qtbot, document)
    page.people.setCurrentRow(0)
    page.set_recency("over_a_year")
    page.set_field(outcome="unknown")
    text = page.sentences.text()
    assert "2 of 2 can't name a customer they served this quarter." in text
    assert "1 doesn't know how it ended." in text
    assert dict(page.charts[0].rows)["Over a year ago"] == 1
    assert dict(page.charts[1].rows)["Don't know"] == 1
    page.tabs.setCurrentIndex(1)
    assert room_for(document).view == STATS
    page.tabs.setCurrentIndex(0)
    assert room_for(document).view == PROMPT


def test_reveal_hides_and_shows(qtbot, document):
    page = make_page(qtbot, document)
    room = room_for(document)
    for row, key in ((0, "today"), (1, "this_year")):
        page.people.setCurrentRow(row)
        page.set_recency(key)
    assert room.hidden() == ["u1", "u2"]
    assert "0 of 2 answers revealed" in page.reveal_label.text()
    page.view_buttons[ANSWERS].click()
    assert room.view == ANSWERS
    assert room.reveal_next() == "u1"
    assert room.is_revealed("u1") and not room.is_revealed("u2")
    assert page.people.item(0).text().startswith("●")
    assert page.people.item(1).text().startswith("✓")
    room.advance()  # the clicker's "next" reveals while answers are hidden
    assert room.hidden() == []
    room.hide_all()
    assert room.hidden() == ["u1", "u2"] and "0 of 2" in page.reveal_label.text()
    room.reveal_all()
    assert room.revealed == ["u1", "u2"]
    page.people.setCurrentRow(0)
    page.clear_answer()  # a cleared answer leaves the projector too
    assert room.revealed == ["u2"]
