"""Fonts, colours, paragraph styles and safe text for every PDF the app writes.

Text goes through the font chain of :mod:`.pdf_fonts` (DejaVu Sans first, then
fallbacks for every other script, shaped and ordered right-to-left where needed):
:class:`Para` does that for paragraphs, :class:`TextCanvas` for strings drawn on
a canvas. A character no font has is printed as U+FFFD (a visible "�") instead
of failing or vanishing. No Qt here: the CLI exports headless.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from .pdf_fonts import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    Run,
    bidi_order,
    chain,
    has_rtl,
    logical_runs,
    printable,
    runs,
    simple,
    starts_rtl,
    text_width,
)

__all__ = ["FONT", "FONT_BOLD", "FONT_ITALIC", "text_width"]

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

def register_fonts() -> None:
    """Register the bundled fonts (DejaVu Sans and the Noto fallbacks), once."""
    chain()


def covered(char: str) -> bool:
    """True when some font of the chain prints ``char``."""
    return printable(char)


# (text, style, bullet) -> (cleaned text, style, font runs, bullet) of a parsed paragraph
_PARSED: dict[tuple[str, ParagraphStyle, str | None],
              tuple[str, ParagraphStyle, list[Any], Any]] = {}
_PARSED_MAX = 5_000   # texts of up to 1,000 characters: a few MB at most


class Para(Paragraph):
    """A Paragraph whose text runs each use a face that has their characters,
    shaped (Arabic, Indic, Thai…) and in visual order for right-to-left scripts.

    Text with right-to-left letters is broken into lines here, in logical order (the
    first words on the first line), and each line is then put in visual order; a
    paragraph that starts with a right-to-left letter runs from the right.
    """

    _logical: list[Any] | None = None
    _rtl_base = False
    # (width, frags, style, lines, line widths, height) of the last wrap
    _last_wrap: tuple[float, Any, Any, Any, Any, float] | None = None
    style: ParagraphStyle

    frags: list[Any]  # reportlab's text runs (set by Paragraph._setup)

    def _setup(self, text: str, style: ParagraphStyle, bulletText: str | None,
               frags: list[Any] | None, cleaner: Any) -> None:
        if frags is not None:   # a piece of a split paragraph: its runs are ready
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        # The same text in the same style (table headings, labels, repeated cells, the
        # same lines in every handout) is parsed and given its fonts once; each
        # paragraph gets its own copy of the runs, as a fresh parse would.
        key = (text, style, bulletText) if isinstance(text, str) and len(text) <= 1000 and (
            bulletText is None or isinstance(bulletText, str)) else None
        done = _PARSED.get(key) if key is not None else None
        if done is not None:
            clean_text, clean_style, runs_, bullet = done
            super()._setup(clean_text, clean_style, bullet, [f.clone() for f in runs_],
                           cleaner)
            return
        super()._setup(text, style, bulletText, None, cleaner)
        whole = "".join(getattr(f, "text", "") or "" for f in self.frags)
        if has_rtl(whole):
            self._logical = self.frags
            self._rtl_base = starts_rtl(whole)
            if self._rtl_base and self.style.alignment in (TA_LEFT, TA_JUSTIFY):
                self.style = ParagraphStyle(f"{self.style.name}-rtl", parent=self.style,
                                            alignment=TA_RIGHT)
        self.frags = _font_runs(self.frags)
        if key is not None and self._logical is None:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            _PARSED[key] = (self.text, self.style, [f.clone() for f in self.frags],
                            self.bulletText)

    def wrap(self, availWidth: float, availHeight: float  # noqa: N803 - reportlab's
             ) -> tuple[float, float]:
        # A paragraph is measured again and again at one width (a table cell when its
        # row height is worked out and when it is drawn, a KeepTogether and then its
        # frame): the lines depend on the width, the text runs and the style only, so
        # the last breaking is reused while none of them changed.
        last = self._last_wrap
        if (last is not None and last[0] == availWidth and last[1] is self.frags
                and last[2] is self.style):
            self.blPara, self._wrapWidths = last[3], last[4]
            self.width, self.height = availWidth, last[5]
            return float(availWidth), float(last[5])
        if self._logical is not None:
            s = self.style
            width = availWidth - s.leftIndent - s.rightIndent
            self.frags = _bidi_lines(self._logical, width, s.firstLineIndent,
                                     self._rtl_base)
        width, height = super().wrap(availWidth, availHeight)
        if availWidth >= rl_config._FUZZ:
            self._last_wrap = (availWidth, self.frags, self.style, self.blPara,
                               self._wrapWidths, height)
        return float(width), float(height)


def _bidi_lines(frags: list[Any], width: float, first_indent: float, rtl_base: bool
                ) -> list[Any]:
    """``frags`` (logical order) broken into lines no wider than ``width``, each line in
    visual order, joined by line breaks (reportlab then keeps the lines as they are)."""
    words: list[list[tuple[Any, str]] | None] = []   # (frag, text) pieces; None: a break
    current: list[tuple[Any, str]] = []
    for f in frags:
        if getattr(f, "lineBreak", False):
            if current:
                words.append(current)
                current = []
            words.append(None)
            continue
        text = getattr(f, "text", "") or ""
        if hasattr(f, "cbDefn"):
            continue
        for part in re.split(r"(\s+)", text):
            if not part:
                continue
            if part.isspace():
                if current:
                    words.append(current)
                    current = []
            else:
                current.append((f, part))
    if current:
        words.append(current)
    lines: list[list[list[tuple[Any, str]]]] = [[]]
    used = 0.0
    limit = width - first_indent - 0.5
    for word in words:
        if word is None:
            lines.append([])
            used, limit = 0.0, width - 0.5
            continue
        w = sum(text_width(t, f.fontName, f.fontSize) for f, t in word)
        space = text_width(" ", word[0][0].fontName, word[0][0].fontSize)
        if lines[-1] and used + space + w > limit:
            lines.append([])
            used, limit = 0.0, width - 0.5
        if lines[-1]:
            used += space
        lines[-1].append(word)
        used += w
    out: list[Any] = []
    for i, line in enumerate(lines):
        if i:
            brk = copy.copy(frags[0])
            brk.text, brk.lineBreak = "", True
            out.append(brk)
        items: list[tuple[str, tuple[Any, Run]]] = []   # logical order; spaces neutral
        for k, word in enumerate(line):
            if k:
                f = word[0][0]
                gap = logical_runs(" ", f.fontName)[0][1]
                items.append(("N", (f, gap)))
            for f, t in word:
                items += [(kind, (f, run)) for kind, run in logical_runs(t, f.fontName)]
        for f, run in bidi_order(items, rtl_base):
            g = copy.copy(f)
            g.text, g.fontName = run.text, run.font
            out.append(g)
    return out


def _font_runs(frags: list[Any]) -> list[Any]:
    out = []
    for f in frags:
        text = getattr(f, "text", None)
        if not text or hasattr(f, "cbDefn") or simple(text, f.fontName):
            out.append(f)
            continue
        for run in runs(text, f.fontName):
            g = copy.copy(f)
            g.text, g.fontName = run.text, run.font
            out.append(g)
    return out


#: (font, size, fill or None for the current one, x, y, text) of one plain string
PlainText = tuple[str, float, "colors.Color | None", float, float, str]


def fill_op(fill: colors.Color) -> str | None:
    """The operator setting the fill colour ``fill`` as reportlab writes it (None: not a
    plain opaque RGB colour, which the caller leaves to reportlab)."""
    if type(fill) is not colors.Color or fill.alpha not in (None, 1):
        return None
    return f"{fp_str(fill.red, fill.green, fill.blue)} rg"


def stroke_op(stroke: colors.Color) -> str | None:
    """The operator setting the stroke colour ``stroke`` (None as for :func:`fill_op`)."""
    if type(stroke) is not colors.Color or stroke.alpha not in (None, 1):
        return None
    return f"{fp_str(stroke.red, stroke.green, stroke.blue)} RG"


def _glyph_codes(canv: Canvas, font: str, text: str) -> tuple[tuple[int, str], ...]:
    """``text`` as (font subset, ``(…) Tj``) pieces for ``canv``'s document: what
    reportlab's ``splitString`` gives, without its loop over the characters when they all
    have a code in the first subset already (a string table does it at once)."""
    tables: dict[str, tuple[dict[int, int], set[str]]] = \
        canv.__dict__.setdefault("_plain_tables", {})
    table, known = tables.get(font) or tables.setdefault(font, ({}, set()))
    if known.issuperset(text):
        return ((0, f"({escapePDF(text.translate(table).encode('latin-1'))}) Tj"),)
    ttf = pdfmetrics.getFont(font)
    parts = ttf.splitString(text, canv._doc)
    assigned = ttf.state[canv._doc].assignments   # character -> code, now with text's
    for ch in set(text):
        code = assigned.get(ord(ch))
        if code is not None and code < 256 and ch != "\xa0":
            table[ord(ch)] = code
            known.add(ch)
    return tuple((subset, f"({escapePDF(part)}) Tj") for subset, part in parts)


def plain_text_ops(canv: Canvas, items: Sequence[PlainText]) -> str:
    """PDF operators drawing ``items`` (strings their font prints as is: see
    :func:`~.pdf_fonts.simple`) at their baselines in one text object.

    The same operators reportlab's text objects write, less their bookkeeping: a
    string's glyph codes are worked out once per document (a large map repeats its
    names on every part), the font is set when it changes and the colour when it
    changes. Raises ValueError for a colour that is not plain opaque RGB.
    """
    cache: dict[tuple[str, str], tuple[tuple[int, str], ...]] | None = \
        canv.__dict__.get("_plain_codes")
    if cache is None:
        cache = canv.__dict__["_plain_codes"] = {}
    names: dict[tuple[str, int], str] = canv.__dict__.setdefault("_plain_names", {})
    doc = canv._doc
    ops = ["BT"]
    font_now: str | None = None
    size_now = -1.0
    size_op = ""
    subset_now = -1
    fill_now: colors.Color | None = None
    for font, size, fill, x, y, text in items:
        if fill is not None and fill is not fill_now:
            op = fill_op(fill)
            if op is None:
                raise ValueError(f"not a plain RGB colour: {fill!r}")
            ops.append(op)
            fill_now = fill
        if font != font_now or size != size_now:
            font_now, size_now, size_op, subset_now = font, size, fp_str(size), -1
        codes = cache.get((font, text))
        if codes is None:
            codes = cache[(font, text)] = _glyph_codes(canv, font, text)
        ops.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        for subset, show in codes:
            if subset != subset_now:
                name = names.get((font, subset))
                if name is None:
                    name = names[(font, subset)] = \
                        pdfmetrics.getFont(font).getSubsetInternalName(subset, doc)
                ops.append(f"{name} {size_op} Tf")
                subset_now = subset
            ops.append(show)
    ops.append("ET")
    return " ".join(ops)


def fast_text_ok(canv: Canvas, font: str) -> bool:
    """True when :func:`plain_text_ops` can write ``font`` on ``canv`` (an embedded
    TrueType face on a bottom-up page)."""
    return bool(canv.bottomup) and getattr(pdfmetrics.getFont(font), "_dynamicFont", False)


class TextCanvas(Canvas):
    """A canvas whose drawString family prints any script through the font chain."""

    def drawString(self, x: float, y: float, text: object,  # noqa: N802 - reportlab's name
                   *args: Any, **kwargs: Any) -> None:
        text = "" if text is None else str(text)
        font, size = self._fontname, self._fontsize
        if simple(text, font):
            if not args and not kwargs and text and fast_text_ok(self, font):
                self._code.append(plain_text_ops(self, [(font, size, None, x, y, text)]))
            else:
                super().drawString(x, y, text, *args, **kwargs)
            return
        for run in runs(text, font, starts_rtl(text)):   # a Hebrew line runs from the right
            self.setFont(run.font, size)
            super().drawString(x, y, run.text)
            x += run.width * size
        self.setFont(font, size)

    def drawRightString(self, x: float, y: float, text: object,  # noqa: N802
                        *args: Any, **kwargs: Any) -> None:
        text = "" if text is None else str(text)
        self.drawString(x - text_width(text, self._fontname, self._fontsize), y, text)

    def drawCentredString(self, x: float, y: float, text: object,  # noqa: N802
                          *args: Any, **kwargs: Any) -> None:
        text = "" if text is None else str(text)
        self.drawString(x - text_width(text, self._fontname, self._fontsize) / 2, y, text)


_DROP = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f"
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
    text = _DROP.sub("", unicodedata.normalize("NFC", text))
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(ch)
        elif ch in "\u200c\u200d":  # joiners matter to shaping; dropped where no font has them
            if printable(ch):
                out.append(ch)
        elif ch.isprintable() and printable(ch):
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
    text = clip(text)
    text = clean(text).replace("\t", "    ")
    if max_chars is not None and len(text) > max_chars:
        text = text[:max_chars - 1].rstrip() + "…"
    return escape(text).replace("\n", "<br/>")


PRINT_MAX = 10_000  # the model's TEXT_MAX: a longer text (never valid) is cut with a note


def clip(text: object, limit: int = PRINT_MAX) -> str:
    """``text`` cut to ``limit`` characters with a note saying so, so that a huge
    text keeps a PDF to a few pages and seconds (the whole text stays in the file)."""
    text = "" if text is None else str(text)
    if len(text) <= limit:
        return text
    return (text[:limit].rstrip() + f" … [cut here: {len(text):,} characters in all; "
            "the whole text is in the workshop file]")


def short(text: object, max_chars: int) -> str:
    """Cleaned plain text cut to ``max_chars`` with an ellipsis (for canvas drawing)."""
    text = " ".join(clean(text).split())
    if len(text) > max_chars:
        text = text[:max(1, max_chars - 1)].rstrip() + "…"
    return text


def fit_text(text: object, width: float, font: str, size: float) -> str:
    """Cleaned plain text shortened with "…" until it fits ``width`` points."""
    fitted = short(text, 200)
    while fitted and text_width(fitted, font, size) > width:
        fitted = fitted[:-2] + "…" if len(fitted) > 2 else ""
    return fitted


_QUOTES = "\"'“”„‟«»‘’‚‛「」『』"


def quoted(text: object) -> str:
    """``text`` in curly quotes, once: quotes the writer already typed are not doubled."""
    body = clean(text).strip()
    while len(body) >= 2 and body[0] in _QUOTES and body[-1] in _QUOTES:
        body = body[1:-1].strip()
    return f"“{body}”" if body else ""


_GREY = colors.HexColor("#9e9e9e")


def color(value: str | None, default: colors.Color = _GREY) -> colors.Color:
    """A reportlab colour from ``#rrggbb`` text; ``default`` when it is not one."""
    if isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip()):
        return colors.HexColor(value.strip())
    return default


def tint(c: colors.Color, amount: float = 0.85) -> colors.Color:
    """``c`` mixed with white (``amount`` = share of white)."""
    return colors.Color(c.red + (1 - c.red) * amount, c.green + (1 - c.green) * amount,
                        c.blue + (1 - c.blue) * amount)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK,
                          spaceAfter=5, splitLongWords=1, bulletFontName=FONT)
    s = {"body": base}

    def add(name: str, **kw: Any) -> None:
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
    return Para(markup(text, max_chars), STYLES[style])


def rich(html: str, style: str = "body") -> Paragraph:
    """A Paragraph of markup the caller built with :func:`markup` pieces."""
    return Para(html, STYLES[style])


def data_table(header: list[str], rows: list[list[Any]], widths: list[float],
               right: AbstractSet[int] = frozenset(), zebra: bool = True,
               extra_style: list[tuple[Any, ...]] | None = None) -> Table:
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


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose cell font is the embedded one (reportlab's default,
    Helvetica, would otherwise be listed on the page without being embedded)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def page_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    """Width and height in points of ``"a4"`` or ``"letter"``."""
    w, h = PAPERS[paper]
    return (h, w) if landscape else (w, h)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
