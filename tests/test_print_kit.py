"""The printing kit: name tents and a sign-in sheet (PDF, CLI, Export page)."""
from __future__ import annotations

import io

from pypdf import PdfReader

from cxworkshop.cli import main
from cxworkshop.export.pdf_kit import name_tents_pdf, sign_in_pdf
from cxworkshop.resources import samples_dir
from cxworkshop.store import SessionStore

from .conftest import small_workshop

SAMPLE = samples_dir() / "home-services.cxw"


def pages_text(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_a_name_tent_per_participant_with_the_name_on_both_halves():
    w = SessionStore.read(SAMPLE)
    data, pages = name_tents_pdf(w, "letter")
    texts = pages_text(data)
    assert pages == len(texts) == len(w.participants) == 12
    reader = PdfReader(io.BytesIO(data))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    for person, text in zip(w.participants, texts, strict=True):
        assert text.count(person.name) == 2, (person.name, text)  # front and back
    ivan = next(t for t in texts if "Иван Петров" in t)
    assert ivan.count("Parts & Warehouse") == 2  # department below the name, both sides


def test_a_long_name_still_fits_the_tent():
    from cxworkshop.export.pdf_kit import NAME_SIZES, _fit
    from cxworkshop.export.pdf_style import FONT_BOLD, text_width
    size, lines = _fit("Maximiliana Alexandrovna Papadopoulou-Rasmussen", FONT_BOLD,
                       NAME_SIZES, 500)
    assert len(lines) == 2 and all(text_width(line, FONT_BOLD, size) <= 500 for line in lines)


def test_sign_in_sheet_lists_everyone_alphabetically_with_blank_rows():
    w = SessionStore.read(SAMPLE)
    data, pages = sign_in_pdf(w)
    text = " ".join(pages_text(data))
    assert "Sign-in sheet" in text and w.info.title in text
    names = sorted((p.name for p in w.participants), key=str.casefold)
    positions = [text.index(n) for n in names]
    assert positions == sorted(positions)
    assert " 20 " in f" {text} "  # 12 people + 8 blank rows


def test_cli_writes_the_kit(tmp_path, capsys):
    tents, sheet = tmp_path / "tents.pdf", tmp_path / "sign.pdf"
    assert main(["export", str(SAMPLE), "--name-tents", str(tents), "--sign-in", str(sheet),
                 "--paper", "letter"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tents} (12 pages)" in out
    assert PdfReader(tents).pages[0].mediabox.width == 612
    assert sheet.exists()


def test_cli_refuses_a_bad_target_before_writing(tmp_path, capsys):
    assert main(["export", str(SAMPLE), "--name-tents", str(tmp_path / "no" / "t.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["export", str(SAMPLE), "--sign-in", str(tmp_path / "t.txt")]) == 1
    assert "must end in .pdf" in capsys.readouterr().err


def test_export_page_prints_the_kit(main_window, session_path, tmp_path):
    main_window.open_file(session_path)
    page = main_window.show_page("Export")
    kit = page.print_kit
    path = kit.write("name_tents", tmp_path / "tents")
    assert path == tmp_path / "tents.pdf"
    assert kit.status.text() == "Wrote tents.pdf (2 pages)."
    assert pages_text(path.read_bytes())[0].count("Ana") == 2


def test_empty_session_kit_says_so():
    from cxworkshop.model import Workshop
    assert "No participants yet." in pages_text(name_tents_pdf(Workshop())[0])[0]
    assert "Ana" in pages_text(sign_in_pdf(small_workshop())[0])[0]


def test_cli_never_writes_the_kit_over_a_workshop(tmp_path, capsys):
    import shutil
    target = tmp_path / "precious.pdf"
    shutil.copyfile(SAMPLE, target)  # a workshop with a .pdf name
    before = target.read_bytes()
    assert main(["export", str(SAMPLE), "--name-tents", str(target)]) == 1
    assert "never replaces one" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_export_page_never_writes_the_kit_over_a_workshop(main_window, session_path,
                                                          tmp_path):
    import shutil
    main_window.open_file(session_path)
    kit = main_window.show_page("Export").print_kit
    target = tmp_path / "other.pdf"
    shutil.copyfile(SAMPLE, target)
    before = target.read_bytes()
    assert kit.write("sign_in", target) is None
    assert "never replaces one" in kit.status.text() and target.read_bytes() == before
