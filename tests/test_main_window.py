"""The app shell: opening sessions, the overview page, undo/redo, menus, errors."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cxworkshop.model import SESSION
from cxworkshop.resources import samples_dir
from cxworkshop.store import SessionStore
from cxworkshop.ui.pages.overview import OverviewPage


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "home-services.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    return path


def test_opens_a_sample_and_shows_its_title(main_window, sample):
    assert main_window.open_file(sample)
    title = "Connecting the dots — Brightway Home Services"
    assert main_window.windowTitle() == f"{title} — home-services.cxw — cxworkshop"
    page = main_window.page(OverviewPage)
    assert page.edits["title"].text() == title
    assert page.edits["organization"].text() == "Brightway Home Services"
    assert page.stage_edits[4].text() == "Ongoing service"
    assert main_window.sidebar.item(0).text() == "Overview"
    assert "22 processes" in page.counts.text()


def test_overview_edit_undo_redo_and_reopen(main_window, sample, qtbot):
    main_window.open_file(sample)
    doc = main_window.document
    page = main_window.page(OverviewPage)
    seen = []
    doc.info_changed.connect(lambda fields: seen.append(fields))

    page.edits["location"].setText("Harrogate, Old Swan Hotel")
    page.edits["location"].editingFinished.emit()
    assert doc.info.location == "Harrogate, Old Swan Hotel"
    assert main_window.act_undo.text() == "&Undo Edit session location"

    main_window.act_undo.trigger()
    assert doc.info.location == "Leeds depot, training room 2"
    assert page.edits["location"].text() == "Leeds depot, training room 2"
    main_window.act_redo.trigger()
    assert page.edits["location"].text() == "Harrogate, Old Swan Hotel"
    assert seen == [("location",)] * 3

    page.stage_edits[0].setText("Spotting a need")
    page.stage_edits[0].editingFinished.emit()
    page.edits["title"].setText("Renamed workshop")
    page.edits["title"].editingFinished.emit()
    assert main_window.windowTitle().startswith("Renamed workshop — ")

    main_window.close_document()
    info = SessionStore.read(sample).info
    assert info.location == "Harrogate, Old Swan Hotel"
    assert info.stages[0] == "Spotting a need"
    assert info.title == "Renamed workshop"
    main_window.open_file(sample)
    assert main_window.page(OverviewPage).edits["location"].text() == "Harrogate, Old Swan Hotel"


def test_bad_date_is_explained_and_not_saved(main_window, sample):
    main_window.open_file(sample)
    page = main_window.page(OverviewPage)
    page.edits["date"].setText("next Tuesday")
    page.edits["date"].editingFinished.emit()
    assert not page.date_error.isHidden()
    assert "“next Tuesday” is not a date" in page.date_error.text()
    assert main_window.document.info.date == "2026-05-08"
    page.edits["date"].setText("2026-06-01")
    page.edits["date"].editingFinished.emit()
    assert page.date_error.isHidden()
    assert main_window.document.info.date == "2026-06-01"


def test_unchanged_field_makes_no_undo_step(main_window, sample):
    main_window.open_file(sample)
    page = main_window.page(OverviewPage)
    page.edits["facilitator"].editingFinished.emit()
    assert main_window.document.undo_stack.count() == 0


def test_notes_commit_on_focus_out(main_window, sample, qtbot):
    main_window.open_file(sample)
    page = main_window.page(OverviewPage)
    page.notes.setPlainText("Bring more dots")
    page.notes.focusOutEvent(__import__("PySide6.QtGui", fromlist=["QFocusEvent"]).QFocusEvent(
        __import__("PySide6.QtCore", fromlist=["QEvent"]).QEvent.FocusOut))
    assert main_window.document.info.notes == "Bring more dots"


def test_damaged_file_shows_a_dialog_and_keeps_current(main_window, sample, tmp_path):
    main_window.open_file(sample)
    bad = tmp_path / "bad.cxw"
    bad.write_bytes(b"not a database at all")
    assert not main_window.open_file(bad)
    assert main_window.errors == ["bad.cxw is not a cxworkshop session file"]
    assert main_window.document.path == sample
    assert bad.read_bytes() == b"not a database at all"


def test_file_open_elsewhere_offers_read_only(main_window, sample, monkeypatch):
    other = SessionStore.open(sample)  # "another instance"
    try:
        asked = []
        monkeypatch.setattr(QMessageBox, "question",
                            staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes))
        assert main_window.open_file(sample)
        assert "already open in another cxworkshop window" in asked[0]
        assert main_window.document.read_only
        assert main_window.windowTitle().endswith("[read-only] — cxworkshop")
        page = main_window.page(OverviewPage)
        assert page.edits["title"].isReadOnly()
        assert not main_window.document.update(SESSION, None, title="Sneaky")
        assert "read-only" in main_window.errors[-1]
    finally:
        main_window.close_document()
        other.close()


def test_new_and_save_a_copy(main_window, tmp_path, monkeypatch):
    target = tmp_path / "kick-off"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    main_window.new_session()
    assert main_window.document.path == tmp_path / "kick-off.cxw"
    assert main_window.document.info.title == "kick off"
    main_window.document.update(SESSION, None, organization="Acme")
    copy = tmp_path / "backup.cxw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(copy), "")))
    main_window.save_copy_dialog()
    assert SessionStore.read(copy).info.organization == "Acme"
    assert main_window.recent_files()[0].endswith("kick-off.cxw")


def test_close_shows_empty_state_and_frees_the_file(main_window, sample):
    main_window.open_file(sample)
    main_window.close_document()
    assert main_window.document is None
    assert main_window.stack.currentWidget() is main_window.empty
    assert main_window.windowTitle() == "cxworkshop"
    SessionStore.open(sample).close()  # no lock left


def test_commit_failure_is_reported_and_not_shown_as_done(main_window, sample):
    main_window.open_file(sample)
    doc = main_window.document
    doc.store.conn.execute("PRAGMA query_only = ON")  # every write now fails
    page = main_window.page(OverviewPage)
    page.edits["title"].setText("Will not stick")
    page.edits["title"].editingFinished.emit()
    assert "Could not save the change" in main_window.errors[-1]
    assert doc.info.title == "Connecting the dots — Brightway Home Services"
    assert doc.undo_stack.count() == 0


def test_first_run_copies_a_sample_the_user_can_edit(tmp_path, monkeypatch):
    import platformdirs

    from cxworkshop.app import first_run_sample
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(tmp_path))
    path = first_run_sample()
    assert path == tmp_path / "cxworkshop" / "Sample - home-services.cxw"
    assert SessionStore.read(path).info.organization == "Brightway Home Services"
    with SessionStore.open(path) as s:  # writable, not the bundled original
        s.apply([__import__("cxworkshop.model", fromlist=["Update"]).Update(
            SESSION, None, {"title": "Mine now"})])
    assert first_run_sample() == path  # a second run keeps the user's copy
    assert SessionStore.read(path).info.title == "Mine now"


def test_departments_editor_adds_renames_recolours_reorders_deletes(main_window, sample):
    main_window.open_file(sample)
    doc = main_window.document
    editor = main_window.page(OverviewPage).departments
    names = lambda: [d.name for d in doc.all("departments")]  # noqa: E731
    assert editor.list.count() == 8 and editor.list.item(0).text() == "Customer Care"

    did = editor.add_department()
    assert names()[-1] == "Department 9"
    item = editor.list.item(editor.list.count() - 1)
    item.setText("Facilities")  # as typed in place
    assert names()[-1] == "Facilities"
    item = editor.list.item(editor.list.count() - 1)
    item.setText("Sales")
    assert "already a department called “Sales”" in editor.status.text()
    assert names()[-1] == "Facilities"

    editor.set_color(did, "#123456")
    assert doc.get("departments", did).color == "#123456"

    editor.list.setCurrentRow(8)
    editor.move(-1)
    assert names()[7:] == ["Facilities", "People & Training"]
    editor.list.setCurrentRow(0)
    editor.move(+1)
    assert names()[:2] == ["Sales", "Customer Care"]
    main_window.undo()
    assert names()[:2] == ["Customer Care", "Sales"]

    editor.list.setCurrentRow(2)  # Dispatch: has processes and people
    editor.delete()
    assert "Dispatch" not in names()
    assert "now Unassigned" in editor.status.text()
    assert all(p.department != "d-dispatch" for p in doc.all("processes"))
    main_window.undo()
    assert names()[2] == "Dispatch"
    assert doc.get("processes", "p-schedule").department == "d-dispatch"

    main_window.close_document()
    reopened = SessionStore.read(sample)
    assert [d.name for d in reopened.departments][7:] == ["Facilities", "People & Training"]


def test_write_protected_file_offers_read_only(main_window, sample, monkeypatch):
    import os
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if mode == os.W_OK
                        else real_access(p, mode, *a, **k))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes))
    assert main_window.open_file(sample)
    assert "home-services.cxw is read-only" in asked[0]
    assert main_window.document.read_only
    assert sorted(p.name for p in sample.parent.iterdir()) == ["home-services.cxw"]


def test_a_failed_save_puts_other_pages_back(main_window, sample):
    from cxworkshop.ui.pages.participants import ParticipantsPage
    main_window.open_file(sample)
    doc = main_window.document
    page = main_window.page(ParticipantsPage)
    doc.store.conn.execute("PRAGMA query_only = ON")
    cell = page.table.item(0, 0)
    assert cell.text() == "Priya Shah"
    cell.setText("Nobody")  # typed in place; the save fails
    assert "Could not save the change" in main_window.errors[-1]
    assert doc.get("participants", "u-priya").name == "Priya Shah"
    assert page.table.item(0, 0).text() == "Priya Shah"


def test_go_menu_jumps_to_steps_and_geometry_is_remembered(main_window, sample, settings):
    main_window.open_file(sample)
    actions = main_window.go_menu.actions()
    assert [a.text() for a in actions[:3]] == ["Overview", "Participants", "Last customer"]
    assert actions[2].shortcut().toString() == "Ctrl+3"
    actions[2].trigger()
    assert main_window.stack.currentWidget() is main_window.pages[2]
    main_window.resize(640, 480)  # inside the offscreen screen (800×600)
    main_window.close()
    from cxworkshop.ui.main_window import MainWindow
    again = MainWindow(settings)
    assert (again.width(), again.height()) == (640, 480)
    again.deleteLater()


def test_import_and_export_json_from_the_file_menu(main_window, sample, tmp_path, monkeypatch):
    source = samples_dir() / "service-desk.json"
    dest = tmp_path / "imported.cxw"
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(source), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(dest), "")))
    main_window.act_import_json.trigger()
    assert main_window.document.path == dest
    assert main_window.document.info.organization == "Northwind Managed IT"
    out = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    main_window.act_export_json.trigger()
    assert out.read_bytes() == source.read_bytes()


def test_bad_json_lists_its_problems_and_writes_nothing(main_window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cxworkshop-session", "version": 1, '
                   '"processes": [{"id": "p1", "name": "A", "stage": 9}], "colour": 1}')
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(bad), "")))
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: asked.append(1) or ("", "")))
    main_window.act_import_json.trigger()
    assert asked == []  # refused before asking where to save
    message = main_window.errors[-1]
    assert "nothing was written" in message and "2 problems" in message
    assert "processes[0].stage: 9 is out of range" in message and "colour: unknown key" in message
    assert [p.name for p in tmp_path.iterdir() if p.name != "settings.ini"] == ["bad.json"]


def test_import_never_replaces_a_workshop_open_elsewhere(main_window, sample, monkeypatch):
    other = SessionStore.open(sample)
    try:
        before = sample.read_bytes()
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(
            lambda *a, **k: (str(samples_dir() / "service-desk.json"), "")))
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, **k: (str(sample), "")))
        main_window.act_import_json.trigger()
        assert "already open in another cxworkshop window" in main_window.errors[-1]
        assert sample.read_bytes() == before
    finally:
        other.close()


def test_first_frame_says_no_workshop_is_open_or_shows_the_workshop(
        main_window, sample, qtbot, qapp):
    """Nothing open: the first frame shows "No workshop open". A workshop opened before
    the first frame: its page is shown and the empty page is never built (its rich text
    was a twentieth of start-up). The app-wide filters come once the frame is painted."""
    from PySide6.QtWidgets import QLabel

    from cxworkshop.ui.main_window import MainWindow
    main_window.show()
    qtbot.waitUntil(lambda: main_window.painted)
    assert main_window.stack.currentWidget() is main_window.empty
    assert "No workshop open" in main_window.empty.findChild(QLabel).text()

    other = MainWindow(main_window.settings)
    qtbot.addWidget(other)
    painted = []
    other.first_painted.connect(lambda: painted.append(other.document is not None))
    other.show()
    assert other.open_file(sample)
    qtbot.waitUntil(lambda: painted == [True])
    assert other._empty is None
    assert isinstance(other.stack.currentWidget(), OverviewPage)
    # the screen-reader names and the clicker keys come just after that first frame
    qtbot.waitUntil(lambda: other.room_menu._listening)
    assert qapp._accessible_namer is not None
