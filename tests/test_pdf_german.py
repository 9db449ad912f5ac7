"""The handouts, the map pages and the postcards speak the user's language: their text
comes from the same catalogue as the app's (German here), and the PDF says so (/Lang)."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cxworkshop import i18n
from cxworkshop.export.pdf_handout import Handouts
from cxworkshop.export.pdf_postcards import postcards_pdf
from cxworkshop.export.pdf_report import report_pdf
from cxworkshop.io.json_io import loads
from cxworkshop.resources import samples_dir


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                    .split())


def test_handout_map_and_postcards_in_german(german):
    w = loads((samples_dir() / "home-services.json").read_text(encoding="utf-8"))
    person = next(p for p in w.tables["participants"].values()
                  if any(pl.participant == p.id for pl in w.tables["placements"].values()))
    data, _pages = Handouts(w).pdf(person)
    handout = text(data)
    for phrase in ("IHR WORKSHOP-HANDOUT", "Die letzte Kundschaft", "Seite 1 von",
                   "Wo Ihre Arbeit auf der Landkarte steht", "Wie es weitergeht",
                   "SPEIST IHRE ARBEIT", "IHR PROZESS", "HERAUSFORDERUNG"):
        assert phrase in handout, phrase
    assert "Where your work sits" not in handout and "Page 1 of" not in handout
    assert b"/Lang (de)" in data
    report = text(report_pdf(w)[0])
    for phrase in ("Teil 1 von", "Verzeichnis der Prozesse", "Moment der Wahrheit",
                   "Rückschleife", "weiter auf S.", "Geschichten", "Die Geschichten",
                   "Die Nennungen", "Bericht für die Moderation"):
        assert phrase in report, phrase
    cards = text(postcards_pdf(w, backs=True)[0])
    assert "DIE GESCHICHTE HINTER DER KARTE" in cards and "CUSTOMER CHAMPION" in cards


def test_metrics_parking_lot_go_and_see_and_the_printing_kit_in_german(german):
    from cxworkshop.export.pdf_kit import name_tents_pdf, sign_in_pdf
    w = loads((samples_dir() / "home-services.json").read_text(encoding="utf-8"))
    report = text(report_pdf(w)[0])
    for phrase in ("Paare: Kundenkennzahlen und die Kennzahlen, die sie bewegen",
                   "Alle Kennzahlen", "Kennzahlen der Außensicht", "NPS für alle",
                   "Wer noch keine Kundschaft getroffen hat", "noch offen"):
        assert phrase in report, phrase
    for english in ("Pairing: customer numbers", "All metrics", "Who has not met a customer",
                    "belonged to no process", "Inside-out metrics upstream"):
        assert english not in report, english
    handouts = Handouts(w)
    found = ""
    for person in w.tables["participants"].values():
        found = text(handouts.pdf(person)[0])
        if "Kundenkennzahlen, die Ihre Arbeit bewegt" in found:
            break
    assert "Die Kundenkennzahlen, die Ihre Arbeit bewegt" in found
    assert "The customer numbers your work moves" not in found
    sheet = text(sign_in_pdf(w)[0])
    assert "Anwesenheitsliste" in sheet and "Unterschrift" in sheet and "Signature" not in sheet
    assert "falzen" in text(name_tents_pdf(w)[0])


def test_the_running_header_never_overlaps_however_long_title_and_section(tmp_path):
    """German section names are long: the title gives way (cut with …), never overlaps."""
    from reportlab.pdfgen.canvas import Canvas

    from cxworkshop.export.pdf_doc import DocTemplate, Running
    from cxworkshop.export.pdf_style import MARGIN, text_width

    drawn: list[tuple[str, float, float, str, float]] = []

    class Recording(Canvas):
        def drawString(self, x, y, text, *a, **k):  # noqa: N802 - reportlab's name
            drawn.append(("left", x, x + text_width(text, self._fontname, self._fontsize),
                          text, y))

        def drawRightString(self, x, y, text, *a, **k):  # noqa: N802
            drawn.append(("right", x - text_width(text, self._fontname, self._fontsize), x,
                          text, y))

    title = "Connecting the dots — Brightway Home Services — Bericht für die Moderation " * 2
    for section in ("Kennzahlen: was die Kundschaft spürt und was es bewegt",
                    "Geschichten " * 20, "", "x"):
        drawn.clear()
        doc = DocTemplate(str(tmp_path / "x.pdf"), "a4", "t", "a", Running(left=title))
        doc.section = section
        canvas = Recording(str(tmp_path / "x.pdf"), pagesize=(595.27, 841.89))
        doc._header(canvas, doc)
        left = next(d for d in drawn if d[0] == "left")
        assert left[1] == MARGIN and left[3].endswith("…")
        right = [d for d in drawn if d[0] == "right"]
        if section.strip():
            assert left[2] + 6 <= right[0][1], (left[3], right[0][3])
            assert right[0][2] <= 595.27 - MARGIN + 0.01
        else:
            assert left[2] <= 595.27 - MARGIN
