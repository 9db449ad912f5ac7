"""Help menu: Keyboard shortcuts from the real actions (F1), User guide offline, About."""
from __future__ import annotations

import warnings

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from cxworkshop import __version__
from cxworkshop.ui import help as help_menu


def _native(seq) -> str:
    return QKeySequence(seq).toString(QKeySequence.NativeText)


def test_help_is_the_last_menu_with_shortcuts_guide_and_about(main_window):
    titles = [a.text() for a in main_window.menuBar().actions()]
    assert titles[-1] == "&Help"
    texts = [a.text() for a in main_window.help_menu.actions()]
    assert texts == ["&Keyboard Shortcuts", "&User Guide", "&About cxworkshop"]
    assert main_window.act_shortcuts.shortcut() == QKeySequence(Qt.Key_F1)


def test_f1_lists_every_shortcut_the_window_really_has(main_window, qtbot, session_path):
    main_window.open_file(session_path)
    main_window.show()
    with warnings.catch_warnings():  # deprecated, but offscreen windows are not activated
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(main_window)
    qtbot.wait(20)
    qtbot.keyClick(QApplication.focusWidget() or main_window, Qt.Key_F1)
    dialog = main_window._help_dialog
    assert isinstance(dialog, help_menu.ShortcutsDialog) and dialog.isVisible()
    table = {(dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())
             for r in range(dialog.table.rowCount())}
    assert ("Undo", _native(QKeySequence.Undo)) in {(w.split(" ")[0], k.split(", ")[0])
                                                   for w, k in table}
    assert ("Full Screen", "F11") in table
    assert ("Keyboard Shortcuts", "F1") in table
    assert any(k == "F5" for _, k in table)  # the presenter window
    assert any(k == _native("Ctrl+1") for _, k in table)  # Go ▸ first step
    # every action of the window with a shortcut is there, with all its keys
    for action in main_window.findChildren(QAction):
        keys = ", ".join(_native(k) for k in action.shortcuts() if help_menu._on_a_keyboard(k))
        if keys:
            assert keys in {k for _, k in table}, action.text()
    # the search narrows the list
    dialog.filter.setText("full screen")
    shown = [r for r in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(r)]
    assert [dialog.table.item(r, 1).text() for r in shown] == ["Full Screen"]
    dialog.close()


def test_a_new_action_shows_up_without_editing_a_table(main_window):
    act = main_window.view_menu.addAction("Zoom &Everything")
    act.setShortcut(QKeySequence("Ctrl+Alt+E"))
    rows = help_menu.shortcut_rows(main_window)
    assert ("View", "Zoom Everything", _native("Ctrl+Alt+E")) in rows


def test_user_guide_is_the_readmes_facilitator_part_with_its_pictures(main_window, qtbot):
    main_window.act_guide.trigger()
    dialog = main_window._help_dialog
    text = dialog.browser.toPlainText()
    assert "Running a workshop" in text and "The process map" in text
    assert "For developers" not in text and "pytest" not in text
    html = dialog.browser.toHtml()
    assert "file://" in html and "screenshots/map.png" in html
    assert "resources/screenshots" not in help_menu.user_guide_markdown().replace(
        str(help_menu.resources_dir()), "")
    dialog.close()


def test_about_names_the_version_and_the_licences(main_window):
    main_window.act_about.trigger()
    text = main_window._help_dialog.browser.toPlainText()
    assert f"cxworkshop {__version__}" in text
    for name in ("PySide6", "LGPL-3.0", "ReportLab", "sqlite-utils", "Apache-2.0", "DejaVu",
                 "Bitstream"):
        assert name in text, name
    main_window._help_dialog.close()
