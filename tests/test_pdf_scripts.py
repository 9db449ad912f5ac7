"""Names in every script print with real glyphs and come back out of the PDF as typed.

A multi-script fixture (Latin, Greek, Cyrillic, Chinese, Japanese, Korean,
Arabic, Hebrew, Devanagari, Thai, emoji) goes into the report, each handout and
the postcards; ``pdftotext`` must give back every name exactly (100 %).
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from cxworkshop.export.pdf_fonts import runs
from cxworkshop.export.pdf_handout import Handouts
from cxworkshop.export.pdf_postcards import postcards_pdf
from cxworkshop.export.pdf_report import report_pdf
from cxworkshop.export.pdf_style import FONT, FONT_BOLD, FONT_ITALIC, clean
from cxworkshop.model import (
    Add,
    Department,
    Participant,
    Process,
    Recognition,
    SessionInfo,
    Story,
    Update,
    Workshop,
)

SCRIPTS = {
    "latin": "Zoë Ångström-Søndergaard",
    "greek": "Αλέξανδρος Παπαδόπουλος",
    "cyrillic": "Дмитрий Иванов",
    "chinese": "李雷",
    "japanese": "山田さくら",
    "korean": "김민준",
    "arabic": "فاطمة الزهراء",
    "hebrew": "דוד כהן",
    "devanagari": "प्रिया शर्मा",
    "thai": "สมชาย ใจดี",
    "emoji": "Ana 😀🎉",
}

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"),
                                     reason="poppler-utils (pdftotext) is not installed")


def pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")
    # poppler wraps right-to-left text in embedding marks; they are not text. A name
    # wrapped on a postcard is still the name: whitespace counts as one space.
    return " ".join(re.sub("[\u202a-\u202e]", "", out).split())


def script_workshop() -> Workshop:
    w = Workshop(SessionInfo(title="Every script", organization="Org", date="2026-05-08"))
    ents = [Department("d1", "Front desk", "#1f77b4")]
    ents += [Process("p1", "Greet the guest", "d1", 0, moment_of_truth=True)]
    for i, (key, name) in enumerate(SCRIPTS.items()):
        ents.append(Participant(f"u{i}", name, "d1", "Clerk", False))
        customer = list(SCRIPTS.values())[(i + 3) % len(SCRIPTS)]
        ents.append(Story(f"s{i}", f"u{i}", customer, None, "today", "direct",
                          f"{customer} waited at the desk.", "", "unknown", ""))
        ents.append(Recognition(f"r{i}", name, "Bo", f"Helped {key} customers.", "2026-05-02"))
    w.apply([Add(e) for e in ents])
    return w


def fraction_found(text: str, names) -> float:
    return sum(1 for n in names if n in text) / len(names)


@needs_pdftotext
def test_every_script_prints_and_extracts_exactly_in_report_handouts_and_postcards():
    w = script_workshop()
    report, _ = report_pdf(w)
    assert fraction_found(pdftotext(report), SCRIPTS.values()) == 1.0, pdftotext(report)
    handouts = Handouts(w)
    for i, name in enumerate(SCRIPTS.values()):
        data, _ = handouts.pdf(w.tables["participants"][f"u{i}"])
        text = pdftotext(data)
        assert name in text, (name, text[:400])
    cards, _ = postcards_pdf(w)
    assert fraction_found(pdftotext(cards), SCRIPTS.values()) == 1.0


def test_runs_pick_a_face_per_run_and_style():
    fonts = {r.font for r in runs("Ana प्रिया 李雷", FONT)}
    assert FONT in fonts and len(fonts) == 3
    # DejaVu's oblique face has no Arabic: only that run falls back, Latin stays oblique
    italic = runs("Ana فاطمة", FONT_ITALIC)
    assert italic[0].font == FONT_ITALIC and all(r.font != FONT_ITALIC for r in italic[1:])
    bold = runs("प्रिया", FONT_BOLD)
    assert bold[0].font.endswith("-Bold")


def test_right_to_left_runs_are_drawn_in_visual_order():
    (run,) = runs("דוד", FONT)
    assert run.text == "דוד"[::-1]


def test_a_character_no_font_has_prints_visibly():
    assert clean("a\ue000b") == "a\ufffdb"
    assert clean("李雷 😀") == "李雷 😀"


def test_exotic_characters_cannot_stall_the_export():
    import time
    start = time.perf_counter()
    text = "".join(chr(0x10FF00 + i) for i in range(200)) + "".join(chr(0xE000 + i)
                                                                   for i in range(300))
    text += "".join(chr(0x2FFFE - i) for i in range(50))  # unassigned
    assert clean(text) == "\ufffd" * 550
    assert time.perf_counter() - start < 2


ARABIC_STORY = ("كان العميل ينتظر منذ ثلاثة أيام لأن الفاتورة وصلت مرتين فاتصلت به شخصيا "
                "وشرحت له ما حدث ثم ألغينا الفاتورة الثانية وأرسلنا له رسالة اعتذار مع خصم "
                "صغير على الطلب القادم وبعد أسبوع اتصل ليشكرنا على المتابعة السريعة")
HEBREW_STORY = ("הלקוחה חיכתה שלושה ימים כי החשבונית הגיעה פעמיים אז התקשרתי אליה בעצמי "
                "והסברתי מה קרה ואחר כך ביטלנו את החשבונית השנייה ושלחנו לה מכתב התנצלות "
                "עם הנחה קטנה להזמנה הבאה ושבוע אחר כך היא המליצה עלינו לשכנה")


def story_lines(raw: str, story: str) -> list[str]:
    """The words of ``story`` on each line of pdftotext output ``raw`` that has some."""
    words = set(story.split())
    out = []
    for line in raw.splitlines():
        found = [w for w in re.sub("[\u202a-\u202e]", "", line).split() if w in words]
        if found:
            out.append(" ".join(found))
    return out


def logical_words(text: str) -> list[str]:
    """Words in reading order (bidi embedding marks dropped).

    The stories have no punctuation: on a page that is mostly left to right, pdftotext
    splits a right-to-left line at a comma and prints the halves left to right (its
    reordering treats the comma as a left-to-right character), whatever the PDF draws.
    """
    return re.sub("[\u202a-\u202e]", "", text).split()


@needs_pdftotext
@pytest.mark.parametrize("story", [ARABIC_STORY, HEBREW_STORY], ids=["arabic", "hebrew"])
def test_a_right_to_left_paragraph_wraps_in_reading_order(story):
    w = script_workshop()
    w.apply([Update("stories", "s0", {"challenge": story})])
    for data in (report_pdf(w)[0], Handouts(w).pdf(w.tables["participants"]["u0"])[0]):
        out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                             check=True).stdout.decode("utf-8")
        lines = story_lines(out, story)
        assert len(lines) >= 2   # a long story wraps onto several lines
        # lines in reading order: pdftotext gives back the story as written
        assert logical_words(" ".join(lines)) == logical_words(story)
        assert lines[0].split()[:3] == story.split()[:3]
        # each line is drawn in visual order: right to left, the first word rightmost
        raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True,
                             check=True).stdout.decode("utf-8")
        drawn = story_lines(raw, story)
        for shown, logical in zip(drawn, lines, strict=True):
            assert logical_words(shown)[::-1] == logical_words(logical)


ARABIC_PUNCTUATED = ("كان العميل ينتظر منذ ثلاثة أيام، لأن الفاتورة وصلت مرتين. اتصلت به "
                     "شخصيا، وشرحت له ما حدث، ثم ألغينا الفاتورة الثانية. بعد أسبوع اتصل "
                     "ليشكرنا على المتابعة السريعة، وطلب خدمة جديدة.")
HEBREW_PUNCTUATED = ("הלקוחה חיכתה שלושה ימים, כי החשבונית הגיעה פעמיים. התקשרתי אליה "
                     "בעצמי, הסברתי מה קרה, וביטלנו את החשבונית השנייה. שבוע אחר כך היא "
                     "המליצה עלינו לשכנה, והזמינה שירות נוסף.")
SEPARATORS = "[,.\u060c]"


@needs_pdftotext
@pytest.mark.parametrize("story", [ARABIC_PUNCTUATED, HEBREW_PUNCTUATED],
                         ids=["arabic", "hebrew"])
def test_punctuated_right_to_left_text_keeps_every_word_and_each_clause_in_order(story):
    """Commas and full stops in a right-to-left paragraph: every word comes back, and each
    clause between two marks reads in order.

    Not the whole sentence: poppler (pdftotext 22.12, ``reorderText`` in
    TextOutputDev.cc) puts a line of a page whose text is mostly left to right back in
    reading order by cutting it at every character it classes as a number, which
    includes ``,`` ``.`` ``:`` ``-`` and the Arabic comma, and printing the pieces from
    left to right: on a right-to-left line the clauses come out last first and a closing
    full stop first. It orders what it finds on the page by position, so no drawing
    order, single run or /ActualText span changes that (an /ActualText span in reading
    order comes out with its letters reversed; one arranged for poppler would be wrong
    in Acrobat), short of giving glyphs text they do not show.
    """
    w = script_workshop()
    w.apply([Update("stories", "s0", {"challenge": story})])
    logical = re.sub(SEPARATORS, " ", story).split()
    for data in (report_pdf(w)[0], Handouts(w).pdf(w.tables["participants"]["u0"])[0]):
        out = re.sub("[\u202a-\u202e]", "", pdftotext_raw(data))
        found: list[str] = []
        for line in out.splitlines():
            for clause in re.split(SEPARATORS, line):
                words = [x for x in clause.split() if x in logical]
                if not words:
                    continue
                found += words
                # a clause (or the part of it on this line) reads in order
                starts = [i for i, x in enumerate(logical) if x == words[0]]
                assert any(logical[i:i + len(words)] == words for i in starts), clause
        assert sorted(found) == sorted(logical)   # every word, none twice


def pdftotext_raw(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")


def test_right_to_left_lines_keep_latin_words_and_numbers_in_their_own_order():
    line = runs("שלום Bob 2026", FONT, rtl_base=True)
    texts = [r.text.strip() for r in line if r.text.strip()]
    assert texts == ["Bob 2026", "םולש"]   # "Bob 2026" left of the Hebrew word
