"""Every step has a room view legible at 1024×768; the room's map is made for distance
and follows the facilitator; slides export; the status bar's clock."""
from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from cxworkshop.document import SessionDocument
from cxworkshop.model import AgendaItem
from cxworkshop.model.room import ACTIONS, ANSWERS, CHAMPIONS, CONNECT, HOWS, MAP, SUMMARY
from cxworkshop.resources import samples_dir
from cxworkshop.store import SessionStore
from cxworkshop.ui.presenter.cards import FLOOR_PX, Card, CardBoard
from cxworkshop.ui.presenter.controller import RoomController
from cxworkshop.ui.presenter.window import PresenterWindow


def presenter(qtbot, sample="home-services.cxw", size=(1024, 768)):
    doc = SessionDocument(workshop=SessionStore.read(samples_dir() / sample))
    room = RoomController(doc, clock=lambda: 0.0, wall=lambda: 0.0)
    win = PresenterWindow(room)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return doc, room, win


def test_hows_champions_actions_summary_have_their_views(qtbot):
    doc, room, win = presenter(qtbot)
    change = doc.all("changes")[0]
    room.change = change.id  # the change the facilitator is on (default: the latest)
    room.show(HOWS)
    assert win.stack.currentWidget() is win.board
    assert win.title_label.text() == (change.title or "The 5 Hows of a change")
    texts = [t for c in win.board.cards for t, _ in c.lines]
    assert change.impact in texts and change.feedback in texts and len(win.board.cards) == 6
    room.show(CHAMPIONS)
    heads = [c.head for c in win.board.cards]
    assert heads[0].startswith("Latest call-out: ") and heads[1] == "Leaderboard"
    room.show(ACTIONS)
    action = doc.all("actions")[0]
    assert (action.text, "bold") in win.board.cards[0].lines
    assert any(action.owner in t for t, _ in win.board.cards[0].lines)
    room.show(SUMMARY)
    assert [c.head for c in win.board.cards][:2] == [
        "Improve first (most votes)", "Moments of truth nobody here reaches"]
    assert win.board.text_px >= FLOOR_PX


def test_long_text_shrinks_to_the_floor_then_pages(qtbot):
    board = CardBoard(start_px=40)
    qtbot.addWidget(board)
    board.resize(1000, 600)
    board.show()
    board.set_cards([Card("A", lines=[("short", "plain")])])
    assert board.text_px == 40 and board.page_count == 1
    many = [Card(f"Action {i}", lines=[("word " * 40, "plain")]) for i in range(12)]
    board.set_cards(many)
    assert board.text_px == FLOOR_PX and board.page_count > 1
    board.set_page(1)
    board.grab()


def test_answer_wall_has_fewer_cards_per_row_on_a_small_screen(qtbot):
    doc, room, win = presenter(qtbot)
    room.show(ANSWERS)
    room.reveal_all()
    cols_small = len({round(r.x()) for _, r in win.board._pages[0]})
    win.resize(1920, 1080)
    qtbot.wait(50)
    cols_big = len({round(r.x()) for _, r in win.board._pages[0]})
    assert cols_small <= 2 < cols_big or cols_small < cols_big


def test_clock_and_step_never_clip_at_1024(qtbot):
    from PySide6.QtGui import QFontMetricsF

    from cxworkshop.ui.presenter.common import px_font
    doc, room, win = presenter(qtbot)
    doc.apply([__import__("cxworkshop.model", fromlist=["Add"]).Add(
        AgendaItem("long", "Welcome and purpose of a very long workshop day " * 3, 1))])
    room.go_to(len(room.steps()) - 1)
    room.timer.base = 3600 * 2 + 5  # +1:59:05 over time
    win.refresh()
    h = win.header
    clock_px, _ = h.sizes()
    need = QFontMetricsF(px_font(clock_px, bold=True)).horizontalAdvance(h.clock)
    assert h.clock.startswith("+") and need + 24 < h.width() * 0.5  # the clock fits whole
    win.grab()


