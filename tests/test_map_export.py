"""Map PNG export (Pillow, no Qt) and auto-arrange ordering."""
from __future__ import annotations

import pytest
from PIL import Image, ImageChops

from cxworkshop.export.map_image import TOP, MapPicture
from cxworkshop.export.png import render_map_image, render_map_png
from cxworkshop.model import Add, Department, Link, Process, Workshop
from cxworkshop.model.arrange import arrange_ops, arrange_positions, crossings


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
    pic = MapPicture.of(w)
    assert size[1] == pytest.approx(pic.height * width / pic.width, abs=1)


def test_png_shows_moment_of_truth_border_and_department_fill():
    w = workshop()
    img = render_map_image(w, 1200)
    pic = MapPicture.of(w)
    lay = pic.layout
    s = 1200 / pic.width
    x, y, bw, bh = lay.boxes["p1"]
    y += TOP
    border = img.getpixel((int((x + bw / 2) * s), int((y + 1) * s)))
    assert border[0] > 180 and border[1] < 90           # red moment-of-truth outline
    x, y, bw, bh = lay.boxes["p3"]
    y += TOP
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


def test_big_png_is_drawn_in_tiles_and_matches_one_piece(tmp_path):
    """A picture taller than a tile is written row by row; it is the same picture."""
    from cxworkshop.export import png as png_mod
    from tests.map_fixtures import stacked_workshop
    w = stacked_workshop()
    whole = render_map_image(w, 1400)
    path = tmp_path / "tiled.png"
    old = png_mod.TILE_ROWS
    png_mod.TILE_ROWS = 300
    try:
        size = render_map_png(w, path, width=1400)
    finally:
        png_mod.TILE_ROWS = old
    assert size[1] > 300 * 3
    with Image.open(path) as img:
        img.load()
        assert img.size == size
        diff = ImageChops.difference(img.convert("RGB"), whole).convert("L")
        differing = sum(diff.point(lambda v: 255 if v > 30 else 0).histogram()[255:])
        assert differing < 100   # a pixel here and there where a line crosses a tile edge


def test_png_of_a_crowded_map_up_to_16000_pixels_is_not_refused(tmp_path):
    from cxworkshop.export.png import MAX_SIDE, picture_size
    from tests.map_fixtures import stacked_workshop
    w = stacked_workshop()
    pic = MapPicture.of(w)
    width = int(MAX_SIDE * min(1.0, pic.width / pic.height))   # longest side 16,000
    pic, height = picture_size(w, width)
    assert max(width, height) <= MAX_SIDE and max(width, height) >= MAX_SIDE - 2


def test_png_and_svg_show_title_legend_link_labels_and_loop_marks(tmp_path):
    from cxworkshop.export.svg import map_svg
    w = workshop()
    w.apply([Add(Link("l3", "p3", "p1", "renewal"))])   # Deliver -> Need: a loop-back
    w.info = w.info.replace(title="Brightway & Co")
    svg = map_svg(w)
    assert "<title>Brightway &amp; Co</title>" in svg
    for text in ("Moment of truth", "Backstage", "Loop-back", "Pain point", "renewal", "↺"):
        assert text in svg
    assert "#d93025" in svg and "stroke-dasharray" in svg
    import xml.dom.minidom
    xml.dom.minidom.parseString(svg.encode())   # well-formed


def test_links_in_the_picture_never_pass_under_a_box():
    from cxworkshop.model.route import links_under_boxes
    from cxworkshop.store import SessionStore
    for sample in ("home-services", "service-desk"):
        w = SessionStore.read(f"sample_sessions/{sample}.cxw")
        pic = MapPicture.of(w)
        assert len(pic.routes) == len(w.tables["links"])
        assert links_under_boxes(w, pic.layout, pic.routes) == 0


def test_cli_exports_png_and_svg(tmp_path, capsys):
    from cxworkshop.cli import main
    from cxworkshop.store import write_session_file
    src = tmp_path / "w.cxw"
    write_session_file(src, workshop())
    png, svg = tmp_path / "map.png", tmp_path / "map.svg"
    assert main(["export", str(src), "--png", str(png), "--width", "900",
                 "--svg", str(svg)]) == 0
    with Image.open(png) as img:
        assert img.size[0] == 900
    assert svg.read_text(encoding="utf-8").startswith("<?xml")
    out = capsys.readouterr().out
    assert "map.png" in out and "map.svg" in out
    assert main(["export", str(src), "--png", str(tmp_path / "x.png"), "--width", "50"]) == 1
    assert "width must be" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_cli_picture_never_replaces_a_workshop(tmp_path, capsys):
    from cxworkshop.cli import main
    from cxworkshop.store import write_session_file
    src = tmp_path / "w.cxw"
    write_session_file(src, workshop())
    before = src.read_bytes()
    other = tmp_path / "other.png"
    write_session_file(tmp_path / "x.cxw", workshop())
    (tmp_path / "x.cxw").rename(other)       # a workshop with a picture's name
    assert main(["export", str(src), "--png", str(other)]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert src.read_bytes() == before
