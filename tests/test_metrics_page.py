"""The Metrics page: add and edit metrics, link them, read their chains, NPS for everyone."""
from __future__ import annotations

import shutil

import pytest

from cxworkshop.document import SessionDocument
from cxworkshop.model import Add, Metric, MetricLink
from cxworkshop.resources import samples_dir


@pytest.fixture
def page(qtbot, document):
    from cxworkshop.ui.pages.metrics import MetricsPage
    p = MetricsPage(document)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    return p


@pytest.fixture
def sample_page(qtbot, qapp, tmp_path):
    from cxworkshop.ui.pages.metrics import MetricsPage
    path = tmp_path / "hs.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    doc = SessionDocument.open(path)
    p = MetricsPage(doc)
    qtbot.addWidget(p)
    p.resize(1024, 700)
    p.show()
    yield p
    doc.close()


def test_add_edit_and_link_a_metric_then_undo(page, document):
    page.new_edit.setText("Invoice accuracy")
    page.new_kind.setCurrentIndex(page.new_kind.findData("inside_out"))
    assert page.add_metric()
    m = document.workshop.metrics[0]
    assert (m.name, m.kind) == ("Invoice accuracy", "inside_out")
    assert page.name_edit.text() == "Invoice accuracy"
    page.number_edits["current"].setText("94,5 %")
    page.number_edits["target"].setText("98")
    page.unit_edit.setText("%")
    page.dept_combo.setCurrentIndex(page.dept_combo.findData("d2"))
    assert page.commit()
    m = document.get("metrics", m.id)
    assert (m.current, m.target, m.previous, m.unit, m.department) == (94.5, 98.0, None, "%",
                                                                       "d2")
    assert "below target" in page.status_label.text()
    # no link yet: the warning a facilitator must see
    assert "Measured, but no path to the customer" in page.chain_label.text()
    assert "⚠ no path to the customer" in page.list.item(0).text()
    page.link_combo.setCurrentIndex(page.link_combo.findData("p3"))
    assert page.link_process()
    assert [(ml.metric, ml.process) for ml in document.workshop.metric_links] == [(m.id, "p3")]
    assert page.links_list.count() == 1 and page.link_combo.findData("p3") == -1
    document.undo_stack.undo()
    assert document.workshop.metric_links == [] and page.links_list.count() == 0


def test_a_bad_number_is_refused_with_a_message(page, document):
    document.add(Metric("k1", "Calls answered", current=70.0))
    page.refresh()
    page.number_edits["current"].setText("seventy")
    assert not page.commit()
    assert document.get("metrics", "k1").current == 70.0
    assert "Current “seventy” is not a number" in page.message.text()


def test_chain_of_an_outside_in_metric_lists_what_moves_it(page, document):
    document.apply([Add(Metric("k1", "Would recommend", "outside_in")),
                    Add(Metric("k2", "Quotes within a day", "inside_out", current=80.0,
                               unit="%")),
                    Add(MetricLink("kl1", "k1", "p3")), Add(MetricLink("kl2", "k2", "p2"))])
    page.select_metric("k1")
    assert page.chain_box.title() == "What moves this score"
    text = page.chain_label.text()
    assert "1 inside-out metric</b> upstream" in text and "Quotes within a day" in text
    assert "80%" in text and "Take enquiry — Sales" in text  # an upstream process
    page.select_metric("k2")
    assert page.chain_box.title() == "Which customer number this moves"
    assert "Would recommend" in page.chain_label.text()


def test_nps_by_counts_and_by_scores_file(page, document, tmp_path):
    page.tabs.setCurrentIndex(2)
    page.nps_scope.setCurrentIndex(page.nps_scope.findData("department:d2"))
    page.nps_counts["promoters"].setValue(6)
    page.nps_counts["passives"].setValue(2)
    page.nps_counts["detractors"].setValue(2)
    assert page.add_nps()
    row = document.workshop.nps[0]
    assert (row.scope, row.department, row.promoters) == ("department", "d2", 6)
    assert page.nps_table.item(0, 6).text() == "+40" and page.nps_table.item(0, 5).text() == "10"
    csv = tmp_path / "survey.csv"
    csv.write_text("Take enquiry;Sales\n10;3\n9;x\n", encoding="utf-8")
    seen = []
    assert page.import_scores(csv, confirm=lambda r: seen.append(r.problems) or True)
    assert seen == [["line 3: “x” (Sales) is not a whole number from 0 to 10"]]
    assert "Imported 2 NPS results from survey.csv; 1 bad line left out." in page.message.text()
    results = {(r.scope, r.process or r.department): (r.promoters, r.detractors)
               for r in document.workshop.nps}
    assert results[("process", "p1")] == (1, 0)  # line 3 left out whole
    assert results[("department", "d1")] == (0, 1)
    # Billing (d2) owns no moment of truth and feeds none: it says so
    texts = {page.dept_table.item(r, 0).text(): page.dept_table.item(r, 2).text()
             for r in range(page.dept_table.rowCount())}
    assert texts["Billing"] == "no moment of truth downstream"


def test_sample_shows_nps_for_everyone_and_the_unreached_metric(sample_page, tmp_path):
    p = sample_page
    assert "1 inside-out metric with no path to the customer" in p.unreached_label.text()
    rows = {p.dept_table.item(r, 0).text(): (p.dept_table.item(r, 1).text(),
                                              p.dept_table.item(r, 2).text())
            for r in range(p.dept_table.rowCount())}
    own, fed = rows["Parts & Warehouse"]
    assert own == "owns no moment of truth" and "Carry out the repair: NPS +50 (n=52)" in fed
    p.select_metric("k2")
    for tab in (0, 1, 2):
        p.tabs.setCurrentIndex(tab)
        p.grab().save(str(tmp_path / f"metrics_{tab}.png"))
    assert (tmp_path / "metrics_0.png").stat().st_size > 1000


def test_show_a_metric_on_the_map(main_window, tmp_path):
    path = tmp_path / "hs.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    main_window.open_file(path)
    page = main_window.show_page("Metrics")
    page.select_metric("k2")  # Fixed on the first visit: on "Carry out the repair"
    assert page.show_on_map()
    map_page = main_window.stack.currentWidget()
    assert map_page.title == "Map" and map_page.act_gauges.isChecked()
    assert map_page.scene.focused == {"p-repair"}
    assert map_page.gauges.chips["p-repair"].isVisible()
    page.select_metric("k11")  # no process: says so
    assert not page.show_on_map() and "linked to no process" in page.message.text()


def test_pairing_tab_pairs_each_customer_number(sample_page):
    p = sample_page
    t = p.pairing_table
    firsts = [t.item(r, 0).text() for r in range(t.rowCount())]
    assert firsts[:4] == ["Likelihood to recommend (NPS)",
                          "Fixed on the first visit (customer says)",
                          "Kept informed about the arrival time", "Invoice was what I expected"]
    assert "First-time fix rate (79% ▲)" in t.item(1, 2).text()
    assert firsts[-1] == "⚠ No path to the customer"
    assert t.item(t.rowCount() - 1, 2).text() == "Expense claims paid within 5 days"
    p._pairing_clicked(2, 0)
    assert p.tabs.currentIndex() == 0 and p.current_id == "k3"
