"""The 5 Hows of the current change: its five answers as large cards."""
from __future__ import annotations

from ....i18n import tr
from ....model.changes import FIVE_HOWS, RISK_LABELS
from ..cards import Card

RISK_COLORS = {"low": "#2e7d32", "medium": "#b26a00", "high": "#c62828"}


def current_change(room):
    changes = room.document.all("changes")
    chosen = room.document.get("changes", room.change) if room.change else None
    return chosen or (changes[-1] if changes else None)


def cards(room) -> tuple[str, list[Card], str]:
    change = current_change(room)
    if change is None:
        return tr("The 5 Hows of a change"), [], tr("No change described yet")
    out = []
    for number, (field, question, _guide) in enumerate(FIVE_HOWS, start=1):
        answer = getattr(change, field)
        out.append(Card(f"{number}. {tr(question)}", "#1e4b7a",
                        [(answer or tr("(not answered yet)"), "plain" if answer else "muted")]))
    risk = RISK_LABELS.get(change.risk)
    tail = [tr("Risk: {risk}").format(risk=tr(risk) if risk else change.risk)]
    if change.owner:
        tail.append(tr("Owner: {name}").format(name=change.owner))
    if change.decision:
        tail.append(tr("Decision: {decision}").format(decision=change.decision))
    out.append(Card(tr("Risk and decision"), RISK_COLORS.get(change.risk, "#37474f"),
                    [(" · ".join(tail), "bold")]))
    return change.title or tr("The 5 Hows of a change"), out, ""
