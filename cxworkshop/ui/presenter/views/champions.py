"""Customer Champions: the leaderboard and the latest call-out."""
from __future__ import annotations

from ....model.champions import leaderboard
from ..cards import Card


def cards(room) -> tuple[str, list[Card], str]:
    recs = room.document.all("recognitions")
    if not recs:
        return ("Customer Champions", [],
                "No call-outs yet — who did something great for a customer?")
    latest = max(reversed(recs), key=lambda r: r.date or "")
    out = [Card(f"Latest call-out: {latest.nominee}", "#8e24aa",
                [(latest.behaviour or "(no behaviour written)", "plain"),
                 (f"— {latest.nominator}" if latest.nominator else "", "muted")])]
    rows = leaderboard(recs)[:8]
    out.append(Card("Leaderboard", "#6a1b9a",
                    [(f"{i + 1}.  {r.nominee}  ·  {r.count} call-out{'s' if r.count != 1 else ''}",
                      "bold" if i == 0 else "plain") for i, r in enumerate(rows)]))
    return "Customer Champions", out, ""
