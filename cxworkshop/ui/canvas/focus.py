"""Focus on the map: light up what feeds the chosen processes and what they feed,
ring the way to the nearest moment of truth, dim the rest.

A mixin of :class:`~.scene.MapScene` (which mirrors the document and runs the
gestures); chains stop at loop-backs (see :meth:`ProcessGraph.journey`).
"""
from __future__ import annotations

from ...model.graph import ProcessGraph, moments_of_truth
from .items import LinkItem, ProcessItem
from .style import STYLE


class MapFocus:
    """Focus state and its look; expects the scene's item maps and ``repainting``."""

    focused: set[str] | None
    focus_sets: dict[str, set[str]]

    def focus_process(self, pid: str) -> None:
        """Light up everything upstream and downstream of ``pid``; dim the rest."""
        self.focus_processes([pid])

    def focus_processes(self, pids) -> None:
        """Focus several processes at once (e.g. a participant's placements)."""
        pids = {p for p in pids if p in self.item_for_process}
        self._focus_from_selection = False
        if not pids:
            self.clear_focus()
            return
        self._apply_focus(pids)
        self.focus_changed.emit(set(pids))

    def clear_focus(self) -> None:
        """Back to the normal map (Esc)."""
        with self.repainting():
            self._clear_focus()

    def _clear_focus(self) -> None:
        was = self.focused is not None
        self.focused = None
        self.focus_sets = {}
        self._focus_from_selection = False
        for item in self.item_for_process.values():
            _set_box_role(item, None, False, 1.0)
        for item in self.item_for_link.values():
            _set_link_role(item, None, False)
        for item in self.item_for_note.values():
            if item.parentItem() is None:
                item.set_dim(1.0)
        if was:
            self.focus_changed.emit(None)

    def _apply_focus(self, pids: set[str]) -> None:
        with self.repainting():
            self._focus(pids)

    def _focus(self, pids: set[str]) -> None:
        w = self.document.workshop
        pids = {p for p in pids if p in self.item_for_process}
        if not pids:
            self._clear_focus()
            return
        graph = ProcessGraph.journey(w)   # chains stop at loop-backs
        anc = graph.ancestors(pids)
        desc = graph.descendants(pids)
        moments = moments_of_truth(w)
        chain: set[str] = set()
        for pid in pids:
            chain |= graph.chain_to_moments(pid, moments)
        self.focused = set(pids)
        self.focus_sets = {"focus": set(pids), "ancestors": anc, "descendants": desc,
                           "chain": chain}
        dim = STYLE.dim_opacity
        for pid, item in self.item_for_process.items():
            if pid in pids:
                role = "focus"
            elif pid in anc and pid in desc:
                role = "both"
            elif pid in anc:
                role = "ancestor"
            elif pid in desc:
                role = "descendant"
            else:
                role = None
            _set_box_role(item, role, pid in chain and pid not in pids, 1.0 if role else dim)
        up_side = anc | pids
        down_side = desc | pids
        for item in self.item_for_link.values():
            u, d = item.link.upstream, item.link.downstream
            if u in chain and d in chain:
                role = "chain"
            elif u in anc and d in up_side:
                role = "ancestor"
            elif u in down_side and d in desc:
                role = "descendant"
            else:
                role = None
            _set_link_role(item, role, role is None)
        for item in self.item_for_note.values():
            if item.parentItem() is None:
                item.set_dim(dim)


def _set_box_role(item: ProcessItem, role: str | None, on_chain: bool, opacity: float) -> None:
    if (item.role, item.on_chain) != (role, on_chain):
        item.role, item.on_chain = role, on_chain
        item.update()
    item.set_dim(opacity)


def _set_link_role(item: LinkItem, role: str | None, dimmed: bool) -> None:
    if (item.role, item.dimmed) != (role, dimmed):
        item.role, item.dimmed = role, dimmed
        item.update()
