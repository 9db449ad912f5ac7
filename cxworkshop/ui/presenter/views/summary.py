"""The end-of-session summary: top-voted processes, moments of truth nobody
reaches, actions and champions."""
from __future__ import annotations

from ....model.champions import leaderboard
from ....model.connect import untouched_moments
from ....model.voting import top_voted
from ..cards import Card


def cards(room) -> tuple[str, list[Card], str]:
    w = room.document.workshop
    out = []
    top = [p for p in top_voted(w, 5) if getattr(p, "votes", 0)]
    out.append(Card("Improve first (most votes)", "#1565c0",
                    [(f"{p.name} · {p.votes} vote{'s' if p.votes != 1 else ''}", "plain")
                     for p in top] or [("No votes cast", "muted")]))
    lonely = untouched_moments(w)[:5]
    out.append(Card("Moments of truth nobody here reaches", "#c62828",
                    [("★ " + p.name, "plain") for p in lonely]
                    or [("Everyone's work reaches a moment of truth", "muted")]))
    actions = [a for a in room.document.all("actions") if a.status != "done"]
    out.append(Card(f"Actions ({len(actions)} open)", "#2e7d32",
                    [(f"{a.text} — {a.owner or 'no owner'}", "plain") for a in actions[:5]]
                    or [("No open actions", "muted")]))
    champs = leaderboard(room.document.all("recognitions"))[:3]
    out.append(Card("Customer Champions", "#6a1b9a",
                    [(f"{r.nominee} · {r.count}", "plain") for r in champs]
                    or [("No call-outs yet", "muted")]))
    return f"{w.info.title} — what we take away", out, ""
