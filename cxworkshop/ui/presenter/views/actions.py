"""The action list with owners and due dates."""
from __future__ import annotations

from ....i18n import tr
from ..cards import Card


def cards(room) -> tuple[str, list[Card], str]:
    w = room.document.workshop
    actions = room.document.all("actions")
    out = []
    for a in actions:
        proc = w.get("processes", a.process) if a.process else None
        who = " · ".join(x for x in (a.owner or tr("no owner yet"),
                                       tr("due {date}").format(date=a.due) if a.due
                                       else tr("no due date")) if x)
        lines = [(a.text or tr("(no text)"), "bold"), (who, "plain")]
        if proc is not None:
            lines.append((proc.name, "muted"))
        out.append(Card(tr("Done") if a.status == "done" else tr("Open"),
                        "#2e7d32" if a.status == "done" else "#1565c0", lines))
    done = sum(a.status == "done" for a in actions)
    title = (tr("Actions — {n} open").format(n=len(actions) - done) if actions
             else tr("Actions"))
    return title, out, tr("No actions yet")
