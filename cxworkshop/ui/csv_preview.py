"""The preview of a CSV import (participants, advisory group): every row with its line,
the bad ones in red with their reason; nothing is imported until the user confirms,
and when some rows are bad, only the valid ones may be imported."""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import N_, ngettext, tr

BAD = "#c62828"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"3 members"`` (English only: for the texts not yet in the catalogue)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


class CsvPreviewDialog(QDialog):
    """What a parsed CSV file (``result``: rows with ``line``, ``values`` and
    ``problems``; ``fatal``, ``notes``, ``new_departments``, ``unknown_columns``)
    would add.

    Subclasses name their columns (headers marked with ``N_``), say what the
    Import button reads (:meth:`import_label`) and may add options below the
    table (:meth:`add_options`).
    """

    #: (field, header) of the columns, in file order.
    COLUMNS: Sequence[tuple[str, str]] = ()
    NEW_DEPARTMENTS = N_("New departments will be created: {names}.")

    def __init__(self, result: Any, title: str, parent: QWidget | None = None,
                 table_name: str = ""):
        super().__init__(parent)
        self.result = result
        self.setWindowTitle(title)
        self.resize(980, 520)
        lay = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.summary)
        headers = (tr("Line"), *(tr(h) for _f, h in self.COLUMNS), tr("Problem"))
        self.table = QTableWidget(0, len(headers))
        if table_name:
            self.table.setObjectName(table_name)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.only_valid = QCheckBox(tr("Import only the valid rows and leave the others out"))
        self.only_valid.toggled.connect(self._update_button)
        lay.addWidget(self.only_valid)
        self.add_options(lay)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._fill()

    def add_options(self, layout: QVBoxLayout) -> None:
        """Put choices of the import under the table (none by default)."""

    def import_label(self, n: int) -> str:
        """The Import button's text for ``n`` rows."""
        return ngettext("Import {n} row", "Import {n} rows", n).format(n=n)

    @property
    def ready(self) -> int:
        """How many rows would be imported."""
        return len(self.result.rows) - len(self.result.bad_rows)

    def _fill(self) -> None:
        r = self.result
        bad, good = len(r.bad_rows), self.ready
        parts = []
        if r.fatal:
            cannot = html.escape(tr("This file cannot be imported:"))
            parts.append(f"<b style='color:{BAD}'>{cannot}</b> "
                         + html.escape(" ".join(r.fatal), quote=False))
        else:
            rows = ngettext("{n} row", "{n} rows", len(r.rows)).format(n=len(r.rows))
            ready = tr("{rows}: {good} ready to import").format(
                rows=f"<b>{rows}</b>", good=good)
            if bad:
                problems = html.escape(tr("{n} with problems").format(n=bad))
                ready = tr("{ready}, {problems} (shown in red)").format(
                    ready=ready, problems=f"<b style='color:{BAD}'>{problems}</b>")
            parts.append(ready + ".")
            if r.new_departments:
                parts.append(html.escape(tr(self.NEW_DEPARTMENTS).format(
                    names=", ".join(d.name for d in r.new_departments)), quote=False))
            if r.unknown_columns:
                parts.append(html.escape(tr("Columns not used (ignored): {names}.").format(
                    names=", ".join(f"“{c}”" for c in r.unknown_columns)), quote=False))
            parts.extend(html.escape(n, quote=False) for n in r.notes)
        self.summary.setText("<br>".join(parts))
        self.table.setRowCount(len(r.rows))
        bad_brush = QBrush(QColor(198, 40, 40, 45))
        for i, row in enumerate(r.rows):
            cells = [str(row.line), *(row.values.get(f, "") for f, _h in self.COLUMNS),
                     "; ".join(row.problems)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.problems:
                    item.setBackground(bad_brush)
                if col == len(cells) - 1 and row.problems:
                    item.setForeground(QBrush(QColor(BAD)))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.only_valid.setVisible(bool(bad))
        self.only_valid.setEnabled(bool(bad and good and not r.fatal))
        self._update_button()

    def _update_button(self) -> None:
        r = self.result
        ok = self.buttons.button(QDialogButtonBox.Ok)
        count = self.ready
        allowed = not r.fatal and count > 0 and (not r.bad_rows or self.only_valid.isChecked())
        ok.setEnabled(allowed)
        ok.setText(self.import_label(count) if allowed else tr("Import"))
