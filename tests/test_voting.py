"""Who votes: participants plus advisory members marked present (a session setting),
the budget they make, the refusal when nobody is counted, ties ranked equal."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cxworkshop.io.json_io import dumps, loads
from cxworkshop.model import SESSION, Add, Member, Participant, Process, Update, Workshop, ops
from cxworkshop.model.voting import budget_sentence, ranked, total_budget, voters
from cxworkshop.store import SessionStore, write_session_file


def room(participants: int, present: int, absent: int = 0) -> Workshop:
    w = Workshop()
    w.apply([Add(Participant(f"u{i}", f"P{i}")) for i in range(participants)]
            + [Add(Member(f"m{i}", f"M{i}", present=i < present))
               for i in range(present + absent)]
            + [Add(Process("p1", "Book the appointment", None, 2))])
    return w


@pytest.mark.parametrize("participants, present, absent, counted", [
    (4, 0, 0, 4), (4, 3, 2, 7), (0, 5, 1, 5), (0, 0, 3, 0)])
def test_the_budget_counts_the_people_in_the_room(participants, present, absent, counted):
    w = room(participants, present, absent)
    assert voters(w) == counted
    assert total_budget(w) == 3 * counted
    w.apply([Update(SESSION, None, {"vote_members": False})])
    assert voters(w) == participants    # the session's setting leaves members out


def test_nobody_in_the_room_means_no_votes_and_says_why():
    w = room(0, 0, absent=2)
    with pytest.raises(ops.Refused, match="Nobody votes yet: add participants, or mark"):
        ops.vote(w, "p1")
    w = room(0, 2)
    assert budget_sentence(w) == ("3 per person × 2 people: 0 participants + 2 advisory "
                                  "members present")
    w.apply(ops.vote(w, "p1"))
    assert w.tables["processes"]["p1"].votes == 1


def test_ties_share_their_rank_and_are_never_cut_in_two():
    w = Workshop()
    votes = [5, 5, 4, 3, 3, 3, 1]
    w.apply([Add(Process(f"p{i}", f"P{i}", None, 0, votes=v)) for i, v in enumerate(votes)]
            + [Add(Process("p9", "No votes", None, 0))])
    rows, more = ranked(w, limit=4)
    assert [(r.rank, r.tied, r.process.votes) for r in rows] == [
        (1, True, 5), (1, True, 5), (3, False, 4), (4, True, 3), (4, True, 3), (4, True, 3)]
    assert more == 0
    rows, more = ranked(w, limit=4, most=4)
    assert len(rows) == 4 and more == 2


def test_present_and_the_setting_are_stored_and_interchanged(tmp_path):
    w = room(1, 1)
    w.apply([Update(SESSION, None, {"vote_members": False, "hide_empty_lanes": True})])
    path = tmp_path / "s.cxw"
    write_session_file(path, loads(dumps(w)))
    back = SessionStore.read(path)
    assert back.tables["members"]["m0"].present is True
    assert (back.info.vote_members, back.info.hide_empty_lanes) == (False, True)
    assert dumps(back) == dumps(w)
    text = dumps(w).replace('"vote_members": false', '"vote_members": "no"')
    with pytest.raises(Exception, match="session.vote_members: must be true or false"):
        loads(text)


def test_ticking_present_on_the_advisory_page_gives_the_room_more_votes(qtbot, document):
    from cxworkshop.ui.pages.map import MapPage
    from cxworkshop.ui.pages.roster import FIELDS, RosterPage
    document.add(Member("m1", "Chris", "d1"), Member("m2", "Dee", "d2"))
    roster = RosterPage(document)
    qtbot.addWidget(roster)
    page = MapPage(document)
    qtbot.addWidget(page)
    assert "of 6 votes left (3 per person × 2 participants)" in page.votes_label.text()
    steps = document.undo_stack.count()
    index = roster.proxy.index(0, FIELDS.index("present"))
    assert roster.proxy.setData(index, Qt.Checked, Qt.CheckStateRole)
    assert document.get("members", "m1").present is True
    assert document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText() == "Mark Chris as present"
    assert ("of 9 votes left (3 per person × 3 people: 2 participants + 1 advisory member "
            "present)" in page.votes_label.text())
    assert "1 present" in roster.count_label.text()
    roster.vote_members_check.setChecked(False)   # the session's setting
    assert document.info.vote_members is False
    assert "of 6 votes left" in page.votes_label.text()
    document.undo_stack.undo()
    assert roster.vote_members_check.isChecked() and "of 9 votes" in page.votes_label.text()
