"""Pages that fit a 1024×768 screen in every theme: rows that wrap, splitters that stack.

- :class:`FlowRow` is a row of controls (buttons, a count, a filter) that wraps onto
  a second line when the window is narrow instead of widening the page.
- :class:`ReflowSplitter` shows its panels side by side when there is room and one
  above the other when there is not.
- :class:`ScrollingBody` lets a tall form scroll up and down on a short screen (never
  sideways: its width is the form's minimum).
- :class:`SidePanelToggle` hides a splitter's side panel when the main part would get
  too narrow, and offers a toggle button to show it.
- :func:`fit_narrow` caps what would otherwise set a page's minimum width: combo
  boxes as wide as their longest entry (a process name) and long one-line labels.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from ..i18n import tr

COMBO_EMS = 14       # a combo box may shrink to this many average characters
WRAPPED_LABELS = ("hint", "pageHeading")  # object names of labels that may wrap


class FlowRow(QLayout):
    """A horizontal row that wraps onto more lines when it is narrower than its items.

    It reads like a :class:`QHBoxLayout` (``addWidget(w, stretch)``, ``addLayout``,
    ``addStretch``, ``addSpacing``): on each line the extra width goes to the items
    with a stretch, in proportion. Its minimum width is its widest item's, so a
    row of buttons no longer sets the width of the page.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []

    # -- building, as a QHBoxLayout ----------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._stretch.append(0)
        self.invalidate()

    def addWidget(self, widget: QWidget, stretch: int = 0,
                  alignment: Qt.AlignmentFlag | None = None) -> None:
        self.addChildWidget(widget)
        self._items.append(QWidgetItem(widget))
        self._stretch.append(stretch)
        self.invalidate()

    def addLayout(self, layout: QLayout, stretch: int = 0) -> None:
        self.addChildLayout(layout)
        self._items.append(layout)
        self._stretch.append(stretch)
        self.invalidate()

    def addStretch(self, stretch: int = 0) -> None:
        self._items.append(QSpacerItem(0, 0, QSizePolicy.Expanding, QSizePolicy.Minimum))
        self._stretch.append(max(stretch, 1))
        self.invalidate()

    def addSpacing(self, size: int) -> None:
        self._items.append(QSpacerItem(size, 0, QSizePolicy.Fixed, QSizePolicy.Minimum))
        self._stretch.append(0)
        self.invalidate()

    def setStretch(self, index: int, stretch: int) -> None:
        self._stretch[index] = stretch
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self._stretch.pop(index)
        item = self._items.pop(index)
        self.invalidate()
        return item

    # -- geometry ----------------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, apply=True)

    def sizeHint(self) -> QSize:  # everything on one line
        shown = self._shown()
        width = sum(item.sizeHint().width() for item, _ in shown)
        width += self._gap() * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item, _ in shown), default=0)
        return self._grow(QSize(width, height))

    def minimumSize(self) -> QSize:  # the widest item alone
        shown = self._shown()
        width = max((item.minimumSize().width() for item, _ in shown), default=0)
        height = max((item.minimumSize().height() for item, _ in shown), default=0)
        return self._grow(QSize(width, height))

    def _grow(self, size: QSize) -> QSize:
        m: QMargins = self.contentsMargins()
        return QSize(size.width() + m.left() + m.right(), size.height() + m.top() + m.bottom())

    def _gap(self) -> int:
        # Qt asks the parent widget's style (PM_LayoutHorizontalSpacing); a style that
        # leaves spacing to each pair of widgets says -1: a plain gap then. (Not
        # QStyle itself: its Python type takes ~10 ms to make, a thirtieth of start-up.)
        gap = self.spacing()
        return gap if gap >= 0 else 6

    def _shown(self) -> list[tuple[QLayoutItem, int]]:
        return [(item, stretch) for item, stretch in zip(self._items, self._stretch, strict=True)
                if not item.isEmpty() or isinstance(item, QSpacerItem)]

    def _lines(self, width: int) -> list[list[tuple[QLayoutItem, int, int]]]:
        """Items (with stretch and width) per line, each line at most ``width`` wide."""
        gap = self._gap()
        lines: list[list[tuple[QLayoutItem, int, int]]] = [[]]
        used = 0
        for item, stretch in self._shown():
            want = item.sizeHint().width()
            if isinstance(item, QSpacerItem) and stretch:
                want = 0
            want = max(item.minimumSize().width(), min(want, width))
            if lines[-1] and used + gap + want > width:
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + want
            lines[-1].append((item, stretch, want))
        # a stretch that would start a line is dropped there (it has nothing to push)
        return [[entry for k, entry in enumerate(line)
                 if not (k == 0 and isinstance(entry[0], QSpacerItem) and len(line) > 1)]
                for line in lines if line]

    def _place(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap, y = self._gap(), area.top()
        for line in self._lines(max(1, area.width())):
            used = sum(w for _, _, w in line) + gap * (len(line) - 1)
            extra = max(0, area.width() - used)
            stretches = sum(s for _, s, _ in line)
            widths = []
            for item, stretch, want in line:
                add = extra * stretch // stretches if stretches else 0
                widths.append(min(want + add, item.maximumSize().width()))
            height = max(item.heightForWidth(w) if item.hasHeightForWidth()
                         else item.sizeHint().height()
                         for (item, _, _), w in zip(line, widths, strict=True))
            if apply:
                x = area.left()
                for (item, _, _), w in zip(line, widths, strict=True):
                    h = min(height, item.maximumSize().height())
                    if not item.hasHeightForWidth() and not (
                            item.expandingDirections() & Qt.Vertical):
                        h = min(h, max(item.sizeHint().height(), item.minimumSize().height()))
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                    x += w + gap
            y += height + self.spacing_v()
        return max(0, y - self.spacing_v() - area.top()) + m.top() + m.bottom()

    def spacing_v(self) -> int:
        """The gap between two lines."""
        return max(self._gap() // 2, 4)


class ReflowSplitter(QSplitter):
    """Panels side by side when the splitter is wide enough for all of them, else one
    above the other (the facilitator sees every panel at 1024 px, Large Text included)."""

    def __init__(self, orientation: Qt.Orientation = Qt.Horizontal,
                 parent: QWidget | None = None) -> None:
        super().__init__(Qt.Horizontal, parent)
        self._wide = orientation == Qt.Horizontal  # the orientation when there is room
        if not self._wide:
            self.setOrientation(orientation)

    def side_by_side_width(self) -> int:
        """The width the panels need next to each other."""
        shown = [self.widget(i) for i in range(self.count())
                 if not self.widget(i).isHidden()]
        need = sum(_min_width(w) for w in shown)
        return need + self.handleWidth() * max(0, len(shown) - 1)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self._wide:
            return hint
        shown = [self.widget(i) for i in range(self.count())
                 if not self.widget(i).isHidden()]
        widest = max((_min_width(w) for w in shown), default=0)
        return QSize(widest, hint.height())

    def resizeEvent(self, event) -> None:
        if self._wide:
            want = (Qt.Horizontal if event.size().width() >= self.side_by_side_width()
                    else Qt.Vertical)
            if want != self.orientation():
                self.setOrientation(want)
                self.updateGeometry()
        super().resizeEvent(event)


class ScrollingBody(QScrollArea):
    """A frameless area that scrolls ``body`` up and down when the window is too short
    for it; as wide as the body needs, so nothing is cut at the side."""

    MIN_HEIGHT = 160

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(body)

    def minimumSizeHint(self) -> QSize:
        body = self.widget()
        need = _min_width(body) if body is not None else 0
        return QSize(need + self.verticalScrollBar().sizeHint().width() + 2, self.MIN_HEIGHT)

    def sizeHint(self) -> QSize:
        body = self.widget()
        hint = body.sizeHint() if body is not None else QSize()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width() + 2,
                     hint.height())


class SidePanelToggle(QObject):
    """A side panel that collapses to a toggle button when the window is narrow.

    While ``splitter`` is wide enough for ``main_min`` pixels of its main part next to
    the panel, the panel shows and the button is hidden; below that the panel hides
    and the checkable button (put first on ``toolbar``, a tool bar or a row of
    buttons) shows it on demand.
    """

    def __init__(self, splitter: QSplitter, panel: QWidget, toolbar: QToolBar | QBoxLayout,
                 text: str, main_min: int = 480) -> None:
        super().__init__(splitter)
        self.splitter, self.panel, self.main_min = splitter, panel, main_min
        self.button = QToolButton()
        self.button.setObjectName("sidePanelToggle")
        self.button.setText(text)
        self.button.setCheckable(True)
        self.button.setToolTip(tr("Show or hide the side panel (it folds away in a narrow "
                                  "window)"))
        self.action: QAction | None = None
        if isinstance(toolbar, QToolBar):
            first = toolbar.actions()[0] if toolbar.actions() else None
            self.action = (toolbar.insertWidget(first, self.button) if first is not None
                           else toolbar.addWidget(self.button))
        else:   # a row of buttons: the toggle goes first
            toolbar.insertWidget(0, self.button)
        self.button.toggled.connect(lambda _on: self.update_panel())
        splitter.installEventFilter(self)
        self.narrow = False
        self.update_panel()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.splitter and event.type() == QEvent.Resize:
            self.update_panel(event.size().width())
        elif obj is self.splitter and event.type() == QEvent.LayoutRequest:
            self.update_panel()   # the panel's own width changed (a theme, its content)
        return False

    def update_panel(self, width: int | None = None) -> None:
        """Fold the panel away or show it for the splitter's ``width``."""
        splitter = self.splitter
        # the panel never sets the window's minimum width: it folds away instead
        others = [splitter.widget(i) for i in range(splitter.count())
                  if splitter.widget(i) is not self.panel]
        need = sum(_min_width(w) for w in others) + splitter.handleWidth() * len(others)
        if splitter.minimumWidth() != max(1, need):
            splitter.setMinimumWidth(max(1, need))
        width = splitter.width() if width is None else width
        self.narrow = width < self.main_min + _min_width(self.panel)
        if self.action is not None:
            self.action.setVisible(self.narrow)
        else:
            self.button.setVisible(self.narrow)
        self.panel.setVisible(not self.narrow or self.button.isChecked())
        if not self.narrow:
            self._make_room()

    def _make_room(self) -> None:
        """Shrink the panel (not below its minimum) until the rest has ``main_min``."""
        splitter, index = self.splitter, self.splitter.indexOf(self.panel)
        sizes = splitter.sizes()
        if index < 0 or len(sizes) < 2 or sum(sizes) <= 0:
            return
        deficit = self.main_min - (sum(sizes) - sizes[index])
        spare = sizes[index] - _min_width(self.panel)
        if deficit <= 0 or spare <= 0:
            return
        give = min(deficit, spare)
        sizes[index] -= give
        widest = max((i for i in range(len(sizes)) if i != index), key=lambda i: sizes[i])
        sizes[widest] += give
        splitter.setSizes(sizes)


def scrolling_layout(outer: QBoxLayout, stretch: int = 1) -> QVBoxLayout:
    """A layout for the rest of a page that scrolls when the window is short."""
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(ScrollingBody(body), stretch)
    return layout


def _min_width(widget: QWidget) -> int:
    """What a layout gives a widget at least (its minimum width, else its hint's)."""
    if widget.minimumWidth() > 0:
        return widget.minimumWidth()
    return widget.minimumSizeHint().width()


def fit_narrow(page: QWidget) -> None:
    """Let the widest plain controls of ``page`` shrink: combo boxes to
    :data:`COMBO_EMS` characters (wider when the page asked for it), a form's label
    goes above its field when narrow, and hint and heading labels wrap. A scroll area
    that holds a form is as wide as the form's minimum (scrolled up and down, never
    cut at the side). Called whenever the page is shown (entries and the theme's
    font change the widths)."""
    for combo in page.findChildren(QComboBox):
        if combo.property("reflow_min") is None:
            combo.setProperty("reflow_min", combo.minimumWidth())  # the page's own floor
        own = int(combo.property("reflow_min"))
        cap = combo.fontMetrics().averageCharWidth() * COMBO_EMS + 40
        combo.setMinimumWidth(max(own, min(cap, combo.minimumSizeHint().width())))
    for form in page.findChildren(QFormLayout):
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)  # the label above its field
    for area in page.findChildren(QScrollArea):
        body = area.widget()
        if area.widgetResizable() and body is not None and not isinstance(area, ScrollingBody):
            # a form that scrolls up and down is never cut at the side: its width counts
            area.setMinimumWidth(_min_width(body) + area.verticalScrollBar().sizeHint().width()
                                 + 2 * area.frameWidth())
    for label in page.findChildren(QLabel):
        if label.objectName() in WRAPPED_LABELS and not label.wordWrap():
            label.setWordWrap(True)
