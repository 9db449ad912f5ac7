"""The "last customer you served" questions, the one being asked larger."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ....i18n import tr
from ....model import RECENCY, RECENCY_LABELS
from ..common import MIN_TEXT_PT, MUTED, font, label


class PromptView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setSpacing(14)
        self.labels = [label("", MIN_TEXT_PT * 1.2) for _ in range(4)]
        self.when = label("", MIN_TEXT_PT * 0.9, color=MUTED)
        lay.addStretch(1)
        for lbl in self.labels:
            lay.addWidget(lbl)
        lay.addWidget(self.when)
        lay.addStretch(1)

    def fill(self, room) -> str:
        for i, (lbl, text) in enumerate(zip(self.labels, room.document.info.prompts, strict=False)):
            lbl.setText(f"{i + 1}.  {text}")
            asked = room.prompt_index in (-1, i)
            lbl.setStyleSheet("color: %s; background: transparent;"
                              % ("#ffffff" if asked else "#8a8a8a"))
            lbl.setFont(font(MIN_TEXT_PT * (1.4 if room.prompt_index == i else 1.1),
                             bold=room.prompt_index == i))
        self.when.setText(tr("When was it?") + "  " + " · ".join(
            tr(RECENCY_LABELS[k]) for k in RECENCY))
        return tr("The last customer you served")
