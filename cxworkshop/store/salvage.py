"""Page-level salvage: read table rows straight from the pages of a damaged SQLite file.

When SQLite itself refuses a file (truncated, half overwritten, its schema
unreadable), the rows are often still there, page by page. This reader walks
each table's B-tree from the root pages named on page 1 as far as the pages
are whole, then reads leaf pages that no readable tree reached (their table
told apart by the number of columns), and writes every row found into a fresh
database with the session schema of the file's version, for the ordinary
repair to check. It follows the SQLite file format
(https://www.sqlite.org/fileformat2.html); no Qt, no SQLite internals.
"""
from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .schema import migrate

LEAF_TABLE, INTERIOR_TABLE = 0x0D, 0x05


class _Pages:
    def __init__(self, data: bytes):
        self.data = data
        self.page_size = struct.unpack(">H", data[16:18])[0] if len(data) >= 100 else 4096
        if self.page_size == 1:
            self.page_size = 65536
        if self.page_size < 512 or self.page_size & (self.page_size - 1):
            self.page_size = 4096
        reserved = data[20] if len(data) > 20 else 0
        self.usable = self.page_size - reserved
        self.count = len(data) // self.page_size
        self.text_encoding = struct.unpack(">I", data[56:60])[0] if len(data) >= 60 else 1

    def page(self, n: int) -> bytes | None:
        if n < 1 or n > self.count:
            return None
        return self.data[(n - 1) * self.page_size:n * self.page_size]

    def kind(self, n: int) -> int | None:
        page = self.page(n)
        if page is None:
            return None
        return page[100 if n == 1 else 0]


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    value = 0
    for k in range(9):
        if i + k >= len(buf):
            raise ValueError("varint past the end")
        b = buf[i + k]
        if k == 8:
            return (value << 8) | b, i + 9
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, i + k + 1
    raise AssertionError  # pragma: no cover


def _record(payload: bytes, encoding: int) -> list[Any]:
    header_size, i = _varint(payload, 0)
    if header_size > len(payload) or header_size < 1:
        raise ValueError("bad record header")
    types = []
    while i < header_size:
        t, i = _varint(payload, i)
        types.append(t)
    pos = header_size
    values: list[Any] = []
    codec = {1: "utf-8", 2: "utf-16-le", 3: "utf-16-be"}.get(encoding, "utf-8")
    for t in types:
        if t == 0:
            values.append(None)
            continue
        if 1 <= t <= 6:
            n = (1, 2, 3, 4, 6, 8)[t - 1]
            raw = payload[pos:pos + n]
            if len(raw) < n:
                raise ValueError("record cut short")
            values.append(int.from_bytes(raw, "big", signed=True))
            pos += n
        elif t == 7:
            raw = payload[pos:pos + 8]
            if len(raw) < 8:
                raise ValueError("record cut short")
            values.append(struct.unpack(">d", raw)[0])
            pos += 8
        elif t in (8, 9):
            values.append(t - 8)
        elif t >= 12:
            n = (t - 12) // 2
            raw = payload[pos:pos + n]
            if len(raw) < n:
                raise ValueError("record cut short")
            pos += n
            values.append(raw.decode(codec) if t % 2 else bytes(raw))
        else:
            raise ValueError("reserved serial type")
    return values


