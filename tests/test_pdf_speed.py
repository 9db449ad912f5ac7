"""What the PDF export reuses to be fast changes nothing a reader sees.

Parsed paragraphs are reused for repeated text, a paragraph's lines are reused
when it is measured again at the same width, the department NPS is worked out
once per department for the handouts, plain strings are written as operators with
glyph codes cached per document, subset fonts are cut once per distinct subset:
each test prints the same thing with the reuse and without it (the files are
byte-identical: the PDFs are written invariant, with no dates or random ids; or,
where the operators differ, the pages look the same pixel for pixel).
"""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from reportlab.lib.units import mm

from cxworkshop.export import pdf_style
from cxworkshop.export.pdf_handout import Handouts
from cxworkshop.export.pdf_report import report_pdf
from cxworkshop.export.pdf_style import STYLES, Para, para
from cxworkshop.io.json_io import loads
from cxworkshop.model import Participant
from cxworkshop.model.metrics import department_nps
from cxworkshop.resources import samples_dir
from tests.test_pdf_scripts import script_workshop


class _Forgetful(dict):
    """A cache that never keeps anything."""

    def __setitem__(self, key, value) -> None:
        pass


@pytest.fixture(scope="module")
def sample():
    return loads((samples_dir() / "home-services.json").read_text(encoding="utf-8"))


def test_report_and_handouts_are_the_same_with_parsed_paragraphs_reused(sample, monkeypatch):
    def fresh(workshop):
        pdf_style._PARSED.clear()
        return workshop_pdfs(workshop)

    def workshop_pdfs(workshop):
        builder = Handouts(workshop)
        return [report_pdf(workshop)[0]] + [
            builder.pdf(p)[0] for p in workshop.table(Participant).values()]

    for workshop in (sample, script_workshop()):
        first = fresh(workshop)
        again = workshop_pdfs(workshop)   # every paragraph now comes from the cache
        assert again == first
        monkeypatch.setattr(pdf_style, "_PARSED", _Forgetful())   # nothing reused at all
        assert fresh(workshop) == first
        monkeypatch.undo()


def test_a_reused_paragraph_has_runs_of_its_own():
    pdf_style._PARSED.clear()
    a = para("Follow up with the customer", "cell")
    b = para("Follow up with the customer", "cell")
    assert [f.text for f in a.frags] == [f.text for f in b.frags]
    assert not {id(f) for f in a.frags} & {id(f) for f in b.frags}
    a.frags[0].text = "changed"
    assert para("Follow up with the customer", "cell").frags[0].text == (
        "Follow up with the customer")


@pytest.mark.parametrize("text", [
    "A sentence long enough to wrap onto several lines at the narrow width. " * 4,
    "שלום עולם, זו פסקה בעברית שנשברת לכמה שורות ברוחב הצר " * 3,
])
def test_measuring_again_at_a_width_gives_what_a_fresh_paragraph_gives(text):
    p = Para(pdf_style.markup(text), STYLES["body"])
    for width in (60 * mm, 120 * mm, 60 * mm, 60 * mm, 30 * mm, 120 * mm):
        fresh = Para(pdf_style.markup(text), STYLES["body"])
        assert p.wrap(width, 1000) == fresh.wrap(width, 1000)
        assert len(p.blPara.lines) == len(fresh.blPara.lines)
        assert [getattr(f, "text", None) for f in p.frags] == [
            getattr(f, "text", None) for f in fresh.frags]


def test_department_nps_worked_out_once_is_the_department_nps(sample):
    builder = Handouts(sample)
    for person in sample.table(Participant).values():
        if person.department:
            assert builder.department_nps(person.department) == department_nps(
                sample, person.department)
            assert builder.department_nps(person.department) is builder.department_nps(
                person.department)


needs_poppler = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
                                   reason="poppler-utils is not installed")


