"""The room's slides: every room view as a PNG, exactly as the presenter window
draws it at a given size, without a display (``cxworkshop export --slides``).

Nothing is written to the session: the views are drawn from a copy of the
workshop held by a document without a file.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from ...fileutil import write_atomic
from ...i18n import tr
from ...model.room import (
    ACTIONS,
    AGENDA,
    ANSWERS,
    CHAMPIONS,
    CONNECT,
    HOWS,
    MAP,
    PROMPT,
    STATS,
    SUMMARY,
    view_for_step,
)

#: The room views of a step, by the view its title names.
STEP_SLIDES = {PROMPT: (PROMPT, ANSWERS, STATS), ACTIONS: (ACTIONS, SUMMARY),
               SUMMARY: (ACTIONS, SUMMARY)}
#: Without an agenda: every view once, in workshop order.
ALL_VIEWS = (AGENDA, PROMPT, ANSWERS, STATS, MAP, CONNECT, HOWS, CHAMPIONS, ACTIONS, SUMMARY)


def parse_size(text: str) -> tuple[int, int]:
    """``"1024x768"`` → ``(1024, 768)``; ValueError with a clear message otherwise."""
    m = re.fullmatch(r"\s*(\d{3,5})\s*[x×]\s*(\d{3,5})\s*", text or "")
    if not m:
        raise ValueError(tr("--size {size}: expected WIDTHxHEIGHT, e.g. 1024x768").format(
            size=repr(text)))
    w, h = int(m.group(1)), int(m.group(2))
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise ValueError(tr("--size {size}: each side must be between 320x240 and "
                            "7680x4320").format(size=text))
    return w, h


def slide_plan(workshop) -> list[tuple[int | None, str]]:
    """``(agenda step index or None, view)`` per slide, in agenda order."""
    steps = workshop.all("agenda")
    if not steps:
        return [(None, v) for v in ALL_VIEWS]
    plan = []
    for i, step in enumerate(steps):
        view = view_for_step(step.title) or AGENDA
        plan.extend((i, v) for v in STEP_SLIDES.get(view, (view,)))
    return plan


def ensure_app():
    """A QApplication; offscreen when none is running (no display needed)."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["cxworkshop"])
    return app


def render_slides(workshop, out_dir: Path, size: tuple[int, int] = (1024, 768),
                  large_text: bool = False,
                  check: Callable[[list[Path]], None] | None = None) -> list[Path]:
    """Write one PNG per room view (and per page of a long one) into ``out_dir``.

    Every slide is drawn first; ``check`` then sees all the paths about to be
    written and may refuse by raising (an export never replaces a workshop or a
    file of another kind unasked: :func:`cxworkshop.fileutil.check_output`).
    Only then are the files written, each whole (:func:`write_atomic`): a
    refused or failed export leaves the folder as it was, but for the slides
    written before a failure.
    """
    app = ensure_app()
    from PySide6.QtCore import Qt

    from ...document import SessionDocument
    from .controller import RoomController
    from .window import PresenterWindow

    copy = workshop.copy()
    doc = SessionDocument(workshop=copy)
    room = RoomController(doc, clock=lambda: 0.0, wall=lambda: 0.0)
    room.follow_pages = True
    win = PresenterWindow(room)
    win.setAttribute(Qt.WA_DontShowOnScreen, True)
    win.resize(*size)
    win.show()
    shots: list[tuple[Path, bytes]] = []
    try:
        for n, (step, view) in enumerate(slide_plan(copy), start=1):
            if step is not None:
                room.go_to(step)
            room.show(view)
            if view == ANSWERS:
                room.reveal_all()
            room.page = 0
            win.refresh()
            app.processEvents()
            app.processEvents()  # the map refits once laid out
            pages = room.pages
            for page in range(pages):
                room.page = page
                win.refresh()
                app.processEvents()
                suffix = f"-{page + 1}" if pages > 1 else ""
                shots.append((out_dir / f"{n:02d}-{view}{suffix}.png", _png(win.grab())))
    finally:
        win.close()
        win.deleteLater()
        doc.deleteLater()
    if check is not None:
        check([path for path, _data in shots])
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, data in shots:
        write_atomic(path, data)
    return [path for path, _data in shots]


def _png(pixmap) -> bytes:
    """``pixmap`` as the bytes of a PNG file."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise OSError("the slide could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())
