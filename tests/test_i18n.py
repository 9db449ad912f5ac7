"""Translation: one catalogue (resources/i18n), German by LANG or Preferences, plurals,
PDFs through the same catalogue, and no visible text outside the catalogue."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from cxworkshop import i18n
from cxworkshop.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def test_the_catalogue_is_generated_and_german_is_complete():
    run = subprocess.run([sys.executable, str(ROOT / "resources" / "i18n" / "update_catalogue.py"),
                          "--check"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr  # run resources/i18n/update_catalogue.py, translate
    msgids = {e["msgid"] for e in i18n.parse_po(
        (ROOT / "resources" / "i18n" / "cxworkshop.pot").read_text(encoding="utf-8"))}
    assert {"&File", "&Keyboard Shortcuts", "Process map", "Overview"} <= msgids


@pytest.mark.parametrize("env, expected", [
    ({"LANG": "de_DE.UTF-8"}, "de"), ({"LANG": "de_AT.UTF-8"}, "de"),
    ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
    ({"LANGUAGE": "fr:de", "LANG": "fr_FR.UTF-8"}, "de"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_MESSAGES": "de_CH.UTF-8"}, "de")])
def test_language_from_the_environment(env, expected, monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert i18n.detect_language() == expected
    assert i18n.detect_language("de") == "de"  # a choice in Preferences wins


def test_plural_forms(german):
    one = i18n.ngettext("{n} problem:", "{n} problems:", 1).format(n=1)
    many = i18n.ngettext("{n} problem:", "{n} problems:", 3).format(n=3)
    assert (one, many) == ("1 Problem:", "3 Probleme:")
    i18n.set_language("en")
    assert i18n.ngettext("{n} problem:", "{n} problems:", 1).format(n=1) == "1 problem:"


def _visible_texts(widget: QWidget) -> dict[str, QWidget]:
    """Every text a user reads on ``widget`` and its visible children."""
    texts: dict[str, QWidget] = {}
    widgets = [widget, *widget.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(widget) and w is not widget:
            continue
        if w.isWindow() and w.windowTitle():
            texts[w.windowTitle()] = w
        if isinstance(w, QLabel):
            texts[w.text()] = w
        elif isinstance(w, QAbstractButton) and not isinstance(w.parent(), QDialogButtonBox):
            texts[w.text()] = w  # the standard buttons are Qt's (qtbase translation)
        elif isinstance(w, QGroupBox):
            texts[w.title()] = w
        elif isinstance(w, QLineEdit):
            texts[w.placeholderText()] = w
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                texts[w.horizontalHeaderItem(c).text()] = w
        elif isinstance(w, QMenu):
            for a in w.actions():
                texts[a.text()] = w
    return {t: w for t, w in texts.items() if re.search(r"[A-Za-z]{2}", t or "")}


def _in_catalogue(text: str, templates: list[re.Pattern], msgids: set[str]) -> bool:
    plain = re.sub(r"<[^>]+>", "", text)  # a label's rich text around a catalogue string
    return any(t in msgids or any(p.fullmatch(t) for p in templates) for t in (text, plain))


def _catalogue():
    entries = i18n.parse_po((ROOT / "resources/i18n/cxworkshop.pot").read_text("utf-8"))
    msgids = {e["msgid"] for e in entries} | {e.get("msgid_plural") for e in entries}
    templates = [re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(m)), re.S)
                 for m in msgids if m and "{" in m]
    return msgids, templates


def test_every_visible_text_of_the_window_menus_and_dialogs_is_in_the_catalogue(
        main_window, qtbot, session_path):
    """Fails when someone adds a visible text without tr() (then run the catalogue script)."""
    from cxworkshop.io.templates import available
    from cxworkshop.ui.crash import CrashDialog
    from cxworkshop.ui.help import AboutDialog, GuideDialog, ShortcutsDialog
    from cxworkshop.ui.parking_view import ParkingLotView
    from cxworkshop.ui.preferences import PreferencesDialog
    from cxworkshop.ui.templates import TemplateDialog
    msgids, templates = _catalogue()
    main_window.show()
    empty_state = _visible_texts(main_window)  # the window before a workshop is open
    main_window.open_file(session_path)  # (the pages: see the test below)
    from cxworkshop.ui.help import submenus
    menus = list(submenus(main_window.menuBar()).values())  # not QAction.menu(): see there
    surfaces: list[QWidget] = list(menus)
    surfaces.append(main_window.recent_menu)
    dialogs = [ShortcutsDialog(main_window), GuideDialog(main_window), AboutDialog(main_window),
               CrashDialog("Error: x", "details", Path("/tmp/x.log"), main_window),
               PreferencesDialog(main_window.settings, main_window),
               TemplateDialog(available(), parent=main_window),
               TemplateDialog(None, "last-year.cxw", parent=main_window),
               ParkingLotView(main_window.document)]
    for d in dialogs:
        qtbot.addWidget(d)
        d.show()
    surfaces += dialogs
    main_window._fill_recent()
    assert dialogs[3].message.text().count("<br>") >= 4  # (its parts: see the German test)
    missing = {}
    for surface in [main_window, *surfaces]:
        texts = empty_state if surface is main_window else _visible_texts(surface)
        for text, w in texts.items():
            if text == "cxworkshop" or \
                    text.startswith(("cxworkshop ", "Undid", "Redid")):
                continue  # the product name with its version; the undo notices
            if w is main_window.sidebar or w is dialogs[3].message:
                continue  # step names are checked below; the crash text holds the error
            if not _in_catalogue(text, templates, msgids) and not \
                    (isinstance(surface, QMenu) and surface is main_window.recent_menu
                     and "—" in text):
                missing[text] = type(w).__name__
    assert not missing, sorted(missing)
    for i in range(main_window.sidebar.count()):  # step names: the pages' titles
        assert main_window.sidebar.item(i).text() in msgids


def _session_words(workshop) -> set[str]:
    """Every text the session itself holds (names, answers, titles): shown as data."""
    words: set[str] = set()
    for kind in workshop.tables:
        for row in workshop.tables[kind].values():
            for value in vars(row).values():
                if isinstance(value, str):
                    words.add(value)
    info = workshop.info
    words.update(v for v in vars(info).values() if isinstance(v, str))
    words.update(info.stages)
    words.update(info.prompts)
    return words


def _page_texts(window, title: str) -> dict[str, QWidget]:
    page = window.show_page(title)
    page.ensure_fresh()
    texts = _visible_texts(page)
    for tabs in page.findChildren(QTabWidget):  # every tab, not only the one shown
        for i in range(tabs.count()):
            texts[tabs.tabText(i)] = tabs
            texts.update(_visible_texts(tabs.widget(i)))
    for combo in page.findChildren(QComboBox):  # the choices a list offers
        if combo.isVisibleTo(page) and not combo.isEditable():
            for i in range(combo.count()):
                texts[combo.itemText(i)] = combo
    for view in page.findChildren(QAbstractItemView):  # table headers from models
        model = view.model()
        if model is not None and isinstance(view, QTableView):
            for c in range(model.columnCount()):
                header = model.headerData(c, Qt.Horizontal, Qt.DisplayRole)
                if isinstance(header, str):
                    texts[header] = view
    return texts


@pytest.mark.parametrize("sample", [None, "home-services.cxw"])
def test_every_visible_text_of_the_pages_is_in_the_catalogue(main_window, qtbot, session_path,
                                                             tmp_path, sample):
    """Each page's own words (headings, hints, buttons, fields, choices, table headers,
    tabs) come from the catalogue; what the session holds (names, answers) is data and
    stays as typed. On a small session and on a full sample workshop (statistics,
    metrics, answered questions show more of the pages' words)."""
    msgids, templates = _catalogue()
    if sample is not None:
        session_path = tmp_path / sample
        shutil.copy(ROOT / "sample_sessions" / sample, session_path)
    main_window.show()
    main_window.open_file(session_path)
    data = _session_words(main_window.document.workshop)
    missing: dict[str, str] = {}
    checked = 0
    for title in main_window.page_titles():
        checked += 1
        for text, w in _page_texts(main_window, title).items():
            plain = re.sub(r"<[^>]+>", "", text).strip()
            if not re.search(r"[A-Za-z]{2}", plain) or text in data or plain in data:
                continue
            if _in_catalogue(text, templates, msgids):
                continue
            # a text put together from catalogue strings and the session's own words:
            # lines, " · " parts, a mark or key in front ("✓ 2  This week", "1. How…")
            pieces = [re.sub(r"^(?:[✓●○⚠★]\s*)?(?:[0-9A-Z]  |\d+\. )?", "", piece).strip()
                      for line in plain.split("\n") for piece in line.split(" · ")]
            for piece in pieces:
                if not piece or not re.search(r"[A-Za-z]{2}", piece) or piece in data:
                    continue
                if re.fullmatch(r"[YMDdmy]{1,4}(?:[-./][YMDdmy]{1,4}){2}", piece):
                    continue  # a date format hint (the locale's own)
                if all(part in data for part in re.split(r" — |, |★ ", piece) if part.strip()):
                    continue  # a choice made of the session's names ("Quote — Sales, Decide")
                if not _in_catalogue(piece, templates, msgids):
                    missing[f"{title}: {piece}"] = type(w).__name__
    assert checked >= 12
    assert not missing, "\n".join(sorted(missing))


def test_the_german_window_shows_german_page_texts(qtbot, session_path, german, settings):
    """Every page text that has a German translation is shown in German, on every
    converted page; and a few words a German facilitator would look for."""
    from cxworkshop.ui.main_window import MainWindow
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.open_file(session_path)
    german = {e["msgid"]: e.get("msgstr") for e in i18n.parse_po(
        (ROOT / "resources/i18n/de.po").read_text("utf-8")) if e.get("msgstr")}
    english_left: dict[str, str] = {}
    seen: set[str] = set()
    for title in window.page_titles():
        for text in _page_texts(window, title):
            seen.add(text)
            if text in german and german[text] != text:
                english_left[f"{title}: {text}"] = german[text]
    assert not english_left, sorted(english_left)
    for expected in ("Maßnahme hinzufügen", "Zeilen aus Tabelle einfügen", "Fragekarte",
                     "Bestenliste", "Agenda und Zeitnahme", "Workshop-Überblick",
                     "Themenspeicher", "Neue Änderung: Titel schreiben, Enter drücken",
                     "Export zum Drucken", "NPS für alle"):
        assert any(expected in t for t in seen), expected
    room = [a.text() for a in window.room_menu.menu.actions() if a.text()]
    assert "&Präsentationsfenster" in room and "Raum-&Link starten…" in room
    window.set_document(None)


def test_the_app_speaks_german_when_asked(main_window, qtbot, session_path, german, settings):
    from cxworkshop.ui.help import ShortcutsDialog
    from cxworkshop.ui.main_window import MainWindow
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.open_file(session_path)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:4] == ["&Datei", "&Bearbeiten", "&Ansicht", "&Gehe zu"]
    assert menus[-1] == "&Hilfe"
    steps = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert "Überblick" in steps and "Teilnehmende" in steps and "Landkarte" in steps
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Tastenkürzel"
    assert ("Ansicht", "Vollbild", "F11") in dialog.rows
    from cxworkshop.ui.crash import CrashDialog
    crash = CrashDialog("OSError: x", "details", Path("/tmp/x.log"), window)
    qtbot.addWidget(crash)
    assert "Nichts Gespeichertes ist verloren" in crash.message.text()
    assert "Protokolldatei" in crash.message.text() and "Einzelheiten" in crash.copy_button.text()
    window.set_document(None)


