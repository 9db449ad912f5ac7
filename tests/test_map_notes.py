"""Notes you can read: resizable sticky notes (a corner handle, one undo step, the
size stored), text at the size of box names, wrapped, "…" with the whole text in
the tooltip when cut; the layout keeps them off the boxes at any size."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFontMetricsF

from cxworkshop.io.json_io import dumps, loads
from cxworkshop.model import Add, Note, Process, Workshop
from cxworkshop.model.layout import BOX_H, BOX_W, NOTE_H, NOTE_W, compute_layout, count_overlaps

from .test_map_canvas import vp

LONG = ("Customers wait on hold for twenty minutes before anyone picks up, and then "
        "they are asked for their reference number twice")


def test_layout_uses_each_notes_size_and_keeps_them_off_the_boxes():
    w = Workshop()
    w.apply([Add(Process("p1", "Book", None, 0)), Add(Process("p2", "Pay", None, 0)),
             Add(Note("n1", "p1", "pain", "a", w=300.0, h=120.0)),   # under its box
             Add(Note("n2", "p1", "idea", "b")),
             Add(Note("n3", None, "question", "c", x=900.0, y=60.0, w=250.0, h=90.0))])
    lay = compute_layout(w)
    box = lay.boxes["p1"]
    assert lay.notes["n1"] == (box[0], box[1] + BOX_H + 4, BOX_W, 120.0)   # no wider than box
    assert lay.notes["n2"][1] == box[1] + BOX_H + 4 + 120 + 4
    assert lay.notes["n2"][2:] == (NOTE_W, NOTE_H)
    assert lay.notes["n3"] == (900.0, 60.0, 250.0, 90.0)
    assert count_overlaps(lay) == 0
    assert loads(dumps(w)).tables["notes"]["n3"].w == 250.0


def test_resizing_a_note_by_its_corner_is_stored_in_one_step(qtbot, map_page, document):
    scene = map_page.scene
    document.add(Note("n9", None, "pain", LONG, x=700.0, y=500.0))
    item = scene.item_for_note["n9"]
    assert item.size == (NOTE_W, NOTE_H) and item.cut()   # cut short: "…", all in the tooltip
    assert "twice" in item.toolTip()
    scene.select_ids("notes", ["n9"])
    corner = item.mapToScene(QPointF(*item.size) - QPointF(4, 4))
    steps = document.undo_stack.count()
    viewport = map_page.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, vp(map_page, corner))
    for i in range(1, 6):
        qtbot.mouseMove(viewport, vp(map_page, corner + QPointF(22 * i, 20 * i)))
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier,
                       vp(map_page, corner + QPointF(110, 100)))
    note = document.get("notes", "n9")
    assert abs(note.w - (NOTE_W + 110)) <= 2 and abs(note.h - (NOTE_H + 100)) <= 2
    assert (note.x, note.y) == (700.0, 500.0)           # resized, not moved
    assert document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText() == "Resize note"
    assert item.size == (note.w, note.h) and not item.cut()   # the whole text shows now
    document.undo_stack.undo()
    assert item.size == (NOTE_W, NOTE_H)


def test_note_text_is_at_least_the_size_of_box_names(qapp):
    from cxworkshop.ui.canvas.style import STYLE
    assert QFontMetricsF(STYLE.note_font).height() >= QFontMetricsF(STYLE.font).height()
    assert STYLE.note_font.pointSizeF() >= STYLE.font.pointSizeF()
