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