def test_preferences_choose_german_for_the_next_start(main_window, qtbot, qapp):
    from cxworkshop.app import install_language
    from cxworkshop.ui.preferences import LANGUAGE_KEY, PreferencesDialog
    main_window.act_preferences.trigger()
    dialog = main_window._preferences_dialog
    combo = dialog.language
    assert [combo.itemText(i) for i in range(1, combo.count())] == ["English", "Deutsch"]
    combo.setCurrentIndex(combo.findData("de"))
    dialog.accept()
    assert main_window.settings.value(LANGUAGE_KEY) == "de"
    try:
        assert install_language(qapp, main_window.settings.value(LANGUAGE_KEY)) == "de"
        assert i18n.tr("&File") == "&Datei"
        again = PreferencesDialog(main_window.settings, main_window)
        qtbot.addWidget(again)
        assert again.language.currentData() == "de" and again.windowTitle() == "Einstellungen"
    finally:
        install_language(qapp, "en")  # Qt's own words back to English for later tests
        assert i18n.language() == "en"


def test_pdfs_use_the_same_catalogue(session_path, tmp_path, monkeypatch):
    from pypdf import PdfReader
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_PAPER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    out = tmp_path / "bericht.pdf"
    try:
        assert main(["export", str(session_path), "--pdf", str(out)]) == 0
    finally:
        i18n.set_language("en")
    reader = PdfReader(out)
    cover = reader.pages[0].extract_text()
    assert "BERICHT FÜR DIE MODERATION" in cover and "In diesem Bericht" in cover
    assert "Prozesslandkarte" in [o.title for o in reader.outline]


