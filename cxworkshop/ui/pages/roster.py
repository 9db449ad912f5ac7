"""Employee advisory group: the roster table, its composition checks and chart, CSV in and out.

Every change goes through the document (one undo step each; a CSV import or a
copy from another session is one step too). The composition panel follows the
document and says in plain words whether the group is the right size and mix.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...fileutil import write_atomic
from ...i18n import N_, decimal, ngettext, tr
from ...io.roster_csv import (
    RosterImport,
    copy_roster,
    import_ops,
    parse_roster_csv,
    parse_tenure,
    roster_csv_bytes,
)
from ...model import SESSION, Member, ops, rules
from ...model.roster import RosterRules, composition_checks, department_counts
from ..csv_preview import CsvPreviewDialog
from ..editing import ComboDelegate, DeleteKey, EntityTableModel, MessageLine, department_combo, say
from ..reflow import FlowRow, SidePanelToggle
from ..theme import role
from . import Page

COLUMNS = (("name", N_("Name")), ("department", N_("Department")), ("role", N_("Role")),
           ("frontline", N_("Frontline")), ("present", N_("Present")),
           ("location", N_("Location")), ("tenure_years", N_("Tenure (years)")),
           ("email", N_("Email")), ("notes", N_("Notes")))
FIELDS = tuple(f for f, _ in COLUMNS)
IMPORT_COLUMNS = tuple(c for c in COLUMNS if c[0] != "present")   # what a CSV file holds
#: Tick boxes: (tooltip when ticked, when not, undo text when ticked, when not)
FLAGS = {"frontline": (N_("Frontline"), N_("Behind the scenes"), N_("Mark {name} as frontline"),
                       N_("Mark {name} as behind the scenes")),
         "present": (N_("In the room today: votes on the map"), N_("Not in the room today"),
                     N_("Mark {name} as present"), N_("Mark {name} as not present"))}
#: the undo text of an edit, per column
EDIT_TEXT = {"role": N_("Edit role of {name}"), "location": N_("Edit location of {name}"),
             "email": N_("Edit email of {name}"), "notes": N_("Edit notes of {name}")}
FRONTLINE_COL = FIELDS.index("frontline")
OK_COLOR, WARN_COLOR = "#2e7d32", "#b26a00"
CSV_FILTER = N_("CSV files (*.csv *.txt);;All files (*)")


# -- the table model -------------------------------------------------------------------------
class RosterModel(EntityTableModel):
    """The members of the document as table rows; edits go through ``document.update``.

    ``problem`` carries a sentence when an edit is refused (e.g. a tenure that is
    not a number); the page shows it.
    """

    ID_ROLE = Qt.UserRole
    KIND = "members"
    COLUMNS = COLUMNS

    def member(self, row: int) -> Member | None:
        return self.entity(row)

    def _department_name(self, m: Member) -> str:
        d = self.document.get("departments", m.department) if m.department else None
        return (d.name or tr("(unnamed)")) if d else ""

    def data(self, index, role=Qt.DisplayRole):
        m = self.member(index.row()) if index.isValid() else None
        if m is None:
            return None
        field = FIELDS[index.column()]
        if role == self.ID_ROLE:
            return m.id
        if field in FLAGS:
            on = getattr(m, field)
            if role == Qt.CheckStateRole:
                return Qt.Checked if on else Qt.Unchecked
            if role == Qt.DisplayRole:
                return tr("yes") if on else tr("no")
            if role == Qt.ToolTipRole:
                return tr(FLAGS[field][0 if on else 1])
            return None
        if role == Qt.DisplayRole:
            if field == "department":
                return self._department_name(m)
            if field == "tenure_years":
                return "" if m.tenure_years is None else decimal(m.tenure_years)
            if field == "notes":
                return m.notes.splitlines()[0] if m.notes else ""
            return getattr(m, field)
        if role == Qt.EditRole:
            if field == "tenure_years":
                return "" if m.tenure_years is None else decimal(m.tenure_years)
            return getattr(m, field)
        if role == Qt.ToolTipRole and field == "notes" and m.notes:
            return m.notes
        if role == Qt.TextAlignmentRole and field == "tenure_years":
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def sort_key(self, row: int, column: int):
        m = self.member(row)
        if m is None:
            return (2, "")
        field = FIELDS[column]
        if field == "tenure_years":
            return (1, 0.0) if m.tenure_years is None else (0, m.tenure_years)
        if field in FLAGS:
            return (0, not getattr(m, field))
        text = self._department_name(m) if field == "department" else getattr(m, field)
        return (0 if text else 1, (text or "").casefold())

    def search_text(self, row: int) -> str:
        m = self.member(row)
        if m is None:
            return ""
        return " ".join((m.name, self._department_name(m), m.role, m.location, m.email,
                         m.notes)).casefold()

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if self.document.read_only:
            return base
        if FIELDS[index.column()] in FLAGS:
            return base | Qt.ItemIsUserCheckable
        return base | Qt.ItemIsEditable

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        m = self.member(index.row()) if index.isValid() else None
        if m is None:
            return False
        field = FIELDS[index.column()]
        doc = self.document
        if field in FLAGS:
            if role != Qt.CheckStateRole:
                return False
            checked = Qt.CheckState(value) == Qt.Checked if not isinstance(value, bool) else value
            words = FLAGS[field]
            return doc.update("members", m.id, **{field: checked},
                              text=tr(words[2] if checked else words[3]).format(name=m.name))
        if role != Qt.EditRole:
            return False
        if field == "department":
            return self._set_department(m, value)
        text = str(value if value is not None else "").strip()
        if field == "name":
            try:
                return doc.do(ops.rename(doc.workshop, "members", m.id, text))
            except ops.Refused as e:
                self.problem.emit(str(e).rstrip(".") + tr("; to remove one, select the row "
                                                          "and press Delete."))
                return False
        if field == "tenure_years":
            try:
                years = parse_tenure(text)
            except ValueError as e:
                self.problem.emit(tr("{name}: {problem}; nothing was changed.").format(
                    name=m.name, problem=e))
                return False
            return doc.update("members", m.id, tenure_years=years,
                              text=tr("Edit tenure of {name}").format(name=m.name))
        if field == "email" and rules.email_problem(text):
            self.problem.emit(tr("{name}: {problem}; nothing was changed.").format(
                name=m.name, problem=rules.email_problem(text)))
            return False
        if field == "notes":
            text = str(value or "")
        return doc.update("members", m.id, **{field: text},
                          text=tr(EDIT_TEXT.get(field, N_("Edit {name}"))).format(name=m.name))

    def _set_department(self, m: Member, value) -> bool:
        doc = self.document
        return doc.do(ops.set_department(doc.workshop, "members", m.id,
                                         None if value is None else str(value)))


class RosterProxy(QSortFilterProxyModel):
    """Sorts by real values (tenure as a number) and filters by text and by role kind."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.kind = "all"  # all · frontline · behind

    def set_filter(self, text: str | None = None, kind: str | None = None) -> None:
        self.beginFilterChange()
        if text is not None:
            self.text = " ".join(text.split()).casefold()
        if kind is not None:
            self.kind = kind
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        model: RosterModel = self.sourceModel()
        m = model.member(row)
        if m is None:
            return False
        if self.kind == "frontline" and not m.frontline:
            return False
        if self.kind == "behind" and m.frontline:
            return False
        return not self.text or all(word in model.search_text(row)
                                    for word in self.text.split())

    def lessThan(self, left, right) -> bool:
        model: RosterModel = self.sourceModel()
        return model.sort_key(left.row(), left.column()) < model.sort_key(right.row(),
                                                                         right.column())


