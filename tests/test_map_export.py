"""Map PNG export (Pillow, no Qt) and auto-arrange ordering."""
from __future__ import annotations

import pytest
from PIL import Image

from cxworkshop.export.png import render_map_image, render_map_png
from cxworkshop.model import Add, Department, Link, Process, Workshop
from cxworkshop.model.arrange import arrange_ops, arrange_positions, crossings
from cxworkshop.model.layout import compute_layout


def workshop() -> Workshop:
    w = Workshop()
    w.apply([Add(e) for e in (
        Department("d1", "Sales", "#1f77b4"), Department("d2", "Billing", "#ff7f0e"),
        Process("p1", "Take enquiry", "d1", 0, moment_of_truth=True, votes=2),
        Process("p2", "Quote", "d1", 1), Process("p3", "Invoice", "d2", 3),
        Link("l1", "p1", "p2"), Link("l2", "p2", "p3"))])
    return w


@pytest.mark.parametrize("width", [400, 1600])
def test_png_has_the_chosen_size_and_map_proportions(tmp_path, width):
    w = workshop()
    path = tmp_path / "map.png"
    size = render_map_png(w, path, width=width)
    with Image.open(path) as img:
        assert img.size == size and img.size[0] == width
    lay = compute_layout(w)
    assert size[1] == pytest.approx(lay.height * width / lay.width, abs=1)


def test_png_shows_moment_of_truth_border_and_department_fill():
    w = workshop()
    img = render_map_image(w, 1200)
    lay = compute_layout(w)
    s = 1200 / lay.width
    x, y, bw, bh = lay.boxes["p1"]
    border = img.getpixel((int((x + bw / 2) * s), int((y + 1) * s)))
    assert border[0] > 180 and border[1] < 90           # red moment-of-truth outline
    x, y, bw, bh = lay.boxes["p3"]
    inside = img.getpixel((int((x + 6) * s), int((y + bh / 2) * s)))
    assert inside[0] > inside[2]                           # Billing orange, lightened


@pytest.mark.parametrize("width", [0, 99, 20000, "wide"])
def test_bad_size_is_refused_with_a_clear_message(tmp_path, width):
    with pytest.raises(ValueError, match="width must be"):
        render_map_png(workshop(), tmp_path / "x.png", width=width)
    assert not list(tmp_path.iterdir())


def test_arrange_orders_cells_to_remove_crossings():
    w = Workshop()
    w.apply([Add(e) for e in (
        Process("a", "A", None, 0, x=16, y=16), Process("b", "B", None, 0, x=16, y=100),
        Process("c", "C", None, 1, x=16, y=16), Process("d", "D", None, 1, x=16, y=100),
        Link("l1", "a", "d"), Link("l2", "b", "c"))])
    assert crossings(w) == 1
    positions = arrange_positions(w)
    assert crossings(w, positions) == 0
    ops = arrange_ops(w)
    assert ops and all(op.kind == "processes" for op in ops)
    w.apply(ops)
    assert arrange_ops(w) == []                            # arranged already