def test_the_advisory_group_checks_speak_german(german):
    """The composition checks (page and PDF) and the roster's CSV problems come back German,
    with German numbers and cases."""
    from cxworkshop.io.roster_csv import parse_tenure
    from cxworkshop.model import Workshop
    from cxworkshop.model.roster import composition_checks
    checks = composition_checks(Workshop())
    assert [c.name for c in checks] == ["Größe", "Abteilungen", "Anteil einer Abteilung",
                                        "Kundenkontakt und hinter den Kulissen",
                                        "Betriebszugehörigkeit", "Standorte"]
    assert checks[0].message == "Noch keine Mitglieder: Die Gruppe braucht 10–12 Personen."
    from tests.test_roster import balanced
    tenure = composition_checks(balanced())[4]
    assert tenure.message == ("Von 0,5 bis 12 Jahren: 3 Neue (unter 2 Jahren) und "
                              "6 Langjährige (5 Jahre oder mehr).")
    with pytest.raises(ValueError, match="Betriebszugehörigkeit „viel“ ist keine Zahl"):
        parse_tenure("viel")


def _english_left(texts, data: set[str]) -> dict[str, str]:
    """Texts (or their " · ", " — ", ": " parts) that are an English catalogue string
    whose German differs: a place that still shows English in a German app."""
    german = {e["msgid"]: e.get("msgstr") for e in i18n.parse_po(
        (ROOT / "resources/i18n/de.po").read_text("utf-8")) if e.get("msgstr")}
    left = {}
    for text in texts:
        for piece in {text, *re.split(r" · | — | – |: |\n", text)}:
            piece = piece.strip()
            if piece and piece not in data and piece in german and german[piece] != piece:
                left[piece] = german[piece]
    return left


