"""Postcards for a print shop: standard card sizes imposed on standard sheets with 3 mm
bleed, gutters, cut marks outside the trim and inside the sheet, backs aligned with their
fronts for double-sided printing (flip on the long edge), names that wrap before they
shrink. Geometry is checked as numbers and in the rendered pages."""
from __future__ import annotations

import subprocess
from itertools import combinations

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import inch, mm

from cxworkshop.cli import main
from cxworkshop.export.pdf_postcards import (
    BLEED,
    CARDS,
    GUTTER,
    PAD,
    SHEET_EDGE,
    SHEETS,
    cut_marks,
    name_lines,
    postcards_pdf,
    sheet_pages,
    slots,
)
from cxworkshop.model import Add, Participant, Recognition, Story, Workshop
from cxworkshop.store import write_session_file

TOL = 1e-6


def overlap(a, b) -> bool:
    """True when rects ``a`` and ``b`` (x, y, w, h) share some area."""
    return a[0] < b[0] + b[2] - TOL and b[0] < a[0] + a[2] - TOL and \
        a[1] < b[1] + b[3] - TOL and b[1] < a[1] + a[3] - TOL


def meets(line, rect) -> bool:
    """True when an upright or level ``line`` touches ``rect`` (edges included)."""
    (x1, y1), (x2, y2) = line
    x0, y0, w, h = rect
    return min(x1, x2) <= x0 + w and max(x1, x2) >= x0 and \
        min(y1, y2) <= y0 + h and max(y1, y2) >= y0


def champions(n: int = 5) -> Workshop:
    w = Workshop()
    ents = [Participant("u1", "Grace Lin", None), Story("s1", "u1", "Mrs Okafor", None,
                                                         "this_week", "direct",
                                                         "Her boiler failed on a Sunday.",
                                                         "We sent the on-call engineer.",
                                                         "resolved", "")]
    ents += [Recognition(f"r{i}", "Grace Lin" if i == 0 else f"Colleague {i}", "Bo",
                         f"Call-out number {i}", "2026-05-0" + str(i + 1)) for i in range(n)]
    w.apply([Add(e) for e in ents])
    return w


@pytest.mark.parametrize("key", list(SHEETS))
def test_cards_have_their_size_bleed_and_gutters_on_the_sheet(key):
    sheet = SHEETS[key]
    cw, ch = CARDS[sheet.card]
    sw, sh = sheet.size
    places = slots(sheet)
    assert len(places) == sheet.per_sheet
    for s in places:
        x, y, w, h = s.trim
        assert sorted((w, h)) == sorted((cw, ch))
        assert (w > h) == sheet.turned
        assert x > 0 and x + w < sw and y > 0 and y + h < sh   # on the sheet
        bx, by, bw, bh = s.bleed   # the bleed: 3 mm, or 0 where a cut is shared
        sides = (x - bx, y - by, bx + bw - x - w, by + bh - y - h)
        assert all(abs(d - BLEED) < TOL or abs(d) < TOL for d in sides)
    for a, b in combinations(places, 2):
        assert not overlap(a.trim, b.trim) and not overlap(a.bleed, b.bleed)
        # side by side: either a shared cut (butt) or a gutter of two bleeds
        ax, ay, aw, ah = a.trim
        bx, by, bw, bh = b.trim
        if abs(ay - by) < TOL:
            gap = max(bx - ax - aw, ax - bx - bw)
            assert abs(gap - sheet.gutter_x) < TOL and sheet.gutter_x in (0.0, GUTTER)
        if abs(ax - bx) < TOL:
            gap = max(by - ay - ah, ay - by - bh)
            assert abs(gap - GUTTER) < TOL
    for s in places:   # every side of a card without a neighbour bleeds 3 mm
        x, y, w, h = s.trim
        shared_right = any(abs(o.trim[0] - (x + w)) < TOL and abs(o.trim[1] - y) < TOL
                           for o in places)
        assert abs(s.bleed[0] + s.bleed[2] - (x + w) - (0 if shared_right else BLEED)) < TOL


