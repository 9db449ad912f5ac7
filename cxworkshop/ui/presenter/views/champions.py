"""Customer Champions: the leaderboard and the latest call-out."""
from __future__ import annotations

from ....i18n import ngettext, tr
from ....model.champions import leaderboard
from ..cards import Card


def cards(room) -> tuple[str, list[Card], str]:
    recs = room.document.all("recognitions")
    if not recs:
        return (tr("Customer Champions"), [],
                tr("No call-outs yet — who did something great for a customer?"))
    latest = max(reversed(recs), key=lambda r: r.date or "")
    out = [Card(tr("Latest call-out: {name}").format(name=latest.nominee), "#8e24aa",
                [(latest.behaviour or tr("(no behaviour written)"), "plain"),
                 (f"— {latest.nominator}" if latest.nominator else "", "muted")])]
    rows = leaderboard(recs)[:8]
    out.append(Card(tr("Leaderboard"), "#6a1b9a",
                    [(f"{i + 1}.  {r.nominee}  ·  " + ngettext(
                        "{n} call-out", "{n} call-outs", r.count).format(n=r.count),
                      "bold" if i == 0 else "plain") for i, r in enumerate(rows)]))
    return tr("Customer Champions"), out, ""