def test_the_presenter_window_speaks_german(qtbot, german):
    """Every view of the room's screen: header (step, clock words), titles, labels, cards
    and the map's lane names in German; nothing there is an English catalogue string."""
    from cxworkshop.document import SessionDocument
    from cxworkshop.resources import samples_dir
    from cxworkshop.store import SessionStore
    from cxworkshop.ui.presenter import (
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
        RoomController,
    )
    from cxworkshop.ui.presenter.window import PresenterWindow
    doc = SessionDocument(workshop=SessionStore.read(samples_dir() / "home-services.cxw"))
    room = RoomController(doc, clock=lambda: 0.0, wall=lambda: 0.0)
    win = PresenterWindow(room)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    data = _session_words(doc.workshop)
    texts: set[str] = set()
    room.reveal_all()
    for view in (AGENDA, PROMPT, STATS, ANSWERS, MAP, CONNECT, HOWS, CHAMPIONS, ACTIONS,
                 SUMMARY):
        room.show(view)
        texts |= {win.header.step, win.header.words, win.title_label.text(),
                  win.board.empty}
        texts |= {lbl.text() for lbl in win.findChildren(QLabel) if lbl.isVisibleTo(win)}
        if win.stack.currentWidget() is win.board:
            texts |= {c.head for c in win.board.cards if c.head}
            texts |= {t for c in win.board.cards for t, _ in c.lines if t}
        if view == MAP:
            win.map_body.canvas._ensure_layout()
            texts |= {name for name, _c, _r in win.map_body.canvas.lanes}
    texts.discard("")
    assert not _english_left(texts, data), _english_left(texts, data)
    joined = "\n".join(texts)
    for expected in ("Schritt 1 von", "Was uns der Raum gesagt hat", "Bestenliste",
                     "Zuerst verbessern (meiste Stimmen)", "Risiko und Entscheidung",
                     "Wann war das?", "Die Prozesslandkarte", "Neueste Nennung"):
        assert expected in joined, expected
    room.show(AGENDA)
    words = ("übrig", "letzte Minute", "überzogen", "vergangen")
    for _ in range(2):
        word, *paused = win.header.words.split(" · ")
        assert word in words and paused == ([] if room.timer.running else ["pausiert"])
        room.toggle_timer()


def test_the_status_bar_clock_and_the_map_speak_german(main_window, qtbot, session_path,
                                                       german):
    """The room clock in the facilitator's status bar; the map scene's lane names,
    hints, spoken names, context menu and a refused edit there."""
    from cxworkshop.model import AgendaItem
    main_window.show()
    main_window.open_file(session_path)
    main_window.document.add(AgendaItem("g0", "Begrüßung", 5))
    room = main_window.room_menu.room
    assert room is not None and room.current_step() is not None
    main_window.room_menu.status.update_clock()
    clock = main_window.room_menu.status.clock.text()
    assert clock.startswith("Schritt 1/") and "(pausiert)" in clock, clock
    page = main_window.show_page("Map")
    page.ensure_fresh()
    scene = page.scene
    lanes = [lane.name for lane in scene.layout.lanes]
    assert "Nicht zugeordnet" in lanes and "Unassigned" not in lanes
    item = next(iter(scene.item_for_process.values()))
    assert scene.accessible_text(item).startswith("Prozess ")
    acts = [a.text() for a in page.view.edit_actions.values()]
    assert "&Kopieren" in acts and "&Umbenennen" in acts
    doc = main_window.document
    doc.update("session", None, vote_budget=0, text="no votes")
    assert not scene.vote(item.pid, +1)
    hints = [i.text() for i in scene.items() if hasattr(i, "text") and callable(i.text)
             and type(i).__name__ == "HintItem"]
    assert any(h.startswith(("Keine Stimmen mehr", "Noch stimmt niemand ab")) for h in hints), \
        hints


