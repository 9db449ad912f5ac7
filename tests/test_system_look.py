"""Following the system: palette and dark mode, font size, date format, paper size."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QListWidget

from cxworkshop.cli import main
from cxworkshop.localeinfo import default_paper
from cxworkshop.ui import dates
from cxworkshop.ui.theme import Theme, role


@pytest.fixture
def fresh_theme(qapp):
    """Theme state, app font, palette and style sheet restored after the test."""
    saved = (Theme.large_text, Theme.high_contrast, Theme._system_font, Theme._palette_set,
             QFont(qapp.font()), qapp.styleSheet())
    Theme._system_font = None
    Theme.large_text = Theme.high_contrast = False
    yield qapp
    (Theme.large_text, Theme.high_contrast, Theme._system_font, Theme._palette_set,
     font, sheet) = saved
    qapp.setPalette(QPalette())
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)


@pytest.fixture
def sample_copy(tmp_path):
    import shutil

    from cxworkshop.resources import samples_dir
    path = tmp_path / "home-services.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    return path


@pytest.fixture
def locale():
    saved = QLocale()

    def use(name: str) -> QLocale:
        QLocale.setDefault(QLocale(name))
        return QLocale()
    yield use
    QLocale.setDefault(saved)


def _dark() -> QPalette:
    pal = QPalette()
    for which, color in ((QPalette.Window, "#202124"), (QPalette.WindowText, "#e8eaed"),
                        (QPalette.Base, "#121212"), (QPalette.Text, "#e8eaed"),
                        (QPalette.Highlight, "#8ab4f8"), (QPalette.HighlightedText, "#202124")):
        pal.setColor(which, QColor(color))
    return pal


def test_the_system_font_size_is_kept_and_large_text_grows_from_it(fresh_theme):
    font = QFont(fresh_theme.font())
    font.setPointSizeF(13.0)  # the desktop's setting (it was forced to 10 pt before)
    fresh_theme.setFont(font)
    Theme.apply(fresh_theme)
    assert fresh_theme.font().pointSizeF() == 13.0
    Theme.large_text = True
    Theme.apply(fresh_theme)
    assert fresh_theme.font().pointSizeF() == 19.5  # projector: 1.5 × the desktop's
    Theme.large_text = False
    Theme.apply(fresh_theme)
    assert fresh_theme.font().pointSizeF() == 13.0


def test_a_dark_desktop_stays_dark_and_high_contrast_is_an_explicit_choice(fresh_theme):
    fresh_theme.setPalette(_dark())  # as the platform sets it in dark mode
    Theme.apply(fresh_theme)
    pal = fresh_theme.palette()
    assert pal.color(QPalette.Window).lightness() < 60  # not replaced by a light palette
    hint = role(QLabel("A hint"), "hint")
    steps = QListWidget()
    steps.setObjectName("sidebar")
    Theme.style(steps)
    side = QColor(steps.styleSheet().split("border: none; background: ")[1].split(";")[0])
    assert hint.palette().color(QPalette.WindowText).lightness() > 120  # readable on dark
    assert side.lightness() < 60
    assert "#8ab4f8" in steps.styleSheet()  # the desktop's accent marks the current step
    Theme.high_contrast = True
    Theme.apply(fresh_theme)
    assert fresh_theme.palette().color(QPalette.Window) == QColor("#000000")
    Theme.high_contrast = False
    Theme.apply(fresh_theme)  # back to whatever the platform says, not to the HC palette
    assert fresh_theme.palette().color(QPalette.Window) != QColor("#000000")
    assert not Theme._palette_set


@pytest.mark.parametrize("name, shown, typed", [
    ("de_DE", "08.05.2026", ["08.05.2026", "8.5.26", "2026-05-08"]),
    ("en_US", "5/8/2026", ["5/8/2026", "05/08/26", "2026-05-08"]),
    ("en_GB", "08/05/2026", ["08/05/2026", "8/5/2026"]),
    ("C", "2026-05-08", ["2026-05-08"]),
])
def test_dates_are_read_and_written_in_the_users_format_and_stored_iso(name, shown, typed):
    loc = QLocale(name)
    assert dates.format_date("2026-05-08", loc) == shown
    for text in typed:
        assert dates.parse_date_text(text, locale=loc) == "2026-05-08", text
    with pytest.raises(ValueError, match=f"write it as {dates.format_hint(loc)}"):
        dates.parse_date_text("31.02.2026x", locale=loc)
    assert dates.parse_date_text("  ", locale=loc) is None


def test_overview_and_actions_show_german_dates_and_store_iso(main_window, sample_copy, locale,
                                                              qtbot):
    from cxworkshop.ui.pages.actions import FIELDS, ActionsPage
    from cxworkshop.ui.pages.overview import OverviewPage
    locale("de_DE")
    main_window.open_file(sample_copy)
    doc = main_window.document
    page = main_window.page(OverviewPage)
    field = page.edits["date"]
    assert field.text() == dates.format_date(doc.info.date, QLocale("de_DE"))
    assert field.placeholderText() == "DD.MM.YYYY"
    field.setText("24.12.2026")
    field.editingFinished.emit()
    assert doc.info.date == "2026-12-24" and field.text() == "24.12.2026"
    field.setText("2026-13-01")
    field.editingFinished.emit()
    assert "DD.MM.YYYY" in page.date_error.text() and doc.info.date == "2026-12-24"
    # the calendar button picks a date the same way
    field.show_calendar()
    from PySide6.QtCore import QDate
    field._choose(QDate(2027, 1, 15), field._popup)
    assert doc.info.date == "2027-01-15" and field.text() == "15.01.2027"

    actions = main_window.page(ActionsPage)
    actions.text_edit.setText("Call the installer")
    actions.due_edit.setText("1.2.27")
    assert actions.add_action()
    added = [a for a in doc.workshop.tables["actions"].values()
             if a.text == "Call the installer"]
    assert added[0].due == "2027-02-01"
    model = actions.model
    col = FIELDS.index("due")
    shown = {model.data(model.index(r, col)) for r in range(model.rowCount())}
    assert "01.02.2027" in shown


@pytest.mark.parametrize("lang, paper, size", [("en_US.UTF-8", "letter", (612, 792)),
                                               ("fr_CA.UTF-8", "letter", (612, 792)),
                                               ("de_DE.UTF-8", "a4", (595, 842)),
                                               ("C.UTF-8", "a4", (595, 842))])
def test_paper_defaults_to_letter_in_the_us_and_canada(lang, paper, size, monkeypatch,
                                                       session_path, tmp_path):
    from pypdf import PdfReader
    for name in ("LC_ALL", "LC_PAPER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    assert default_paper() == paper
    out = tmp_path / "r.pdf"
    assert main(["export", str(session_path), "--pdf", str(out)]) == 0
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    monkeypatch.setenv("LC_PAPER", "en_GB.UTF-8")  # the paper setting wins over LANG
    assert default_paper() == "a4"


def test_export_page_starts_on_the_locales_paper(main_window, sample_copy, locale):
    from cxworkshop.ui.pages.export import ExportPage
    locale("en_US")
    main_window.open_file(sample_copy)
    page = main_window.page(ExportPage)
    page._load_defaults()
    assert page.paper() == "letter"
    locale("de_DE")
    page._load_defaults()
    assert page.paper() == "a4"


def test_the_looks_follow_a_change_of_theme_without_a_sheet_on_the_whole_app(fresh_theme):
    """Headings, hints, errors and the step list get their look on the widget itself
    (an app-wide style sheet would send every widget through Qt's style-sheet engine,
    5 % of the start-up); a change of theme reaches the ones already shown."""
    Theme.apply(fresh_theme)
    assert fresh_theme.styleSheet() == ""
    heading, hint, error = (role(QLabel(name), name) for name in ("pageHeading", "hint", "error"))
    size = heading.font().pointSizeF()
    assert size == round(Theme.base_point_size() * 1.8)
    assert heading.font().weight() == error.font().weight() == QFont.DemiBold
    assert hint.font().weight() == QFont.Normal
    assert error.palette().color(QPalette.WindowText) == QColor("#c62828")
    assert hint.palette().color(QPalette.WindowText) == QColor("#5f6368")
    # the labels' other colours are still the system's
    assert hint.palette().color(QPalette.Window) == fresh_theme.palette().color(QPalette.Window)
    Theme.large_text = True
    Theme.apply(fresh_theme)
    assert heading.font().pointSizeF() > size
    assert hint.font().pointSizeF() == Theme.base_point_size()  # the app's (larger) size
    Theme.high_contrast = True
    Theme.apply(fresh_theme)
    assert hint.palette().color(QPalette.WindowText) == QColor("#e0e0e0")
    assert "QPushButton:checked" in fresh_theme.styleSheet()  # High Contrast: a sheet
