"""A spreadsheet's CSV file as text, lines and columns: what the roster, participant
and NPS imports share (they differ only in their columns and in what a row means).

- **Encoding**: UTF-8 (a byte-order mark is dropped), UTF-16 with its byte-order
  mark, else Windows-1252; a file pasted together from both is read line by line
  and the lines read as Windows-1252 are named.
- **Separator**: Excel's ``sep=;`` first line, else the most frequent of comma,
  semicolon and tab in the header line outside quotes (comma on a tie).
- **Lines**: blank lines are skipped; each record carries the number of the line
  it starts on, so every message can say where.
- **Header**: columns found by a key (any case, spaces, underscores or dashes) in
  a table of aliases; unknown columns are listed, two columns meaning the same
  field are a problem of the file.
- **Formulas**: a cell that a spreadsheet would run (``=``, ``+``, ``-``, ``@``…)
  is written with a leading ``'`` and read back exactly.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from ..i18n import ngettext, tr
from ..model.fields import is_unicode


class Unreadable(ValueError):
    """The file cannot be read as CSV; the message says at which line."""


def header_key(text: str) -> str:
    """A header cell as looked up in an alias table: ``"E-mail Address"`` → ``"emailaddress"``."""
    return re.sub(r"[^0-9a-z]", "", (text or "").casefold())


# -- bytes to text -------------------------------------------------------------------
def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (a byte-order mark is dropped), UTF-16 with its
    byte-order mark, else Windows-1252.

    Raises:
        ValueError: the bytes are none of these.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError(tr("the file starts like UTF-16 text but is not")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if mixed_encoding_lines(data):
        return _decode_by_line(data)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError(tr("the file is not text in UTF-8 or Windows-1252: "
                            "save it from the spreadsheet as “CSV UTF-8”")) from None


def mixed_encoding_lines(data: bytes) -> list[int]:
    """Line numbers (1-based) that are not UTF-8 in a file whose other non-ASCII
    lines are: a file pasted together from two sources. Empty if not mixed."""
    bad, good_utf8 = [], False
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good_utf8 = True
        except UnicodeDecodeError:
            bad.append(number)
    return bad if bad and good_utf8 else []


def _decode_by_line(data: bytes) -> str:
    """UTF-8 lines as UTF-8, the others as Windows-1252."""
    out = []
    for line in data.removeprefix(b"\xef\xbb\xbf").split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    return "\n".join(out)


def mixed_encoding_note(lines: list[int]) -> str:
    """What a person reads about the lines :func:`mixed_encoding_lines` found."""
    shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
    return ngettext("The file mixes text encodings: line {lines} is not UTF-8 and was read "
                    "as Windows-1252; check the names on it (save the file as “CSV UTF-8”).",
                    "The file mixes text encodings: lines {lines} are not UTF-8 and were read "
                    "as Windows-1252; check the names on them (save the file as “CSV UTF-8”).",
                    len(lines)).format(lines=shown)


def read_text(data: bytes | str, needs: str, fatal: list[str],
              notes: list[str] | None = None) -> str | None:
    """The text of a CSV file, or None after adding to ``fatal`` why there is none.

    Args:
        data: the file's bytes, or text pasted or already decoded.
        needs: what an empty file should have held ("a header line … and rows").
        fatal: where problems with the whole file go.
        notes: where the note about mixed encodings goes (when given).
    """
    if isinstance(data, bytes):
        try:
            text = decode(data)
        except ValueError as e:
            fatal.append(str(e))
            return None
        mixed = mixed_encoding_lines(data) if notes is not None and not data.isascii() else []
        if mixed and notes is not None:
            notes.append(mixed_encoding_note(mixed))
    else:
        text = data[1:] if data.startswith("\ufeff") else data
        if not is_unicode(text):  # e.g. a lone surrogate: no file could store it
            fatal.append(tr("the text holds characters that are not valid Unicode"))
            return None
    if "\x00" in text:
        fatal.append(tr("the file is not a CSV text file (it holds binary data)"))
        return None
    if not text.strip():
        fatal.append(tr("the file is empty: {needs}").format(needs=needs))
        return None
    return text


# -- text to records -----------------------------------------------------------------
def dialect(text: str) -> tuple[type[csv.Dialect], int]:
    """The separator of ``text`` and how many lines to skip before the header.

    Excel's ``sep=;`` first line is honoured; otherwise the header line decides:
    the most frequent of comma, semicolon and tab outside quotes (comma on a tie).
    """
    lines = text.splitlines()
    index, first = next(((i, line) for i, line in enumerate(lines) if line.strip()), (0, ""))
    skip = 0
    if re.fullmatch(r"\s*sep=(.)\s*", first, re.IGNORECASE):
        best, skip = first.strip()[4], index + 1
    else:
        outside = re.sub(r'"[^"]*"', "", first)
        counts = {sep: outside.count(sep) for sep in (",", ";", "\t")}
        best = max(counts, key=lambda sep: (counts[sep], sep == ","))

    class Sniffed(csv.excel):
        delimiter = best
    return Sniffed, skip


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each record that is not blank, the header first.

    Raises:
        Unreadable: the CSV is malformed (e.g. a NUL or a runaway quote), naming the line.
    """
    sniffed, skip = dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), sniffed)
    last = 0
    try:
        for cells in reader:
            line, last = last + 1, reader.line_num  # a quoted value may span lines
            if line > skip and any(c.strip() for c in cells):
                yield line, cells
    except csv.Error as e:
        raise Unreadable(tr("line {n}: the file cannot be read as CSV ({reason})").format(
            n=reader.line_num, reason=e)) from None


