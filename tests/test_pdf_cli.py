"""``cxworkshop export … --pdf/--handouts/--postcards``: exit codes, messages, files."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader

from cxworkshop.cli import main
from cxworkshop.export.pdf_doc import frame_sizes
from cxworkshop.export.pdf_export import ExportRequest, run_export
from cxworkshop.export.pdf_report import Report
from cxworkshop.model import Add, Recognition
from cxworkshop.store import write_session_file
from tests.strategies import workshops
from tests.test_pdf import rich_workshop, text_of


@pytest.fixture
def rich_path(tmp_path):
    path = tmp_path / "rich.cxw"
    write_session_file(path, rich_workshop())
    return path


def test_all_three_outputs_in_one_run(rich_path, tmp_path, capsys):
    rc = main(["export", str(rich_path), "--pdf", str(tmp_path / "r.pdf"),
               "--handouts", str(tmp_path / "hand"), "--postcards", str(tmp_path / "p.pdf"),
               "--paper", "letter"])
    out = capsys.readouterr().out
    assert rc == 0
    pages = len(PdfReader(tmp_path / "r.pdf").pages)
    assert f"wrote {tmp_path / 'r.pdf'} ({pages} pages)" in out
    assert f"wrote 4 handouts to {tmp_path / 'hand'}" in out
    assert f"wrote {tmp_path / 'p.pdf'} (2 postcards on 1 page)" in out
    assert sorted(p.name for p in (tmp_path / "hand").iterdir()) == sorted(
        ["Zoë Ångström-Søndergaard.pdf", "Αλέξανδρος Παπαδόπουλος.pdf", "Иван Петров.pdf",
         "Bo Li.pdf"])
    assert round(float(PdfReader(tmp_path / "p.pdf").pages[0].mediabox.height)) == 792


@pytest.mark.parametrize("option", ["--handouts", "--postcards"])
def test_handouts_or_postcards_without_pdf(rich_path, tmp_path, option, capsys):
    target = tmp_path / ("hand" if option == "--handouts" else "cards.pdf")
    assert main(["export", str(rich_path), option, str(target)]) == 0
    assert target.exists()
    assert not (tmp_path / "r.pdf").exists()


def test_poster_and_handouts_in_one_pdf_from_the_command_line(rich_path, tmp_path, capsys):
    assert main(["export", str(rich_path), "--pdf", str(tmp_path / "r.pdf"), "--poster", "a3",
                 "--handouts", str(tmp_path / "h"), "--handouts-one-pdf"]) == 0
    widths = {round(float(p.mediabox.width)) for p in PdfReader(tmp_path / "r.pdf").pages}
    assert 1191 in widths  # A3 landscape: 420 mm
    assert "(and all of them in one PDF)" in capsys.readouterr().out
    assert len(PdfReader(tmp_path / "h" / "All handouts.pdf").pages) >= 4


def test_json_and_pdf_together(rich_path, tmp_path):
    assert main(["export", str(rich_path), "--json", str(tmp_path / "s.json"),
                 "--pdf", str(tmp_path / "r.pdf"), "--anonymize"]) == 0
    assert "Hargreaves" in (tmp_path / "s.json").read_text(encoding="utf-8")
    assert "Hargreaves" not in text_of((tmp_path / "r.pdf").read_bytes())


@pytest.mark.parametrize("args, message", [
    (["--anonymize"], "--anonymize applies to --pdf, --handouts and --postcards"),
    (["--pdf", "{tmp}/nowhere/r.pdf"], "report: the folder {tmp}/nowhere does not exist"),
    (["--pdf", "{tmp}"], "report: {tmp} is a folder; give a file name ending in .pdf"),
    (["--pdf", "{tmp}/r.txt"], "report: r.txt should end in .pdf"),
    (["--pdf", "{tmp}/x.pdf", "--postcards", "{tmp}/x.pdf"],
     "report and postcards: give them different file names"),
    (["--handouts", "{tmp}/rich.cxw"], "handouts: {tmp}/rich.cxw is a file; give a folder"),
    (["--poster", "A2"], "--poster needs --pdf OUT.pdf"),
    (["--pdf", "{tmp}/r.pdf", "--handouts-one-pdf"], "--handouts-one-pdf needs --handouts DIR"),
])
def test_bad_paths_fail_before_anything_is_written(rich_path, tmp_path, capsys, args, message):
    before = sorted(tmp_path.iterdir())
    argv = ["export", str(rich_path), "--json", str(tmp_path / "s.json"),
            *[a.format(tmp=tmp_path) for a in args]]
    assert main(argv) == 1
    assert message.format(tmp=tmp_path) in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == before  # not even the JSON


def test_empty_outputs_are_explained(session_path, tmp_path, capsys):
    assert main(["export", str(session_path), "--postcards", str(tmp_path / "p.pdf")]) == 1
    assert capsys.readouterr().err.strip() == (
        "cxworkshop: postcards: the session has no Customer Champion call-outs yet")
    assert not (tmp_path / "p.pdf").exists()


def test_usage_errors_exit_2(session_path, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", str(session_path), "--paper", "a3", "--pdf", str(tmp_path / "r.pdf")])
    assert info.value.code == 2
    assert "invalid choice: 'a3'" in capsys.readouterr().err


def test_paper_is_case_insensitive(session_path, tmp_path):
    assert main(["export", str(session_path), "--pdf", str(tmp_path / "r.pdf"),
                 "--paper", "LETTER"]) == 0
    assert round(float(PdfReader(tmp_path / "r.pdf").pages[0].mediabox.width)) == 612


def test_unreadable_session_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.cxw"
    bad.write_bytes(b"not a database")
    assert main(["export", str(bad), "--pdf", str(tmp_path / "r.pdf")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("cxworkshop: ") and "\n" not in err
    assert not (tmp_path / "r.pdf").exists()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(w=workshops(max_items=5))
def test_any_text_in_any_field_exports(tmp_path_factory, w):
    """Arbitrary Unicode (controls, astral, combining, RTL) everywhere: every output is a
    readable PDF with the pages and bookmarks a reader expects."""
    tmp = tmp_path_factory.mktemp("fuzz")
    if not w.tables["recognitions"]:
        w.apply([Add(Recognition("rz", "Z", "Y", "x", None))])
    request = ExportRequest(report=tmp / "r.pdf", handouts=tmp / "h" if w.participants else None,
                            postcards=tmp / "p.pdf", anonymize=bool(w.stories))
    result = run_export(w, request)
    assert len(result.files) == 2 + len(w.participants)
    for path, pages in result.files:
        reader = PdfReader(path)
        assert len(reader.pages) == pages >= 1
        reader.pages[0].extract_text()
    report = PdfReader(tmp / "r.pdf")
    assert "FACILITATOR REPORT" in report.pages[0].extract_text()
    titles = [o.title for o in report.outline if not isinstance(o, list)]
    expected = [t for t, _b, _o in Report(w, "a4", *frame_sizes("a4")).sections()]
    assert titles == expected and "Actions" in (titles if w.actions else ["Actions"])
    assert len({path for path, _ in result.files}) == len(result.files)  # unique names