def test_a_refused_edit_comes_back_german(german):
    from cxworkshop.model import Workshop, ops, rules
    w = Workshop()
    with pytest.raises(ops.Refused, match="Noch stimmt niemand ab"):
        process = ops.add_process(w, "Angebot", None, 0)
        w.apply(process)
        ops.vote(w, process[-1].entity.id)
    assert rules.required_message("processes", "name") == "Ein Prozess braucht einen Namen."
    assert rules.email_problem("a b@x.de") == "„a b@x.de“ ist keine E-Mail-Adresse " \
        "(sie enthält ein Leerzeichen)"
    with pytest.raises(ops.Refused, match="Es gibt schon eine Abteilung namens vertrieb"):
        w.apply(ops.add_department(w, "Vertrieb"))
        ops.add_department(w, "vertrieb")
    assert ops.add_process(w, "Angebot", None, 0).text == "Prozess hinzufügen"  # the undo text
    from cxworkshop.io.nps_csv import parse_scores_csv
    from cxworkshop.io.participants_csv import parse_participants_csv
    people = parse_participants_csv("name,customer_facing\n,ja\nAnna,vielleicht\n", w)
    assert people.problems == ["Zeile 2: der Name ist leer",
                               "Zeile 3: Kundenkontakt „vielleicht“ ist weder ja noch nein"]
    scores = parse_scores_csv("Score\n11\n", w)
    assert scores.problems == ["Zeile 2: „11“ ist keine ganze Zahl von 0 bis 10"]
    from cxworkshop.model.stats import story_stats
    stats = story_stats(w)
    assert [label for label, _n in stats.recency_rows()][0] == "Heute"
    assert "Weiß nicht" in [label for label, _n in stats.outcome_rows()]


def test_an_export_reports_its_progress_and_summary_in_german(session_path, tmp_path,
                                                             german):
    from cxworkshop.export.pdf_export import ExportRequest, run_export
    from cxworkshop.store import SessionStore
    w = SessionStore.read(session_path)
    seen: list[str] = []
    result = run_export(w, ExportRequest(report=tmp_path / "bericht.pdf", paper="a4"),
                        lambda done, total, what: seen.append(what) or True)
    assert seen == ["Bericht wird geschrieben…", "Erledigt"]
    from cxworkshop.fileutil import OutputRefused, check_output
    with pytest.raises(OutputRefused, match="ist ein Ordner; geben Sie einen Dateinamen an"):
        check_output(tmp_path, "pdf")
    notes = tmp_path / "notizen.pdf"
    notes.write_text("meine Notizen\n")
    with pytest.raises(OutputRefused) as refused:
        check_output(notes, "pdf")
    assert refused.value.held == "eine Textdatei" and "nicht eine PDF" in str(refused.value)
    assert result.summary[0].startswith(f"{tmp_path / 'bericht.pdf'} geschrieben (")


def test_the_template_dialog_and_the_parking_lot_window_speak_german(qtbot, document,
                                                                     german):
    from cxworkshop.io.templates import available
    from cxworkshop.ui.parking_view import ParkingLotView
    from cxworkshop.ui.templates import TemplateDialog
    dialog = TemplateDialog(available())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Neu aus Vorlage"
    assert dialog.list.item(0).text().startswith("Leerer Workshop\n    Das heutige Datum")
    assert dialog.people.text().startswith("Auch die Personen kopieren")
    view = ParkingLotView(document)
    qtbot.addWidget(view)
    assert view.windowTitle() == "Themenspeicher"
    assert view.heading.text().startswith("Themenspeicher · ")


