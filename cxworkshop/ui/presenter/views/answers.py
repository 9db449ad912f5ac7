"""The answer wall: the stories themselves, hidden ones as numbers; one full screen on Enter."""
from __future__ import annotations

from ....i18n import ngettext, tr
from ....model import OUTCOME_LABELS, RECENCY_LABELS
from ....model.stats import answers as story_answers
from ..cards import Card

OUTCOME_COLORS = {"resolved": "#2a7d4f", "partly": "#b7791f", "unresolved": "#b23a48",
                  "unknown": "#555555"}


def story_card(room, pid: str) -> Card:
    w = room.document.workshop
    s = story_answers(w)[pid]
    person = w.get("participants", pid)
    who = s.customer or tr("(no name given)")
    if room.show_names and person is not None and person.name:
        who = f"{person.name}: {who}"
    contact = "" if s.contact == "direct" else " · " + tr("indirect")
    lines = [(tr(OUTCOME_LABELS[s.outcome]), "bold"), (who, "plain")]
    if s.challenge:
        lines.append((s.challenge, "plain"))
    if s.resolution:
        lines.append((s.resolution, "muted"))
    if s.quote:
        lines.append((f"“{s.quote}”", "italic"))
    return Card(tr(RECENCY_LABELS[s.recency]) + contact, OUTCOME_COLORS[s.outcome], lines)


def cards(room) -> tuple[str, list[Card], str]:
    order = room.answer_order()
    if room.story is not None and room.story in order:
        return "", [story_card(room, room.story)], ""
    out = [story_card(room, pid) if room.is_revealed(pid) else Card(hidden=str(i + 1))
           for i, pid in enumerate(order)]
    shown = sum(c.hidden is None for c in out)
    return (ngettext("{k} of {n} answer revealed", "{k} of {n} answers revealed",
                     len(out)).format(k=shown, n=len(out)), out, tr("No answers yet"))
