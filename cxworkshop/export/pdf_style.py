"""Fonts, colours, paragraph styles and safe text for every PDF the app writes.

DejaVu Sans (shipped in ``resources/fonts``) is embedded so Latin, Greek and
Cyrillic print; a character the font lacks is printed as U+FFFD (a visible
"�") instead of failing or vanishing. No Qt here: the CLI exports headless.
"""
from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table, TableStyle

from ..resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
               FONT_ITALIC: "DejaVuSans-Oblique.ttf"}

# Binary (compressed) streams instead of ASCII85 text: smaller files, much faster.
rl_config.useA85 = 0

PAPERS = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm

# A restrained palette: ink, a deep accent, a warm highlight for moments of truth.
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
FAINT = colors.HexColor("#f0f3f6")
ACCENT = colors.HexColor("#12436d")
ACCENT_LIGHT = colors.HexColor("#dde8f3")
MOMENT = colors.HexColor("#d9822b")
MOMENT_LIGHT = colors.HexColor("#fdf0e1")
GOOD = colors.HexColor("#2f7d4f")
WARN = colors.HexColor("#b5473a")
NOTE_COLORS = {"pain": colors.HexColor("#f8c9c4"), "idea": colors.HexColor("#fdf1a8"),
               "question": colors.HexColor("#cfe4f7")}
NOTE_LABELS = {"pain": "Pain point", "idea": "Idea", "question": "Question"}

_covered: frozenset[int] | None = None


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) with reportlab, once."""
    global _covered
    if _covered is not None:
        return
    from reportlab.lib.fonts import addMapping
    faces = []
    for name, filename in _FONT_FILES.items():
        font = TTFont(name, str(resource_path("fonts", filename)))
        pdfmetrics.registerFont(font)
        faces.append(set(font.face.charToGlyph))
    for bold, italic, name in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT_ITALIC),
                               (1, 1, FONT_BOLD)):
        addMapping(FONT, bold, italic, name)
    # Only the Basic Multilingual Plane: reportlab writes astral characters (DejaVu
    # has a few emoji) into the text layer as invalid 5-digit codes.
    _covered = frozenset(c for c in set.intersection(*faces) if c <= 0xFFFF)


def covered(char: str) -> bool:
    """True when every embedded face has a glyph for ``char`` (and it prints cleanly)."""
    register_fonts()
    return ord(char) in _covered


_DROP = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f"
                   "\U000e0000-\U000e01ef\u00ad\ufeff]")


def clean(text: object) -> str:
    """``text`` as printable with the embedded font.

    Control characters become spaces (newlines and tabs are kept), invisible
    format marks (zero-width joiners, variation selectors, bidi marks) are
    dropped, and any character the font has no glyph for becomes U+FFFD.
    """
    if text is None:
        return ""
    text = str(text)
    if text.isascii() and text.isprintable():
        return text
    register_fonts()
    text = _DROP.sub("", unicodedata.normalize("NFC", text))
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(ch)
        elif ord(ch) in _covered:
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append("\n" if ch in "\r\u2028\u2029\x0b\x0c\x85" else " ")
        elif unicodedata.category(ch) == "Zs":
            out.append(" ")
        else:
            out.append("\ufffd")
    return "".join(out).replace("\r\n", "\n")


def markup(text: object, max_chars: int | None = None) -> str:
    """``text`` escaped for a reportlab Paragraph; line breaks kept.

    ``max_chars`` shortens it with an ellipsis (for table cells and boxes).
    """
    text = clean(text).replace("\t", "    ")
    if max_chars is not None and len(text) > max_chars:
        text = text[:max_chars - 1].rstrip() + "…"
    return escape(text).replace("\n", "<br/>")


def short(text: object, max_chars: int) -> str:
    """Cleaned plain text cut to ``max_chars`` with an ellipsis (for canvas drawing)."""
    text = " ".join(clean(text).split())
    if len(text) > max_chars:
        text = text[:max(1, max_chars - 1)].rstrip() + "…"
    return text


def color(value: str | None, default=colors.HexColor("#9e9e9e")):
    """A reportlab colour from ``#rrggbb`` text; ``default`` when it is not one."""
    if isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip()):
        return colors.HexColor(value.strip())
    return default