def test_room_map_names_are_legible_at_1024(qtbot):
    doc, room, win = presenter(qtbot, "service-desk.cxw")
    room.show(MAP)
    qtbot.wait(20)
    canvas = win.map_body.canvas
    assert len(canvas.boxes) == len(doc.all("processes"))
    assert canvas.name_px_drawn() >= 18 and canvas.name_cap_px() >= 12
    assert canvas.width() >= 1000 and canvas.height() >= 600  # the map fills the screen
    big = canvas.name_px_drawn()
    win.resize(1920, 1080)  # refits
    qtbot.wait(20)
    assert canvas.name_px_drawn() > big


def test_room_follows_the_map_page_and_freezes(main_window, qtbot, tmp_path):
    import shutil
    path = tmp_path / "r.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.open_file(path)
    menu = main_window.room_menu
    pres = menu.show_presenter()
    qtbot.addWidget(pres)
    page = main_window.show_page("Map")
    room = menu.room
    assert room.view == MAP
    pid = doc_pid = main_window.document.all("processes")[3].id
    page.scene.select_ids("processes", [pid])
    qtbot.waitUntil(lambda: room.map_view.get("selected") == {doc_pid})
    assert pres.map_body.canvas.selected == {pid}
    assert pres.map_body.canvas.lit and pid in pres.map_body.canvas.lit  # the chain is lit
    page.view.set_scale(1.0)  # zoom in on one corner: the room zooms to those cells
    page.view.horizontalScrollBar().setValue(page.view.horizontalScrollBar().minimum())
    page.view.verticalScrollBar().setValue(page.view.verticalScrollBar().minimum())
    qtbot.waitUntil(lambda: pres.map_body.canvas.cells is not None)
    menu.act_follow.trigger()  # Room frozen
    assert not room.follow_pages
    other = main_window.document.all("processes")[5].id
    page.scene.select_ids("processes", [other])
    qtbot.wait(20)
    assert pres.map_body.canvas.selected == {pid}
    # the status bar shows the clock on every page, and a preview of the room
    status = menu.status
    assert status.isVisibleTo(main_window)
    main_window.show_page("Participants")
    room.go_to(1)
    assert status.clock.text().startswith("Step 2/")
    status.update_preview()
    assert not status.preview.pixmap().isNull()


def test_connect_view_lights_a_chain_only_once_picked(main_window, qtbot, tmp_path):
    import shutil
    path = tmp_path / "r.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    main_window.open_file(path)
    pres = main_window.room_menu.show_presenter()
    qtbot.addWidget(pres)
    connect = main_window.show_page("Connect the dots")
    room = main_window.room_menu.room
    assert room.view == CONNECT and room.state.person is None
    assert pres.map_body.canvas.lit is None  # chosen for the facilitator: nothing lit
    item = connect.people.item(2)
    who = item.data(Qt.UserRole)
    connect.people.setCurrentItem(item)
    connect._person_picked()
    assert room.state.person == who
    assert pres.map_body.canvas.lit


def test_slides_export_from_the_command_line(tmp_path):
    out = tmp_path / "slides"
    proc = subprocess.run([sys.executable, "-m", "cxworkshop", "export",
                           str(samples_dir() / "home-services.cxw"), "--slides", str(out),
                           "--size", "1024x768"], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, timeout=180)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names[0] == "01-agenda.png" and "05-map.png" in names and any(
        n.endswith("-hows.png") for n in names)
    from PIL import Image
    assert Image.open(out / "05-map.png").size == (1024, 768)
    bad = subprocess.run([sys.executable, "-m", "cxworkshop", "export",
                          str(samples_dir() / "home-services.cxw"), "--slides", str(out),
                          "--size", "huge"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "--size 'huge': expected WIDTHxHEIGHT" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_export_page_writes_slides(main_window, qtbot, tmp_path):
    import shutil
    path = tmp_path / "r.cxw"
    shutil.copyfile(samples_dir() / "service-desk.cxw", path)
    main_window.open_file(path)
    export = main_window.show_page("Export")
    written = export.write_slides(tmp_path / "s", (800, 600))
    assert written and export.files.count() == len(written)
    assert "slides" in export.status.text()
    assert SessionStore.read(path).info.room == main_window.document.info.room  # untouched
