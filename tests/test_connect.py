"""Connect the dots: the conversation-starter lists for a known graph."""
from __future__ import annotations

from PySide6.QtCore import Qt

from cxworkshop.model import Add, Link, Participant, Placement, Process, Workshop
from cxworkshop.model.connect import (
    person_chain,
    reached_moments,
    touched_processes,
    unconnected_people,
    unplaced_people,
    untouched_moments,
)


def graph_room() -> Workshop:
    """a -> b -> M1 (moment);  c -> d (no moment);  M2 alone;  e -> M3 -> f.

    Ana on a, Bo on d, Cy on f, Di on c and a, Ed unplaced."""
    w = Workshop()
    procs = [Process("a", "A"), Process("b", "B"), Process("m1", "M1", moment_of_truth=True),
             Process("c", "C"), Process("d", "D"), Process("m2", "M2", moment_of_truth=True),
             Process("e", "E"), Process("m3", "M3", moment_of_truth=True), Process("f", "F")]
    links = [Link("l1", "a", "b"), Link("l2", "b", "m1"), Link("l3", "c", "d"),
             Link("l4", "e", "m3"), Link("l5", "m3", "f")]
    people = [Participant(f"u{i}", n) for i, n in enumerate(["Ana", "Bo", "Cy", "Di", "Ed"])]
    places = [Placement("c1", "u0", "a"), Placement("c2", "u1", "d"), Placement("c3", "u2", "f"),
              Placement("c4", "u3", "c"), Placement("c5", "u3", "a")]
    w.apply([Add(e) for e in (*procs, *links, *people, *places)])
    return w


def names(items):
    return [i.name for i in items]


def test_unplaced_and_unconnected_people():
    w = graph_room()
    assert names(unplaced_people(w)) == ["Ed"]
    # Di is on c (dead end) but also on a, which reaches M1: connected.
    assert names(unconnected_people(w)) == ["Bo"]


def test_untouched_moments_upstream_and_downstream_count():
    w = graph_room()
    # M1 touched from upstream (a), M3 from downstream (f); M2 by nobody.
    assert names(untouched_moments(w)) == ["M2"]
    assert touched_processes(w) == {"a", "b", "m1", "c", "d", "f", "m3", "e"}
    w.apply([Add(Placement("c6", "u4", "m2"))])
    assert untouched_moments(w) == []
    assert unplaced_people(w) == []


def test_no_moments_at_all_leaves_everyone_placed_unconnected():
    w = Workshop()
    w.apply([Add(Process("a", "A")), Add(Participant("u", "Ana")),
             Add(Placement("c", "u", "a"))])
    assert names(unconnected_people(w)) == ["Ana"]
    assert untouched_moments(w) == []


def test_person_chain_lights_up_and_downstream():
    w = graph_room()
    assert person_chain(w, "u0") == {"a", "b", "m1"}
    assert person_chain(w, "u2") == {"e", "m3", "f"}
    assert person_chain(w, "u4") == set()
    assert names(reached_moments(w, "u3")) == ["M1"]


def test_cycles_do_not_hang():
    w = graph_room()
    w.apply([Add(Link("l6", "d", "c"))])
    assert names(unconnected_people(w)) == ["Bo"]


# -- the Connect the dots page --------------------------------------------------------

def test_connect_page_places_people_and_lights_up(qtbot, document, session_path):
    from cxworkshop.store import SessionStore
    from cxworkshop.ui.pages.connect import ConnectPage
    from cxworkshop.ui.presenter import room_for
    page = ConnectPage(document)
    qtbot.addWidget(page)
    page.show()
    assert [page.unplaced.item(i).text() for i in range(page.unplaced.count())] == ["Ana", "Bo"]
    page.people.setCurrentRow(1)  # Bo
    page._person_picked()  # as a click on the list: the room sees the chain once picked
    page.process_combo.setCurrentIndex(page.process_combo.findData("p4"))
    page.process_combo.activated.emit(page.process_combo.currentIndex())
    page.statement.setText("I make sure the money arrives")
    page.statement.editingFinished.emit()
    stored = SessionStore.read(session_path).placements
    assert [(p.participant, p.process, p.statement) for p in stored] == \
        [("u2", "p4", "I make sure the money arrives")]
    assert room_for(document).focus == {"p4"}
    assert "Take enquiry" in page.chain_label.text()  # p4 is downstream of the moment p1
    if page.scene is not None:
        assert page.scene.focused == {"p4"}
    assert "Bo — Collect payment" in page.people.item(1).text()
    assert page.untouched.item(0).flags() == Qt.NoItemFlags  # "every moment is touched"


def test_connect_page_unconnected_person_listed(qtbot, document):
    from cxworkshop.model import Process
    from cxworkshop.ui.pages.connect import ConnectPage
    document.add(Process("p9", "Clean the office", "d2", 2))
    page = ConnectPage(document)
    qtbot.addWidget(page)
    page.people.setCurrentRow(0)
    assert page.place("p9")
    assert page.unconnected.item(0).text() == "Ana"
    assert page.people.item(0).text().startswith("⚠")
    assert "No path" in page.chain_label.text()
    page.unplace()
    assert page.unconnected.item(0).flags() == Qt.NoItemFlags
