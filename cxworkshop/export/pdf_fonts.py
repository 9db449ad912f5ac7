"""Any script in a PDF: a per-run font fallback chain, HarfBuzz shaping and
right-to-left ordering, with a text layer that gives back the logical text.

The chain starts with the bundled DejaVu Sans; runs it cannot print go to the
bundled Noto Sans faces (Arabic, Hebrew, Devanagari, Thai) and then to system
fonts found through fontconfig (CJK, emoji, anything else). Fonts are chosen
per run of text and per style: an oblique run DejaVu's oblique face cannot
print falls back for that run only.

Shaped glyphs that have no Unicode character of their own (Arabic joining
forms, ligatures, Indic conjuncts) are drawn through private-use codes whose
ToUnicode entry is the text of their cluster, so ``pdftotext`` returns what
was typed. Right-to-left runs are drawn in visual order, which text
extractors turn back into the logical order.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from ..resources import resource_path

try:  # shaping is optional at run time; without it complex scripts print unshaped
    import uharfbuzz as hb
except ImportError:  # pragma: no cover - declared as a dependency
    hb = None

_T = TypeVar("_T")

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

# (family, style) -> file in resources/fonts; style is "r", "b", "i"
_BUNDLED = [
    ("DejaVuSans", {"r": "DejaVuSans.ttf", "b": "DejaVuSans-Bold.ttf",
                    "i": "DejaVuSans-Oblique.ttf"}),
    ("NotoSansArabic", {"r": "NotoSansArabic-Regular.ttf", "b": "NotoSansArabic-Bold.ttf"}),
    ("NotoSansHebrew", {"r": "NotoSansHebrew-Regular.ttf", "b": "NotoSansHebrew-Bold.ttf"}),
    ("NotoSansDevanagari", {"r": "NotoSansDevanagari-Regular.ttf",
                            "b": "NotoSansDevanagari-Bold.ttf"}),
    ("NotoSansThai", {"r": "NotoSansThai-Regular.ttf", "b": "NotoSansThai-Bold.ttf"}),
]

# Well-known TrueType-outline fonts for when fontconfig is missing (Windows, macOS).
_KNOWN_SYSTEM_FILES = [
    "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/meiryo.ttc",
    "C:/Windows/Fonts/msgothic.ttc", "C:/Windows/Fonts/seguisym.ttf",
    "C:/Windows/Fonts/seguiemj.ttf", "C:/Windows/Fonts/Nirmala.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf", "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
]


@dataclass
class Face:
    """One registered font file: reportlab name, and the characters it has."""

    name: str
    font: TTFont
    chars: frozenset[int]
    family: str


class _Chain:
    """The ordered faces, per style, that runs of text may use."""

    def __init__(self) -> None:
        self.families: list[dict[str, Face]] = []
        self.by_name: dict[str, Face] = {}
        self.system_tried: set[str] = set()
        self.missing: set[int] = set()
        self.lookups = 0  # fontconfig queries so far (bounded)

    def add_family(self, family: str, files: dict[str, tuple[str, int]]) -> None:
        faces: dict[str, Face] = {}
        for style, (path, index) in files.items():
            name = family if style == "r" else f"{family}-{ {'b': 'Bold', 'i': 'Oblique'}[style]}"
            if family == "DejaVuSans":
                name = {"r": FONT, "b": FONT_BOLD, "i": FONT_ITALIC}[style]
            font = TTFont(name, path, subfontIndex=index)
            font.face.addSubsetObjects = partial(_add_subset_objects, font.face)
            pdfmetrics.registerFont(font)
            faces[style] = Face(name, font, frozenset(font.face.charToGlyph), family)
            self.by_name[name] = faces[style]
        regular = faces["r"].name
        bold = faces.get("b", faces["r"]).name
        italic = faces.get("i", faces["r"]).name
        addMapping(family, 0, 0, regular)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, italic)
        addMapping(family, 1, 1, bold)
        self.families.append(faces)

    def order(self, style: str) -> list[Face]:
        """Faces to try for ``style``: each family's face of that style, then the
        family's other faces (a missing style falls back to the nearest one)."""
        out = []
        for fam in self.families:
            for s in (style, "r", "b", "i"):
                if s in fam and fam[s] not in out:
                    out.append(fam[s])
        return out

    def find(self, cp: int, style: str) -> Face | None:
        for face in _order(style):
            if cp in face.chars:
                return face
        if cp in self.missing:
            return None
        # no font draws unassigned, private or control code points: never ask the system;
        # and a text full of exotic characters cannot make the export ask it forever
        if unicodedata.category(chr(cp)) in ("Cn", "Co", "Cs", "Cc") or self.lookups >= 24:
            self.missing.add(cp)
            return None
        self.lookups += 1
        if _add_system_font_for(cp):
            return self.find(cp, style)
        self.missing.add(cp)
        return None


