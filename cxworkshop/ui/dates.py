"""Dates as the user writes them (``QLocale``), stored as ``YYYY-MM-DD``.

A German facilitator types and reads ``08.05.2026``, an American ``5/8/2026``;
the file always holds ``2026-05-08``. ISO dates are accepted everywhere. In the
C locale (no locale set) dates are shown as ISO. :class:`DateLineEdit` adds a
calendar to pick from.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QVBoxLayout, QWidget

from ..i18n import tr


def date_format(locale: QLocale | None = None) -> str:
    """The locale's short date format with a four-digit year (ISO in the C locale)."""
    loc = locale or QLocale()
    if loc.language() == QLocale.C:
        return "yyyy-MM-dd"
    fmt = loc.dateFormat(QLocale.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def format_hint(locale: QLocale | None = None) -> str:
    """The format as a reader sees it: ``DD.MM.YYYY``, ``M/D/YYYY``, ``YYYY-MM-DD``."""
    return date_format(locale).upper()


def format_date(iso: str | None, locale: QLocale | None = None) -> str:
    """``2026-05-08`` in the locale's short format; "" for None; unknown text unchanged."""
    if not iso:
        return ""
    d = QDate.fromString(iso, Qt.ISODate)
    if not d.isValid():
        return iso
    return (locale or QLocale()).toString(d, date_format(locale))


def parse_date_text(text: str, what: str = "date", locale: QLocale | None = None
                    ) -> str | None:
    """A typed date as ``YYYY-MM-DD`` (None when blank).

    Accepts ISO and the locale's short format (two- or four-digit year).

    Raises:
        ValueError: a sentence naming ``what``, the text and the format expected.
    """
    t = (text or "").strip()
    if not t:
        return None
    loc = locale or QLocale()
    iso = QDate.fromString(t, Qt.ISODate)
    if iso.isValid() and len(t) == 10:
        return iso.toString(Qt.ISODate)
    four = date_format(loc)
    two = four.replace("yyyy", "yy")
    loose = [f.replace("dd", "d").replace("MM", "M") for f in (four, two)]
    for fmt in dict.fromkeys((four, two, *loose)):  # 08.05.2026, 08.05.26, 8.5.2026, 8.5.26
        d = loc.toDate(t, fmt, 2000) if "yyyy" not in fmt else loc.toDate(t, fmt)
        if d.isValid():
            return d.toString(Qt.ISODate)
    example = format_date((dt.date.today() + dt.timedelta(days=14)).isoformat(), loc)
    raise ValueError(tr("the {what} “{text}” is not a date: write it as {format}, e.g. "
                        "{example}").format(what=what, text=t, format=format_hint(loc),
                                            example=example))


def _calendar_icon() -> QIcon:
    icon = QIcon.fromTheme("x-office-calendar")
    if not icon.isNull():
        return icon
    pm = QPixmap(16, 16)
    pm.fill(Qt.transparent)
    ink = QColor("#5f6368")
    p = QPainter(pm)
    p.setPen(ink)
    p.drawRect(1, 2, 13, 12)
    # filled rectangles drawn without a pen, not with fillRect(): choosing among
    # fillRect's overloads makes PySide6 build QGradient's 169-name enum, at start-up
    p.setPen(Qt.NoPen)
    p.setBrush(ink)
    p.drawRect(1, 2, 14, 3)
    for x in (4, 7, 10):
        for y in (7, 10):
            p.drawRect(x, y, 2, 2)
    p.end()
    return QIcon(pm)


class DateLineEdit(QLineEdit):
    """A date field in the user's format, with a calendar button; ``iso()`` for storing."""

    picked = Signal(str)  # ISO date chosen in the calendar

    def __init__(self, parent: QWidget | None = None, what: str = "date"):
        super().__init__(parent)
        self.what = what
        self.setPlaceholderText(format_hint())
        self.setToolTip(tr("A {what}, e.g. {example} ({format}); the calendar button picks "
                           "one").format(what=what, example=format_date(
                               dt.date.today().isoformat()), format=format_hint()))
        self.calendar_action = QAction(
            _calendar_icon(), tr("Choose the {what} in a calendar").format(what=what), self)
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.TrailingPosition)
        self._popup: QWidget | None = None

    def iso(self) -> str | None:
        """The date typed, as ``YYYY-MM-DD`` (None when blank). Raises ValueError."""
        return parse_date_text(self.text(), self.what)

    def set_iso(self, value: str | None) -> None:
        text = format_date(value)
        if self.text() != text:
            self.setText(text)

    def show_calendar(self) -> None:
        popup = QWidget(self, Qt.Popup)
        lay = QVBoxLayout(popup)
        lay.setContentsMargins(0, 0, 0, 0)
        cal = QCalendarWidget(popup)
        cal.setLocale(QLocale())
        cal.setGridVisible(True)
        cal.setAccessibleName(tr("Choose the {what}").format(what=self.what))
        try:
            current = self.iso()
        except ValueError:
            current = None
        if current:
            cal.setSelectedDate(QDate.fromString(current, Qt.ISODate))
        cal.clicked.connect(lambda d: self._choose(d, popup))
        cal.activated.connect(lambda d: self._choose(d, popup))
        lay.addWidget(cal)
        popup.adjustSize()
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup = popup
        popup.show()
        cal.setFocus()

    def _choose(self, d: QDate, popup: QWidget) -> None:
        iso = d.toString(Qt.ISODate)
        self.setText(format_date(iso))
        popup.close()
        self.setFocus()
        self.picked.emit(iso)
        self.editingFinished.emit()  # the page commits as if typed
