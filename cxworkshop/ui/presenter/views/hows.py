"""The 5 Hows of the current change: its five answers as large cards."""
from __future__ import annotations

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
        return "The 5 Hows of a change", [], "No change described yet"
    out = []
    for number, (field, question, _guide) in enumerate(FIVE_HOWS, start=1):
        answer = getattr(change, field)
        out.append(Card(f"{number}. {question}", "#1e4b7a",
                        [(answer or "(not answered yet)", "plain" if answer else "muted")]))
    tail = [f"Risk: {RISK_LABELS.get(change.risk, change.risk)}"]
    if change.owner:
        tail.append(f"Owner: {change.owner}")
    if change.decision:
        tail.append(f"Decision: {change.decision}")
    out.append(Card("Risk and decision", RISK_COLORS.get(change.risk, "#37474f"),
                    [(" · ".join(tail), "bold")]))
    return change.title or "The 5 Hows of a change", out, ""