@needs_poppler
def test_page_numbers_in_one_text_object_look_as_one_by_one(tmp_path):
    """The page numbers of an index (thousands on a page) are written in one text object;
    the page looks and extracts exactly as when each had its own state and string."""
    from cxworkshop.export.pdf_doc import _NumberedCanvas
    from cxworkshop.export.pdf_style import FONT, MUTED

    numbers = [(60 + (i % 3) * 170.0, 800 - (i // 3) * 9.0, 7.0 if i % 4 else 9.5,
                f"{i * 7 % 300 + 1}") for i in range(240)]
    numbers += [(500, 40, 8, "continues on p. 12"), (300, 30, 8, "weiter auf S. 3 ▶"),
                (200, 20, 8, "يتبع في ص 4")]   # Arabic: fallback font, drawn apart

    def page(one_by_one: bool) -> bytes:
        buf = io.BytesIO()
        canv = _NumberedCanvas(buf, pagesize=(595, 842), invariant=1)
        if one_by_one:
            for x, y, size, text in numbers:
                canv.saveState()
                canv.translate(x, y)
                canv.setFont(FONT, size)
                canv.setFillColor(MUTED)
                canv.drawRightString(0, 0, text)
                canv.restoreState()
        else:
            canv._right_aligned(numbers)
        canv.showPage()
        canv.save()
        return buf.getvalue()

    shots = []
    for name, one_by_one in (("each", True), ("batch", False)):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(page(one_by_one))
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-singlefile", str(pdf),
                        str(tmp_path / name)], check=True)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True).stdout
        shots.append(((tmp_path / f"{name}.pgm").read_bytes(), text))
    assert shots[0][1] == shots[1][1] and b"continues on p. 12" in shots[0][1]
    assert shots[0][0] == shots[1][0]


def test_people_on_the_same_process_share_its_neighbourhood_and_print_as_alone():
    from cxworkshop.model import Add, Placement
    w = loads((samples_dir() / "home-services.json").read_text(encoding="utf-8"))
    first = next(iter(w.table(Placement).values()))
    others = [p for p in w.table(Participant).values() if p.id != first.participant][:3]
    w.apply([Add(Placement(f"extra{i}", p.id, first.process, "Me too."))
             for i, p in enumerate(others)])
    shared = Handouts(w)
    together = [shared.pdf(w.table(Participant)[first.participant])[0]] + [
        shared.pdf(p)[0] for p in others]
    alone = [Handouts(w).pdf(w.table(Participant)[first.participant])[0]] + [
        Handouts(w).pdf(p)[0] for p in others]
    assert together == alone
    drawn = sum(len(shared.placements.get(pid, []))
                for pid in [first.participant, *(p.id for p in others)])
    assert len(shared._neighbourhoods) <= drawn - len(others)   # each shared one found once


def test_glyph_codes_are_the_codes_reportlab_gives():
    """Plain strings are encoded from a table of the codes a document has given out;
    in any order, with new characters, a no-break space and more characters than one
    subset holds, the codes are those of reportlab's own ``splitString``."""
    from reportlab.lib.rl_accel import escapePDF
    from reportlab.pdfbase import pdfmetrics

    from cxworkshop.export.pdf_style import FONT, FONT_BOLD, TextCanvas, _glyph_codes

    many = "".join(chr(c) for c in range(0x100, 0x180)) + \
        "".join(chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2) + \
        "".join(chr(c) for c in range(0x410, 0x450))   # > 256 with ASCII: two subsets
    texts = ["Process number 12 of the journey", "Ñúñez", "Process number 12 of the journey",
             "a\u00a0b", many[:150], "Zoë", many, many[40:90], "plain again", many[::-1], ""]
    ours, theirs = TextCanvas(io.BytesIO()), TextCanvas(io.BytesIO())
    for font in (FONT, FONT_BOLD):
        ttf = pdfmetrics.getFont(font)
        for text in texts:
            expected = tuple((subset, f"({escapePDF(part)}) Tj")
                             for subset, part in ttf.splitString(text, theirs._doc))
            assert _glyph_codes(ours, font, text) == (expected or ((0, "() Tj"),)), text
        assert {s for s, _ in _glyph_codes(ours, font, many)} == {0, 1}


