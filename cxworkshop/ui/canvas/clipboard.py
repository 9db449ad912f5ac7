"""Copy, paste and duplicate on the map.

The clipboard holds the selected processes with the links between them and
their notes (plus selected free notes) as JSON; pasting gives them new ids,
the nearest free spots beside the originals and no votes (votes belong to the
room's budget), in one undo step.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from ...i18n import ngettext, tr
from ...model import Add, Link, Note, Process, new_id
from ...model.entities import Department
from ...model.layout import settle
from ...model.ops import Change

MIME = "application/x-cxworkshop-map"
OFFSET = 24.0


def selection_payload(scene) -> dict | None:
    """What the current selection copies as, or None when nothing copyable is selected."""
    w = scene.document.workshop
    sel = scene.selected_ids()
    pids = [p for p in sel["processes"] if p in w.table(Process)]
    chosen = set(pids)
    notes = [n for n in w.table(Note).values()
             if n.process in chosen or (n.id in sel["notes"] and n.process is None)]
    if not pids and not notes:
        return None
    links = [ln for ln in w.table(Link).values()
             if ln.upstream in chosen and ln.downstream in chosen]
    return {"format": "cxworkshop-map-clip", "processes": [w.get(Process, p).to_dict()
                                                           for p in pids],
            "links": [ln.to_dict() for ln in links], "notes": [n.to_dict() for n in notes]}


def paste_payload(scene, payload: dict) -> list[str]:
    """Add a copy of ``payload`` to the map (one undo step); returns the new process ids."""
    doc = scene.document
    w = doc.workshop
    n_stages = len(w.info.stages)
    new_ids: dict[str, str] = {}
    ops = []
    for d in payload.get("processes", []):
        new_ids[d["id"]] = new_id()
        placed = (d.get("x") or d.get("y"))
        p = Process(new_ids[d["id"]], d.get("name", ""),
                    d.get("department") if d.get("department") in w.table(Department) else None,
                    min(max(int(d.get("stage", 0)), 0), n_stages - 1),
                    owner=d.get("owner", ""), description=d.get("description", ""),
                    moment_of_truth=bool(d.get("moment_of_truth")),
                    frontstage=bool(d.get("frontstage")),
                    x=float(d.get("x", 0)) + OFFSET if placed else 0.0,
                    y=float(d.get("y", 0)) + OFFSET if placed else 0.0, votes=0)
        ops.append(Add(p))
    # next to the originals, on free spots: never on a box
    wanted = [(op.entity.id, op.entity.department, op.entity.stage, op.entity.x, op.entity.y)
              for op in ops if op.entity.x or op.entity.y]
    spots = {pid: (x, y) for pid, _d, _s, x, y in settle(scene.layout, wanted)}
    ops = [Add(op.entity.replace(x=round(spots[op.entity.id][0], 1),
                                 y=round(spots[op.entity.id][1], 1)))
           if op.entity.id in spots else op for op in ops]
    for d in payload.get("links", []):
        if d["upstream"] in new_ids and d["downstream"] in new_ids:
            ops.append(Add(Link(new_id(), new_ids[d["upstream"]], new_ids[d["downstream"]],
                                d.get("label", ""))))
    for d in payload.get("notes", []):
        proc = d.get("process")
        if proc is not None:
            if proc not in new_ids:
                continue
            note = Note(new_id(), new_ids[proc], d.get("kind", "pain"), d.get("text", ""),
                        x=float(d.get("x", 0)), y=float(d.get("y", 0)))
        else:
            note = Note(new_id(), None, d.get("kind", "pain"), d.get("text", ""),
                        x=float(d.get("x", 0)) + OFFSET, y=float(d.get("y", 0)) + OFFSET)
        ops.append(Add(note))
    if not ops:
        return []
    count = len(payload.get("processes", [])) + len(
        [d for d in payload.get("notes", []) if d.get("process") is None])
    text = ngettext("Paste {n} item", "Paste {n} items", count).format(n=count)
    if not doc.do(Change(ops, text)):
        return []
    scene.select_quietly("processes", list(new_ids.values()))
    return list(new_ids.values())


def copy(scene) -> bool:
    """Put the selection on the system clipboard (also as plain text names)."""
    payload = selection_payload(scene)
    if payload is None:
        scene.show_hint(tr("Select processes or notes to copy."))
        return False
    data = QMimeData()
    data.setData(MIME, json.dumps(payload).encode("utf-8"))
    names = [p["name"] for p in payload["processes"]] + [n["text"] for n in payload["notes"]
                                                         if n["process"] is None]
    data.setText("\n".join(names))
    QApplication.clipboard().setMimeData(data)
    return True


def paste(scene) -> list[str]:
    data = QApplication.clipboard().mimeData()
    if data is None or not data.hasFormat(MIME):
        scene.show_hint(tr("Nothing from the map to paste: copy processes first (Ctrl+C)."))
        return []
    try:
        payload = json.loads(bytes(data.data(MIME)).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        scene.show_hint(tr("The clipboard holds something the map cannot paste."))
        return []
    return paste_payload(scene, payload)


def duplicate(scene) -> list[str]:
    """Copy and paste the selection in one go (Ctrl+D), leaving the clipboard alone."""
    payload = selection_payload(scene)
    if payload is None:
        scene.show_hint(tr("Select processes or notes to duplicate."))
        return []
    return paste_payload(scene, payload)