def tint(c, amount: float = 0.85):
    """``c`` mixed with white (``amount`` = share of white)."""
    return colors.Color(c.red + (1 - c.red) * amount, c.green + (1 - c.green) * amount,
                        c.blue + (1 - c.blue) * amount)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK,
                          spaceAfter=5, splitLongWords=1, bulletFontName=FONT)
    s = {"body": base}

    def add(name, **kw):
        s[name] = ParagraphStyle(name, parent=kw.pop("parent", base), **kw)

    add("small", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=3)
    add("cell", fontSize=8.5, leading=11, spaceAfter=0)
    add("cell_bold", parent=s["cell"], fontName=FONT_BOLD)
    add("cell_right", parent=s["cell"], alignment=TA_RIGHT)
    add("cell_head", parent=s["cell"], fontName=FONT_BOLD, textColor=colors.white)
    add("cell_head_right", parent=s["cell_head"], alignment=TA_RIGHT)
    add("h1", fontName=FONT_BOLD, fontSize=19, leading=24, textColor=ACCENT, spaceBefore=0,
        spaceAfter=10)
    add("h2", fontName=FONT_BOLD, fontSize=12.5, leading=16, textColor=ACCENT, spaceBefore=10,
        spaceAfter=5, keepWithNext=1)
    add("h3", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2,
        keepWithNext=1)
    add("lead", fontSize=11, leading=15.5, textColor=INK, spaceAfter=8)
    add("quote", fontName=FONT_ITALIC, fontSize=9.5, leading=13.5, leftIndent=10,
        textColor=ACCENT, spaceAfter=5)
    add("label", fontName=FONT_BOLD, fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=1)
    add("bullet", leftIndent=12, bulletIndent=2, spaceAfter=2)
    add("check_ok", leftIndent=14, bulletIndent=0, spaceAfter=2, textColor=INK)
    add("cover_kicker", fontName=FONT_BOLD, fontSize=10, leading=13, textColor=MOMENT,
        spaceAfter=8)
    add("cover_title", fontName=FONT_BOLD, fontSize=30, leading=36, textColor=ACCENT,
        spaceAfter=14)
    add("cover_meta", fontSize=12, leading=17, textColor=INK, spaceAfter=2)
    add("center_small", parent=s["small"], alignment=TA_CENTER)
    add("left", alignment=TA_LEFT)
    return s


register_fonts()
STYLES = _styles()


def para(text: object, style: str = "body", max_chars: int | None = None) -> Paragraph:
    """A Paragraph of plain ``text`` (escaped, cleaned) in one of :data:`STYLES`."""
    return Paragraph(markup(text, max_chars), STYLES[style])


def rich(html: str, style: str = "body") -> Paragraph:
    """A Paragraph of markup the caller built with :func:`markup` pieces."""
    return Paragraph(html, STYLES[style])


def data_table(header: list[str], rows: list[list], widths: list[float],
               right: set[int] = frozenset(), zebra: bool = True,
               extra_style: list | None = None) -> Table:
    """A ruled table: dark header row, light zebra rows, long cells split across pages.

    Cells may be plain strings (escaped here) or ready flowables.
    """
    head = [para(h, "cell_head_right" if i in right else "cell_head")
            for i, h in enumerate(header)]
    body = []
    for row in rows:
        body.append([cell if not isinstance(cell, (str, int, float)) and cell is not None
                     else para("" if cell is None else cell,
                               "cell_right" if i in right else "cell")
                     for i, cell in enumerate(row)])
    table = Table([head, *body], colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    style = [("BACKGROUND", (0, 0), (-1, 0), ACCENT),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 3.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
             ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
             ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE)]
    if zebra:
        style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, FAINT]))
    table.setStyle(table_style(style + (extra_style or [])))
    return table


def table_style(commands: list) -> TableStyle:
    """A TableStyle whose cell font is the embedded one (reportlab's default,
    Helvetica, would otherwise be listed on the page without being embedded)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def page_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    """Width and height in points of ``"a4"`` or ``"letter"``."""
    w, h = PAPERS[paper]
    return (h, w) if landscape else (w, h)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
