"""The action list with owners and due dates."""
from __future__ import annotations

from ..cards import Card


def cards(room) -> tuple[str, list[Card], str]:
    w = room.document.workshop
    actions = room.document.all("actions")
    out = []
    for a in actions:
        proc = w.get("processes", a.process) if a.process else None
        who = " · ".join(x for x in (a.owner or "no owner yet",
                                       f"due {a.due}" if a.due else "no due date") if x)
        lines = [(a.text or "(no text)", "bold"), (who, "plain")]
        if proc is not None:
            lines.append((proc.name, "muted"))
        out.append(Card("Done" if a.status == "done" else "Open",
                        "#2e7d32" if a.status == "done" else "#1565c0", lines))
    done = sum(a.status == "done" for a in actions)
    title = f"Actions — {len(actions) - done} open" if actions else "Actions"
    return title, out, "No actions yet"