_SUBSETS_KEPT = 32   # per face: the subset fonts of recent documents, made and packed


def _add_subset_objects(face: Any, doc: Any, fontname: str, subset: Sequence[int]) -> Any:
    """reportlab's ``TTFontFace.addSubsetObjects`` (the embedded subset font and its
    descriptor), with the subset font made and compressed once per distinct subset: the
    handouts of one export mostly use the same characters in the same order, and each
    would otherwise cut and compress the same font again. The bytes are the same."""
    kept: dict[tuple[int, ...], tuple[bytes, bytes]] = face.__dict__.setdefault(
        "_cx_subsets", {})
    key = tuple(subset)
    made = kept.get(key)
    if made is None:
        if len(kept) >= _SUBSETS_KEPT:
            kept.clear()
        font_bytes = face.makeSubset(subset)
        made = kept[key] = (font_bytes, zlib.compress(font_bytes))
    font_bytes, packed = made
    font_file = pdfdoc.PDFStream()
    if doc.compression:   # what the FlateDecode filter would write, done once
        font_file.content = packed
        font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    else:
        font_file.content = font_bytes
    font_file.dictionary["Length1"] = len(font_bytes)
    font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
    flags = (face.flags & ~ttfonts.FF_NONSYMBOLIC) | ttfonts.FF_SYMBOLIC
    descriptor = pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor",
        "Ascent": face.ascent,
        "CapHeight": face.capHeight,
        "Descent": face.descent,
        "Flags": flags,
        "FontBBox": pdfdoc.PDFArray(face.bbox),
        "FontName": pdfdoc.PDFName(fontname),
        "ItalicAngle": face.italicAngle,
        "StemV": face.stemV,
        "FontFile2": font_file_ref,
        "MissingWidth": face.defaultWidth,
    })
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)


_chain: _Chain | None = None


def chain() -> _Chain:
    """The font chain, built (and the bundled fonts registered) on first use."""
    global _chain
    if _chain is None:
        c = _Chain()
        for family, files in _BUNDLED:
            c.add_family(family, {s: (str(resource_path("fonts", f)), 0)
                                  for s, f in files.items()})
        _chain = c
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    return _chain


@lru_cache(maxsize=8)
def _order_cached(style: str, n_families: int) -> tuple[Face, ...]:
    return tuple(chain().order(style))


def _order(style: str) -> tuple[Face, ...]:
    return _order_cached(style, len(chain().families))


def style_of(font_name: str) -> str:
    """``"r"``, ``"b"`` or ``"i"`` for a registered face name."""
    face = chain().by_name.get(font_name)
    if face is not None:
        return next((s for fam in chain().families for s, f in fam.items() if f is face), "r")
    low = font_name.lower()
    return "b" if "bold" in low else "i" if ("oblique" in low or "italic" in low) else "r"


# -- system fonts --------------------------------------------------------------------------

