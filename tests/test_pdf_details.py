"""Report details a print reader checks: bars, ties, agenda totals, PDF basics."""
from __future__ import annotations

import io

from pypdf import PdfReader

from cxworkshop.export.pdf_charts import BarChart
from cxworkshop.export.pdf_report import _more_text, report_pdf
from cxworkshop.export.pdf_style import quoted
from cxworkshop.model import Add, AgendaItem, Participant, Process, SessionInfo, Story, Workshop


def text_of(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_bars_are_shares_of_the_whole_not_of_the_largest():
    chart = BarChart("Outcome", [("a", 1), ("b", 1), ("c", 1), ("d", 1)], 400)
    assert abs(chart.bar_length(1) - chart.bar_w / 4) < 0.01
    assert BarChart("x", [("a", 3), ("b", 1)], 400).bar_length(3) < chart.bar_w


def test_the_more_line_is_honest_about_ties():
    voted = [Process(f"p{i}", f"P{i}", None, 0, votes=v)
             for i, v in enumerate([9] * 10 + [3] * 390 + [1] * 1200)]
    assert _more_text(voted) == ("…and 1585 more: 385 tied with the last row (3 votes each) "
                                 "and 1200 with fewer votes.")
    from cxworkshop import i18n
    i18n.set_language("de")
    try:
        assert _more_text(voted) == ("…und 1585 weitere: 385 gleichauf mit der letzten Zeile "
                                     "(je 3 Stimmen) und 1200 mit weniger Stimmen.")
    finally:
        i18n.set_language("en")


def test_quotes_are_never_doubled():
    assert quoted("“We felt like a number.”") == "“We felt like a number.”"
    assert quoted('"Fast"') == "“Fast”" and quoted("ok") == "“ok”"


def test_agenda_total_never_mixes_planned_and_actual():
    w = Workshop(SessionInfo(title="T"))
    w.apply([Add(AgendaItem("g1", "Welcome", 10, 900)), Add(AgendaItem("g2", "Map", 30, 1500)),
             Add(AgendaItem("g3", "Wrap-up", 20, None))])
    text = text_of(report_pdf(w)[0])
    assert "Timed steps (2 of 3) 40 min 40 min —" not in text
    assert "Timed steps (2 of 3) 40 min 40 min" in text
    assert "All steps, planned 60 min — —" in text


def test_pdf_opens_with_the_outline_has_a_language_and_clickable_contents():
    w = Workshop(SessionInfo(title="T"))
    w.apply([Add(Participant("u0", "Ana", None, "", False)),
             Add(Story("s0", "u0", "Bo", None, "today", "direct", "x", "", "unknown", "")),
             Add(AgendaItem("g1", "Welcome", 10, 900))])
    reader = PdfReader(io.BytesIO(report_pdf(w)[0]))
    root = reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines" and root["/Lang"] == "en"
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    targets = [reader.get_page_number(link["/Dest"][0]) for link in links]
    assert len(targets) >= 2 and all(t > 0 for t in targets) and targets == sorted(targets)
