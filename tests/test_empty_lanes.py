"""Empty lanes (departments with no process) can be hidden: a stored session
setting, a toggle on the map toolbar, honoured by the canvas, the PDF map and the
PNG/SVG pictures."""
from __future__ import annotations

from pypdf import PdfReader

from cxworkshop.model import SESSION, Add, Department, Process, Update, Workshop
from cxworkshop.model.layout import UNASSIGNED, compute_layout, count_overlaps


def roster_heavy() -> Workshop:
    """Seven departments (as after a roster import), processes in three of them."""
    w = Workshop()
    names = ["Sales", "Billing", "Dispatch", "Legal", "Facilities", "HR", "IT support"]
    w.apply([Add(Department(f"d{i}", n, "#1f77b4")) for i, n in enumerate(names)])
    w.apply([Add(Process("p1", "Take enquiry", "d0", 0)), Add(Process("p2", "Invoice", "d1", 3)),
             Add(Process("p3", "Book the van", "d2", 3))])
    return w


def hide(w: Workshop, on: bool = True) -> Workshop:
    w.apply([Update(SESSION, None, {"hide_empty_lanes": on})])
    return w


def test_layout_leaves_out_empty_lanes_only_when_asked():
    w = roster_heavy()
    assert [ln.name for ln in compute_layout(w).lanes] == [
        "Sales", "Billing", "Dispatch", "Legal", "Facilities", "HR", "IT support", UNASSIGNED]
    layout = compute_layout(hide(w))
    assert [ln.name for ln in layout.lanes] == ["Sales", "Billing", "Dispatch"]
    assert count_overlaps(layout) == 0 and set(layout.boxes) == {"p1", "p2", "p3"}
    w.apply([Add(Process("p4", "Loose end", None, 1))])   # the Unassigned lane when used
    assert [ln.name for ln in compute_layout(w).lanes][-1] == UNASSIGNED
    empty = hide(Workshop())
    assert [ln.name for ln in compute_layout(empty).lanes] == [UNASSIGNED]


def test_pdf_map_and_pictures_leave_out_empty_lanes(tmp_path):
    from cxworkshop.export.pdf_export import ExportRequest, run_export
    from cxworkshop.export.svg import map_svg
    w = hide(roster_heavy())
    out = tmp_path / "r.pdf"
    run_export(w, ExportRequest(report=out))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    page = next(t for t in (" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
                if "Book the van" in t and "Take enquiry" in t)
    assert "Dispatch" in page and "Legal" not in page and "Facilities" not in page
    assert "Sales" in text
    svg = map_svg(w)
    assert ">Dispatch<" in svg and ">Legal<" not in svg and ">HR<" not in svg
    assert ">Legal<" in map_svg(hide(w, False))


def test_toolbar_toggle_hides_empty_lanes_in_one_undo_step(qtbot, map_page, document):
    from cxworkshop.model import Department as D
    document.add(D("d3", "Legal", "#9467bd"), D("d4", "Facilities", "#8c564b"))
    scene = map_page.scene
    assert [ln.name for ln in scene.layout.lanes] == ["Sales", "Billing", "Legal",
                                                      "Facilities", UNASSIGNED]
    act = map_page.act_empty_lanes
    steps = document.undo_stack.count()
    act.trigger()
    assert document.info.hide_empty_lanes is True
    assert document.undo_stack.count() == steps + 1
    assert [ln.name for ln in scene.layout.lanes] == ["Sales", "Billing"]
    # every box sits in its own lane's band as the user sees it
    for pid, item in scene.item_for_process.items():
        lane = scene.layout.lane(document.get("processes", pid).department)
        assert lane.y <= item.pos().y() < lane.y + lane.height
    assert scene.sceneRect().height() < 700
    document.undo_stack.undo()
    assert not act.isChecked()
    assert [ln.name for ln in scene.layout.lanes][-1] == UNASSIGNED
    assert len(scene.layout.lanes) == 5
