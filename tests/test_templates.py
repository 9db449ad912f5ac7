"""New workshops: today's date and the default agenda, templates, new from previous,
and samples made current on first copy."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from cxworkshop.io import templates as T
from cxworkshop.io.json_io import dumps
from cxworkshop.model.agenda import default_agenda
from cxworkshop.model.templates import (
    as_of_today,
    from_previous,
    new_workshop,
    next_title,
    shift_dates,
)
from cxworkshop.resources import samples_dir
from cxworkshop.store import SessionStore

TODAY = dt.date(2026, 12, 1)
SAMPLE = samples_dir() / "home-services.cxw"


def test_a_new_workshop_is_dated_today_with_the_default_agenda():
    w = new_workshop("Kick-off", TODAY)
    assert (w.info.title, w.info.date) == ("Kick-off", "2026-12-01")
    assert [a.title for a in w.agenda] == [a.title for a in default_agenda()]
    assert w.problems() == []


@pytest.mark.parametrize("title, expected", [
    ("Service review Q2 2026", "Service review Q3 2026"),
    ("Q4 2026 — Billing", "Q1 2027 — Billing"),
    ("Connecting the dots", "Connecting the dots"),
])
def test_next_title_follows_the_series(title, expected):
    assert next_title(title) == expected


def test_new_from_previous_copies_the_structure_not_the_room():
    src = SessionStore.read(SAMPLE)
    w = from_previous(src, TODAY)
    assert w.problems() == []
    assert w.info.date == "2026-12-01" and w.info.stages == src.info.stages
    assert w.info.prompts == src.info.prompts and w.info.notes == ""
    assert [d.name for d in w.departments] == [d.name for d in src.departments]
    assert len(w.processes) == len(src.processes) and len(w.links) == len(src.links)
    assert all(p.votes == 0 for p in w.processes) and any(p.votes for p in src.processes)
    assert all(a.actual_seconds is None for a in w.agenda)
    k1_src, k1 = src.get("metrics", "k1"), w.get("metrics", "k1")
    assert (k1.previous, k1.current, k1.target) == (k1_src.current, None, k1_src.target)
    assert len(w.metric_links) == len(src.metric_links)
    for kind in ("participants", "members", "stories", "notes", "placements", "changes",
                 "recognitions", "actions", "nps", "parking_lot"):
        assert w.tables[kind] == {}, kind


def test_new_from_previous_with_people_and_answers_when_asked():
    src = SessionStore.read(SAMPLE)
    only_answers = from_previous(src, TODAY, answers=True)
    assert only_answers.problems() == []
    assert only_answers.stories == [] and only_answers.placements == []  # they need people
    assert len(only_answers.notes) == len(src.notes)
    assert all(a.person is None for a in only_answers.actions)
    everything = from_previous(src, TODAY, people=True, answers=True)
    assert everything.problems() == []
    assert len(everything.participants) == len(src.participants)
    assert len(everything.stories) == len(src.stories)


def test_sample_dates_move_to_today():
    src = SessionStore.read(SAMPLE)
    ops = as_of_today(src, TODAY)
    src.apply(ops)
    assert src.info.date == "2026-12-01"
    due = sorted(a.due for a in src.actions if a.due and a.status == "open")
    assert due[0] >= "2026-11-20"  # a week or so overdue at most, not half a year
    assert as_of_today(src, TODAY) == []
    assert shift_dates(new_workshop(today=TODAY), 0)[0].fields == {"date": "2026-12-01"}


def test_save_as_template_keeps_only_the_structure(tmp_path):
    src = SessionStore.read(SAMPLE)
    path = T.save_template(src, "Depot / spring", tmp_path, TODAY)
    assert path.name == "Depot spring.json"
    doc = json.loads(path.read_text("utf-8"))
    assert doc["participants"] == [] and doc["stories"] == [] and len(doc["processes"]) == 22
    assert doc["session"]["title"] == src.info.title


def test_available_lists_blank_samples_and_your_own(tmp_path, monkeypatch):
    monkeypatch.setenv("CXWORKSHOP_TEMPLATES", str(tmp_path))
    T.save_template(SessionStore.read(SAMPLE), "Mine", today=TODAY)
    names = [t.name for t in T.available()]
    assert names == ["Blank workshop", "Home services (sample)", "B2B service desk (sample)",
                     "Mine"]
    mine = T.available()[-1].load()
    assert len(mine.processes) == 22


# -- the window ---------------------------------------------------------------------

class _Pick:
    """A TemplateDialog stand-in: picks row ``row`` and the given options."""

    def __init__(self, row, people=False, answers=False):
        self.row, self.people_, self.answers_ = row, people, answers

    def __call__(self, templates, source_name=None, parent=None):
        from cxworkshop.ui.templates import TemplateDialog
        dialog = TemplateDialog(templates, source_name, parent)
        if templates is not None:
            dialog.list.setCurrentRow(self.row)
        dialog.people.setChecked(self.people_)
        dialog.answers.setChecked(self.answers_)
        dialog.exec = lambda: QDialog.Accepted
        return dialog


def test_new_workshop_opens_on_overview_dated_today(main_window, tmp_path, monkeypatch,
                                                      session_path):
    main_window.open_file(session_path)
    main_window.show_page("Export")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "next"), "")))
    main_window.new_session()
    doc = main_window.document
    assert main_window.sidebar.currentRow() == 0 and main_window.pages[0].title == "Overview"
    assert doc.info.date == dt.date.today().isoformat()
    assert len(doc.workshop.agenda) == len(default_agenda())


def test_new_from_a_sample_template(main_window, tmp_path, monkeypatch):
    from cxworkshop.ui.templates import new_from_template
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "depot.cxw"), "")))
    assert new_from_template(main_window, _Pick(1))
    w = main_window.document.workshop
    assert main_window.document.path == tmp_path / "depot.cxw"
    assert len(w.processes) == 22 and w.participants == [] and len(w.metrics) == 12
    assert main_window.sidebar.currentRow() == 0


def test_new_from_previous_with_people(main_window, tmp_path, monkeypatch):
    from cxworkshop.ui.templates import new_from_previous
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(SAMPLE), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "next.cxw"), "")))
    assert new_from_previous(main_window, _Pick(0, people=True))
    w = main_window.document.workshop
    assert len(w.participants) == 12 and w.stories == []
    assert w.info.date == dt.date.today().isoformat()


def test_save_as_template_from_the_menu(main_window, session_path, tmp_path, monkeypatch):
    from cxworkshop.ui.templates import save_as_template
    monkeypatch.setenv("CXWORKSHOP_TEMPLATES", str(tmp_path / "tpl"))
    assert not main_window.act_save_template.isEnabled()
    main_window.open_file(session_path)
    assert main_window.act_save_template.isEnabled()
    assert save_as_template(main_window, "Small one")
    assert (tmp_path / "tpl" / "Small one.json").exists()
    assert "Small one" in main_window.statusBar().currentMessage()
    assert [t.name for t in T.available()][-1] == "Small one"


def test_first_run_sample_is_current(tmp_path, monkeypatch):
    import platformdirs

    from cxworkshop import app
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(tmp_path))
    path = app.first_run_sample()
    w = SessionStore.read(path)
    assert w.info.date == dt.date.today().isoformat()
    assert dumps(w) != dumps(SessionStore.read(SAMPLE))
    assert SessionStore.read(SAMPLE).info.date == "2026-05-08"  # the bundled file is untouched


def test_a_sample_template_with_answers_is_current(main_window, tmp_path, monkeypatch):
    from cxworkshop.ui.templates import new_from_template
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "demo.cxw"), "")))
    assert new_from_template(main_window, _Pick(1, people=True, answers=True))
    w = main_window.document.workshop
    today = dt.date.today()
    assert w.info.date == today.isoformat() and len(w.stories) == 12
    open_due = [a.due for a in w.actions if a.status == "open" and a.due]
    assert min(open_due) >= (today - dt.timedelta(days=10)).isoformat()
