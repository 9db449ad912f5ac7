"""What the room told us: the story statistics as sentences and charts."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ....i18n import tr
from ....model.stats import story_stats
from ...charts import fill_story_charts, story_charts
from ..common import MIN_TEXT_PT, font, label


class StatsView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.sentences = label("", MIN_TEXT_PT, bold=True)
        charts = QHBoxLayout()
        self.charts = story_charts(scale=1.0)
        for chart in self.charts[:2]:  # the group chart stays on the facilitator's screen
            chart.dark = True
            chart.setFont(font(MIN_TEXT_PT * 0.8))
            charts.addWidget(chart, 1)
        self.charts[2].hide()
        lay.addWidget(self.sentences)
        lay.addLayout(charts, 1)

    def fill(self, room) -> str:
        stats = story_stats(room.document.workshop)
        fill_story_charts(stats, *self.charts)
        self.sentences.setText("\n".join(stats.sentences()[:3]) or tr("No answers yet."))
        return tr("What the room told us")