def test_a_new_german_workshop_starts_with_german_stages_questions_and_agenda(german):
    """The defaults a new workshop gets are written in the current language (an edited
    defaults file keeps its own words); a German agenda step still opens its page."""
    from cxworkshop.model.templates import new_workshop
    from cxworkshop.ui.presenter import page_for_step
    w = new_workshop("Q3 2026")
    assert w.info.stages[0] == "Bedarf" and w.info.stages[-1] == "Laufender Service"
    assert w.info.prompts[0] == "Mit welcher Kundschaft hatten Sie zuletzt direkt zu tun?"
    steps = [s.title for s in w.all("agenda")]
    assert steps[0] == "Begrüßung und Ziel" and "Maßnahmen und Abschluss" in steps
    titles = ["Overview", "Participants", "Last customer", "Map", "Connect the dots",
              "5 Hows", "Advisory group", "Champions", "Actions", "Agenda"]
    assert [page_for_step(s, titles) for s in steps] == [
        "Overview", "Last customer", "Map", "Map", "Connect the dots", "5 Hows",
        "Champions", "Actions"]
    i18n.set_language("en")
    assert new_workshop().info.stages[0] == "Need"


def test_the_storage_layer_speaks_german(german, tmp_path):
    """Refusals of the session file (locked, cut off, changed outside) come back German,
    and a cut-off file is still recognised (by a flag, not the English word) and repaired."""
    import os
    import sqlite3

    from cxworkshop.model import Workshop, ops
    from cxworkshop.store import (
        ChangedOutside,
        DamagedSession,
        SessionLocked,
        SessionStore,
        check_file,
        write_session_file,
    )
    from cxworkshop.store.repair import repair_file

    from .test_malformed import SAMPLE
    path = tmp_path / "Workshop.cxw"
    write_session_file(path, Workshop())
    with SessionStore.open(path), pytest.raises(SessionLocked) as locked:
        SessionStore.open(path)
    message = str(locked.value)
    assert message.startswith("Workshop.cxw ist schon in einem anderen cxworkshop-Fenster "
                              f"geöffnet (Prozess {os.getpid()} auf "), message
    assert message.endswith("Schließen Sie die Datei dort zuerst, oder öffnen Sie sie "
                            "schreibgeschützt."), message

    cut = tmp_path / "Abgeschnitten.cxw"
    data = SAMPLE.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedSession) as damaged:
        SessionStore.open(cut)
    assert str(damaged.value) == "Abgeschnitten.cxw ist beschädigt: Die Datei ist abgeschnitten"
    assert damaged.value.truncated
    assert check_file(cut) == ["Abgeschnitten.cxw ist beschädigt: Die Datei ist abgeschnitten"]
    report: list[str] = []
    repaired = repair_file(cut, report)  # German messages: still read page by page
    assert repaired.name == "Abgeschnitten.repaired.cxw"
    assert len(SessionStore.read(repaired).departments) > 0
    assert "Seite für Seite gelesen" in " ".join(report), report
    assert report[-1].startswith("wiederhergestellt: "), report

    from .test_store import _file_at_version
    broken = tmp_path / "Verweis.cxw"
    _file_at_version(broken, 1)
    conn = sqlite3.connect(broken)
    conn.execute("UPDATE process SET department = 'zz'")
    conn.commit()
    conn.close()
    report = []
    repair_file(broken, report)
    assert report == ["processes Zeile 1 ('p1'): behalten, ohne den fehlenden Bezug "
                      "department ('zz')", "wiederhergestellt: 1 departments, 1 processes"]

    foreign = tmp_path / "Fremd.cxw"
    write_session_file(foreign, Workshop())
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON department BEGIN "
                 "DELETE FROM department; END")
    conn.execute("CREATE VIEW extra AS SELECT 1")
    conn.commit()
    conn.close()
    with pytest.raises(DamagedSession) as refused:
        SessionStore.open(foreign)
    assert str(refused.value).startswith(
        "Fremd.cxw enthält etwas, das cxworkshop nicht angelegt hat (Trigger „wipe“ und 1 "
        "weiteres Objekt); "), str(refused.value)
    assert [p.split(":")[0] for p in check_file(foreign)] == ["Trigger „wipe“", "Sicht „extra“"]

    with SessionStore.open(path) as store:
        w = store.load()
        other = tmp_path / "other.cxw"
        write_session_file(other, Workshop())
        os.replace(other, path)
        with pytest.raises(ChangedOutside) as outside:
            store.apply(ops.add_department(w, "Vertrieb"))
    assert str(outside.value) == (
        "Dieser Workshop wurde außerhalb von cxworkshop geändert (Workshop.cxw wurde durch "
        "eine andere Datei ersetzt). Ihre Änderung wurde nicht gespeichert, und es wird nichts "
        "mehr hineingeschrieben: Laden Sie ihn neu, speichern Sie Ihre Fassung als Kopie, oder "
        "schließen Sie ihn.")


