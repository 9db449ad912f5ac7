"""Customer Champion postcards: one card per call-out, four to a page, with cut marks.

Long call-outs shrink to fit the card, and are shortened with "…" only when
even the smallest readable size cannot hold them.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..model.anonymize import is_anonymized
from ..model.entities import Recognition
from .pdf_doc import use_minimal_info
from .pdf_map import _star, wrap
from .pdf_style import (
    ACCENT,
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    INK,
    MOMENT,
    MUTED,
    Para,
    TextCanvas,
    clean,
    markup,
    page_size,
    quoted,
    register_fonts,
    short,
)

if TYPE_CHECKING:
    from ..model.workshop import Workshop

CUT_MARGIN = 14 * mm     # page edge to the cut line
MARK_GAP = 3 * mm        # cut line to the start of a cut mark
MARK_LEN = 7 * mm
PAD = 8 * mm             # inside a card
SIZES = (14, 13, 12, 11, 10, 9, 8, 7.5)


def _behaviour_paragraph(text: str, width: float, height: float) -> Para:
    """The call-out at the largest size that fits ``width``×``height``; cut if it never does."""
    body = quoted(text) or "—"
    for size in SIZES:
        style = ParagraphStyle("callout", fontName=FONT_ITALIC, fontSize=size,
                               leading=size * 1.32, textColor=INK, splitLongWords=1)
        p = Para(markup(body), style)
        _w, h = p.wrap(width, height)
        if h <= height:
            return p
    lo, hi = 1, len(body)
    best = Para(markup("…"), style)
    while lo <= hi:  # the longest beginning that still fits
        mid = (lo + hi) // 2
        p = Para(markup(body[:mid].rstrip() + "…”"), style)
        if p.wrap(width, height)[1] <= height:
            best, lo = p, mid + 1
        else:
            hi = mid - 1
    best.wrap(width, height)
    return best


def _cut_marks(canv: Canvas, w: float, h: float) -> None:
    """Marks in the margins, in line with every cut (outer edges and the middle)."""
    canv.saveState()
    canv.setStrokeColor(colors.black)
    canv.setLineWidth(0.4)
    xs = (CUT_MARGIN, w / 2, w - CUT_MARGIN)
    ys = (CUT_MARGIN, h / 2, h - CUT_MARGIN)
    for x in xs:
        canv.line(x, CUT_MARGIN - MARK_GAP, x, CUT_MARGIN - MARK_GAP - MARK_LEN)
        canv.line(x, h - CUT_MARGIN + MARK_GAP, x, h - CUT_MARGIN + MARK_GAP + MARK_LEN)
    for y in ys:
        canv.line(CUT_MARGIN - MARK_GAP, y, CUT_MARGIN - MARK_GAP - MARK_LEN, y)
        canv.line(w - CUT_MARGIN + MARK_GAP, y, w - CUT_MARGIN + MARK_GAP + MARK_LEN, y)
    canv.restoreState()


def _card(canv: Canvas, x: float, y: float, cw: float, ch: float, rec: Recognition,
          session_line: str) -> None:
    """One postcard with its bottom-left corner at ``x, y``."""
    canv.saveState()
    # a hairline guide on the cut (light, so a slightly-off cut does not show)
    canv.setStrokeColor(colors.HexColor("#e4e7eb"))
    canv.setLineWidth(0.3)
    canv.rect(x, y, cw, ch, stroke=1, fill=0)
    band = 17 * mm
    canv.setFillColor(ACCENT)
    canv.rect(x, y + ch - band, cw, band, stroke=0, fill=1)
    canv.setFillColor(MOMENT)
    _star(canv, x + PAD + 5, y + ch - band / 2 - 1, 8, 3.3)
    canv.setFillColor(colors.white)
    canv.setFont(FONT_BOLD, 12)
    canv.drawString(x + PAD + 17, y + ch - band / 2 - 4, "CUSTOMER CHAMPION")
    canv.setFillColor(MOMENT)
    canv.rect(x, y + ch - band - 1.2, cw, 1.2, stroke=0, fill=1)

    inner_w = cw - 2 * PAD
    top = y + ch - band - PAD
    # a long name wraps (up to three lines) before it shrinks, and shrinks before it is cut
    name = " ".join(clean(rec.nominee).split()) or "(no name)"
    for size in (20, 17, 14, 12):  # whole words only: a word is never cut at a large size
        name_lines = wrap(name, FONT_BOLD, size, inner_w, 3) or [""]
        if " ".join(name_lines) == name:
            break
    canv.setFillColor(ACCENT)
    canv.setFont(FONT_BOLD, size)
    for i, line in enumerate(name_lines):
        canv.drawString(x + PAD, top - 18 - i * size * 1.2, line)
    top -= 18 + (len(name_lines) - 1) * size * 1.2 + 14
    canv.setFont(FONT, 8.5)
    canv.setFillColor(MUTED)
    canv.drawString(x + PAD, top, "was called out for putting the customer first:")
    top -= 8

    footer_h = 24
    box_h = top - (y + PAD + footer_h)
    p = _behaviour_paragraph(rec.behaviour or "", inner_w, box_h)
    _w, ph = p.wrap(inner_w, box_h)
    p.drawOn(canv, x + PAD, top - ph)

    canv.setStrokeColor(colors.HexColor("#cbd2d9"))
    canv.setLineWidth(0.5)
    canv.line(x + PAD, y + PAD + footer_h - 6, x + cw - PAD, y + PAD + footer_h - 6)
    by = f"From {rec.nominator}" if rec.nominator else "From a colleague"
    canv.setFont(FONT_BOLD, 8.5)
    canv.setFillColor(INK)
    canv.drawString(x + PAD, y + PAD + 6, short(by, 48))
    if rec.date:
        canv.setFont(FONT, 8.5)
        canv.drawRightString(x + cw - PAD, y + PAD + 6, rec.date)
    canv.setFont(FONT, 6.5)
    canv.setFillColor(MUTED)
    canv.drawString(x + PAD, y + PAD - 4, short(session_line, 80))
    canv.restoreState()


def postcards_pdf(workshop: Workshop, paper: str = "a4") -> tuple[bytes, int]:
    """Every call-out as a postcard, four per page; returns the PDF bytes and page count."""
    register_fonts()
    w, h = page_size(paper)
    buf = io.BytesIO()
    # DejaVu as the initial font: reportlab would otherwise list Helvetica (not embedded)
    canv = TextCanvas(buf, pagesize=(w, h), invariant=1, pageCompression=1, initialFontName=FONT,
                      lang="en")
    use_minimal_info(canv)
    info = workshop.info
    canv.setTitle(clean(f"Customer Champions — {info.title}"))
    canv.setAuthor(clean(info.facilitator or info.organization))
    session_line = " · ".join(x for x in (info.title, info.date or "") if x)
    if is_anonymized(workshop):
        session_line = f"Anonymized · {session_line}"
    cards = list(workshop.table(Recognition).values())
    cw, ch = w / 2 - CUT_MARGIN, h / 2 - CUT_MARGIN
    slots = [(CUT_MARGIN, h / 2), (w / 2, h / 2), (CUT_MARGIN, CUT_MARGIN), (w / 2, CUT_MARGIN)]
    starts = range(0, len(cards), 4)
    pages = len(starts)
    for start in starts:
        _cut_marks(canv, w, h)
        for rec, (x, y) in zip(cards[start:start + 4], slots, strict=False):
            _card(canv, x, y, cw, ch, rec, session_line)
        canv.showPage()
    if not cards:
        canv.setFont(FONT, 11)
        canv.drawString(CUT_MARGIN, h - CUT_MARGIN - 11, "No Customer Champion call-outs yet.")
        canv.showPage()
        pages = 1
    canv.save()
    return buf.getvalue(), pages
