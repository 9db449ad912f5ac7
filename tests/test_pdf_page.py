"""The Export page: choose outputs, paper and anonymizing; progress; open the folder."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices

from cxworkshop.model import Recognition, Story
from cxworkshop.ui.pages import export as export_page
from cxworkshop.ui.pages.export import ExportPage


@pytest.fixture
def page(main_window, session_path):
    assert main_window.open_file(session_path)
    page = main_window.show_page(ExportPage)
    yield page
    page.wait()


def text_of(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def finish(qtbot, page):
    qtbot.waitUntil(lambda: not page.running() and page.export_button.isEnabled(),
                    timeout=30000)


def test_export_page_is_last_in_the_sidebar(main_window, session_path):
    main_window.open_file(session_path)
    assert main_window.sidebar.item(main_window.sidebar.count() - 1).text() == "Export"


def test_defaults_sit_beside_the_session_and_follow_the_data(page, session_path):
    assert page.report_row.edit.text() == str(session_path.parent / "workshop report.pdf")
    assert page.handouts_row.edit.text() == str(session_path.parent / "workshop handouts")
    assert page.handouts_row.note.text().startswith("2 participants")
    assert not page.postcards_row.check.isEnabled()
    assert page.postcards_row.note.text() == "No Customer Champion call-outs yet."
    page.document.add(Recognition("r1", "Ana", "Bo", "Called the customer back", "2026-05-01"))
    assert page.postcards_row.check.isEnabled()
    assert page.postcards_row.note.text().startswith("1 call-out on 1 page")


def test_export_writes_files_shows_progress_and_opens_the_folder(qtbot, page, tmp_path,
                                                                  monkeypatch):
    page.document.add(Recognition("r1", "Ana", "Bo", "Called the customer back", "2026-05-01"))
    out = tmp_path / "out"
    out.mkdir()
    page.report_row.edit.setText(str(out / "report.pdf"))
    page.handouts_row.edit.setText(str(out / "hand"))
    page.postcards_row.check.setChecked(True)
    page.postcards_row.edit.setText(str(out / "cards.pdf"))
    page.letter.setChecked(True)
    seen = []
    assert page.start()
    page.thread.progressed.connect(lambda d, t, w: seen.append(w))
    assert not page.export_button.isEnabled() and page.cancel_button.isEnabled()
    finish(qtbot, page)
    assert page.error.isHidden(), page.error.text()
    assert page.progress.value() == page.progress.maximum() == 4
    assert page.status.text().startswith("Done: wrote ")
    items = [page.files.item(i).text() for i in range(page.files.count())]
    assert items[0].startswith(str(out / "report.pdf"))
    assert any("Ana.pdf" in i for i in items) and any("Bo.pdf" in i for i in items)
    assert (out / "cards.pdf").exists()
    assert round(float(PdfReader(out / "report.pdf").pages[0].mediabox.width)) == 612
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url)
                                                                  or True))
    assert page.open_button.isEnabled()
    page.open_folder()
    assert [u.toLocalFile() for u in opened] == [str(out)]
    assert page.settings.value("export/paper") == "letter"


def test_anonymize_option_reaches_the_files(qtbot, page, tmp_path):
    page.document.add(Story("s1", "u1", "Mrs Hargreaves", None, "today", "direct",
                            "Mrs Hargreaves had no hot water.", "", "resolved"))
    page.report_row.edit.setText(str(tmp_path / "r.pdf"))
    page.handouts_row.edit.setText(str(tmp_path / "h"))
    page.anonymize.setChecked(True)
    assert page.start()
    finish(qtbot, page)
    for path in (tmp_path / "r.pdf", tmp_path / "h" / "Ana.pdf"):
        text = text_of(path)
        assert "Hargreaves" not in text and "Customer A had no hot water." in text


def test_poster_and_all_handouts_in_one_pdf_reach_the_files(qtbot, page, tmp_path):
    page.report_row.edit.setText(str(tmp_path / "r.pdf"))
    page.handouts_row.edit.setText(str(tmp_path / "h"))
    page.postcards_row.check.setChecked(False)
    page.poster.setCurrentIndex(page.poster.findData("a2"))
    page.handouts_combined.setChecked(True)
    assert page.start()
    finish(qtbot, page)
    widths = {round(float(p.mediabox.width)) for p in PdfReader(tmp_path / "r.pdf").pages}
    assert 1684 in widths  # A2 landscape: 594 mm
    assert (tmp_path / "h" / "All handouts.pdf").exists()


def test_problems_are_shown_and_nothing_is_written(qtbot, page, tmp_path):
    page.report_row.edit.setText(str(tmp_path / "missing" / "r.pdf"))
    page.handouts_row.check.setChecked(False)
    assert not page.start()
    assert not page.error.isHidden()
    assert f"report: the folder {tmp_path / 'missing'} does not exist" in page.error.text()
    assert page.export_button.isEnabled() and not page.running()
    assert not (tmp_path / "missing").exists() and not list(tmp_path.glob("*.pdf"))


def test_cancel_keeps_what_was_written(qtbot, page, tmp_path):
    page.report_row.check.setChecked(False)
    page.handouts_row.edit.setText(str(tmp_path / "h"))
    assert page.start()
    page.cancel()
    finish(qtbot, page)
    assert page.status.text().startswith("Cancelled")
    written = list((tmp_path / "h").glob("*.pdf")) if (tmp_path / "h").exists() else []
    assert page.files.count() == len(written)


def test_edits_during_an_export_do_not_reach_the_running_files(qtbot, page, tmp_path):
    page.report_row.edit.setText(str(tmp_path / "r.pdf"))
    page.handouts_row.check.setChecked(False)
    assert page.start()
    page.document.update("participants", "u1", name="Renamed while exporting")
    finish(qtbot, page)
    data = (tmp_path / "r.pdf").read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Renamed while exporting" not in text and "Ana" in text


def test_opening_another_file_lets_a_running_export_finish(qtbot, page, main_window,
                                                            tmp_path):
    page.report_row.edit.setText(str(tmp_path / "r.pdf"))
    page.handouts_row.edit.setText(str(tmp_path / "h"))
    assert page.start()
    main_window.set_document(None)  # the page is rebuilt; its worker must not be destroyed
    qtbot.waitUntil(lambda: not export_page._RUNNING, timeout=30000)
    assert (tmp_path / "r.pdf").exists()
    assert sorted(p.name for p in (tmp_path / "h").iterdir()) == ["Ana.pdf", "Bo.pdf"]
