"""The printing kit: name tents and a sign-in sheet (all handouts in one PDF is an
option of the handouts export, see :mod:`cxworkshop.export.pdf_export`).

A name tent is one sheet folded in half across the middle: the name is printed
large on both halves (the upper half upside down, so it reads the right way
on the back once folded), with the department below it.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from ..i18n import tr
from ..model.entities import Department, Participant
from .pdf_doc import Heading, Running, frame_sizes, render, use_minimal_info
from .pdf_style import (
    ACCENT,
    FONT,
    FONT_BOLD,
    MUTED,
    RULE,
    TextCanvas,
    clean,
    data_table,
    page_size,
    para,
    register_fonts,
    text_width,
)

if TYPE_CHECKING:
    from ..model.workshop import Workshop

TENT_MARGIN = 16 * mm
NAME_SIZES = (96, 84, 72, 64, 56, 48, 42, 36, 32, 28, 24)
DEPT_SIZE = 24
BLANK_SIGN_IN_ROWS = 8


def _dept_name(workshop: Workshop, did: str | None) -> str:
    d = workshop.table(Department).get(did) if did else None
    return d.name if d is not None else ""


def _fit(text: str, font: str, sizes: Sequence[float], width: float) -> tuple[float, list[str]]:
    """The largest size at which ``text`` fits ``width`` on one line, else on two."""
    for size in sizes:
        if text_width(text, font, size) <= width:
            return size, [text]
    words = text.split()
    if len(words) > 1:
        for size in sizes:
            for cut in range(len(words) - 1, 0, -1):
                lines = [" ".join(words[:cut]), " ".join(words[cut:])]
                if all(text_width(line, font, size) <= width for line in lines):
                    return size, lines
    size = sizes[-1]
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return size, [text + "…"]


def _tent_half(canv: Canvas, w: float, half_h: float, name: str, dept: str) -> None:
    """One half of a tent, drawn upright in a box ``w`` × ``half_h`` at the origin."""
    inner = w - 2 * TENT_MARGIN
    size, lines = _fit(name, FONT_BOLD, NAME_SIZES, inner)
    dept_size, dept_lines = _fit(dept, FONT, (DEPT_SIZE, 20, 16, 14), inner) if dept \
        else (0, [])
    block = size * 1.1 * len(lines) + (dept_size * 1.6 if dept else 0)
    y = half_h / 2 + block / 2 - size * 0.85  # vertically centred on the half
    canv.setFillColor(colors.black)
    canv.setFont(FONT_BOLD, size)
    for line in lines:
        canv.drawCentredString(w / 2, y, line)
        y -= size * 1.1
    if dept:
        canv.setFillColor(MUTED)
        canv.setFont(FONT, dept_size)
        canv.drawCentredString(w / 2, y - dept_size * 0.4, dept_lines[0])


def name_tents_pdf(workshop: Workshop, paper: str = "a4",
                   people: Sequence[tuple[str, str]] | None = None) -> tuple[bytes, int]:
    """A folded name tent per participant (or per entry of ``people``: ``(name, dept)``).

    Returns the PDF bytes and the page count.
    """
    register_fonts()
    w, h = page_size(paper)
    buf = io.BytesIO()
    canv = TextCanvas(buf, pagesize=(w, h), invariant=1, pageCompression=1, initialFontName=FONT)
    use_minimal_info(canv)
    info = workshop.info
    canv.setTitle(clean(tr("Name tents — {title}").format(title=info.title)))
    canv.setAuthor(clean(info.facilitator or info.organization))
    if people is None:
        people = [(p.name, _dept_name(workshop, p.department))
                  for p in workshop.table(Participant).values()]
    pages = 0
    for name, dept in people:
        name, dept = clean(" ".join((name or "").split())), clean(dept or "")
        half = h / 2
        _tent_half(canv, w, half, name or " ", dept)  # front: the lower half, upright
        canv.saveState()
        canv.translate(w, h)
        canv.rotate(180)  # back: the upper half, upside down so it reads once folded
        _tent_half(canv, w, half, name or " ", dept)
        canv.restoreState()
        canv.setStrokeColor(RULE)
        canv.setDash(4, 4)
        canv.setLineWidth(0.5)
        canv.line(TENT_MARGIN / 2, half, w - TENT_MARGIN / 2, half)
        canv.setDash()
        canv.setFillColor(MUTED)
        canv.setFont(FONT, 7)
        canv.drawString(TENT_MARGIN / 2, half + 3, tr("fold"))
        canv.showPage()
        pages += 1
    if not pages:
        canv.setFont(FONT, 11)
        canv.drawString(TENT_MARGIN, h - TENT_MARGIN, tr("No participants yet."))
        canv.showPage()
        pages = 1
    canv.save()
    return buf.getvalue(), pages


def sign_in_pdf(workshop: Workshop, paper: str = "a4") -> tuple[bytes, int]:
    """A sign-in sheet: every participant with room to sign, and blank rows for walk-ins."""
    info = workshop.info
    width = frame_sizes(paper)[0][0]
    about = " · ".join(x for x in (info.organization, info.date or "", info.location) if x)
    story = [Heading(tr("Sign-in sheet")), para(clean(info.title), "lead")]
    if about:
        story.append(para(clean(about), "small"))
    story.append(Spacer(1, 4 * mm))
    people = sorted(workshop.table(Participant).values(),
                    key=lambda p: " ".join((p.name or "").split()).casefold())
    rows = [[str(i), p.name or "", _dept_name(workshop, p.department), "", ""]
            for i, p in enumerate(people, 1)]
    rows += [[str(len(people) + i), "", "", "", ""] for i in range(1, BLANK_SIGN_IN_ROWS + 1)]
    widths = [22, width * 0.3, width * 0.22, width * 0.22, width * 0.26 - 22]
    table = data_table(["#", tr("Name"), tr("Department"), tr("Arrived"), tr("Signature")], rows,
                       widths,
                       right={0}, extra_style=[("TOPPADDING", (0, 1), (-1, -1), 9),
                                               ("BOTTOMPADDING", (0, 1), (-1, -1), 9),
                                               ("LINEBELOW", (0, 1), (-1, -1), 0.6, ACCENT)])
    story.append(table)
    return render(story, paper, tr("Sign-in sheet — {title}").format(title=info.title),
                  info.facilitator or info.organization,
                  Running(left=info.title, footer_left=about))
