"""Metric gauge chips on the map's boxes: toggled from the toolbar, following the document."""
from __future__ import annotations

from cxworkshop.model import Metric, MetricLink, Update


def test_chips_show_the_customer_metric_first_and_follow_edits(map_page, document):
    page = map_page
    document.add(Metric("k1", "Quotes within a day", "inside_out", unit="%", current=80.0,
                        target=90.0))
    document.add(Metric("k2", "Would recommend", "outside_in", current=30.0, previous=20.0,
                        target=25.0))
    document.add(MetricLink("kl1", "k1", "p2"))
    assert page.gauges.chips == {}  # off until asked for
    page.act_gauges.setChecked(True)
    chip = page.gauges.chips["p2"]
    assert chip.isVisible() and chip.parentItem() is page.scene.item_for_process["p2"]
    assert chip.text == "○ 80%" and chip.state is False
    document.add(MetricLink("kl2", "k2", "p2"))
    assert chip.text == "◉ 30 ▲  +1" and chip.state is True
    assert "Quotes within a day — 80% (target 90%), internal" in chip.toolTip()
    document.apply([Update("metrics", "k2", {"current": 10.0})])
    assert chip.text == "◉ 10 ▼  +1" and chip.state is False
    document.remove([("metric_links", "kl1"), ("metric_links", "kl2")])
    assert page.gauges.chips == {} and chip.scene() is None
    document.undo_stack.undo()
    assert page.gauges.chips["p2"].text == "◉ 10 ▼  +1"
    page.act_gauges.setChecked(False)
    assert not page.gauges.chips["p2"].isVisible()


def test_a_chip_moves_with_its_box_and_goes_with_it(map_page, document):
    page = map_page
    document.add(Metric("k1", "NPS", "outside_in", current=12.0))
    document.add(MetricLink("kl1", "k1", "p1"))
    page.act_gauges.setChecked(True)
    box = page.scene.item_for_process["p1"]
    chip = page.gauges.chips["p1"]
    before = chip.scenePos() - box.scenePos()
    document.update("processes", "p1", x=box.process.x + 40)
    box = page.scene.item_for_process["p1"]
    assert page.gauges.chips["p1"].scenePos() - box.scenePos() == before
    document.remove([("processes", "p1")])
    assert "p1" not in page.gauges.chips
