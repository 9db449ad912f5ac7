"""Running the room: the presenter window and the Room menu.

- ``controller.py``: :class:`RoomController`, the room's live state for one
  document (stored as :class:`~cxworkshop.model.room.RoomState`); pages use it
  through :func:`room_for`.
- ``window.py``: :class:`PresenterWindow`, the room's screen; ``views/`` holds
  one module per room view, ``cards.py`` the wrap-shrink-page card board.
- ``menu.py``: the Room menu and the clicker keys (:func:`install`).
- ``slides.py``: every room view as PNG files (``cxworkshop export --slides``).
"""
from ...model.room import (
    ACTIONS,
    AGENDA,
    ANSWERS,
    CHAMPIONS,
    CONNECT,
    HOWS,
    MAP,
    PROMPT,
    STATS,
    SUMMARY,
    VIEWS,
)
from .common import MIN_TEXT_PT, MIN_TITLE_PT, wrap_lines
from .controller import RoomController, room_for
from .menu import RoomMenu, install, page_for_step


def __getattr__(name: str):
    if name == "PresenterWindow":  # the window (and its map) loads on first use
        from .window import PresenterWindow
        return PresenterWindow
    raise AttributeError(name)


__all__ = ["ACTIONS", "AGENDA", "ANSWERS", "CHAMPIONS", "CONNECT", "HOWS", "MAP", "PROMPT",
           "STATS", "SUMMARY", "VIEWS", "MIN_TEXT_PT", "MIN_TITLE_PT", "wrap_lines",
           "RoomController", "room_for", "RoomMenu", "install", "page_for_step",
           "PresenterWindow"]