# -- the composition chart ---------------------------------------------------------------------
class CompositionChart(QWidget):
    """Size against its range, members per department against the share limit, and the
    frontline / behind-the-scenes split, drawn with QPainter."""

    ROW = 20

    def __init__(self, parent=None):
        super().__init__(parent)
        self.size_ = 0
        self.rules = RosterRules()
        self.departments: list[tuple[str | None, str, str, int]] = []  # id, name, colour, n
        self.front = self.back = 0
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def set_data(self, workshop, rules: RosterRules) -> None:
        members = workshop.members
        self.size_ = len(members)
        self.rules = rules
        self.departments = department_counts(workshop)
        self.front = sum(1 for m in members if m.frontline)
        self.back = self.size_ - self.front
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        line = QFontMetricsF(self.font()).height()
        rows = max(1, len(self.departments))
        return QSize(320, int(line * 3 + 10 + 30 + rows * self.ROW + 16 + 30 + 12))

    def allowed_per_department(self) -> float:
        return self.rules.max_department_share * self.size_

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        text = pal.color(pal.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlpha(110)
        fm = QFontMetricsF(self.font())
        line = fm.height()
        bold = QFont(self.font())
        bold.setBold(True)
        w = self.width() - 8
        y = 2.0

        def heading(title: str) -> None:
            nonlocal y
            p.setFont(bold)
            p.setPen(text)
            p.drawText(QRectF(4, y, w, line), Qt.AlignLeft | Qt.AlignVCenter, title)
            p.setFont(self.font())
            y += line + 2

        # size against the wanted range
        r = self.rules
        want = f"{r.min_size}–{r.max_size}" if r.min_size != r.max_size else f"{r.min_size}"
        heading(ngettext("Size: {n} member (wanted {want})", "Size: {n} members (wanted {want})",
                         self.size_).format(n=self.size_, want=want))
        top = max(self.size_, r.max_size) + 2
        x0, span = 4.0, w - 8.0
        scale = span / top
        p.fillRect(QRectF(x0, y, span, 14), QColor(text.red(), text.green(), text.blue(), 25))
        band = QColor(OK_COLOR)
        band.setAlpha(70)
        p.fillRect(QRectF(x0 + r.min_size * scale, y, (r.max_size - r.min_size) * scale or 3,
                          14), band)
        ok = r.min_size <= self.size_ <= r.max_size
        p.fillRect(QRectF(x0, y + 4, self.size_ * scale, 6), QColor(OK_COLOR if ok else WARN_COLOR))
        y += 18
        p.setPen(muted)
        for value in sorted({0, r.min_size, r.max_size}):
            p.drawText(QRectF(x0 + value * scale - 20, y, 40, line), Qt.AlignHCenter, str(value))
        y += line + 8

        # members per department against the share limit
        heading(tr("Per department (at most {share} % each)").format(
            share=f"{r.max_department_share * 100:.0f}"))
        label_w = min(150.0, max((fm.horizontalAdvance(n) for _i, n, _c, _k in self.departments),
                                 default=60.0) + 8)
        bar_x = x0 + label_w
        bar_span = max(40.0, w - label_w - 36)
        most = max([k for _i, _n, _c, k in self.departments]
                   + [self.allowed_per_department(), 1])
        unit = bar_span / most
        limit = self.allowed_per_department()
        for dept_id, name, color, count in self.departments:
            over = self.size_ and count > limit + 1e-9 and dept_id is not None
            p.setPen(text)
            p.drawText(QRectF(x0, y, label_w - 6, self.ROW), Qt.AlignRight | Qt.AlignVCenter,
                       fm.elidedText(name, Qt.ElideRight, label_w - 6))
            rect = QRectF(bar_x, y + 3, count * unit, self.ROW - 6)
            p.fillRect(rect, QColor(color))
            if over:
                p.setPen(QPen(QColor("#c62828"), 2))
                p.drawRect(rect)
            p.setPen(QColor("#c62828") if over else text)
            p.drawText(QRectF(rect.right() + 4, y, 40, self.ROW), Qt.AlignLeft | Qt.AlignVCenter,
                       str(count))
            y += self.ROW
        if not self.departments:
            p.setPen(muted)
            p.drawText(QRectF(x0, y, w, self.ROW), Qt.AlignLeft | Qt.AlignVCenter,
                       tr("No members yet"))
            y += self.ROW
        if self.size_:
            lx = bar_x + limit * unit
            p.setPen(QPen(QColor("#c62828"), 1, Qt.DashLine))
            first = y - self.ROW * max(1, len(self.departments))
            p.drawLine(lx, first, lx, y)
        y += 8

        # frontline / behind the scenes
        heading(tr("Frontline {front} · behind the scenes {back}").format(front=self.front,
                                                                             back=self.back))
        if self.size_:
            front_w = span * self.front / self.size_
            p.fillRect(QRectF(x0, y, front_w, 16), QColor("#0072b2"))
            p.fillRect(QRectF(x0 + front_w, y, span - front_w, 16), QColor("#e69f00"))
        else:
            p.fillRect(QRectF(x0, y, span, 16), QColor(text.red(), text.green(), text.blue(), 25))
        p.end()


class CompositionPanel(QWidget):
    """The composition rules, each check with its reason, and the chart."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._filling = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        rules_box = QGroupBox(tr("Rules for this group"))
        self.min_spin, self.max_spin, self.share_spin = QSpinBox(), QSpinBox(), QSpinBox()
        self.min_spin.setObjectName("roster_min_size")
        self.max_spin.setObjectName("roster_max_size")
        self.share_spin.setObjectName("roster_max_share")
        for spin in (self.min_spin, self.max_spin):
            spin.setRange(1, 1000)
        self.share_spin.setRange(1, 100)
        self.share_spin.setSuffix(" %")
        rules = QVBoxLayout(rules_box)
        size_row = QHBoxLayout()
        for w in (QLabel(tr("Members")), self.min_spin, QLabel(tr("to")), self.max_spin):
            size_row.addWidget(w)
        size_row.addStretch(1)
        rules.addLayout(size_row)
        share_row = QHBoxLayout()
        for w in (QLabel(tr("At most")), self.share_spin, QLabel(tr("per department"))):
            share_row.addWidget(w)
        share_row.addStretch(1)
        rules.addLayout(share_row)
        # which departments the group must represent (all, unless unticked here)
        self.required_button = QToolButton()
        self.required_button.setObjectName("roster_required_departments")
        self.required_button.setPopupMode(QToolButton.InstantPopup)
        self.required_button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.required_menu = QMenu(self.required_button)
        self.required_menu.triggered.connect(self._required_toggled)
        self.required_button.setMenu(self.required_menu)
        rules.addWidget(self.required_button)
        for spin in (self.min_spin, self.max_spin, self.share_spin):
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda _v, spin=spin: self.commit_rules(spin))
        lay.addWidget(rules_box)
        self.rules_message = QLabel()
        self.rules_message.setWordWrap(True)
        self.rules_message.hide()
        lay.addWidget(self.rules_message)

        self.summary = QLabel()
        self.summary.setObjectName("roster_summary")
        self.summary.setStyleSheet("font-weight: 600; font-size: 12pt;")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.checks_box = QWidget()
        self.checks_layout = QVBoxLayout(self.checks_box)
        self.checks_layout.setContentsMargins(0, 0, 0, 0)
        self.checks_layout.setSpacing(6)
        lay.addWidget(self.checks_box)
        self.check_labels: list[QLabel] = []
        self.chart = CompositionChart()
        lay.addWidget(self.chart)
        lay.addStretch(1)
        self.checks: list = []

    def refresh(self) -> None:
        w = self.document.workshop
        rules = RosterRules.of(w.info)
        self._filling = True
        self.min_spin.setValue(rules.min_size)
        self.max_spin.setValue(rules.max_size)
        self.share_spin.setValue(round(rules.max_department_share * 100))
        for spin in (self.min_spin, self.max_spin, self.share_spin):
            spin.setEnabled(not self.document.read_only)
        self._fill_required(w)
        self._filling = False
        self.checks = composition_checks(w, rules)
        while len(self.check_labels) < len(self.checks):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.RichText)
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.checks_layout.addWidget(label)
            self.check_labels.append(label)
        for label, check in zip(self.check_labels, self.checks, strict=False):
            mark, color = ("✓", OK_COLOR) if check.ok else ("⚠", WARN_COLOR)
            label.setText(f"<span style='color:{color}; font-weight:700'>{mark} "
                          f"{_html(check.name)}</span><br>{_html(check.message)}")
            label.setProperty("ok", check.ok)
            label.setVisible(True)
        for label in self.check_labels[len(self.checks):]:
            label.setVisible(False)
        warnings = sum(1 for c in self.checks if not c.ok)
        self.summary.setText(tr("The group is well composed.") if not warnings else
                             ngettext("{n} check needs attention.", "{n} checks need attention.",
                                      warnings).format(n=warnings))
        self.summary.setStyleSheet(f"font-weight: 600; font-size: 12pt; color: "
                                   f"{OK_COLOR if not warnings else WARN_COLOR};")
        self.chart.set_data(w, rules)

    def _fill_required(self, w) -> None:
        departments = list(w.table("departments").values())
        self.required_menu.clear()
        for d in departments:
            act = self.required_menu.addAction(d.name or tr("(unnamed)"))
            act.setCheckable(True)
            act.setChecked(not d.roster_optional)
            act.setData(d.id)
        required = sum(1 for d in departments if not d.roster_optional)
        self.required_button.setText(ngettext(
            "Must be represented: {k} of {n} department", "Must be represented: {k} of {n} "
            "departments", len(departments)).format(k=required, n=len(departments)) + " ▾")
        self.required_button.setToolTip(tr("Untick a department the advisory group need not "
                                           "include (e.g. a two-person back office)"))
        self.required_button.setEnabled(bool(departments) and not self.document.read_only)

    def set_required(self, department_id: str, required: bool) -> bool:
        """Say whether the group must have someone from ``department_id``."""
        dept = self.document.get("departments", department_id)
        if dept is None:
            return False
        return self.document.update(
            "departments", department_id, roster_optional=not required,
            text=(tr("Require {name} in the group") if required else
                  tr("Do not require {name} in the group")).format(name=dept.name))

    def _required_toggled(self, action) -> None:
        if not self._filling:
            self.set_required(action.data(), action.isChecked())

    def commit_rules(self, changed: QSpinBox | None = None) -> bool:
        """Save the rules shown; a size range turned upside down moves its other end too."""
        if self._filling:
            return True
        low, high = self.min_spin.value(), self.max_spin.value()
        if low > high:
            self._filling = True
            if changed is self.max_spin:
                self.min_spin.setValue(high)
            else:
                self.max_spin.setValue(low)
            self._filling = False
        rules = RosterRules(self.min_spin.value(), self.max_spin.value(),
                            self.share_spin.value() / 100)
        problems = rules.problems()
        if problems:
            say(self.rules_message, " ".join(problems), error=True)
            return False
        say(self.rules_message, "")
        return self.document.update(SESSION, None, roster_min_size=rules.min_size,
                                    roster_max_size=rules.max_size,
                                    roster_max_share=rules.max_department_share,
                                    text=tr("Change the advisory group rules"))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- CSV import preview -----------------------------------------------------------------------
class RosterImportDialog(CsvPreviewDialog):
    """What a roster CSV file would add (see :class:`CsvPreviewDialog`); new
    departments are added only when the facilitator ticks the box."""

    COLUMNS = IMPORT_COLUMNS   # what a CSV file holds (not who is present today)

    def __init__(self, result: RosterImport, source: str, parent=None):
        super().__init__(result, tr("Import advisory group from {file}").format(file=source),
                         parent)

    def import_label(self, n: int) -> str:
        return ngettext("Import {n} member", "Import {n} members", n).format(n=n)

    def add_options(self, layout) -> None:
        # new departments become lanes on the map: ask, never add them silently
        result = self.result
        self.create_departments = QCheckBox()
        self.create_departments.setObjectName("create_departments")
        layout.addWidget(self.create_departments)
        self.create_departments.setVisible(bool(result.new_departments) and not result.fatal)
        if result.new_departments:
            self.create_departments.setText(
                tr("Add the new departments to the session (each becomes a lane on the map): "
                   "{names}").format(names=", ".join(d.name for d in result.new_departments)))
            self.create_departments.setToolTip(
                tr("Unticked, those members get no department and the name from the file is "
                   "kept in their notes."))

    def ops(self):
        """The change to make once confirmed (only the valid rows)."""
        return import_ops(self.result, self.create_departments.isChecked())


# -- the page -------------------------------------------------------------------------------
class RosterPage(Page):
    title = "Advisory group"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        outer = self.page_layout(
            tr("Employee advisory group"),
            tr("10–12 people from across the organization, frontline and behind the "
               "scenes. Type a member and press Enter; double-click a cell to change it. "
               "The panel on the right says whether the group is the right mix."))

        outer.addLayout(self._build_entry())
        self.message = MessageLine(undo_stack=document.undo_stack)
        self.message.setObjectName("roster_message")
        outer.addWidget(self.message)

        splitter = QSplitter(Qt.Horizontal)
        outer.addWidget(splitter, 1)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(tr("Filter: name, department, role, location…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.kind_combo = QComboBox()
        for text, kind in ((tr("Everyone"), "all"), (tr("Frontline"), "frontline"),
                           (tr("Behind the scenes"), "behind")):
            self.kind_combo.addItem(text, kind)
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.kind_combo)
        lay.addLayout(filters)

        self.model = RosterModel(document, self)
        self.model.problem.connect(lambda text: say(self.message, text, error=True))
        self.proxy = RosterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit.textChanged.connect(lambda t: self.proxy.set_filter(text=t))
        self.kind_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filter(kind=self.kind_combo.currentData()))
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked
                                   | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self._fit_columns()
        self.dept_delegate = ComboDelegate(self._department_choices, editable=True, parent=self)
        self.table.setItemDelegateForColumn(FIELDS.index("department"), self.dept_delegate)
        DeleteKey(self.table, document, self.remove_selected)
        lay.addWidget(self.table, 1)

        buttons = FlowRow()
        self.count_label = QLabel()
        role(self.count_label, "hint")
        self.import_button = QPushButton(tr("Import CSV…"))
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.export_button = QPushButton(tr("Export CSV…"))
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.copy_button = QPushButton(tr("Copy from session…"))
        self.copy_button.setToolTip(tr("Copy the advisory group of another .cxw session file"))
        self.copy_button.clicked.connect(lambda: self.copy_from_session())
        self.participants_button = QPushButton(tr("Add as participants"))
        self.participants_button.setObjectName("roster_to_participants")
        self.participants_button.setToolTip(tr("Add the selected members to the workshop's "
                                               "participants (frontline people are "
                                               "customer-facing)"))
        self.participants_button.clicked.connect(self.add_selected_as_participants)
        self.remove_button = QPushButton(tr("Delete"))
        self.remove_button.setToolTip(tr("Delete the selected members (Delete key)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.count_label.setWordWrap(True)
        lay.addWidget(self.count_label)
        self.vote_members_check = QCheckBox(tr("Members ticked Present vote on the map"))
        self.vote_members_check.setObjectName("roster_vote_members")
        self.vote_members_check.setToolTip(
            tr("The room's dot-vote budget counts the participants, plus the advisory group "
               "members marked present when this is ticked."))
        self.vote_members_check.toggled.connect(self._commit_vote_members)
        lay.addWidget(self.vote_members_check)
        budget_note = QLabel(tr("Each of them gets the session's vote budget."))
        role(budget_note, "hint")   # wraps: a check box's text cannot
        budget_note.setWordWrap(True)
        lay.addWidget(budget_note)
        buttons.addStretch(1)
        for b in (self.import_button, self.export_button, self.copy_button,
                  self.participants_button, self.remove_button):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        splitter.addWidget(left)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        self.panel = CompositionPanel(document)
        scroll.setWidget(self.panel)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(max(360, self.panel.minimumSizeHint().width()
                                   + scroll.verticalScrollBar().sizeHint().width() + 4))
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 400])
        # in a narrow window the composition panel folds behind a toggle: the table keeps room
        self.side_toggle = SidePanelToggle(splitter, scroll, filters, tr("Rules"), main_min=440)
        self._fitted = bool(document.workshop.members)

        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_count)
        self.follow(self.refresh, {"members", "departments"})
        document.info_changed.connect(lambda _f: self.panel.refresh())
        document.info_changed.connect(lambda _f: self._show_vote_members())
        self._show_vote_members()
        self.refresh()

    def _show_vote_members(self) -> None:
        check = self.vote_members_check
        blocked = check.blockSignals(True)
        check.setChecked(self.document.info.vote_members)
        check.setEnabled(not self.document.read_only)
        check.blockSignals(blocked)

    def _commit_vote_members(self, on: bool) -> None:
        if on != self.document.info.vote_members:
            self.document.update(SESSION, None, vote_members=on,
                                 text=tr("Members present vote") if on
                                 else tr("Members present do not vote"))

    def _build_entry(self) -> FlowRow:
        row = FlowRow()  # wraps in a narrow window
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("Name"))
        self.dept_combo = department_combo(140)
        self.role_edit = QLineEdit()
        self.role_edit.setPlaceholderText(tr("Role"))
        self.frontline_check = QCheckBox(tr("Frontline"))
        self.frontline_check.setChecked(True)
        self.location_edit = QLineEdit()
        self.location_edit.setPlaceholderText(tr("Location"))
        self.location_completer = QCompleter([], self)
        self.location_completer.setCaseSensitivity(Qt.CaseInsensitive)
        self.location_edit.setCompleter(self.location_completer)
        self.tenure_edit = QLineEdit()
        self.tenure_edit.setPlaceholderText(tr("Years"))
        self.tenure_edit.setMaximumWidth(70)
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText(tr("Email (optional)"))
        self.add_button = QPushButton(tr("Add member"))
        self.add_button.clicked.connect(self.commit_entry)
        for w, stretch in ((self.name_edit, 3), (self.dept_combo, 2), (self.role_edit, 2),
                           (self.frontline_check, 0), (self.location_edit, 2),
                           (self.tenure_edit, 0), (self.email_edit, 2), (self.add_button, 0)):
            row.addWidget(w, stretch)
        for edit in (self.name_edit, self.role_edit, self.location_edit, self.tenure_edit,
                     self.email_edit, self.dept_combo.lineEdit()):
            edit.returnPressed.connect(self.commit_entry)
        return row

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        for col in range(len(FIELDS) - 1):
            self.table.setColumnWidth(col, min(max(self.table.columnWidth(col), 70), 200))

    def _department_choices(self):
        return [(tr("(no department)"), None)] + [
            (d.name or tr("(unnamed)"), d.id) for d in self.document.workshop.departments]

    # -- document → widgets -------------------------------------------------------------
    def refresh(self) -> None:
        w = self.document.workshop
        current = self.dept_combo.currentText()
        self.dept_combo.blockSignals(True)
        self.dept_combo.clear()
        self.dept_combo.addItems([d.name for d in w.departments])
        self.dept_combo.setEditText(current)
        self.dept_combo.blockSignals(False)
        locations = sorted({" ".join(m.location.split()) for m in w.members if m.location.strip()},
                           key=str.casefold)
        self.location_completer.model().setStringList(locations)
        members = w.members
        self._update_count()
        read_only = self.document.read_only
        for wdg in (self.name_edit, self.dept_combo, self.role_edit, self.frontline_check,
                    self.location_edit, self.tenure_edit, self.email_edit, self.add_button,
                    self.remove_button, self.import_button, self.copy_button):
            wdg.setEnabled(not read_only)
        self.panel.refresh()
        if members and not self._fitted:
            self._fitted = True
            self._fit_columns()

    def _update_count(self, *_args) -> None:
        members = self.document.workshop.members
        front = sum(m.frontline for m in members)
        present = sum(m.present for m in members)
        shown = self.proxy.rowCount()
        n = len(members)
        self.count_label.setText(
            ngettext("{n} member: {front} frontline, {behind} behind the scenes",
                     "{n} members: {front} frontline, {behind} behind the scenes", n).format(
                n=n, front=front, behind=n - front)
            + (tr("; {n} present").format(n=present) if present else "")
            + (tr(" · {n} shown").format(n=shown) if shown != n else ""))

    # -- widgets → document -------------------------------------------------------------
    def commit_entry(self) -> bool:
        """Add the member typed in the entry row; clear it for the next one."""
        name = " ".join(self.name_edit.text().split())
        if not name:
            say(self.message, tr("Type the member's name first."), error=True)
            self.name_edit.setFocus()
            return False
        try:
            tenure = parse_tenure(self.tenure_edit.text())
        except ValueError as e:
            say(self.message, tr("The {problem}; write years as a number, e.g. 3 or 0.5.").format(
                problem=e), error=True)
            self.tenure_edit.setFocus()
            return False
        email = self.email_edit.text().strip()
        if rules.email_problem(email):
            say(self.message, tr("{problem}; fix it or leave it empty.").format(
                problem=rules.email_problem(email)), error=True)
            self.email_edit.setFocus()
            return False
        w = self.document.workshop
        dept_name = rules.clean(self.dept_combo.currentText())
        note = (" " + tr("New department “{name}” created.").format(name=dept_name)
                if dept_name and rules.find_department(w, dept_name) is None else "")
        change = ops.add_member(w, name, dept_name, self.role_edit.text(),
                                self.frontline_check.isChecked(), self.location_edit.text(),
                                tenure, email)
        member = change[-1].entity
        if not self.document.do(change):
            return False
        say(self.message, tr("Added {name}.").format(name=name) + note)
        for edit in (self.name_edit, self.role_edit, self.tenure_edit, self.email_edit):
            edit.clear()
        self.name_edit.setFocus()  # department, frontline and location stay for the next one
        self.select_member(member.id)
        return True

    def select_member(self, member_id: str) -> None:
        row = self.model.row_of(member_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.table.selectRow(index.row())
                self.table.scrollTo(index)

    def selected_ids(self) -> list[str]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.member(r).id for r in sorted(rows) if self.model.member(r)]

    def remove_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            say(self.message, tr("Select the members to delete first."), error=True)
            return False
        names = [self.document.get("members", i).name for i in ids]
        done = self.document.remove([("members", i) for i in ids],
                                    text=tr("Delete member {name}").format(name=names[0])
                                    if len(ids) == 1 else
                                    tr("Delete {n} members").format(n=len(ids)))
        if done:
            say(self.message, tr("Deleted {names}.").format(names=html.escape(', '.join(names)))
                + f" <a href='undo'>{tr('Undo')}</a>")
        return done

    def add_selected_as_participants(self) -> int:
        """Add the selected members as participants of the workshop (one undo step)."""
        from ..participants_import import add_as_participants, copy_message
        ids = self.selected_ids()
        if not ids:
            say(self.message, tr("Select the members to add as participants first."),
                error=True)
            return 0
        added, skipped = add_as_participants(self.document, ids)
        say(self.message, copy_message(added, skipped, tr("the participants")),
            error=not added)
        return added

    def parse_csv(self, path: str | Path) -> RosterImport:
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            result = RosterImport()
            result.fatal.append(tr("{file} cannot be read ({reason})").format(
                file=Path(path).name, reason=e.strerror or e))
            return result
        return parse_roster_csv(data, self.document.workshop)

    def import_csv(self, path: str | Path | None = None) -> int:
        """Preview a CSV file and, once confirmed, add its members in one undo step."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import advisory group from CSV"),
                                                  "", tr(CSV_FILTER))
            if not path:
                return 0
        result = self.parse_csv(path)
        dialog = RosterImportDialog(result, Path(path).name, self)
        if dialog.exec() != QDialog.Accepted:
            say(self.message, tr("Import cancelled; nothing was added."))
            return 0
        return self.apply_import(result, Path(path).name,
                                 create_departments=dialog.create_departments.isChecked())

    def apply_import(self, result: RosterImport, source: str,
                     create_departments: bool = False) -> int:
        change = import_ops(result, create_departments, self.document.workshop)
        count = len(result.members)
        if not count or result.fatal:
            say(self.message, tr("Nothing imported from {file}.").format(file=source),
                error=True)
            return 0
        change.text = ngettext("Import {n} member from {file}", "Import {n} members from {file}",
                               count).format(n=count, file=source)
        if not self.document.do(change):
            return 0
        parts = [ngettext("Imported {n} member from {file}.", "Imported {n} members from {file}.",
                          count).format(n=count, file=source)]
        if result.new_departments and create_departments:
            parts.append(tr("New departments: {names}.").format(
                names=", ".join(d.name for d in result.new_departments)))
        elif result.new_departments:
            parts.append(tr("No department was added; the names from the file are in the "
                            "members' notes."))
        if result.bad_rows:
            bad = len(result.bad_rows)
            parts.append(ngettext("Left out {n} row with problems: {lines}.",
                                  "Left out {n} rows with problems: {lines}.", bad).format(
                n=bad, lines="; ".join(tr("line {n}").format(n=r.line) for r in result.bad_rows)))
        say(self.message, " ".join(parts))
        return count

    def export_csv(self, path: str | Path | None = None) -> bool:
        if path is None:
            start = ""
            if self.document.path:
                start = str(self.document.path.with_name(
                    self.document.path.stem + " " + tr("advisory group") + ".csv"))
            path, _ = QFileDialog.getSaveFileName(self, tr("Export advisory group as CSV"),
                                                  start, tr(CSV_FILTER))
            if not path:
                return False
        from ..outputs import may_write
        if not may_write(self, path, "csv", self.document, tr("Export advisory group as CSV")):
            return False
        try:
            write_atomic(path, roster_csv_bytes(self.document.workshop))
        except OSError as e:
            say(self.message, tr("{file} cannot be written ({reason}); choose another "
                                 "folder.").format(file=Path(path).name, reason=e.strerror or e),
                error=True)
            return False
        n = len(self.document.workshop.members)
        say(self.message, ngettext("Wrote {n} member to {file}.", "Wrote {n} members to {file}.",
                                   n).format(n=n, file=Path(path).name))
        return True

    def copy_from_session(self, path: str | Path | None = None) -> int:
        """Add the members of another .cxw file (departments matched by name), one undo step."""
        from ...store import SessionError, SessionStore
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("Copy the advisory group from another session"), "",
                tr("cxworkshop sessions (*.cxw);;All files (*)"))
            if not path:
                return 0
        name = Path(path).name
        try:
            source = SessionStore.read(path)
        except SessionError as e:
            say(self.message, tr("Nothing copied: {reason}").format(reason=e), error=True)
            return 0
        except OSError as e:
            say(self.message, tr("Nothing copied: {file} cannot be read ({reason}).").format(
                file=name, reason=e.strerror or e), error=True)
            return 0
        copy = copy_roster(source, self.document.workshop)
        k = len(copy.skipped)
        skipped = " " + ngettext("{n} member already on this roster ({names}).",
                                 "{n} members already on this roster ({names}).", k).format(
            n=k, names=", ".join(copy.skipped[:5]) + ("…" if k > 5 else ""))
        if not copy.members:
            say(self.message, tr("Nothing to copy from {file}:").format(file=name) + " "
                + (tr("it has no advisory group.") if not copy.skipped else skipped.strip()),
                error=True)
            return 0
        change = copy.change(self.document.workshop)
        n = len(copy.members)
        change.text = ngettext("Copy {n} member from {file}", "Copy {n} members from {file}",
                               n).format(n=n, file=name)
        if not self.document.do(change):
            return 0
        text = ngettext("Copied {n} member from {file}.", "Copied {n} members from {file}.",
                        n).format(n=n, file=name)
        if copy.new_departments:
            text += " " + tr("New departments: {names}.").format(
                names=", ".join(d.name for d in copy.new_departments))
        if copy.skipped:
            text += skipped
        say(self.message, text)
        return len(copy.members)

    def activated(self) -> None:
        self.panel.refresh()
        self.name_edit.setFocus()
