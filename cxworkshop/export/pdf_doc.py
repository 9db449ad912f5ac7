"""The page frame shared by the report and the handouts: running header, "Page n of m",
bookmarks (PDF outline) for headings, minimal metadata, atomic file writing.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..fileutil import write_atomic
from ..i18n import language, tr
from .pdf_fonts import simple
from .pdf_style import (
    ACCENT,
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MOMENT,
    MUTED,
    RULE,
    STYLES,
    Para,
    PlainText,
    TextCanvas,
    clean,
    fast_text_ok,
    fit_text,
    markup,
    page_size,
    plain_text_ops,
    register_fonts,
    short,
    text_width,
)


class ExportError(Exception):
    """An export could not be written; the message names the file and the reason."""


class MinimalInfo(PDFInfo):
    """Document info with the title and author only: no producer, dates or software."""

    def format(self, document: Any) -> bytes:
        info: bytes = PDFDictionary({"Title": PDFString(self.title),
                                     "Author": PDFString(self.author)}).format(document)
        return info


def use_minimal_info(canv: TextCanvas) -> None:
    """Give a fresh canvas document info with nothing but the title and author."""
    canv._doc.info = MinimalInfo()


class _NumberedCanvas(TextCanvas):
    """Holds pages back until the end so each footer can say "Page n of m"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_minimal_info(self)
        self._pages: list[dict[str, Any]] = []
        self._marks: dict[int, list[str]] = {}  # page number -> bookmark keys on it
        # page number -> (key, x, y, size, template) to print
        self._numbers: dict[int, list[tuple[str, float, float, float, str, float]]] = {}
        #: fn(canvas, page, total), set by the template
        self.footer: Callable[[Canvas, int, int], None] | None = None

    def page_number_at(self, key: str, x: float, y: float, size: float = 9.5,
                       template: str = "{}", angle: float = 0) -> None:
        """Print the page of bookmark ``key`` right-aligned at ``x, y`` of this page
        (``template`` around it, e.g. ``"continues on p. {}"``), turned by ``angle``
        degrees (counter-clockwise) about that point."""
        self._numbers.setdefault(self._pageNumber, []).append(
            (key, x, y, size, template, angle))

    def mark_page(self, key: str) -> None:
        """Bookmark the current page as ``key`` (placed when the page is really written)."""
        self._marks.setdefault(self._pageNumber, []).append(key)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        page_of = {key: page for page, keys in self._marks.items() for key in keys}
        for state in self._pages:
            self.__dict__.update(state)
            for key in self._marks.get(self._pageNumber, ()):
                self.bookmarkPage(key, fit="XYZ", top=self._pagesize[1])
            upright = []
            for key, x, y, size, template, angle in self._numbers.get(self._pageNumber, ()):
                if key not in page_of:
                    continue
                if not angle:
                    upright.append((x, y, size, template.format(page_of[key])))
                    continue
                self.saveState()
                self.translate(x, y)
                self.rotate(angle)
                self.setFont(FONT, size)
                self.setFillColor(MUTED)
                self.drawRightString(0, 0, template.format(page_of[key]))
                self.restoreState()
            if upright:
                self._right_aligned(upright)
            if self.footer is not None:
                self.footer(self, self._pageNumber, total)
            super().showPage()
        if page_of:
            self.showOutline()  # the reader opens with the bookmarks showing
        super().save()


    def _right_aligned(self, texts: list[tuple[float, float, float, str]]) -> None:
        """Print each ``(x, y, size, text)`` right-aligned at ``x, y`` in the muted colour:
        one text object for them all (an index of 20,000 processes has as many page
        numbers), text that needs fallback fonts apart."""
        self.saveState()
        self.setFillColor(MUTED)
        plain: list[PlainText] = []
        rest = []
        fast = fast_text_ok(self, FONT)
        for x, y, size, text in texts:
            if not fast or not simple(text, FONT):
                rest.append((x, y, size, text))
                continue
            plain.append((FONT, size, None, x - text_width(text, FONT, size), y, text))
        if plain:
            self._code.append(plain_text_ops(self, plain))
        for x, y, size, text in rest:
            self.saveState()
            self.translate(x, y)
            self.setFont(FONT, size)
            self.drawRightString(0, 0, text)
            self.restoreState()
        self.restoreState()