def test_a6_and_4x6_are_the_standard_sizes_and_sheets_are_what_they_say():
    assert CARDS["a6"] == pytest.approx((105 * mm, 148 * mm))
    assert CARDS["4x6"] == pytest.approx((4 * inch, 6 * inch))
    assert SHEETS["sra4"].size == pytest.approx((225 * mm, 320 * mm))
    assert SHEETS["sra4"].per_sheet == 4 and SHEETS["tabloid"].per_sheet == 4
    assert SHEETS["a4"].per_sheet == 2 and SHEETS["letter"].per_sheet == 2
    # why four A6 cards with gutters both ways are not offered on A4 (nor on SRA4)
    assert 2 * (105 + 6) > 210 and 2 * (105 + 6) + 2 * 3 > 225 - 2 * 3


@pytest.mark.parametrize("key", list(SHEETS))
def test_cut_marks_are_outside_every_card_inside_the_sheet_and_on_every_cut(key):
    sheet = SHEETS[key]
    sw, sh = sheet.size
    marks = cut_marks(sheet)
    places = slots(sheet)
    for line in marks:
        (x1, y1), (x2, y2) = line
        assert x1 == x2 or y1 == y2
        length = abs(x2 - x1) + abs(y2 - y1)
        assert length >= 2.5 * mm
        for x, y in line:
            assert SHEET_EDGE - TOL <= x <= sw - SHEET_EDGE + TOL
            assert SHEET_EDGE - TOL <= y <= sh - SHEET_EDGE + TOL
        for s in places:
            assert not meets(line, s.bleed), (line, s)   # outside the trim and the bleed
    cuts_x = {round(v, 3) for s in places for v in (s.trim[0], s.trim[0] + s.trim[2])}
    cuts_y = {round(v, 3) for s in places for v in (s.trim[1], s.trim[1] + s.trim[3])}
    for x in cuts_x:   # a mark above and below the block, in line with the cut
        ys = [ln[0][1] for ln in marks if ln[0][0] == ln[1][0] and round(ln[0][0], 3) == x]
        assert len(ys) == 2 and min(ys) < sh / 2 < max(ys)
    for y in cuts_y:
        xs = [ln[0][0] for ln in marks if ln[0][1] == ln[1][1] and round(ln[0][1], 3) == y]
        assert len(xs) == 2 and min(xs) < sw / 2 < max(xs)


@pytest.mark.parametrize("key", list(SHEETS))
def test_backs_land_behind_their_fronts_when_flipped_on_the_long_edge(key):
    sheet = SHEETS[key]
    sw, sh = sheet.size
    assert sh > sw   # portrait sheets: the long edge is the left/right one
    for front, back in zip(slots(sheet), slots(sheet, back=True), strict=True):
        fx, fy, fw, fh = front.trim
        bx, by, bw, bh = back.trim
        # flipping the sheet over its long (vertical) edge maps x to sw - x
        assert (bx, by, bw, bh) == pytest.approx((sw - fx - fw, fy, fw, fh))
        assert back.turn == -front.turn   # so the back reads upright behind its front


def render(data: bytes, tmp_path, page: int, dpi: int = 72) -> Image.Image:
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    str(pdf), str(tmp_path / "page")], check=True)
    found = sorted(tmp_path.glob("page-*.png"))[-1]
    img = Image.open(found).convert("RGB")
    found.unlink()
    return img


def pixel(img: Image.Image, sheet, x: float, y: float) -> tuple[int, int, int]:
    """The colour at sheet point ``x, y`` (points, y up)."""
    sw, sh = sheet.size
    return img.getpixel((int(x / sw * img.width), int((sh - y) / sh * img.height)))


def dark(c) -> bool:
    return sum(c) < 300


@pytest.mark.parametrize("key", ["sra4", "a4"])
def test_rendered_sheets_show_bleed_marks_and_backs_behind_fronts(key, tmp_path):
    sheet = SHEETS[key]
    data, pages = postcards_pdf(champions(sheet.per_sheet), sheet=key, backs=True)
    assert pages == 2
    front, back = render(data, tmp_path, 1, 144), render(data, tmp_path, 2, 144)
    first = slots(sheet)[0]
    x, y, w, h = first.trim
    # the coloured band runs past the trim into the bleed (the card's top, on the sheet)
    if sheet.turned:   # turned a quarter: the card's top is at the sheet's left
        inside_bleed, outside = (x - BLEED / 2, y + h / 2), (x - BLEED - 0.2 * mm, y + h / 2)
    else:
        inside_bleed, outside = (x + w / 2, y + h + BLEED / 2), (x + w / 2,
                                                                   y + h + BLEED + 0.2 * mm)
    assert dark(pixel(front, sheet, *inside_bleed))
    assert pixel(front, sheet, *outside) == (255, 255, 255)
    for (x1, y1), (x2, y2) in cut_marks(sheet):   # every mark is printed (a hairline)
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        assert any(sum(pixel(front, sheet, mx + dx, my + dy)) < 700
                   for dx in (-0.5, 0, 0.5) for dy in (-0.5, 0, 0.5)), (mx, my)
    # the back's band lies where the front's does once the sheet is turned over
    bx = sheet.size[0] - inside_bleed[0]
    assert dark(pixel(back, sheet, bx, inside_bleed[1]))


