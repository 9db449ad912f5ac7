"""The steps a phone can take part in, and how each is offered.

Apart from :mod:`.state` so that the main window's Room menu can name them without
loading the link's machinery (random tokens, hashing) before the window is on screen.
"""
from __future__ import annotations

from ..i18n import N_

STEPS = ("story", "vote", "note", "callout")
STEP_LABELS = {"story": N_("Last customer"), "vote": N_("Votes"),
               "note": N_("Notes and ideas"), "callout": N_("Champion call-outs")}
OPEN, LOCKED, HIDDEN = "open", "locked", "hidden"
STEP_STATES = (OPEN, LOCKED, HIDDEN)
