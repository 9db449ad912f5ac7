"""The end-of-session summary: top-voted processes, moments of truth nobody
reaches, actions and champions."""
from __future__ import annotations

from ....i18n import ngettext, tr
from ....model.champions import leaderboard
from ....model.connect import untouched_moments
from ....model.voting import top_voted
from ..cards import Card


def cards(room) -> tuple[str, list[Card], str]:
    w = room.document.workshop
    out = []
    top = [p for p in top_voted(w, 5) if getattr(p, "votes", 0)]
    out.append(Card(tr("Improve first (most votes)"), "#1565c0",
                    [(f"{p.name} · " + ngettext("{n} vote", "{n} votes", p.votes).format(
                        n=p.votes), "plain") for p in top] or [(tr("No votes cast"), "muted")]))
    lonely = untouched_moments(w)[:5]
    out.append(Card(tr("Moments of truth nobody here reaches"), "#c62828",
                    [("★ " + p.name, "plain") for p in lonely]
                    or [(tr("Everyone's work reaches a moment of truth"), "muted")]))
    actions = [a for a in room.document.all("actions") if a.status != "done"]
    out.append(Card(tr("Actions ({n} open)").format(n=len(actions)), "#2e7d32",
                    [(f"{a.text} — {a.owner or tr('no owner')}", "plain") for a in actions[:5]]
                    or [(tr("No open actions"), "muted")]))
    champs = leaderboard(room.document.all("recognitions"))[:3]
    out.append(Card(tr("Customer Champions"), "#6a1b9a",
                    [(f"{r.nominee} · {r.count}", "plain") for r in champs]
                    or [(tr("No call-outs yet"), "muted")]))
    return tr("{title} — what we take away").format(title=w.info.title), out, ""