class Salvage:
    """Rows found in the pages of ``data``: ``tables[name] = {rowid: values}``."""

    def __init__(self, data: bytes):
        self.pages = _Pages(data)
        self.tables: dict[str, dict[int, list[Any]]] = {}
        self.incomplete: set[str] = set()  # tables whose tree reaches a lost page
        self.visited: set[int] = set()
        self.columns: dict[str, int] = {}

    # -- one page at a time ---------------------------------------------------------
    def _payload(self, page: bytes, i: int, size: int) -> bytes:
        u = self.pages.usable
        x = u - 35
        if size <= x:
            return page[i:i + size]
        m = ((u - 12) * 32 // 255) - 23
        k = m + ((size - m) % (u - 4))
        local = k if k <= x else m
        out = bytearray(page[i:i + local])
        nxt = struct.unpack(">I", page[i + local:i + local + 4])[0]
        seen = set()
        while len(out) < size:
            over = self.pages.page(nxt)
            if over is None or nxt in seen:
                raise ValueError("overflow page lost")
            seen.add(nxt)
            self.visited.add(nxt)
            out += over[4:u]
            nxt = struct.unpack(">I", over[:4])[0]
        return bytes(out[:size])

    def leaf_rows(self, n: int) -> Iterator[tuple[int, list[Any]]]:
        page = self.pages.page(n)
        if page is None:
            return
        base = 100 if n == 1 else 0
        cells = struct.unpack(">H", page[base + 3:base + 5])[0]
        for c in range(cells):
            try:
                ptr = struct.unpack(">H", page[base + 8 + 2 * c:base + 10 + 2 * c])[0]
                if ptr < base + 8 or ptr >= self.pages.page_size:
                    continue
                size, i = _varint(page, ptr)
                rowid, i = _varint(page, i)
                if rowid >= 1 << 63:
                    rowid -= 1 << 64
                yield rowid, _record(self._payload(page, i, size), self.pages.text_encoding)
            except (ValueError, UnicodeDecodeError, struct.error, IndexError):
                continue  # one damaged cell: the others on the page may be whole

    def walk(self, root: int, depth: int = 0) -> Iterator[tuple[int, list[Any]]]:
        """Rows of the table B-tree at ``root``; raises LookupError at a lost page."""
        kind = self.pages.kind(root)
        if root in self.visited or depth > 40:
            return
        if kind not in (LEAF_TABLE, INTERIOR_TABLE):
            raise LookupError(root)
        self.visited.add(root)
        if kind == LEAF_TABLE:
            yield from self.leaf_rows(root)
            return
        page = self.pages.page(root)
        if page is None:  # pragma: no cover - kind() read it: it is there
            raise LookupError(root)
        base = 100 if root == 1 else 0
        cells = struct.unpack(">H", page[base + 3:base + 5])[0]
        cells = min(cells, (len(page) - base - 12) // 2)  # a damaged count: the page's room
        children = []
        for c in range(cells):
            ptr = struct.unpack(">H", page[base + 12 + 2 * c:base + 14 + 2 * c])[0]
            if ptr + 4 <= self.pages.page_size:
                children.append(struct.unpack(">I", page[ptr:ptr + 4])[0])
        children.append(struct.unpack(">I", page[base + 8:base + 12])[0])
        lost = False
        for child in children:
            try:
                yield from self.walk(child, depth + 1)
            except LookupError:
                lost = True
        if lost:
            raise LookupError(root)

    def freelist(self) -> set[int]:
        data = self.pages.data
        free: set[int] = set()
        if len(data) < 40:
            return free
        trunk = struct.unpack(">I", data[32:36])[0]
        while trunk and trunk not in free:
            page = self.pages.page(trunk)
            if page is None:
                break
            free.add(trunk)
            count = struct.unpack(">I", page[4:8])[0]
            for k in range(min(count, (self.pages.usable - 8) // 4)):
                free.add(struct.unpack(">I", page[8 + 4 * k:12 + 4 * k])[0])
            trunk = struct.unpack(">I", page[:4])[0]
        return free

    # -- the whole file ----------------------------------------------------------------
    def read(self, expected_columns: dict[str, int],
             fits: Callable[[str, list[Any]], bool] = lambda table, values: True) -> None:
        """Fill :attr:`tables` for the tables named in ``expected_columns``.

        ``fits(table, values)`` tells whether a row found on a page no tree
        reached can belong to ``table`` (its values fit the table's fields).
        """
        roots: dict[str, int] = {}

        def schema_row(values: list[Any]) -> None:
            if len(values) == 5 and values[0] == "table" and values[1] in expected_columns \
                    and isinstance(values[3], int):
                roots.setdefault(values[1], values[3])

        try:
            for _, values in self.walk(1):
                schema_row(values)
        except LookupError:
            # The list of tables runs onto lost pages: look for its other leaves.
            for n in range(2, self.pages.count + 1):
                if n not in self.visited and self.pages.kind(n) == LEAF_TABLE:
                    for _, values in self.leaf_rows(n):
                        schema_row(values)
        for name in expected_columns:
            rows = self.tables.setdefault(name, {})
            root = roots.get(name)
            if root is None:
                self.incomplete.add(name)
                continue
            try:
                for rowid, values in self.walk(root):
                    rows[rowid] = values
            except LookupError:
                self.incomplete.add(name)
        if not self.incomplete:
            return
        # Leaf pages no readable tree reached: rows of a table whose tree is broken.
        free = self.freelist()
        by_width: dict[int, list[str]] = {}
        for name, width in expected_columns.items():
            by_width.setdefault(width, []).append(name)
        for n in range(2, self.pages.count + 1):
            if n in self.visited or n in free or self.pages.kind(n) != LEAF_TABLE:
                continue
            for rowid, values in self.leaf_rows(n):
                names = [t for t in by_width.get(len(values), [])
                         if t in self.incomplete and fits(t, values)]
                if len(names) == 1:
                    self.tables[names[0]].setdefault(rowid, values)


def salvage_to(data: bytes, version: int, dest: Path,
               fits: Callable[[str, dict[str, Any]], bool] = lambda table, row: True
               ) -> Salvage:
    """Write the rows found in the pages of ``data`` into a new database ``dest``
    with the session schema of ``version`` (no foreign keys enforced)."""
    conn = sqlite3.connect(dest, isolation_level=None)
    try:
        migrate(Database(conn), version)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")] for t in tables}
        s = Salvage(data)
        s.read({t: len(c) for t, c in columns.items()},
               lambda t, values: fits(t, dict(zip(columns[t], values, strict=False))))
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN")
        conn.execute("DELETE FROM session")
        for table, rows in s.tables.items():
            cols = columns[table]
            for rowid, values in rows.items():
                values = values[:len(cols)]
                if table == "session" and values and values[0] is None:
                    values = [rowid, *values[1:]]
                names = ", ".join(f"[{c}]" for c in cols[:len(values)])
                marks = ", ".join("?" * len(values))
                try:
                    conn.execute(f"INSERT INTO [{table}] (rowid, {names}) VALUES (?, {marks})",
                                 (rowid, *values))
                except sqlite3.Error:
                    continue  # e.g. a duplicate id: the repair reports what is missing
        conn.execute("COMMIT")
        return s
    finally:
        conn.close()