def test_the_check_command_reports_a_cut_off_file_in_german(tmp_path, capsys, monkeypatch):
    from .test_malformed import SAMPLE
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    cut = tmp_path / "Abgeschnitten.cxw"
    data = SAMPLE.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    try:
        assert main(["check", str(cut), "--repair"]) == 0
    finally:
        i18n.set_language("en")
    out = capsys.readouterr().out
    assert "Abgeschnitten.cxw: Abgeschnitten.cxw ist beschädigt: Die Datei ist abgeschnitten" \
        in out
    assert (tmp_path / "Abgeschnitten.repaired.cxw").exists()


def _cli(*args: str, lang: str) -> subprocess.CompletedProcess:
    """``cxworkshop ARGS`` as a user with LANG=lang types it (no other locale variable)."""
    import os
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "cxworkshop", *args], capture_output=True,
                          text=True, timeout=60, env=env)


def test_the_command_line_speaks_the_language_of_LANG(tmp_path):
    """Help, errors and summaries of the CLI in German with LANG=de_DE, English with LANG=C
    (argparse's own "usage:" and "options:" stay English)."""
    top = _cli("--help", lang="de_DE.UTF-8")
    assert top.returncode == 0
    assert "Customer-Experience-Workshops, offline." in top.stdout
    assert "eine leere Workshop-Datei anlegen" in top.stdout  # the commands' one-line help
    assert "diese Hilfe zeigen und beenden" in top.stdout
    export = _cli("export", "--help", lang="de_DE.UTF-8")
    assert "den Workshop als JSON (--json) oder PDF (--pdf) schreiben" in export.stdout
    assert "der Bericht für die Moderation" in export.stdout
    assert "Papierformat (Standard: letter" in export.stdout
    missing = tmp_path / "fehlt.json"
    bad = _cli("import", str(missing), str(tmp_path / "neu.cxw"), lang="de_DE.UTF-8")
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"cxworkshop: {missing}: kann nicht gelesen werden (")
    suffix = _cli("new", str(tmp_path / "neu.txt"), lang="de_DE.UTF-8")
    assert suffix.returncode == 1 and suffix.stderr.strip() == (
        f"cxworkshop: {tmp_path / 'neu.txt'}: Der Name einer Workshop-Datei muss auf .cxw enden")
    made = _cli("new", str(tmp_path / "neu.cxw"), lang="de_DE.UTF-8")
    assert made.stdout.strip() == f"{tmp_path / 'neu.cxw'} angelegt"
    nothing = _cli("export", str(tmp_path / "neu.cxw"), lang="de_DE.UTF-8")
    assert nothing.returncode == 2
    assert "error: geben Sie an, was exportiert werden soll, z. B. --json OUT.json" in \
        nothing.stderr
    english = _cli("export", "--help", lang="C")
    assert "write the session as JSON (--json) or PDF (--pdf)" in english.stdout
    assert "show this help message and exit" in english.stdout
    bad = _cli("import", str(missing), str(tmp_path / "neu2.cxw"), lang="C")
    assert bad.stderr.startswith(f"cxworkshop: {missing}: cannot be read (")


def test_the_command_line_counts_in_german(session_path, tmp_path, monkeypatch, capsys):
    """Counted summaries take the German plural: the roster export and the check's verdict."""
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    try:
        assert main(["roster", "export", str(session_path), str(tmp_path / "beirat.csv")]) == 0
        assert main(["check", str(session_path)]) == 0
    finally:
        i18n.set_language("en")
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(f"Mitglieder nach {tmp_path / 'beirat.csv'} geschrieben")
    assert out[-1] == f"{session_path.name}: in Ordnung"