class Heading(Para):
    """A heading that is also a PDF bookmark; level 0 headings name the running header."""

    def __init__(self, text: str, level: int = 0, style: str | None = None,
                 key: str | None = None):
        self.plain = short(text, 120) or tr("Untitled")
        self.level = level
        self.key = key  # bookmark name; a :class:`ContentsLine` may point at it
        super().__init__(markup(text), STYLES[style or ("h1" if level == 0 else "h2")])


class ContentsLine(Flowable):
    """One line of a table of contents: number, title and, filled in when the
    document is finished, the page of the :class:`Heading` with ``key``."""

    def __init__(self, number: int, title: str, key: str):
        super().__init__()
        self.number, self.title, self.key = number, short(title, 90), key

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return avail_w, 17

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(FONT_BOLD, 9.5)
        canv.setFillColor(MOMENT)
        canv.drawString(0, 5, str(self.number))
        canv.setFont(FONT, 9.5)
        canv.setFillColor(INK)
        canv.drawString(18, 5, self.title)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(0, 0, self.width, 0)
        x, y = canv.absolutePosition(self.width, 5)
        canv.page_number_at(self.key, x, y)
        canv.linkRect("", self.key, (0, 0, self.width, 17), relative=1, thickness=0)


@dataclass
class Running:
    """What the running header and footer show."""

    left: str = ""         # e.g. the session title
    footer_left: str = ""  # e.g. organization · date
    cover_band: str = ""   # on the cover's top band


HEADER_SPACE = 6  # between the top margin and the running header's rule


