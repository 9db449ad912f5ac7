"""The Follow-up page: the parking lot (and its room view) and go-and-see visits."""
from __future__ import annotations

import pytest

from cxworkshop.model import ParkingItem, Participant, Story


@pytest.fixture
def page(qtbot, document):
    from cxworkshop.ui.pages.followup import FollowUpPage
    p = FollowUpPage(document)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    return p


def test_park_a_question_with_an_owner_then_answer_it(page, document, qtbot):
    page.park_text.setText("Who owns the website?")
    page.park_owner.setText("Ana")
    assert page.add_parking()
    item = document.workshop.parking_lot[0]
    assert (item.text, item.kind, item.owner, item.status) == ("Who owns the website?",
                                                               "question", "Ana", "open")
    assert page.park_owner.text() == "" and page.park_text.text() == ""
    view = page.show_room_view()
    qtbot.addWidget(view)
    assert view.heading.text() == "Parking lot · 1 open"
    assert "Who owns the website?" in view.body.text() and "Ana" in view.body.text()
    page.park_table.selectRow(0)
    assert page.set_status("answered")
    assert document.workshop.parking_lot[0].status == "answered"
    assert view.heading.text() == "Parking lot · 0 open" and "(answered)" in view.body.text()
    assert page.park_model.data(page.park_model.index(0, 3)) == "Answered"
    document.undo_stack.undo()
    assert document.workshop.parking_lot[0].status == "open"


def test_an_empty_parking_item_is_refused(page, document):
    assert not page.add_parking()
    assert page.message.text() == "Type the question or idea first."
    document.add(ParkingItem("pk1", "Idea"))
    index = page.park_model.index(0, 0)
    assert not page.park_model.setData(index, "  ")
    assert document.get("parking_lot", "pk1").text == "Idea"


def test_plan_a_go_and_see_for_someone_who_never_met_a_customer(page, document):
    # u1 Ana (Sales), u2 Bo (Billing) are not customer-facing and told no story
    document.add(Participant("u3", "Cy", "d1", customer_facing=True))
    document.add(Story("s1", "u1", recency="this_week", contact="direct"))
    page.refresh()
    rows = [page.unmet_table.item(r, 0).text() for r in range(page.unmet_table.rowCount())]
    assert rows == ["Bo"]  # Ana told of a direct customer this week
    assert page.unmet_table.item(0, 2).text() == "none yet"
    page.unmet_table.selectRow(0)
    assert page.gs_person.currentData() == "u2"
    page.gs_host.setCurrentIndex(page.gs_host.findData("u3"))
    page.gs_process.setCurrentIndex(page.gs_process.findData("p1"))
    page.gs_date.setText("2026-13-01")
    assert not page.add_go_and_see()
    assert "is not a date" in page.message.text()
    page.gs_date.setText("2026-06-01")
    assert page.add_go_and_see()
    a = document.workshop.actions[-1]
    assert (a.kind, a.person, a.host, a.process, a.due, a.owner, a.text) == (
        "go_and_see", "u2", "u3", "p1", "2026-06-01", "Bo", "Go and see: Take enquiry")
    assert page.unmet_table.item(0, 2).text() == "2026-06-01"
    assert page.gs_table.item(0, 0).text() == "Bo" and page.gs_table.item(0, 2).text() == "Cy"
    page.gs_table.selectRow(0)
    assert page.mark_visits_done()
    assert document.workshop.actions[-1].status == "done"


def test_a_go_and_see_is_marked_on_the_actions_page(qtbot, document):
    from cxworkshop.model import Action
    from cxworkshop.ui.pages.actions import ActionsPage
    document.add(Action("a1", "Ride along for a morning", "Bo", kind="go_and_see", person="u2"))
    document.add(Action("a2", "Go and see: Quote", "Bo", kind="go_and_see", person="u2"))
    page = ActionsPage(document)
    qtbot.addWidget(page)
    texts = {page.model.data(page.model.index(r, 1)) for r in range(page.model.rowCount())}
    assert texts == {"Go and see: Ride along for a morning", "Go and see: Quote"}
