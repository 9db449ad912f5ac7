"""Last customer you served: one prompt card per participant, statistics, reveal.

Keys while the participant list has focus: 1–7 choose when it was (today …
can't remember), D/I direct or indirect contact, R/P/U/K the outcome
(resolved, partly, unresolved, don't know), Up/Down the next person.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, ngettext, tr
from ...model import CONTACT, OUTCOME, OUTCOME_LABELS, RECENCY, RECENCY_LABELS, SESSION, Story, ops
from ...model.agenda import default_prompts
from ...model.fields import is_valid_date
from ...model.room import ANSWERS, PROMPT, STATS
from ...model.stats import answer_of, recency_for_date, story_stats
from ..charts import fill_story_charts, story_charts
from ..editing import ChoiceButton
from ..presenter.controller import room_for
from ..reflow import FlowRow, ReflowSplitter, ScrollingBody
from ..theme import role
from . import Page

RECENCY_KEYS = {getattr(Qt, f"Key_{i + 1}"): r for i, r in enumerate(RECENCY)}
OUTCOME_KEYS = {Qt.Key_R: "resolved", Qt.Key_P: "partly", Qt.Key_U: "unresolved",
                Qt.Key_K: "unknown"}
OUTCOME_KEY_TEXT = {"resolved": "R", "partly": "P", "unresolved": "U", "unknown": "K"}
CONTACT_KEYS = {Qt.Key_D: "direct", Qt.Key_I: "indirect"}
CONTACT_BUTTONS = {"direct": N_("Direct (D)"), "indirect": N_("Indirect (I)"),
                   "unknown": N_("Not known")}
TEXT_FIELDS = ("customer", "challenge", "resolution", "quote")


class StoriesPage(Page):
    title = "Last customer"

    def __init__(self, document, window=None, parent=None):
        super().__init__(document, window, parent)
        self.room = room_for(document)
        self._filling = False
        outer = self.page_layout(tr("The last customer you served"))

        splitter = ReflowSplitter(Qt.Horizontal)  # stacks in a narrow window
        outer.addWidget(splitter, 1)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        self.people = QListWidget()
        self.people.currentRowChanged.connect(self._person_changed)
        self.people.installEventFilter(self)
        keys = QLabel(tr("Keys: 1–7 when · D/I contact · R/P/U/K outcome"))
        role(keys, "hint")
        keys.setWordWrap(True)
        lay.addWidget(self.people, 1)
        lay.addWidget(keys)
        splitter.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_card(), tr("Prompt card"))
        self.tabs.addTab(self._build_stats(), tr("Statistics"))
        self.tabs.addTab(self._build_questions(), tr("Questions"))
        self.tabs.currentChanged.connect(self._tab_changed)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 800])

        outer.addWidget(self._build_projector_bar())

        self.follow(self.refresh, {"participants", "stories"})
        document.info_changed.connect(self._refresh_prompts)
        self.room.reveal_changed.connect(self._refresh_reveal)
        self.room.view_changed.connect(self._refresh_reveal)
        self.refresh()
        if self.people.count():
            self.people.setCurrentRow(0)

    # -- building ---------------------------------------------------------------------
    def _build_card(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        self.card_title = QLabel()
        self.card_title.setTextFormat(Qt.PlainText)  # names typed on phones, too
        self.card_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        lay.addWidget(self.card_title)
        self.q_labels: list[QLabel] = []
        self.edits: dict[str, QLineEdit] = {}

        def question(i: int) -> QLabel:
            lbl = QLabel()
            lbl.setWordWrap(True)
            lbl.setStyleSheet("font-weight: 600; margin-top: 8px;")
            self.q_labels.append(lbl)
            lay.addWidget(lbl)
            return lbl

        def edit(name: str, placeholder: str) -> QLineEdit:
            e = QLineEdit()
            e.setObjectName(f"story_{name}")
            e.setPlaceholderText(placeholder)
            e.editingFinished.connect(lambda n=name: self._commit_text(n))
            self.edits[name] = e
            lay.addWidget(e)
            return e

        question(0)
        row = QHBoxLayout()
        self.contact_group = QButtonGroup(self)
        for value in CONTACT:
            b = QRadioButton(tr(CONTACT_BUTTONS[value]))
            b.setObjectName(f"contact_{value}")
            self.contact_group.addButton(b)
            b.clicked.connect(lambda _=False, v=value: self.set_field(contact=v))
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        when = QLabel(tr("When was it?  (press 1–7 in the list, or type a date)"))
        when.setStyleSheet("font-weight: 600; margin-top: 8px;")
        lay.addWidget(when)
        grid = FlowRow()  # four a line, fewer in a narrow window
        self.recency_buttons: dict[str, QPushButton] = {}
        for i, value in enumerate(RECENCY):
            b = ChoiceButton(f"{i + 1}  {tr(RECENCY_LABELS[value])}")
            b.setFocusPolicy(Qt.TabFocus)
            b.clicked.connect(lambda _=False, v=value: self.set_recency(v))
            self.recency_buttons[value] = b
            grid.addWidget(b)
        lay.addLayout(grid)
        date_row = QHBoxLayout()
        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("story_when")
        self.date_edit.setPlaceholderText(tr("Date, YYYY-MM-DD (optional)"))
        self.date_edit.editingFinished.connect(self._commit_date)
        self.date_error = QLabel()
        self.date_error.setStyleSheet("color: #c62828; font-weight: 600;")
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.date_error, 1)
        lay.addLayout(date_row)
        question(1)
        edit("customer", tr("Name or pseudonym"))
        question(2)
        edit("challenge", tr("What did they need, what was the problem?"))
        question(3)
        edit("resolution", tr("What happened in the end?"))
        row = FlowRow()
        self.outcome_buttons: dict[str, QPushButton] = {}
        for value in OUTCOME:
            b = ChoiceButton(f"{OUTCOME_KEY_TEXT[value]}  {tr(OUTCOME_LABELS[value])}")
            b.setFocusPolicy(Qt.TabFocus)
            b.clicked.connect(lambda _=False, v=value: self.set_field(outcome=v))
            self.outcome_buttons[value] = b
            row.addWidget(b)
        lay.addLayout(row)
        quote = QLabel(tr("A quote, in their words"))
        quote.setStyleSheet("font-weight: 600; margin-top: 8px;")
        lay.addWidget(quote)
        edit("quote", "“…”")
        row = QHBoxLayout()
        self.reveal_one = QPushButton(tr("Reveal this answer"))
        self.reveal_one.clicked.connect(self._reveal_current)
        self.reveal_one.setFocusPolicy(Qt.NoFocus)  # no typed key acts on the room
        self.clear_button = QPushButton(tr("Clear this answer"))
        self.clear_button.clicked.connect(self.clear_answer)
        row.addWidget(self.reveal_one)
        row.addStretch(1)
        row.addWidget(self.clear_button)
        lay.addLayout(row)
        lay.addStretch(1)
        return scroll

    def _build_stats(self) -> QWidget:
        body = QWidget()
        lay = QVBoxLayout(body)
        self.sentences = QLabel()
        self.sentences.setWordWrap(True)
        self.sentences.setStyleSheet("font-size: 13pt;")
        self.sentences.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.sentences)
        self.charts = story_charts()
        row = QHBoxLayout()
        row.addWidget(self.charts[0], 1)
        row.addWidget(self.charts[1], 1)
        lay.addLayout(row)
        lay.addWidget(self.charts[2])
        lay.addStretch(1)
        return ScrollingBody(body)  # the charts scroll on a short screen

    def _build_questions(self) -> QWidget:
        box = QGroupBox(tr("The questions asked in this session"))
        form = QFormLayout(box)
        self.prompt_edits: list[QLineEdit] = []
        for i in range(4):
            e = QLineEdit()
            e.setObjectName(f"prompt_{i}")
            e.editingFinished.connect(self._commit_prompts)
            self.prompt_edits.append(e)
            form.addRow(tr("Question {n}").format(n=i + 1), e)
        reset = QPushButton(tr("Reset to the default questions"))
        reset.clicked.connect(self.reset_prompts)
        form.addRow("", reset)
        return box

    def _build_projector_bar(self) -> QWidget:
        box = QGroupBox(tr("Projector"))
        row = FlowRow(box)  # wraps in a narrow window
        self.view_buttons: dict[str, QPushButton] = {}
        for view, text in ((PROMPT, tr("Show the questions")), (ANSWERS, tr("Show the answers")),
                           (STATS, tr("Show the statistics"))):
            b = QPushButton(text)
            b.setCheckable(True)
            b.setFocusPolicy(Qt.NoFocus)  # no typed key acts on the room
            b.clicked.connect(lambda _=False, v=view: self.room.show(v))
            self.view_buttons[view] = b
            row.addWidget(b)
        row.addSpacing(16)
        self.reveal_label = QLabel()
        self.reveal_label.setWordWrap(True)
        row.addWidget(self.reveal_label, 1)
        for text, slot in ((tr("Reveal next (PgDn)"), self.room.reveal_next),
                           (tr("Reveal all"), self.room.reveal_all),
                           (tr("Hide all"), self.room.hide_all)):
            b = QPushButton(text)
            b.setFocusPolicy(Qt.NoFocus)
            b.clicked.connect(slot)
            row.addWidget(b)
        return box

    # -- reading ---------------------------------------------------------------------------
    def current_participant(self) -> str | None:
        item = self.people.currentItem()
        return item.data(Qt.UserRole) if item else None

    def current_story(self) -> Story | None:
        pid = self.current_participant()
        return answer_of(self.document.workshop, pid) if pid else None

    def ensure_fresh(self) -> None:
        super().ensure_fresh()
        if getattr(self, "_reveal_stale", False):
            self._refresh_reveal()

    def refresh(self) -> None:
        w = self.document.workshop
        current = self.current_participant()
        self._filling = True
        self.people.blockSignals(True)
        self.people.clear()
        for p in w.participants:
            item = QListWidgetItem()
            item.setData(Qt.UserRole, p.id)
            self.people.addItem(item)
            if p.id == current:
                self.people.setCurrentItem(item)
        self.people.blockSignals(False)
        if self.people.currentRow() < 0 and self.people.count():
            self.people.setCurrentRow(0)
        self._filling = False
        self._refresh_list_texts()
        self._fill_card()
        self._refresh_stats()
        self._refresh_prompts()
        self._refresh_reveal()

    def _refresh_list_texts(self) -> None:
        w = self.document.workshop
        for row in range(self.people.count()):
            item = self.people.item(row)
            pid = item.data(Qt.UserRole)
            person = w.get("participants", pid)
            story = answer_of(w, pid)
            mark = "○"
            if story is not None:
                mark = "●" if self.room.is_revealed(pid) else "✓"
            when = f" — {tr(RECENCY_LABELS[story.recency])}" if story else ""
            item.setText(f"{mark}  {person.name}{when}")

    def _fill_card(self) -> None:
        self._filling = True
        pid = self.current_participant()
        person = self.document.get("participants", pid) if pid else None
        story = self.current_story()
        enabled = person is not None and not self.document.read_only
        self.card_title.setText(person.name if person else
                                tr("Add participants first (Participants page)."))
        for e in (*self.edits.values(), self.date_edit):
            e.setEnabled(enabled)
        for name, e in self.edits.items():
            value = getattr(story, name) if story else ""
            if e.text() != value:
                e.setText(value)
        self.date_edit.setText(story.when or "" if story else "")
        self.date_error.clear()
        for value, b in self.recency_buttons.items():
            b.setEnabled(enabled)
            b.setChecked(bool(story and story.recency == value))
        for value, b in self.outcome_buttons.items():
            b.setEnabled(enabled)
            b.setChecked(bool(story and story.outcome == value))
        self.contact_group.setExclusive(False)
        for b in self.contact_group.buttons():
            b.setEnabled(enabled)
            b.setChecked(bool(story) and b.objectName() == f"contact_{story.contact}")
        self.contact_group.setExclusive(True)
        self.clear_button.setEnabled(enabled and story is not None)
        self.reveal_one.setEnabled(story is not None and not self.room.is_revealed(pid))
        self._filling = False

    def _refresh_stats(self) -> None:
        stats = story_stats(self.document.workshop)
        fill_story_charts(stats, *self.charts)
        self.sentences.setText("\n".join(stats.sentences())
                               or tr("No participants yet."))

    def _refresh_prompts(self, *_) -> None:
        prompts = self.document.info.prompts
        for i, (lbl, e) in enumerate(zip(self.q_labels, self.prompt_edits, strict=False)):
            lbl.setText(f"{i + 1}. {prompts[i]}")
            if e.text() != prompts[i]:
                e.setText(prompts[i])
            e.setEnabled(not self.document.read_only)

    def _refresh_reveal(self) -> None:
        if not self.is_shown():  # e.g. answers arriving from phones while the map is shown
            self._reveal_stale = True
            return
        self._reveal_stale = False
        order = self.room.answer_order()
        shown = sum(self.room.is_revealed(p) for p in order)
        self.reveal_label.setText(ngettext(
            "{shown} of {n} answer revealed on the projector",
            "{shown} of {n} answers revealed on the projector", len(order)).format(
                shown=shown, n=len(order)))
        for view, b in self.view_buttons.items():
            b.setChecked(self.room.view == view)
        self._refresh_list_texts()
        pid = self.current_participant()
        self.reveal_one.setEnabled(bool(pid) and self.current_story() is not None
                                   and not self.room.is_revealed(pid))

    # -- writing -------------------------------------------------------------------------------
    def set_field(self, **fields) -> bool:
        """Change the current participant's answer (creating it on first use)."""
        if self._filling:
            return False
        pid = self.current_participant()
        if pid is None:
            return False
        return self.document.do(ops.submit_story(self.document.workshop, pid, **fields))

    def set_recency(self, recency: str) -> bool:
        """Choose when it was; a typed date that says otherwise is cleared."""
        story = self.current_story()
        fields = {"recency": recency}
        if story and story.when and recency_for_date(story.when, self._today()) != recency:
            fields["when"] = None
        return self.set_field(**fields)

    def _today(self) -> str | None:
        return self.document.info.date  # the workshop day; None = today

    def _commit_text(self, name: str) -> None:
        if self._filling:
            return
        value = self.edits[name].text().strip()
        story = self.current_story()
        if story is None and not value:
            return
        self.set_field(**{name: value})

    def _commit_date(self) -> None:
        if self._filling:
            return
        text = self.date_edit.text().strip()
        story = self.current_story()
        if not text:
            self.date_error.clear()
            if story and story.when:
                self.set_field(when=None)
            return
        if not is_valid_date(text):
            self.date_error.setText(tr("“{text}” is not a date: write YYYY-MM-DD.").format(
                text=text))
            return
        self.date_error.clear()
        self.set_field(when=text, recency=recency_for_date(text, self._today()))

    def clear_answer(self) -> None:
        story = self.current_story()
        if story is not None:
            self.document.remove([("stories", story.id)], text=tr("Clear answer"))

    def _commit_prompts(self) -> None:
        current = self.document.info.prompts
        prompts = tuple(e.text().strip() or old
                        for e, old in zip(self.prompt_edits, current, strict=False))
        self.document.update(SESSION, None, text=tr("Edit the questions"), prompts=prompts)
        self._refresh_prompts()

    def reset_prompts(self) -> None:
        self.document.update(SESSION, None, text=tr("Reset the questions"),
                             prompts=default_prompts())

    def _reveal_current(self) -> None:
        pid = self.current_participant()
        if pid:
            self.room.reveal(pid)

    # -- navigation and keys -----------------------------------------------------------------------
    def _person_changed(self, row: int) -> None:
        if not self._filling:
            self._fill_card()

    def _tab_changed(self, index: int) -> None:
        if self.isVisible():
            self.room.follow(*self.presenter_view())

    def presenter_view(self) -> tuple:
        """What the projector shows while this page is current."""
        if self.tabs.currentIndex() == 1:
            return (STATS,)
        return (ANSWERS,) if self.room.view == ANSWERS else (PROMPT,)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.people and event.type() == QEvent.KeyPress \
                and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            key = event.key()
            if key in RECENCY_KEYS:
                self.set_recency(RECENCY_KEYS[key])
                return True
            if key in OUTCOME_KEYS:
                self.set_field(outcome=OUTCOME_KEYS[key])
                return True
            if key in CONTACT_KEYS:
                self.set_field(contact=CONTACT_KEYS[key])
                return True
        return super().eventFilter(obj, event)

    def activated(self) -> None:
        self.people.setFocus()