def _fc_candidates(cp: int) -> list[tuple[str, int]]:
    """TrueType fonts fontconfig knows that have ``cp``, best first."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{file}|%{index}|%{fontformat}|%{style}|%{family}\n",
             f":charset={cp:x}"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    rows = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) < 5 or parts[2] != "TrueType":
            continue
        path, index, _fmt, style, family = parts[:5]
        bad_style = any(w in style for w in ("Bold", "Italic", "Oblique", "Light", "Thin",
                                             "Black", "Condensed", "Medium", "Semi"))
        rank = (bad_style, "UI" in family, "Serif" in family, "Mono" in family,
                os.path.getsize(path) if os.path.exists(path) else 1 << 40)
        rows.append((rank, path, int(index or 0)))
    return [(p, i) for _r, p, i in sorted(rows)]


def _add_system_font_for(cp: int) -> bool:
    """Add a system font that has ``cp`` to the chain; False when none has it."""
    c = chain()
    candidates = _fc_candidates(cp) or [(p, 0) for p in _KNOWN_SYSTEM_FILES
                                        if os.path.exists(p)]
    for path, index in candidates:
        key = f"{path}#{index}"
        if key in c.system_tried:
            continue
        c.system_tried.add(key)
        family = "Sys" + "".join(ch for ch in Path(path).stem if ch.isalnum())[:40] + str(index)
        try:
            c.add_family(family, {"r": (path, index)})
        except Exception:  # noqa: BLE001 - CFF outlines, broken files: try the next one
            continue
        _order_cached.cache_clear()
        if cp in c.families[-1]["r"].chars:
            return True
    return False


# -- runs ----------------------------------------------------------------------------------

_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x10800, 0x10FFF),
               (0x1E800, 0x1EFFF))
_COMPLEX_RANGES = ((0x0900, 0x0DFF), (0x0E00, 0x0EFF), (0x0F00, 0x109F), (0x1780, 0x17FF),
                   (0xA8E0, 0xA8FF), (0x1100, 0x11FF))


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= cp <= b for a, b in ranges)


def _kind(ch: str) -> str:
    """Bidi/shaping class: "R" right-to-left letter, "D" digit, "N" neutral, "M" mark,
    "L" other letter."""
    cp = ord(ch)
    if cp < 0x80:
        return "D" if ch.isdigit() else ("L" if ch.isalpha() else "N")
    cat = unicodedata.category(ch)
    if cat[0] == "M" or ch in "\u200c\u200d":
        return "M"
    if _in(cp, _RTL_RANGES):
        if cat == "Nd":
            return "D"
        return "R" if cat[0] in "LC" or cat == "Lo" else "N"
    if cat == "Nd":
        return "D"
    if cat[0] in "ZP" or cat in ("Sm", "Sc", "Sk"):
        return "N"
    return "L"


@dataclass
class Run:
    """A piece of text drawn with one face: ``text`` is what to draw (may hold
    private-use glyph codes), ``width`` its advance at 1 pt."""

    font: str
    text: str
    width: float


def _shape_needed(text: str) -> bool:
    return any(_in(ord(c), _RTL_RANGES) or _in(ord(c), _COMPLEX_RANGES)
               or unicodedata.category(c)[0] == "M" for c in text if ord(c) >= 0x300)


def _segments(text: str, style: str) -> list[tuple[Face | None, str, bool]]:
    """Split ``text`` into (face, text, rtl) runs in logical order."""
    out: list[list[Any]] = []  # [face, text, rtl] runs, grown in place
    for ch in text:
        kind = _kind(ch)
        cp = ord(ch)
        if out and kind in ("M", "N", "D"):
            prev = out[-1]
            face = prev[0]
            digit_in_rtl = kind == "D" and prev[2]
            if face is not None and cp in face.chars and not digit_in_rtl:
                prev[1] += ch
                continue
            if kind == "D" and not prev[2] and face is not None and cp in face.chars:
                prev[1] += ch
                continue
        face = chain().find(cp, style)
        rtl = kind == "R"
        if out and out[-1][0] is face and out[-1][2] == rtl and kind != "D" or (
                out and kind == "D" and out[-1][0] is face and not out[-1][2]):
            out[-1][1] += ch
        else:
            out.append([face, ch, rtl])
    # a run of digits/neutrals right after a right-to-left run stays its own LTR run
    return [(f, t, r) for f, t, r in out]


_pua: dict[str, dict[tuple[int, str], int]] = {}   # face name -> (gid, text) -> code
_actual: dict[str, dict[int, str]] = {}            # face PostScript name -> code -> text


def _ps_name(ttf: ttfonts.TTFontFace) -> str:
    name = ttf.name + getattr(ttf, "subfontNameX", b"")
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _private_code(face: Face, gid: int, text: str, advance: int) -> str:
    """A private-use character drawing glyph ``gid`` whose text layer says ``text``."""
    table = _pua.setdefault(face.name, {})
    code = table.get((gid, text))
    if code is None:
        ttf = face.font.face
        code = 0xF0000 + len(table)  # plane 15: never a real character of the font
        table[(gid, text)] = code
        ttf.charToGlyph[code] = gid
        ttf.charWidths[code] = advance
        _actual.setdefault(_ps_name(ttf), {})[code] = text
    return chr(code)


@lru_cache(maxsize=64)
def _hb_font(name: str) -> hb.Font:
    face = chain().by_name[name].font.face
    blob = hb.Blob(face._ttf_data)
    return hb.Font(hb.Face(blob, getattr(face, "subfontIndex", 0) or 0))


def _shape(face: Face, text: str, rtl: bool) -> str:
    """``text`` shaped with HarfBuzz, as a string of characters in visual order."""
    if hb is None:
        return text[::-1] if rtl else text
    font = _hb_font(face.name)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(font, buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    ttf = face.font.face
    scale = 1000.0 / font.face.upem
    # cluster -> text of the cluster (clusters are character offsets, logical order)
    starts = sorted({i.cluster for i in infos})
    ends = {s: (starts[k + 1] if k + 1 < len(starts) else len(text))
            for k, s in enumerate(starts)}
    # how many glyphs each cluster has, to share the cluster's text out among them
    count: dict[int, int] = {}
    for info in infos:
        count[info.cluster] = count.get(info.cluster, 0) + 1
    done: dict[int, int] = {}
    out = []
    for info, pos in zip(infos, positions, strict=True):
        gid, cl = info.codepoint, info.cluster
        chunk = text[cl:ends[cl]]
        n, k = count[cl], done.get(cl, 0)
        done[cl] = k + 1
        if rtl:  # extractors reverse right-to-left glyphs and their texts
            k = n - 1 - k
        label = chunk[k] if k < n - 1 and k < len(chunk) else chunk[k:] if k < len(chunk) else ""
        if rtl:
            label = label[::-1]
        adv = round(pos.x_advance * scale)
        if len(chunk) == 1 and n == 1 and ttf.charToGlyph.get(ord(chunk)) == gid \
                and abs(ttf.charWidths.get(ord(chunk), -9) - adv) < 1:
            out.append(chunk)
        else:
            out.append(_private_code(face, gid, label, adv))
    return "".join(out)


def bidi_order(items: Sequence[tuple[str, _T]], rtl_base: bool = False) -> list[_T]:
    """Visual order of the payloads of ``(kind, payload)`` items tagged "R"
    (right-to-left), "D" (digits), "N" (neutral) or "L".

    A left-to-right line (the documents' own language) reverses its right-to-left
    runs (with the numbers inside them) in place; a right-to-left line (a paragraph
    that starts in Arabic or Hebrew) runs from the right: its runs are reversed, and
    the left-to-right words and numbers inside it keep their own order.
    """
    levels = []
    prev_strong = "R" if rtl_base else "L"
    for kind, _run in items:
        if kind == "R":
            levels.append(1)
            prev_strong = "R"
        elif kind == "D":
            levels.append(2 if prev_strong == "R" or rtl_base else 0)
        elif kind == "L":
            levels.append(2 if rtl_base else 0)
            prev_strong = "L"
        else:
            levels.append(1 if rtl_base else 0)
            if not rtl_base:
                prev_strong = "L"
    runs = [r for _k, r in items]
    top = max(levels, default=0)
    for level in range(top, 0, -1):
        i = 0
        while i < len(runs):
            if levels[i] >= level:
                j = i
                while j < len(runs) and levels[j] >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return runs


@lru_cache(maxsize=20000)
def logical_runs(text: str, font_name: str) -> tuple[tuple[str, Run], ...]:
    """``text`` in ``font_name``'s style as ``(kind, run)`` in logical order: the
    faces, each right-to-left run shaped (its glyphs in visual order), kind "R", "D",
    "N" or "L" for :func:`bidi_order`. Characters no font has become U+FFFD."""
    style = style_of(font_name)
    items: list[tuple[str, Run]] = []
    for face, piece, rtl in _segments(text, style):
        if face is None:
            piece = "\ufffd" * len(piece)
            face = chain().by_name.get(font_name) or chain().by_name[FONT]
            items.append(("N", Run(face.name, piece, _width(face, piece))))
            continue
        kind = "R" if rtl else ("D" if piece.isdigit() else "L")
        tail = ""
        if rtl and piece.endswith(" "):  # a space after a right-to-left run stays after it
            stripped = piece.rstrip(" ")
            piece, tail = stripped or piece, piece[len(stripped):] if stripped else ""
        if _shape_needed(piece):
            piece = _shape(face, piece, rtl)
        items.append((kind, Run(face.name, piece, _width(face, piece))))
        if tail:
            items.append(("N", Run(face.name, tail, _width(face, tail))))
    return tuple(items)


@lru_cache(maxsize=20000)
def runs(text: str, font_name: str, rtl_base: bool = False) -> tuple[Run, ...]:
    """``text`` in ``font_name``'s style as runs in visual order (faces, shaped text),
    on a left-to-right line or (``rtl_base``) a right-to-left one.

    Characters no font has become U+FFFD in the base face.
    """
    items = list(logical_runs(text, font_name))
    if rtl_base or any(k == "R" for k, _ in items):
        return tuple(bidi_order(items, rtl_base))
    return tuple(r for _k, r in items)


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (Arabic, Hebrew…)."""
    return any(ord(c) >= 0x590 and _kind(c) == "R" for c in text)


def starts_rtl(text: str) -> bool:
    """True when ``text`` is a right-to-left paragraph: it starts with a right-to-left
    letter (the Unicode rule) and most of its letters are right-to-left. (The documents
    are in a left-to-right language: an Arabic name followed by English words stays a
    left-to-right line.)"""
    first = None
    rtl = ltr = 0
    for c in text:
        if not c.isalpha():
            continue
        kind = _kind(c)
        if first is None:
            first = kind
        if kind == "R":
            rtl += 1
        else:
            ltr += 1
    return first == "R" and rtl > ltr


def _width(face: Face, text: str) -> float:
    widths = face.font.face.charWidths
    default = face.font.face.defaultWidth
    total: float = sum(widths.get(ord(c), default) for c in text)
    return total / 1000.0


def simple(text: str, font_name: str) -> bool:
    """True when ``text`` prints in ``font_name`` as is (no fallback, no shaping)."""
    if text.isascii():
        return True
    face = chain().by_name.get(font_name)
    return face is not None and all(ord(c) in face.chars for c in text) \
        and not _shape_needed(text)


@lru_cache(maxsize=65536)
def text_width(text: str, font_name: str, size: float) -> float:
    """Width in points of ``text`` as :func:`draw_runs` prints it."""
    if simple(text, font_name):
        width: float = pdfmetrics.stringWidth(text, font_name, size)
        return width
    return sum(r.width for r in runs(text, font_name)) * size


@lru_cache(maxsize=4096)
def printable(ch: str) -> bool:
    """True when some font in the chain (bundled or system) has ``ch``."""
    return chain().find(ord(ch), "r") is not None


# -- the text layer -------------------------------------------------------------------------

def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


_CMAPS: dict[tuple[str, tuple[int, ...]], str] = {}   # the same subsets recur


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with private-use glyph codes mapped to the text of
    their cluster and characters beyond the BMP written as UTF-16 surrogate pairs.
    (A private code's text never changes once given, so a CMap is made once.)"""
    key = (fontname, tuple(subset))
    cmap = _CMAPS.get(key)
    if cmap is None:
        if len(_CMAPS) >= 256:
            _CMAPS.clear()
        cmap = _CMAPS[key] = _make_cmap(fontname, subset)
    return cmap


def _make_cmap(fontname: str, subset: Sequence[int]) -> str:
    face_name = fontname.split("+", 1)[-1]
    actual = _actual.get(face_name, {})
    entries = []
    for i, v in enumerate(subset):
        text = actual.get(v)
        if text is None:
            text = chr(v) if v < 0x110000 else "\ufffd"
        entries.append(f"<{i:02X}> <{_utf16_hex(text)}>")
    cmap = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(cmap)


def font_info() -> list[str]:
    """Names of the faces in the chain (bundled and system ones found so far)."""
    return [f.name for fam in chain().families for f in fam.values()]


if sys.platform == "win32":  # pragma: no cover
    _KNOWN_SYSTEM_FILES.insert(0, os.path.expandvars("%WINDIR%/Fonts/msyh.ttc"))
