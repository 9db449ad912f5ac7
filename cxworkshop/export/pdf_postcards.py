"""Customer Champion postcards for a print shop: standard card sizes on standard sheets,
3 mm bleed, gutters, cut marks outside the trim, and optional backs.

A card is A6 (105 × 148 mm) or 4 × 6 in (101.6 × 152.4 mm). How cards sit on a
sheet (:data:`SHEETS`), as a print shop would impose them:

- ``sra4``: four A6 cards on SRA4 (225 × 320 mm), the press sheet made for A4
  work with bleed. Four A6 cards *with* gutters on both axes need 2 × (105 + 6)
  = 222 mm across, which leaves no room for cut marks even on SRA4 (and does
  not fit A4 at all), so the two columns share one cut (a butt cut: the cards'
  left and right edges look alike, so a cut a hair off shows nothing) and the
  two rows have a 6 mm gutter (each row keeps its own 3 mm bleed: the coloured
  band at the top of a card meets the white foot of the card above).
- ``a4``: two A6 cards on A4, turned, with a gutter: for an office printer.
- ``letter``: two 4 × 6 in cards on Letter, turned, with a gutter.
- ``tabloid``: four 4 × 6 in cards on Tabloid (11 × 17 in), gutters both ways.

Every card has 3 mm bleed on each side that does not share a cut; cut marks
sit outside the bleed, in line with every cut, inside the sheet. With backs
(the champion's story) every sheet of fronts is followed by its sheet of backs,
placed for double-sided printing flipped on the long edge: a card's back is
mirrored left to right on the sheet, so it lands behind its front.
A long name wraps (up to three lines) before it shrinks; a long call-out
shrinks to fit and is shortened with "…" only when even 7.5 pt cannot hold it
(the back then has room for all of it).
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from ..i18n import language, tr
from ..model.anonymize import is_anonymized
from ..model.entities import Participant, Recognition, Story
from .pdf_doc import use_minimal_info
from .pdf_map import _star, wrap
from .pdf_report import RECENCY_NAMES
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
    quoted,
    register_fonts,
    short,
    text_width,
)

if TYPE_CHECKING:
    from ..model.workshop import Workshop

Rect = tuple[float, float, float, float]        # x, y (bottom left), width, height
Line = tuple[tuple[float, float], tuple[float, float]]

BLEED = 3 * mm
GUTTER = 2 * BLEED       # between cards that do not share a cut: a bleed each
MARK_GAP = 0.5 * mm      # bleed edge to the start of a cut mark
MARK_LEN = 5 * mm        # longest cut mark
SHEET_EDGE = 1 * mm      # cut marks end at least this far inside the sheet
SEAM = 0.3               # points: how far a card's clip overlaps its neighbour's
PAD = 7 * mm             # inside a card: nothing important closer to the trim
SIZES = (16, 14, 13, 12, 11, 10, 9, 8, 7.5)
NAME_SIZES = (20, 17, 14, 12)
CARDS = {"a6": (105 * mm, 148 * mm), "4x6": (4 * inch, 6 * inch)}


@dataclass(frozen=True)
class Sheet:
    """How cards are imposed on a press or printer sheet."""

    key: str
    card: str                     # "a6" or "4x6"
    size: tuple[float, float]     # sheet width, height (points, portrait)
    cols: int
    rows: int
    turned: bool                  # cards turned a quarter on the sheet
    gutter_x: float               # between columns (0: the columns share a cut)
    gutter_y: float               # between rows

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    @property
    def label(self) -> str:
        return {"sra4": tr("A6 cards, 4 on SRA4 (print shop)"),
                "a4": tr("A6 cards, 2 on A4 (office printer)"),
                "letter": tr("4 × 6 in cards, 2 on Letter"),
                "tabloid": tr("4 × 6 in cards, 4 on Tabloid (print shop)")}[self.key]


SHEETS = {
    "sra4": Sheet("sra4", "a6", (225 * mm, 320 * mm), 2, 2, False, 0.0, GUTTER),
    "a4": Sheet("a4", "a6", A4, 1, 2, True, 0.0, GUTTER),
    "letter": Sheet("letter", "4x6", LETTER, 1, 2, True, 0.0, GUTTER),
    "tabloid": Sheet("tabloid", "4x6", (11 * inch, 17 * inch), 2, 2, False, GUTTER, GUTTER),
}
DEFAULT_SHEET = {"a4": "sra4", "letter": "letter"}   # by the report's paper


def sheet_for(paper: str, sheet: str | None = None) -> Sheet:
    """The sheet asked for, else the one that goes with ``paper``."""
    return SHEETS[sheet or DEFAULT_SHEET.get(paper, "sra4")]


def sheet_pages(cards: int, sheet: Sheet, backs: bool = False) -> int:
    """How many pages ``cards`` postcards take."""
    sheets = max(1, math.ceil(cards / sheet.per_sheet))
    return sheets * (2 if backs and cards else 1)


@dataclass(frozen=True)
class Slot:
    """Where one card sits on a sheet."""

    trim: Rect     # the card's finished edges on the sheet
    bleed: Rect    # what is printed: the trim and 3 mm more where no cut is shared
    turn: int      # degrees the card is turned (counter-clockwise) on the sheet


def slots(sheet: Sheet, back: bool = False) -> list[Slot]:
    """The card places of ``sheet``, in card order (rows from the top, then columns);
    for ``back`` mirrored left to right (duplex, flipped on the long edge)."""
    cw, ch = CARDS[sheet.card]
    if sheet.turned:
        cw, ch = ch, cw
    sw, sh = sheet.size
    block_w = sheet.cols * cw + (sheet.cols - 1) * sheet.gutter_x
    block_h = sheet.rows * ch + (sheet.rows - 1) * sheet.gutter_y
    x0, y0 = (sw - block_w) / 2, (sh - block_h) / 2
    out = []
    for r in range(sheet.rows):
        for c in range(sheet.cols):
            x = x0 + c * (cw + sheet.gutter_x)
            y = y0 + block_h - (r + 1) * ch - r * sheet.gutter_y
            left = BLEED if c == 0 or sheet.gutter_x else 0.0
            right = BLEED if c == sheet.cols - 1 or sheet.gutter_x else 0.0
            bottom = BLEED if r == sheet.rows - 1 or sheet.gutter_y else 0.0
            top = BLEED if r == 0 or sheet.gutter_y else 0.0
            turn = 90 if sheet.turned else 0
            if back:   # the same place seen from the other side of the sheet
                x = sw - x - cw
                left, right = right, left
                turn = -turn
            out.append(Slot((x, y, cw, ch), (x - left, y - bottom, cw + left + right,
                                             ch + bottom + top), turn))
    return out


def cut_marks(sheet: Sheet) -> list[Line]:
    """Short lines in the sheet's margins, in line with every cut, outside every card's
    bleed and inside the sheet."""
    places = slots(sheet)
    sw, sh = sheet.size
    xs = sorted({round(v, 3) for s in places for v in (s.trim[0], s.trim[0] + s.trim[2])})
    ys = sorted({round(v, 3) for s in places for v in (s.trim[1], s.trim[1] + s.trim[3])})
    left = min(s.bleed[0] for s in places) - MARK_GAP
    right = max(s.bleed[0] + s.bleed[2] for s in places) + MARK_GAP
    bottom = min(s.bleed[1] for s in places) - MARK_GAP
    top = max(s.bleed[1] + s.bleed[3] for s in places) + MARK_GAP
    out: list[Line] = []
    for x in xs:
        out.append(((x, top), (x, min(top + MARK_LEN, sh - SHEET_EDGE))))
        out.append(((x, bottom), (x, max(bottom - MARK_LEN, SHEET_EDGE))))
    for y in ys:
        out.append(((left, y), (max(left - MARK_LEN, SHEET_EDGE), y)))
        out.append(((right, y), (min(right + MARK_LEN, sw - SHEET_EDGE), y)))
    return out


# -- one card --------------------------------------------------------------------------------
def _fit_paragraph(text: str, width: float, height: float, font: str = FONT_ITALIC,
                   sizes: tuple[float, ...] = SIZES) -> Para:
    """``text`` at the largest size that fits ``width``×``height``; cut if it never does."""
    body = text or "—"
    style = None
    for size in sizes:
        style = ParagraphStyle("callout", fontName=font, fontSize=size,
                               leading=size * 1.32, textColor=INK, splitLongWords=1)
        p = Para(markup(body), style)
        _w, h = p.wrap(width, height)
        if h <= height:
            return p
    lo, hi = 1, len(body)
    best = Para(markup("…"), style)
    closing = "”" if body.endswith("”") else ""
    while lo <= hi:  # the longest beginning that still fits
        mid = (lo + hi) // 2
        p = Para(markup(body[:mid].rstrip() + "…" + closing), style)
        if p.wrap(width, height)[1] <= height:
            best, lo = p, mid + 1
        else:
            hi = mid - 1
    best.wrap(width, height)
    return best


def _behaviour_paragraph(text: str, width: float, height: float) -> Para:
    return _fit_paragraph(quoted(text) or "—", width, height)


def _name_wrap(name: str, size: float, width: float, hyphens: bool = True
               ) -> list[str] | None:
    """``name`` in lines of whole words (a hyphenated word too long for a line breaks
    after a hyphen) no wider than ``width`` at ``size``; None when a piece is wider than
    a line."""
    pieces: list[tuple[str, bool]] = []   # (text, joins the previous piece without a space)
    for word in name.split(" "):
        if not hyphens or text_width(word, FONT_BOLD, size) <= width:
            pieces.append((word, False))
            continue
        parts = re.split(r"(?<=-)(?=.)", word)
        pieces += [(part, i > 0) for i, part in enumerate(parts)]
    lines: list[str] = []
    line = ""
    for text, joined in pieces:
        if text_width(text, FONT_BOLD, size) > width:
            return None
        candidate = (line + ("" if joined else " ") + text) if line else text
        if text_width(candidate, FONT_BOLD, size) <= width:
            line = candidate
        else:
            lines.append(line)
            line = text
    lines.append(line)
    return lines


def name_lines(name: str, width: float, max_lines: int = 3) -> tuple[float, list[str]]:
    """A name's size and lines: it wraps (whole words, up to ``max_lines``) before it
    shrinks; a word too long for a line at the smallest size is split over lines rather
    than shortened."""
    name = " ".join(clean(name).split()) or tr("(no name)")
    for hyphens in (False, True):   # a smaller size before a break at a hyphen
        for size in NAME_SIZES:
            lines = _name_wrap(name, size, width, hyphens)
            if lines is not None and len(lines) <= max_lines:
                return size, lines
    size = NAME_SIZES[-1]
    return size, wrap(name, FONT_BOLD, size, width, 6) or [""]


def _background(canv: Canvas, cw: float, ch: float, band: float) -> None:
    """White card, coloured band at the top: both run into the bleed. The pieces do not
    overlap, so where two cards share a cut the same colour meets the same colour (no
    light seam where a viewer smooths the clip's edge)."""
    canv.setFillColor(colors.white)
    canv.rect(-BLEED, -BLEED, cw + 2 * BLEED, ch - band - 1.2 + BLEED, stroke=0, fill=1)
    canv.setFillColor(ACCENT)
    canv.rect(-BLEED, ch - band, cw + 2 * BLEED, band + BLEED, stroke=0, fill=1)
    canv.setFillColor(MOMENT)
    canv.rect(-BLEED, ch - band - 1.2, cw + 2 * BLEED, 1.2, stroke=0, fill=1)


def _band_title(canv: Canvas, ch: float, band: float, text: str, size: float) -> None:
    canv.setFillColor(MOMENT)
    _star(canv, PAD + 5, ch - band / 2 - 1, 8, 3.3)
    canv.setFillColor(colors.white)
    canv.setFont(FONT_BOLD, size)
    canv.drawString(PAD + 17, ch - band / 2 - size / 3, text)


def _front(canv: Canvas, cw: float, ch: float, rec: Recognition, session_line: str
           ) -> None:
    """One card's front, drawn with its bottom-left trim corner at the origin."""
    band = 17 * mm
    _background(canv, cw, ch, band)
    _band_title(canv, ch, band, tr("CUSTOMER CHAMPION"), 12)
    inner_w = cw - 2 * PAD
    top = ch - band - PAD
    size, lines = name_lines(rec.nominee, inner_w, 4)
    canv.setFillColor(ACCENT)
    canv.setFont(FONT_BOLD, size)
    for i, line in enumerate(lines):
        canv.drawString(PAD, top - size - i * size * 1.2, line)
    top -= size + (len(lines) - 1) * size * 1.2 + 12
    canv.setFont(FONT, 8.5)
    canv.setFillColor(MUTED)
    canv.drawString(PAD, top, tr("was called out for putting the customer first:"))
    top -= 8
    footer_h = 24
    box_h = top - (PAD + footer_h)
    p = _behaviour_paragraph(rec.behaviour or "", inner_w, box_h)
    _w, ph = p.wrap(inner_w, box_h)
    p.drawOn(canv, PAD, top - ph)
    _footer(canv, cw, rec, session_line)


def _footer(canv: Canvas, cw: float, rec: Recognition, session_line: str) -> None:
    canv.setStrokeColor(colors.HexColor("#cbd2d9"))
    canv.setLineWidth(0.5)
    canv.line(PAD, PAD + 18, cw - PAD, PAD + 18)
    by = (tr("From {name}").format(name=rec.nominator) if rec.nominator
          else tr("From a colleague"))
    canv.setFont(FONT_BOLD, 8.5)
    canv.setFillColor(INK)
    canv.drawString(PAD, PAD + 7, short(by, 48))
    if rec.date:
        canv.setFont(FONT, 8.5)
        canv.drawRightString(cw - PAD, PAD + 7, rec.date)
    canv.setFont(FONT, 6.5)
    canv.setFillColor(MUTED)
    canv.drawString(PAD, PAD - 3, short(session_line, 80))


def champion_story(workshop: Workshop, rec: Recognition) -> Story | None:
    """The story the champion told in the workshop (a participant of that name), if any."""
    name = " ".join(clean(rec.nominee).split()).casefold()
    if not name:
        return None
    people = {p.id for p in workshop.table(Participant).values()
              if " ".join(clean(p.name).split()).casefold() == name}
    return next((s for s in workshop.table(Story).values() if s.participant in people),
                None)


def _back(canv: Canvas, cw: float, ch: float, rec: Recognition, story: Story | None,
          session_line: str) -> None:
    """One card's back: the call-out in full and the champion's own customer story."""
    band = 10 * mm
    _background(canv, cw, ch, band)
    _band_title(canv, ch, band, tr("THE STORY BEHIND THE CARD"), 9)
    inner_w = cw - 2 * PAD
    top = ch - band - PAD
    size, lines = name_lines(rec.nominee, inner_w)
    if size > 14:
        size, lines = 14, _name_wrap(" ".join(clean(rec.nominee).split()), 14, inner_w) \
            or lines
    canv.setFillColor(ACCENT)
    canv.setFont(FONT_BOLD, size)
    for i, line in enumerate(lines):
        canv.drawString(PAD, top - size - i * size * 1.2, line)
    top -= size + (len(lines) - 1) * size * 1.2 + 10
    footer_h = 24
    free = top - (PAD + footer_h)
    parts = [(tr("The call-out"), quoted(rec.behaviour) or "—")]
    if story is not None:
        told = " ".join(x for x in (
            clean(story.customer).strip() and tr("Customer: {name}.").format(
                name=clean(story.customer).strip()),
            tr(RECENCY_NAMES.get(story.recency, "")) + "." if story.recency else "",
            clean(story.challenge).strip(),
            clean(story.resolution).strip() and "→ " + clean(story.resolution).strip())
            if x)
        if told:
            parts.append((tr("Their last customer, as told in the workshop"), told))
    share = free / len(parts)
    for i, (heading, text) in enumerate(parts):
        canv.setFont(FONT_BOLD, 8)
        canv.setFillColor(MUTED)
        canv.drawString(PAD, top - 8, heading.upper())
        top -= 12
        room = (share if i < len(parts) - 1 else top - (PAD + footer_h)) - 16
        p = _fit_paragraph(text, inner_w, max(room, 20), FONT if i else FONT_ITALIC)
        _w, ph = p.wrap(inner_w, max(room, 20))
        p.drawOn(canv, PAD, top - ph)
        top -= ph + 10
    _footer(canv, cw, rec, session_line)


def _place(canv: Canvas, slot: Slot, card_w: float, card_h: float,
           draw: Callable[[Canvas], None]) -> None:
    """Draw one card (``draw(canv)`` in card units, origin at its bottom-left trim
    corner) into ``slot``, turned as the slot says and clipped to its bleed."""
    canv.saveState()
    clip = canv.beginPath()
    bx, by, bw, bh = slot.bleed
    # a hair wider than the bleed, so cards sharing a cut meet without a seam
    clip.rect(bx - SEAM, by - SEAM, bw + 2 * SEAM, bh + 2 * SEAM)
    canv.clipPath(clip, stroke=0, fill=0)
    x, y, w, h = slot.trim
    canv.translate(x + w / 2, y + h / 2)
    canv.rotate(slot.turn)
    canv.translate(-card_w / 2, -card_h / 2)
    draw(canv)
    canv.restoreState()


def _draw_marks(canv: Canvas, sheet: Sheet) -> None:
    canv.saveState()
    canv.setStrokeColor(colors.black)
    canv.setLineWidth(0.3)
    for (x1, y1), (x2, y2) in cut_marks(sheet):
        canv.line(x1, y1, x2, y2)
    canv.restoreState()


def postcards_pdf(workshop: Workshop, paper: str = "a4", sheet: str | None = None,
                  backs: bool = False) -> tuple[bytes, int]:
    """Every call-out as a postcard imposed on ``sheet`` (default: the one for
    ``paper``, see :data:`SHEETS`), each sheet of fronts followed by its backs when
    ``backs``; returns the PDF bytes and the page count."""
    register_fonts()
    layout = sheet_for(paper, sheet)
    sw, sh = layout.size
    card_w, card_h = CARDS[layout.card]
    buf = io.BytesIO()
    # DejaVu as the initial font: reportlab would otherwise list Helvetica (not embedded)
    canv = TextCanvas(buf, pagesize=(sw, sh), invariant=1, pageCompression=1,
                      initialFontName=FONT, lang=language())
    use_minimal_info(canv)
    info = workshop.info
    canv.setTitle(clean(tr("Customer Champions — {title}").format(title=info.title)))
    canv.setAuthor(clean(info.facilitator or info.organization))
    session_line = " · ".join(x for x in (info.title, info.date or "") if x)
    if is_anonymized(workshop):
        session_line = f"{tr('Anonymized')} · {session_line}"
    cards = list(workshop.table(Recognition).values())
    fronts, rear = slots(layout), slots(layout, back=True)
    pages = 0
    for start in range(0, len(cards), layout.per_sheet):
        batch = cards[start:start + layout.per_sheet]
        _draw_marks(canv, layout)
        for rec, slot in zip(batch, fronts, strict=False):
            _place(canv, slot, card_w, card_h, partial(
                _front, cw=card_w, ch=card_h, rec=rec, session_line=session_line))
        canv.showPage()
        pages += 1
        if backs:
            _draw_marks(canv, layout)
            for rec, slot in zip(batch, rear, strict=False):
                story = champion_story(workshop, rec)
                _place(canv, slot, card_w, card_h, partial(
                    _back, cw=card_w, ch=card_h, rec=rec, story=story,
                    session_line=session_line))
            canv.showPage()
            pages += 1
    if not cards:
        canv.setFont(FONT, 11)
        canv.drawString(20 * mm, sh - 20 * mm - 11, tr("No Customer Champion call-outs yet."))
        canv.showPage()
        pages = 1
    canv.save()
    return buf.getvalue(), pages