def test_subset_fonts_made_once_are_the_bytes_made_each_time(sample, monkeypatch):
    """A subset font (and its ToUnicode map) is cut and compressed once per distinct
    subset: the files are byte-identical to cutting it for every document."""
    from cxworkshop.export import pdf_fonts

    def pdfs(workshop):
        builder = Handouts(workshop)
        return [report_pdf(workshop)[0]] + [
            builder.pdf(p)[0] for p in workshop.table(Participant).values()]

    for workshop in (sample, script_workshop()):
        kept = pdfs(workshop)
        monkeypatch.setattr(pdf_fonts, "_SUBSETS_KEPT", 0)   # nothing kept: made each time
        monkeypatch.setattr(pdf_fonts, "_CMAPS", _Forgetful())
        assert pdfs(workshop) == kept
        monkeypatch.undo()


@needs_poppler
def test_text_written_as_operators_looks_and_extracts_as_reportlab_writes_it(
        sample, tmp_path, monkeypatch):
    """The map's names, the index's page numbers, paragraphs and table cells are written
    as PDF operators with cached glyph codes; with reportlab writing every string itself
    the pages look the same pixel for pixel and ``pdftotext`` gives the same text."""
    from reportlab.pdfgen.canvas import Canvas

    from cxworkshop.export import pdf_doc, pdf_map, pdf_style

    def shots(name):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(report_pdf(sample)[0] if name.startswith("hs") else
                        report_pdf(script_workshop())[0])
        subprocess.run(["pdftoppm", "-r", "50", "-gray", str(pdf), str(tmp_path / name)],
                       check=True)
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                              capture_output=True).stdout
        pages = sorted(tmp_path.glob(f"{name}-*.pgm"))
        return [p.read_bytes() for p in pages], text, pdf.read_bytes()

    for name in ("hs", "scripts"):
        fast = shots(name + "-fast")
        with monkeypatch.context() as m:
            for module in (pdf_map, pdf_doc, pdf_style):
                m.setattr(module, "fast_text_ok", lambda canv, font: False)
            m.setattr(pdf_style.TextCanvas, "beginText", Canvas.beginText)
            slow = shots(name + "-slow")
        assert fast[2] != slow[2]   # the strings really went two ways
        assert fast[1] == slow[1] and len(fast[0]) == len(slow[0]) > 3
        assert fast[0] == slow[0]


_SAME_BYTES = r"""
import hashlib, random, sys
from cxworkshop.export.pdf_report import report_pdf
from cxworkshop.model import Add, Department, Link, Process, Workshop
junk = [object() for _ in range(int(sys.argv[1]))]  # other objects, other addresses
w = Workshop()
w.apply([Add(Department(f"d{i}", f"Team {i}", f"#{(i * 2654435761) % 0xFFFFFF:06x}"))
         for i in range(8)])
w.apply([Add(Process(f"p{i}", f"Step {i} of the journey", f"d{i % 8}", i % 5,
                     moment_of_truth=i % 7 == 0, votes=i % 3)) for i in range(60)])
w.apply([Add(Link(f"l{i}", f"p{i}", f"p{i + 1}", "hands over" if i % 9 == 0 else ""))
         for i in range(59)])
print(hashlib.sha1(report_pdf(w)[0]).hexdigest())
"""


def test_the_same_workshop_gives_the_same_pdf_bytes_in_any_process():
    """Text on a map page is grouped by colour in the order the colours are met, not by
    where Python happened to put them: two runs of one export are byte for byte alike."""
    import sys
    digests = {subprocess.run([sys.executable, "-c", _SAME_BYTES, str(n)], check=True,
                              capture_output=True, text=True).stdout
               for n in (0, 100, 3001, 7919, 12345)}
    assert len(digests) == 1, digests
