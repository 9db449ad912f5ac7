"""Traps in front of the room: controls that move under the pointer, input filed under
the wrong item, destructive buttons next to entry fields (issue: no traps)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from cxworkshop.store import SessionStore


def top_left(widget: QWidget, page: QWidget) -> QPoint:
    return widget.mapTo(page, QPoint(0, 0))


@pytest.fixture
def connect_page(qtbot, document):
    from cxworkshop.ui.pages.connect import ConnectPage
    page = ConnectPage(document)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.fit()
    return page


def click_box(qtbot, page, pid: str) -> None:
    item = page.scene.item_for_process[pid]
    pos = page.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(page.view.viewport(), Qt.LeftButton, pos=pos)
    qtbot.wait(10)


def test_connect_form_does_not_move_when_a_process_is_picked(qtbot, connect_page):
    page = connect_page
    page.people.setCurrentRow(0)
    before = {w: top_left(w, page) for w in (page.process_combo, page.statement,
                                             page.remove_button)}
    page.process_combo.setCurrentIndex(page.process_combo.findData("p3"))
    page.process_combo.activated.emit(page.process_combo.currentIndex())
    assert page.chain_label.text()  # the chain line now says something
    after = {w: top_left(w, page) for w in before}
    assert after == before
    # the destructive button is not where an entry field was
    assert page.remove_button.geometry().top() > page.statement.mapTo(
        page.remove_button.parentWidget(), QPoint(0, page.statement.height())).y()


def test_two_people_in_a_row_on_the_same_box_with_one_click_each(qtbot, connect_page,
                                                                  session_path):
    page = connect_page
    page.people.setCurrentRow(0)          # Ana
    click_box(qtbot, page, "p2")
    page.people.setCurrentRow(1)          # Bo: the map no longer shows Ana's box selected
    assert page.scene.selected_ids().get("processes", []) == []
    click_box(qtbot, page, "p2")
    stored = sorted((p.participant, p.process) for p in SessionStore.read(session_path).placements)
    assert stored == [("u1", "p2"), ("u2", "p2")]
    page.people.setCurrentRow(0)          # Ana's own box is shown selected
    assert page.scene.selected_ids()["processes"] == ["p2"]
    # a click on a box that is already selected still places the current person
    page.unplace()
    page._filling = True
    page.scene.select_ids("processes", ["p3"])
    page._filling = False
    click_box(qtbot, page, "p3")
    assert page.current_placement() is not None and page.current_placement().process == "p3"


def test_remove_from_the_map_says_so_and_offers_undo(qtbot, connect_page, session_path):
    page = connect_page
    page.people.setCurrentRow(0)
    assert page.place("p1")
    assert page.unplace()
    assert "Ana is no longer on “Take enquiry”" in page.message.text()
    assert "href='undo'" in page.message.text()
    assert SessionStore.read(session_path).placements == []
    page.message.linkActivated.emit("undo")
    assert [(p.participant, p.process) for p in SessionStore.read(session_path).placements] == \
        [("u1", "p1")]
    assert page.message.text() == ""


def test_connect_map_fits_its_space_and_refits_on_resize(qtbot, connect_page):
    page = connect_page
    qtbot.wait(20)
    first = page.view.scale_factor()
    page.resize(1920, 1080)
    qtbot.wait(50)
    assert page.view.scale_factor() > first
    lay = page.scene.layout
    right = page.view.mapFromScene(lay.width, 0).x()
    assert right <= page.view.viewport().width()   # "Ongoing service" is not cut off


def test_champions_form_does_not_move_after_the_first_call_out(qtbot, document):
    from cxworkshop.ui.pages.champions import ChampionsPage
    page = ChampionsPage(document)
    qtbot.addWidget(page)
    page.resize(1060, 760)
    page.show()
    qtbot.waitExposed(page)
    before = top_left(page.nominee_combo, page)
    page.nominee_combo.setEditText("Zoë")
    page.behaviour_edit.setPlainText("Drove the part over")
    assert page.add_callout()
    qtbot.wait(10)
    assert "called out" in page.message.text()
    assert top_left(page.nominee_combo, page) == before
    assert not page.add_callout()          # an error message: still nothing moves
    assert top_left(page.nominee_combo, page) == before


def test_second_action_is_not_filed_under_the_first_ones_process(qtbot, document,
                                                                  session_path):
    from cxworkshop.ui.pages.actions import ActionsPage
    page = ActionsPage(document)
    qtbot.addWidget(page)
    page.text_edit.setText("Tariff leaflet")
    page.owner_combo.setEditText("Marketing")
    page.process_combo.setCurrentIndex(page.process_combo.findData("p3"))
    assert page.add_action()
    page.text_edit.setText("Give service desk a CRM status page")
    assert page.add_action()
    stored = {a.text: (a.owner, a.process) for a in SessionStore.read(session_path).actions}
    assert stored == {"Tariff leaflet": ("Marketing", "p3"),
                      "Give service desk a CRM status page": ("", None)}


def test_undo_says_what_it_undid_and_where(qtbot, main_window, session_path):
    main_window.open_file(session_path)
    actions = main_window.show_page("Actions")
    actions.text_edit.setText("Call Mrs Bell")
    assert actions.add_action()
    assert "Added" in actions.message.text()
    main_window.show_page("Map")                      # undo from another page
    main_window.undo()
    assert main_window.undo_notice.text() == "Undid: Add action “Call Mrs Bell” (Actions)"
    assert actions.message.text() == ""               # no stale "Added …" for a gone item
    main_window.redo()
    assert main_window.undo_notice.text() == "Redid: Add action “Call Mrs Bell” (Actions)"
    main_window.show_page("Map")
    main_window.undo_notice.label.linkActivated.emit("show")
    assert main_window.stack.currentWidget() is actions
    aid = main_window.document.workshop.actions[0].id
    assert actions.selected_ids() == [aid]


def test_contact_not_given_is_stored_and_counted_as_unknown(qtbot, document, session_path):
    from cxworkshop.model.stats import story_stats
    from cxworkshop.ui.pages.stories import StoriesPage
    page = StoriesPage(document)
    qtbot.addWidget(page)
    page.people.setCurrentRow(0)
    assert page.set_recency("cant_remember")
    story = SessionStore.read(session_path).stories[0]
    assert story.contact == "unknown"
    stats = story_stats(document.workshop)
    assert stats.contact == {"direct": 0, "indirect": 0, "unknown": 1}
    assert page.findChild(QWidget, "contact_unknown").isChecked()


def _luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("high_contrast", [False, True])
def test_chosen_answer_buttons_are_unmistakable(qtbot, document, high_contrast):
    import re

    from cxworkshop.ui.pages.stories import StoriesPage
    from cxworkshop.ui.theme import Theme
    Theme.high_contrast = high_contrast
    try:
        Theme.apply()
        page = StoriesPage(document)
        qtbot.addWidget(page)
        sheet = page.recency_buttons["today"].styleSheet()  # the answer button's own look
    finally:
        Theme.high_contrast = False
        Theme.apply()
    # leaving High Contrast restyles the buttons already shown
    assert page.recency_buttons["today"].styleSheet() != sheet or not high_contrast
    plain = re.search(r'QPushButton \{[^}]*background: (#\w{6})', sheet)[1]
    chosen, chosen_text = re.search(
        r'QPushButton:checked \{ background: (#\w{6}); color: (#\w{6})', sheet).groups()
    assert contrast(plain, chosen) >= 3.0          # not "a slightly darker grey"
    assert contrast(chosen, chosen_text) >= 4.5    # the chosen button's text reads
    page.people.setCurrentRow(0)
    assert page.set_recency("this_week")
    assert page.recency_buttons["this_week"].text() == "✓ 2  This week"
    assert page.recency_buttons["today"].text() == "1  Today"


def test_agenda_current_step_is_the_highlighted_row(qtbot, document):
    from cxworkshop.model import AgendaItem
    from cxworkshop.ui.pages.agenda import AgendaPage
    document.add(*(AgendaItem(f"a{i}", f"Step {i + 1}", 5) for i in range(8)))
    page = AgendaPage(document)
    qtbot.addWidget(page)
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [0]
    for _ in range(7):
        page.room.next_step()
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [7]
    # a row picked by the facilitator (to edit or move) stays picked on a document change
    page.table.selectRow(2)
    document.update("agenda", "a5", planned_minutes=9)
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [2]
