"""Pages refresh only while shown, and only what changed."""
from __future__ import annotations

import datetime as dt

from cxworkshop.model import Action, ops
from cxworkshop.model.connect import reaching_processes


def _table_names(page) -> list[str]:
    return [page.table.item(r, 0).text() for r in range(page.table.rowCount())]


def test_a_hidden_page_catches_up_when_shown(main_window, session_path):
    win = main_window
    assert win.open_file(session_path)
    win.show_page("Overview")
    people = win.page("Participants")
    calls = []
    original = people.refresh
    people.refresh = lambda: (calls.append(1), original())[1]
    people._follow = [(people.refresh, kinds, info) for _r, kinds, info in people._follow]
    doc = win.document
    doc.do(ops.rename(doc.workshop, "participants", "u1", "Anna"))
    doc.do(ops.rename(doc.workshop, "participants", "u1", "Annie"))
    assert calls == [] and _table_names(people) == ["Ana", "Bo"]   # hidden: only marked stale
    win.show_page("Participants")
    assert calls == [1] and _table_names(people) == ["Annie", "Bo"]
    doc.do(ops.rename(doc.workshop, "participants", "u2", "Bob"))   # shown: at once
    assert calls == [1, 1] and _table_names(people) == ["Annie", "Bob"]
    doc.do(ops.rename(doc.workshop, "processes", "p1", "Enquiry"))  # not its business
    assert calls == [1, 1]


def test_a_failed_commit_refreshes_the_shown_page(main_window, session_path):
    win = main_window
    assert win.open_file(session_path)
    people = win.show_page("Participants")
    people.table.blockSignals(True)
    people.table.item(0, 0).setText("Typed but not saved")
    people.table.blockSignals(False)
    win.document.changed.emit()  # what the document sends after a failed commit
    assert _table_names(people) == ["Ana", "Bo"]


def test_reachability_is_kept_until_the_graph_or_the_moments_change(document):
    w = document.workshop
    first = reaching_processes(w)
    assert first == {"p1", "p2", "p3", "p4"}
    document.do(ops.rename(w, "processes", "p3", "Send invoice"))
    document.do(ops.place_person(w, "u1", "p2"))
    assert reaching_processes(w) is first            # nothing recomputed
    document.do(ops.remove(w, [("links", "l2")]))
    assert reaching_processes(w) == {"p1", "p2"}      # p3 → p4 has no moment of truth
    document.do(ops.edit(w, "processes", "p4", moment_of_truth=True))
    assert reaching_processes(w) == {"p1", "p2", "p3", "p4"}


def test_the_graph_is_built_once_per_change(document):
    w = document.workshop
    graph = w.graph()
    document.do(ops.rename(w, "processes", "p1", "Enquiry"))
    assert w.graph() is graph
    document.do(ops.add_link(w, "p1", "p4"))
    assert w.graph() is not graph and "p4" in w.graph().down["p1"]


def test_actions_ask_the_date_once_not_per_cell(qtbot, document):
    from cxworkshop.ui.pages.actions import ActionsPage
    document.add(*[Action(f"a{i}", f"Action {i}", "Ana", "2020-01-01") for i in range(30)])
    page = ActionsPage(document)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    asked = []
    page.today = lambda: (asked.append(1), dt.date(2026, 5, 8))[1]
    asked.clear()
    page.grab()  # paints every visible cell
    document.do(ops.edit(document.workshop, "actions", "a3", text="Renamed"))
    page.grab()
    assert len(asked) <= 2
    assert page.model.data(page.model.index(3, 5)) == "Overdue by 2319 days"


def test_page_titles_in_the_list_match_the_pages():
    from cxworkshop.ui.pages import page_specs
    for spec in page_specs():
        assert spec.load().title == spec.title


def test_opening_builds_the_shown_page_first_and_the_rest_soon(main_window, session_path,
                                                               qtbot):
    win = main_window
    assert win.open_file(session_path)
    assert [p is not None for p in win._pages].count(True) == 1   # the Overview
    assert win.sidebar.count() == len(win._pages)
    qtbot.waitUntil(lambda: all(p is not None for p in win._pages), timeout=20000)
    assert [p.title for p in win.pages][:2] == ["Overview", "Participants"]
