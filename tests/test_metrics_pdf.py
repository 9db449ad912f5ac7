"""Metrics, NPS, parking lot and go-and-see in the report and the handouts (text extracted)."""
from __future__ import annotations

import io

from pypdf import PdfReader

from cxworkshop.export.pdf_handout import handout_pdf
from cxworkshop.export.pdf_report import report_pdf
from cxworkshop.resources import samples_dir
from cxworkshop.store import SessionStore

from .conftest import small_workshop


def text_of(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def sample():
    return SessionStore.read(samples_dir() / "home-services.cxw")


def test_report_has_the_pairing_table_and_the_metrics_without_a_path():
    text = text_of(report_pdf(sample())[0])
    assert "Metrics: what the customer feels, and what moves it" in text
    assert "Pairing: customer numbers and the numbers that move them" in text
    assert "Fixed on the first visit (customer says)" in text and "First-time fix rate" in text
    after = text.split("Metrics with no path to the customer", 2)[-1]
    assert "Expense claims paid within 5 days" in after.split("NPS for everyone")[0]
    assert "Whole session: NPS +24 (n=120)." in text
    assert "owns no moment of truth" in text


def test_report_lists_the_parking_lot_and_who_never_met_a_customer():
    text = text_of(report_pdf(sample())[0])
    assert "Can the survey ask which technician came?" in text
    assert "3 questions and ideas that belonged to no process; 1 still open." in text
    section = text.split("Who has not met a customer")[-1]
    for name in ("Olu Adeyemi", "Sam Patel", "Ruth Evans", "Иван Петров"):
        assert name in section
    assert "Sit in on inbound calls for an hour" in section
    assert "none planned yet" in section


def test_a_session_without_metrics_has_no_metrics_section():
    text = text_of(report_pdf(small_workshop())[0])
    assert "Metrics: what the customer feels" not in text and "Parking lot" not in text


def test_handout_ends_with_the_customer_numbers_the_person_moves():
    text = text_of(handout_pdf(sample(), "u-olu")[0])  # parts: no moment of truth of its own
    tail = text.split("The customer numbers your work moves")[1]
    assert "Fixed on the first visit (customer says)" in tail
    assert "Parts picked right first time" in tail  # the department's own number
    assert "Moments of truth your work feeds: Carry out the repair NPS +50 (n=52)" in tail


def test_natural_sort_key_takes_superscript_digits_as_text():
    from cxworkshop.export.pdf_report import _natural
    assert sorted(["Step 10", "Step 2", "x²", "b"], key=_natural) == ["b", "Step 2", "Step 10",
                                                                    "x²"]
