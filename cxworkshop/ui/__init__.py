"""The Qt user interface: main window, one page per workshop step, presenter, map."""
from __future__ import annotations


def plain_tip(text: str | None) -> str:
    """A tooltip that shows ``text`` as typed: Qt would render a tooltip that
    looks like HTML (a note of ``<b>…</b>`` sent from a phone) as markup."""
    if not text:
        return ""
    import html  # here: the module loads before the first window, the tip is rarely needed
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"