def frame_sizes(paper: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """Width and height of the text frame on portrait and on landscape pages."""
    pw, ph = page_size(paper)
    return ((pw - 2 * MARGIN, ph - 2 * MARGIN - HEADER_SPACE),
            (ph - 2 * MARGIN, pw - 2 * MARGIN - HEADER_SPACE))


class DocTemplate(BaseDocTemplate):
    """Portrait and landscape page templates ("portrait", "landscape", "cover").

    Headings become outline entries; the header shows the current level-0
    heading; the footer shows "Page n of m".
    """

    def __init__(self, target: str | BinaryIO, paper: str, title: str, author: str,
                 running: Running, first: str = "portrait",
                 poster: tuple[float, float] | None = None):
        register_fonts()
        self.running = running
        self.section = ""
        self._bookmarks = 0
        pw, ph = page_size(paper)
        lw, lh = page_size(paper, landscape=True)
        top = MARGIN + HEADER_SPACE
        frame_p = Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - MARGIN - top, id="p",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame_c = Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, id="c",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame_l = Frame(MARGIN, MARGIN, lw - 2 * MARGIN, lh - MARGIN - top, id="l",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [
            PageTemplate("cover", [frame_c], pagesize=(pw, ph), onPage=self._cover_page),
            PageTemplate("portrait", [frame_p], pagesize=(pw, ph), onPageEnd=self._header),
            PageTemplate("landscape", [frame_l], pagesize=(lw, lh), onPageEnd=self._header),
        ]
        if poster is not None:  # one large landscape page (the whole process map)
            frame_x = Frame(MARGIN, MARGIN, poster[0] - 2 * MARGIN, poster[1] - MARGIN - top,
                            id="x", leftPadding=0, rightPadding=0, topPadding=0,
                            bottomPadding=0)
            templates.append(PageTemplate("poster", [frame_x], pagesize=poster,
                                          onPageEnd=self._header))
        templates.sort(key=lambda t: t.id != first)
        super().__init__(target, pagesize=(pw, ph), pageTemplates=templates,
                         title=clean(title), author=clean(author), invariant=1,
                         pageCompression=1, initialFontName=FONT, leftMargin=MARGIN,
                         lang=language(), displayDocTitle=1,
                         rightMargin=MARGIN,
                         topMargin=MARGIN, bottomMargin=MARGIN)

    # -- page decoration -------------------------------------------------------
    def _cover_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """A deep band across the top with the kind of document, a warm rule under it."""
        canv.footer = self._footer_cover
        w, h = canv._pagesize
        band = 24 * mm
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, h - band, w, band, stroke=0, fill=1)
        canv.setFillColor(MOMENT)
        canv.rect(0, h - band - 2.2, w, 2.2, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(FONT_BOLD, 10)
        canv.drawString(MARGIN, h - band / 2 - 3.5, short(self.running.cover_band, 90))
        canv.restoreState()

    def _header(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.footer = self._footer
        w, h = canv._pagesize
        canv.saveState()
        y = h - MARGIN + 4
        canv.setFont(FONT, 7.5)
        canv.setFillColor(MUTED)
        room = w - 2 * MARGIN
        section = ""
        if self.section:  # the section's name first (up to 60 %), the title in what is left
            section = fit_text(self.section, room * 0.6, FONT_BOLD, 7.5)
            room -= text_width(section, FONT_BOLD, 7.5) + 12
        canv.drawString(MARGIN, y, fit_text(self.running.left, room, FONT, 7.5))
        if section:
            canv.setFont(FONT_BOLD, 7.5)
            canv.drawRightString(w - MARGIN, y, section)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN, y - 4, w - MARGIN, y - 4)
        canv.restoreState()

    def _footer(self, canv: Canvas, page: int, total: int) -> None:
        w, _h = canv._pagesize
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(MUTED)
        y = MARGIN - 14
        if self.running.footer_left:
            canv.drawString(MARGIN, y, short(self.running.footer_left, 90))
        canv.drawRightString(w - MARGIN, y, tr("Page {page} of {total}").format(
            page=page, total=total))
        canv.restoreState()

    @staticmethod
    def _footer_cover(canv: Canvas, page: int, total: int) -> None:
        pass

    # -- outline -----------------------------------------------------------------
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            if flowable.level == 0:
                self.section = flowable.plain
            self._bookmarks += 1
            key = flowable.key or f"h{self._bookmarks}"
            self.canv.mark_page(key)
            self.canv.addOutlineEntry(flowable.plain, key, level=flowable.level,
                                      closed=False)

    def build_story(self, story: list[Flowable]) -> int:
        """Lay out ``story``; returns the number of pages."""
        self.build(story, canvasmaker=_NumberedCanvas)
        pages: int = self.page
        return pages


POSTERS = {"a3": (420 * mm, 297 * mm), "a2": (594 * mm, 420 * mm), "a1": (841 * mm, 594 * mm)}


def poster_frame(poster: str) -> tuple[float, float]:
    """Width and height of the text frame on a landscape poster page ("a1", "a2", "a3")."""
    w, h = POSTERS[poster]
    return w - 2 * MARGIN, h - 2 * MARGIN - HEADER_SPACE


def render(story: list[Flowable], paper: str, title: str, author: str, running: Running,
           first: str = "portrait", poster: str | None = None) -> tuple[bytes, int]:
    """Lay out ``story`` on pages; returns the PDF bytes and the page count."""
    buf = io.BytesIO()
    doc = DocTemplate(buf, paper, title, author, running, first,
                      POSTERS[poster] if poster else None)
    pages = doc.build_story(story)
    return buf.getvalue(), pages


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (temporary file, then rename).

    Raises:
        ExportError: the folder is missing or not writable, or ``path`` is a folder.
    """
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name ending in .pdf")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    try:
        write_atomic(path, data)
    except OSError as e:
        raise ExportError(f"{path}: cannot be written ({e.strerror or e})") from None
