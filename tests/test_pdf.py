"""PDF report, handouts and postcards: what a reader finds in the files."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pypdf import PdfReader

from cxworkshop.export.pdf_export import ExportRequest, problems, run_export
from cxworkshop.export.pdf_handout import Handouts, handout_filenames, safe_filename
from cxworkshop.export.pdf_postcards import postcards_pdf
from cxworkshop.export.pdf_report import report_pdf
from cxworkshop.model import (
    Action,
    Add,
    AgendaItem,
    Change,
    Department,
    Link,
    Member,
    Note,
    Participant,
    Placement,
    Process,
    Recognition,
    SessionInfo,
    Story,
    Workshop,
)

NAMES = ["Zoë Ångström-Søndergaard", "Αλέξανδρος Παπαδόπουλος", "Иван Петров", "Bo Li"]


def rich_workshop() -> Workshop:
    """A session using every section, with names in Latin, Greek and Cyrillic."""
    w = Workshop(SessionInfo(title="Connecting the dots — Çafé Ölçü", organization="Ölçü Ltd",
                             date="2026-05-08", location="Θεσσαλονίκη", facilitator="Мария Ким",
                             notes="Bring sticky dots."))
    ents = [Department("d1", "Front desk", "#1f77b4"), Department("d2", "Бухгалтерия", "#ff7f0e"),
            Department("d3", "Αποθήκη", "#2ca02c")]
    ents += [Participant(f"u{i}", name, f"d{i % 3 + 1}", "Clerk", i % 2 == 0)
             for i, name in enumerate(NAMES)]
    ents += [Process("p1", "Greet the guest", "d1", 0, moment_of_truth=True, frontstage=True,
                     votes=4),
             Process("p2", "Take the order", "d1", 1, frontstage=True, votes=2),
             Process("p3", "Выставить счёт", "d2", 3, votes=1),
             Process("p4", "Παραλαβή εμπορευμάτων", "d3", 2),
             Process("p5", "Follow-up survey", None, 4, moment_of_truth=True)]
    ents += [Link("l1", "p1", "p2"), Link("l2", "p2", "p3"), Link("l3", "p4", "p2"),
             Link("l4", "p3", "p5", "monthly")]
    ents += [Story("s0", "u0", "Mrs Hargreaves", "2026-05-01", "this_week", "direct",
                   "Boiler out for two days with Mrs Hargreaves' mother at home.",
                   "Emergency slot the same evening.", "resolved", "You were the only ones."),
             Story("s1", "u1", "Νίκος Σταύρου", None, "this_year", "indirect",
                   "Ο Νίκος Σταύρου waited a week.", "", "unknown", ""),
             Story("s2", "u2", "can't remember", None, "cant_remember", "direct",
                   "A delivery went missing.", "Re-sent.", "partly", "")]
    ents += [Note("n1", "p2", "pain", "Orders get lost at shift change"),
             Note("n2", "p3", "idea", "Send the invoice by e-mail"),
             Note("n3", None, "question", "Who owns returns?")]
    ents += [Placement("c0", "u0", "p2", "My order entry decides if the dish is right."),
             Placement("c1", "u1", "p4", "Если склад ошибся, гость ждёт."),
             Placement("c2", "u2", "p3", "The bill is the last thing a guest sees.")]
    ents += [Member(f"m{i}", name, f"d{i % 3 + 1}", "Lead", i % 2 == 0, "Site A", 3.5)
             for i, name in enumerate(NAMES)]
    ents += [Change("h1", "Tablet ordering", "p2", "Faster orders", "A tablet at the table",
                    "Curious", "The waiter shows it", "A rating button", "medium",
                    "Zoë Ångström-Søndergaard", "Pilot in June")]
    ents += [Recognition("r1", "Иван Петров", "Bo Li", "Stayed late to fix a guest's bill.",
                         "2026-05-02"),
             Recognition("r2", "Αλέξανδρος Παπαδόπουλος", "Иван Петров",
                         "Drove the missing box over himself.", "2026-05-03")]
    ents += [Action("a1", "Pilot tablet ordering", "Zoë Ångström-Søndergaard", "2026-06-01",
                    "p2", "open"),
             Action("a2", "Fix the shift handover list", "Иван Петров", None, None, "done")]
    ents += [AgendaItem("g1", "Welcome", 10, 540), AgendaItem("g2", "Process map", 45, 3300),
             AgendaItem("g3", "Close", 10, None)]
    w.apply([Add(e) for e in ents])
    return w


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def outline_titles(data: bytes) -> list:
    def walk(items):
        out = []
        for item in items:
            out.append(walk(item) if isinstance(item, list) else item.title)
        return out
    return walk(PdfReader(io.BytesIO(data)).outline)


def flat(titles) -> list[str]:
    out = []
    for t in titles:
        out += flat(t) if isinstance(t, list) else [t]
    return out


def fonts_of(data: bytes) -> dict[str, bool]:
    """Every font used on every page: base name -> embedded (has /FontFile2)."""
    out = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            out[str(font["/BaseFont"])] = bool(desc and "/FontFile2" in desc.get_object())
    return out


@pytest.fixture(scope="module")
def report():
    return report_pdf(rich_workshop())


def test_report_shows_names_in_every_script(report):
    data, pages = report
    text = text_of(data)
    for name in NAMES + ["Выставить счёт", "Παραλαβή εμπορευμάτων", "Θεσσαλονίκη", "Мария Ким"]:
        assert name in text, name
    assert pages == len(PdfReader(io.BytesIO(data)).pages) >= 6


def test_report_fonts_are_embedded_truetype(report):
    fonts = fonts_of(report[0])
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert {name.split("+")[-1] for name in fonts} >= {"DejaVuSans", "DejaVuSans-Bold"}


def test_report_has_a_bookmark_per_section(report):
    titles = outline_titles(report[0])
    top = [t for t in titles if isinstance(t, str)]
    assert top == ["Agenda: planned and actual time", "Last customer served", "Process map",
                   "Priorities: top-voted processes", "Connect the dots",
                   "The 5 Hows of a change", "Employee advisory group", "Customer Champions",
                   "Actions", "Go and see", "Facilitator's notes"]
    assert "Tablet ordering" in flat(titles)  # each change is a sub-entry
    reader = PdfReader(io.BytesIO(report[0]))
    pages = [reader.get_destination_page_number(o) for o in reader.outline
             if not isinstance(o, list)]
    assert pages == sorted(pages)  # short sections may share a page
    for item, page in zip(top, pages, strict=True):  # each bookmark opens the page of its heading
        assert item in " ".join(reader.pages[page].extract_text().split())
    cover = reader.pages[0].extract_text().split("In this report")[1].split()
    assert cover[-len(pages):] == [str(p + 1) for p in pages]  # contents with page numbers


def test_report_metadata_is_title_and_author_only(report):
    meta = PdfReader(io.BytesIO(report[0])).metadata
    assert dict(meta) == {"/Title": "Connecting the dots — Çafé Ölçü", "/Author": "Мария Ким"}
    assert b"CreationDate" not in report[0]


def test_report_sections_say_what_happened(report):
    text = " ".join(text_of(report[0]).split())
    assert "The 2 timed steps ran 9 min over the 55 min planned for them." in text
    assert "3 of 4 can't name a customer they served this quarter." in text
    assert "Orders get lost at shift change" in text           # notes listed
    assert "monthly" in text                                   # link label on the map
    assert "HOW WILL MY CUSTOMER FIND OUT?" in text
    assert "Pilot in June" in text
    assert "Stayed late to fix a guest's bill." in text
    assert "Fix the shift handover list" in text
    assert "Page 3 of" in text


def test_page_numbers_and_running_header():
    data, pages = report_pdf(rich_workshop())
    reader = PdfReader(io.BytesIO(data))
    last = reader.pages[-1].extract_text()
    assert f"Page {pages} of {pages}" in last
    assert "facilitator report" in reader.pages[2].extract_text()
    assert "Page 1 of" not in reader.pages[0].extract_text()  # the cover is clean


def test_letter_paper_and_landscape_map():
    data, _ = report_pdf(rich_workshop(), "letter")
    reader = PdfReader(io.BytesIO(data))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages}
    assert sizes == {(612, 792), (792, 612)}


def big_map(departments: int, per_cell: int) -> Workshop:
    w = Workshop()
    ents = [Department(f"d{i}", f"Department {i}", "#4477aa") for i in range(departments)]
    n = 0
    for d in range(departments):
        for stage in range(5):
            for k in range(per_cell):
                ents.append(Process(f"p{n}", f"Process {n}", f"d{d}", stage, votes=k))
                n += 1
    ents += [Link(f"l{i}", f"p{i}", f"p{i + 1}") for i in range(n - 1)]
    w.apply([Add(e) for e in ents])
    return w


def test_small_map_fits_one_page_large_map_is_split_with_an_overview():
    small, _ = report_pdf(big_map(2, 1))
    assert "Part 1 of" not in " ".join(flat(outline_titles(small)))
    data, _ = report_pdf(big_map(8, 3))
    titles = flat(outline_titles(data))
    parts = [t for t in titles if t.startswith("Part ")]
    assert len(parts) >= 2 and parts[0].startswith(f"Part 1 of {len(parts)}: ")
    text = text_of(data)
    assert "too large to read on one page" in text
    for i in (0, 59, 119):  # every box is on some part page
        assert f"Process {i}" in text


def test_missing_glyphs_are_substituted_visibly_not_fatal():
    w = rich_workshop()
    w.apply([Add(Participant("cjk", "王小明 \ue000 Ana", "d1")),
             Add(Story("scjk", "cjk", "山田", None, "today", "direct", "👍🏽 ok", "", "unknown"))])
    data, _ = report_pdf(w)
    text = text_of(data)
    assert "王小明 \ufffd Ana" in text  # a private-use character no font has
    hand, _ = Handouts(w).pdf(w.tables["participants"]["cjk"])
    assert "Ana" in text_of(hand)


def test_ten_thousand_character_fields_wrap_and_split_across_pages():
    w = rich_workshop()
    words = " ".join(f"word{i}" for i in range(1500))[:9_987] + " END-OF-STORY"
    blob = "x" * 9_986 + " END-OF-ACTION"
    assert len(words) == len(blob) == 10_000
    w.apply([Add(Story("slong", "u3", "Ana", None, "today", "direct", words, "", "unknown")),
             Add(Action("along", blob, "Bo Li", None, None, "open")),
             Add(Note("nlong", "p1", "pain", words))])
    data, pages = report_pdf(w)
    reader = PdfReader(io.BytesIO(data))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    start = next(i for i, t in enumerate(texts) if "word0 word1 word2" in t)
    story_end = next(i for i, t in enumerate(texts) if "END-OF-STORY" in t)
    assert story_end > start  # the long story goes on over the next page
    assert any("END-OF-ACTION" in t for t in texts)  # the long table cell is printed whole
    assert sum(t.replace(" ", "").count("x" * 50) for t in texts) >= 9_986 // 50 - 10
    assert pages < 40


def test_handout_has_story_place_chain_changes_and_actions():
    w = rich_workshop()
    data, pages = Handouts(w).pdf(w.tables["participants"]["u0"])
    text = " ".join(text_of(data).split())
    assert pages >= 1
    assert "Zoë Ångström-Søndergaard" in text
    assert "Boiler out for two days" in text                      # their story
    assert "Take the order" in text                               # their process
    assert "My order entry decides if the dish is right." in text  # their line
    assert "Greet the guest" in text and "Выставить счёт" in text  # upstream / downstream
    assert "Greet the guest (1 step upstream)" in text             # nearest moment of truth
    assert "Tablet ordering" in text and "Pilot in June" in text   # 5 Hows on their process
    assert "Pilot tablet ordering" in text                         # their action
    assert "Stayed late" not in text                               # not their call-out
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta["/Title"] == "Workshop handout: Zoë Ångström-Søndergaard"


@pytest.mark.parametrize("name, expected", [
    ("Ana", "Ana"), ("Zoë Ångström", "Zoë Ångström"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("  .hidden. ", "hidden"), ("", "participant"),
    ("\x00\x07", "participant"), ("Иван\tПетров", "Иван Петров"), ("///", "participant"),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_handout_file_names_are_unique_and_short(tmp_path):
    people = [Participant(f"u{i}", n) for i, n in enumerate(
        ["Ana", "ana", "Ana", "", "", "é" * 300, "e\u0301"])]
    names = handout_filenames(people)
    assert list(names.values())[:5] == ["Ana.pdf", "ana (2).pdf", "Ana (3).pdf",
                                        "participant.pdf", "participant (2).pdf"]
    assert len({n.casefold() for n in names.values()}) == len(people)
    assert all(len(n.encode()) <= 130 for n in names.values())
    assert names["u5"] == "é" * 60 + ".pdf"  # 120 bytes of UTF-8
    assert names["u6"] == "é.pdf"  # decomposed e + accent, written composed
    for n in names.values():  # every name can really be created
        (tmp_path / n).write_bytes(b"x")


def test_postcards_four_per_page():
    w = rich_workshop()
    w.apply([Add(Recognition(f"rx{i}", f"Person {i}", "Bo", "Helpful " * (i * 400 + 1), None))
             for i in range(3)])
    data, pages = postcards_pdf(w)
    assert pages == 2  # five cards
    reader = PdfReader(io.BytesIO(data))
    first = " ".join(reader.pages[0].extract_text().split())
    assert first.count("CUSTOMER CHAMPION") == 4
    assert "Иван Петров" in first and "Stayed late to fix a guest's bill." in first
    assert "From Bo Li" in first
    assert reader.pages[1].extract_text().count("CUSTOMER CHAMPION") == 1
    assert "…" in reader.pages[1].extract_text()  # 3,200 characters cut to fit the card
    assert all(fonts_of(data).values())


def test_anonymized_export_hides_customer_names_everywhere(tmp_path):
    w = rich_workshop()
    req = ExportRequest(report=tmp_path / "r.pdf", handouts=tmp_path / "hand",
                        postcards=tmp_path / "p.pdf", anonymize=True)
    result = run_export(w, req)
    texts = [text_of(path.read_bytes()) for path, _ in result.files]
    joined = " ".join(" ".join(t.split()) for t in texts)
    for secret in ("Hargreaves", "Νίκος", "Σταύρου"):
        assert secret not in joined, secret
    assert "Customer A" in joined and "Customer B" in joined
    assert "Boiler out for two days with Customer A' mother" in joined
    assert "(no name given)" in joined  # not knowing is data, not a customer
    assert len(result.files) == 2 + len(NAMES)


def test_export_checks_everything_before_writing(tmp_path):
    w = Workshop()
    req = ExportRequest(report=tmp_path / "missing" / "r.pdf", handouts=tmp_path / "h",
                        postcards=tmp_path / "p.txt", paper="a3")
    found = problems(w, req)
    assert "paper: 'a3' is not one of a4, letter" in found
    assert f"report: the folder {tmp_path / 'missing'} does not exist" in found
    assert "postcards: p.txt should end in .pdf" in found
    assert "handouts: the session has no participants yet" in found
    assert "postcards: the session has no Customer Champion call-outs yet" in found
    assert list(tmp_path.iterdir()) == []


def test_progress_reports_every_file_and_can_cancel(tmp_path):
    from cxworkshop.export.pdf_export import Cancelled
    w = rich_workshop()
    seen = []
    run_export(w, ExportRequest(report=tmp_path / "r.pdf", handouts=tmp_path / "h"),
               lambda done, total, what: seen.append((done, total, what)))
    assert seen[0] == (0, 5, "Writing the report…")
    assert seen[-1] == (5, 5, "Done")
    assert ("Writing the handout for Иван Петров…") in [s[2] for s in seen]
    with pytest.raises(Cancelled) as info:
        run_export(w, ExportRequest(report=tmp_path / "r2.pdf", handouts=tmp_path / "h2"),
                   lambda done, total, what: done < 2)
    assert [p.name for p in info.value.written] == ["r2.pdf", "Zoë Ångström-Søndergaard.pdf"]


def test_export_runs_without_qt(tmp_path, session_path):
    code = ("import sys; from cxworkshop.cli import main; "
            f"rc = main(['export', {str(session_path)!r}, '--pdf', {str(tmp_path / 'r.pdf')!r},"
            f" '--handouts', {str(tmp_path / 'h')!r}]); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; "
            "sys.exit(rc)")
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "none-such"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "r.pdf").stat().st_size > 1000
    assert sorted(p.name for p in (tmp_path / "h").iterdir()) == ["Ana.pdf", "Bo.pdf"]
