"""The agenda view: the current step in large type and what comes next."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ....i18n import tr
from ..common import MIN_TEXT_PT, MIN_TITLE_PT, MUTED, label


class AgendaView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.big = label("", MIN_TITLE_PT * 1.4, bold=True)
        self.big.setAlignment(Qt.AlignCenter)
        self.next = label("", MIN_TEXT_PT, color=MUTED)
        self.next.setAlignment(Qt.AlignCenter)
        lay.addStretch(1)
        lay.addWidget(self.big)
        lay.addWidget(self.next)
        lay.addStretch(1)

    def fill(self, room) -> str:
        step = room.current_step()
        steps = room.steps()
        self.big.setText(step.title if step else tr("No agenda yet"))
        nxt = steps[room.step_index + 1] if step and room.step_index + 1 < len(steps) else None
        self.next.setText(tr("Next: {title}").format(title=nxt.title) if nxt else "")
        return room.document.info.title