class TableImport(Protocol):
    """What :func:`read_table` fills: the rows, and problems with the whole file."""

    rows: list[Any]
    fatal: list[str]
    notes: list[str]


def read_table(data: bytes | str, needs: str, result: TableImport,
               header: Callable[[list[str], int], list[str | None]],
               row: Callable[[int, list[str], list[str], list[str | None]], Any]) -> None:
    """Read a file of one header line and a row per person into ``result``.

    Args:
        data, needs: as for :func:`read_text`.
        header: ``(header cells, line)`` → the field of each column; adds to
            ``result.fatal`` when the header cannot be used.
        row: ``(line, cells, header cells, fields)`` → the row for ``result.rows``.
    """
    text = read_text(data, needs, result.fatal, result.notes)
    if text is None:
        return
    cells_of_header: list[str] | None = None
    header_line = 0
    fields: list[str | None] = []
    try:
        for line, cells in records(text):
            if cells_of_header is None:
                cells_of_header, header_line = [c.strip() for c in cells], line
                fields = header(cells_of_header, line)
                if result.fatal:
                    return
                continue
            result.rows.append(row(line, cells, cells_of_header, fields))
    except Unreadable as e:
        result.fatal.append(str(e))
        return
    if cells_of_header is None:
        result.fatal.append(tr("the file has no header line"))
    elif not result.rows:
        result.fatal.append(tr("no rows below the header (line {n})").format(n=header_line))


def map_header(header: list[str], line: int, aliases: dict[str, str], fatal: list[str],
               unknown: list[str]) -> tuple[list[str | None], dict[str, str]]:
    """The field of each header cell (None for a column nobody knows).

    Args:
        header: the header's cells, stripped.
        line: its line number, for messages.
        aliases: ``{header_key(alias): field}``.
        fatal: gets "both mean …" when two columns name the same field.
        unknown: gets the cells no alias matches.

    Returns:
        The fields in column order and ``{field: the header cell naming it}``.
    """
    fields: list[str | None] = []
    where: dict[str, str] = {}
    for cell in header:
        name = aliases.get(header_key(cell))
        if name is None:
            fields.append(None)
            if cell:
                unknown.append(cell)
            continue
        if name in where:
            fatal.append(tr("line {n}: columns “{first}” and “{second}” both mean {field}; "
                            "keep one").format(n=line, first=where[name], second=cell,
                                               field=name.replace("_", " ")))
        where[name] = cell
        fields.append(name)
    return fields, where


def too_many_cells(cells: list[str], header: list[str]) -> str | None:
    """The problem of a row with values beyond the header's columns, or None."""
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
        return tr("{n} values but the header has {columns} columns (a comma inside a value "
                  "needs quotes)").format(n=len(cells), columns=len(header))
    return None


# -- formulas ------------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading ' disarms =, +, -, @
    (and a text that starts with ' gets one more, so that reading it back is exact)."""
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def unsafe_cell(text: str) -> str:
    """Undo :func:`safe_cell` when reading our own export back."""
    if text.startswith("'") and text[1:].startswith((*FORMULA_START, "'")):
        return text[1:]
    return text