def test_the_command_line_picks_its_language_without_qt():
    """German help without loading Qt: the CLI stays fast and works without a display."""
    import os
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "de_DE.UTF-8"
    code = ("import sys\nfrom cxworkshop.cli import main\n"
            "try:\n    main(['export', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, env=env)
    assert "die Prozesslandkarte als PNG-Bild" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_the_picture_and_slide_size_checks_speak_german(german):
    """What `export --png --width` and `--slides --size` refuse, in the user's language."""
    from cxworkshop.export.png import picture_size
    from cxworkshop.model import Workshop
    from cxworkshop.ui.presenter.slides import parse_size
    with pytest.raises(ValueError, match=r"^--size 'riesig': erwartet BREITExHÖHE"):
        parse_size("riesig")
    with pytest.raises(ValueError, match=r"^Die Breite muss eine ganze Zahl von Pixeln "
                                         r"zwischen 100 und 16000 sein, nicht 5$"):
        picture_size(Workshop(), 5)


def test_a_bad_json_import_is_explained_in_german(tmp_path):
    """`cxworkshop import` under LANG=de: the interchange checks' own words in German (the
    key names are the format's, so they stay as written)."""
    src = tmp_path / "kaputt.json"
    src.write_text('{"format": "cxworkshop-session", "version": 9, "extra": 1}',
                   encoding="utf-8")
    r = _cli("import", str(src), str(tmp_path / "neu.cxw"), lang="de_DE.UTF-8")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert f"{src}: version: muss 1 sein, nicht 9 (von einem neueren cxworkshop " \
           "geschrieben?)" in lines
    assert f"{src}: extra: unbekannter Schlüssel" in lines
    assert lines[-1] == f"cxworkshop: {src}: 2 Probleme; nichts wurde geschrieben"
    assert not (tmp_path / "neu.cxw").exists()


def test_the_consistency_checks_speak_german(german):
    """What import and check report about references and duplicates, in German; the places
    (``links[0].downstream``) are the format's and stay as written."""
    from cxworkshop.model import Link, Process, SessionInfo
    from cxworkshop.model.workshop import find_problems
    found = find_problems(SessionInfo(), {
        "processes": [Process(id="p1", name="A"), Process(id="p1", name="B")],
        "links": [Link(id="l1", upstream="p1", downstream="p99"),
                  Link(id="l2", upstream="p1", downstream="p1")]})
    assert 'processes[1].id: doppelte ID "p1" (auch processes[0])' in found
    assert 'links[0].downstream: Prozess "p99" gibt es nicht' in found
    assert "links[1]: ein Prozess kann nicht mit sich selbst verbunden werden" in found


def test_the_field_checks_speak_german(german):
    """Why a value does not fit its field, in German (import, check and repair show it)."""
    from cxworkshop.model.fields import CHOICE, INT, Spec, check_value
    assert check_value(Spec(type=INT), "drei") == "muss eine ganze Zahl sein, nicht ein Text"
    assert check_value(Spec(type=CHOICE, choices=("a", "b")), "c") == \
        "muss einer dieser Werte sein: a, b, nicht 'c'"
    from cxworkshop.model import SessionInfo
    assert ("vote_budget", "muss eine ganze Zahl von 0 bis 100 sein") in \
        SessionInfo(vote_budget=500).problems()


def test_catalogue_strings_read_as_python_reads_them():
    """The .po reader undoes quote()'s escapes itself (ast.literal_eval for each line made
    loading German ~30 ms of every start); it reads the shipped catalogues and any quoted
    text exactly as Python's own parser does."""
    import ast
    import random

    from cxworkshop import i18n
    from cxworkshop.resources import resource_path
    for name in ("de.po", "cxworkshop.pot"):
        text = resource_path("i18n", name).read_text(encoding="utf-8")
        fast = i18n.parse_po(text)
        reference = i18n._unquote
        try:
            i18n._unquote = ast.literal_eval
            assert i18n.parse_po(text) == fast
        finally:
            i18n._unquote = reference
    rnd = random.Random(17)
    alphabet = 'ab\\"\n\t\rä€ \'{}'
    for _ in range(5000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(12)))
        assert i18n._unquote(i18n.quote(s)) == s == ast.literal_eval(i18n.quote(s))
    assert i18n._unquote(r'"\u00e4\x41"') == "äA"  # other escapes: as Python reads them


def test_anonymized_customers_are_named_in_the_language(german):
    """The aliases and "(no name given)" in German; a name repeated in a row collapses to
    one alias in German as in English (the pattern follows the language)."""
    from cxworkshop.model import Add, Participant, Story, Workshop
    from cxworkshop.model.anonymize import anonymize
    w = Workshop()
    w.apply([Add(Participant("u0", "Ana", None, "", False)),
             Add(Participant("u1", "Bo", None, "", False)),
             Add(Story("s0", "u0", "Ingrid Haugen", None, "today", "direct",
                       "Ingrid Haugen Haugen called twice", "", "resolved", "")),
             Add(Story("s1", "u1", "weiß nicht", None, "today", "direct", "", "", "unknown",
                       ""))])
    anon = anonymize(w)
    assert anon.tables["stories"]["s0"].customer == "Kunde A"
    assert anon.tables["stories"]["s0"].challenge == "Kunde A called twice"
    assert anon.tables["stories"]["s1"].customer == "(kein Name genannt)"
    i18n.set_language("en")
    assert anonymize(w).tables["stories"]["s0"].customer == "Customer A"