def test_a_long_name_wraps_before_it_shrinks_and_is_never_cut(tmp_path):
    name = "Maximiliane Friederike von Hohenzollern-Sigmaringen Oberbürgermeisterin"
    width = CARDS["a6"][0] - 2 * PAD
    size, lines = name_lines(name, width, 4)
    assert size >= 14 and len(lines) >= 3
    assert "".join(lines).replace(" ", "") == name.replace(" ", "")
    assert name_lines("Ana Lima", width)[0] == 20   # a short name keeps the largest size
    w = champions(1)
    w.apply([Add(Recognition("rx", name, "Bo", "Stayed late.", None))])
    data, _ = postcards_pdf(w)
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()
    printed = [ln.strip() for ln in text.splitlines()]
    for line in lines:   # every line of the name is printed whole (a hyphen may end one)
        assert line in printed, (line, printed[:8])


def test_backs_tell_the_champion_story_and_pages_count_both_sides():
    w = champions(5)
    assert sheet_pages(5, SHEETS["sra4"]) == 2
    assert sheet_pages(5, SHEETS["sra4"], backs=True) == 4
    data, pages = postcards_pdf(w, sheet="sra4", backs=True)
    assert pages == 4
    reader = PdfReader(__import__("io").BytesIO(data))
    back = " ".join(reader.pages[1].extract_text().split())
    assert "THE STORY BEHIND THE CARD" in back
    assert "Her boiler failed on a Sunday." in back and "Mrs Okafor" in back  # Grace's story
    assert "Call-out number 0" in back
    fronts = " ".join(reader.pages[0].extract_text().split())
    assert fronts.count("CUSTOMER CHAMPION") == 4
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / mm), round(float(box.height) / mm)) == (225, 320)


def test_cli_offers_the_sheets_and_backs(tmp_path, capsys):
    path = tmp_path / "w.cxw"
    write_session_file(path, champions(3))
    out = tmp_path / "cards.pdf"
    assert main(["export", str(path), "--postcards", str(out), "--postcard-sheet", "tabloid",
                 "--postcard-backs"]) == 0
    assert "(3 postcards on 2 pages)" in capsys.readouterr().out
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 1224)
    assert main(["export", str(path), "--pdf", str(tmp_path / "r.pdf"),
                 "--postcard-backs"]) == 1
    assert "--postcard-sheet and --postcard-backs need --postcards" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["export", str(path), "--postcards", str(out), "--postcard-sheet", "a5"])
    assert info.value.code == 2
    assert "invalid choice: 'a5'" in capsys.readouterr().err


def test_export_page_offers_the_sheets_and_backs(main_window, session_path, tmp_path):
    from cxworkshop.ui.pages.export import ExportPage
    assert main_window.open_file(session_path)
    page = main_window.show_page(ExportPage)
    for i in range(5):
        page.document.add(Recognition(f"r{i}", f"Ana {i}", "Bo", "Called back", None))
    page.a4.setChecked(True)
    page.postcard_sheet.setCurrentIndex(0)   # automatic: A6 on SRA4 with A4 paper
    assert page.postcards_row.note.text() == (
        "5 call-outs on 2 pages: A6 cards, 4 on SRA4 (print shop), with bleed and cut marks")
    page.letter.setChecked(True)   # 4 × 6 in cards, two on a Letter sheet
    assert page.postcards_row.note.text().startswith("5 call-outs on 3 pages: 4 × 6 in cards")
    page.postcard_sheet.setCurrentIndex(page.postcard_sheet.findData("tabloid"))
    page.postcard_backs.setChecked(True)
    assert page.postcards_row.note.text().startswith("5 call-outs on 4 pages")
    request = page.request()
    assert request.postcard_sheet == "tabloid" and request.postcard_backs
    page.resize(1024, 768)
    page.grab().save(str(tmp_path / "export-page.png"))
