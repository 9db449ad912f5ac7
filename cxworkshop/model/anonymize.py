"""Anonymizing a session for print: customer names become "Customer A", "Customer B"…

Pure Python. The same customer (compared without case and extra spaces) gets
the same alias everywhere. A name is replaced wherever it can appear — story
fields, process names and descriptions, link labels, notes, 5 Hows answers,
actions, champion call-outs, the session's title and notes — as a whole word
(Unicode word boundaries; scripts written without spaces, such as Chinese,
match anywhere). Parts of a name (a first or last name alone) are replaced
only written as in the name ("Lie" but not "lie") and never when they are
also part of a colleague's name. Answers that name nobody ("can't remember",
"no idea", "не помню"…) print as "(no name given)" and never get an alias.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import string
import unicodedata
from typing import Any

from ..i18n import N_, tr
from .entities import Story
from .workshop import Workshop

NO_NAME = N_("(no name given)")  # printed in the current language (tr)

# Words in a customer "name" that are not identifying on their own.
_COMMON = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "the", "and", "of", "de",
    "la", "le", "van", "von", "da", "di", "del", "inc", "ltd", "llc", "plc", "gmbh", "co",
    "corp", "company", "family", "customer", "client", "unknown", "someone", "somebody",
    "can't", "cant", "remember", "don't", "dont", "know", "not", "sure", "n/a", "na",
    "recall", "no", "idea", "nobody", "none", "anonymous", "forgot", "forgotten", "idk",
}

# "Don't know" answers, compared after lower-casing and dropping punctuation. English is
# the prompts' language; the others are the languages workshops are run in most.
DONT_KNOW = {
    # English
    "?", "??", "???", "-", "--", "n/a", "na", "none", "nobody", "no one", "noone", "no idea",
    "unknown", "not sure", "dont know", "don't know", "do not know", "i don't know",
    "i dont know", "idk", "can't remember", "cant remember", "cannot remember",
    "can't recall", "cant recall", "cannot recall", "don't remember", "dont remember",
    "i can't remember", "i don't remember", "not known", "no name", "anonymous", "anon",
    "forgot", "forgotten", "someone", "somebody", "a customer", "customer", "no clue",
    "not applicable", "nil", "nothing", "x",
    # Norwegian, Danish, Swedish
    "vet ikke", "husker ikke", "ingen", "ukjent", "ved ikke", "kan ikke huske",
    "vet inte", "minns inte", "kommer inte ihåg", "okänd", "ukendt", "husker det ikke",
    # German
    "weiß nicht", "weiss nicht", "keine ahnung", "unbekannt", "niemand",
    "weiß ich nicht", "kann mich nicht erinnern",
    # French
    "je ne sais pas", "sais pas", "inconnu", "personne", "aucune idée", "je ne sais plus",
    "je ne me souviens pas", "aucun",
    # Spanish, Portuguese, Italian
    "no sé", "no se", "no lo sé", "no me acuerdo", "no recuerdo", "desconocido", "nadie",
    "ni idea", "não sei", "nao sei", "não lembro", "desconhecido", "ninguém",
    "non lo so", "non so", "non ricordo", "sconosciuto", "nessuno",
    # Dutch, Polish, Finnish
    "weet niet", "geen idee", "onbekend", "nie wiem", "nie pamiętam", "nikt",
    "en tiedä", "en muista", "tuntematon",
    # Russian, Ukrainian
    "не помню", "не знаю", "неизвестно", "никто", "не пам'ятаю", "не памятаю", "невідомо",
    # Greek, Turkish
    "δεν ξέρω", "δεν θυμάμαι", "άγνωστος", "bilmiyorum", "hatırlamıyorum",
    # Arabic, Hebrew, Hindi
    "لا أعرف", "لا اعرف", "لا أتذكر", "غير معروف", "לא יודע", "לא זוכר", "לא ידוע",
    "पता नहीं", "याद नहीं",
    # Chinese, Japanese, Korean
    "不知道", "不记得", "忘了", "不清楚", "わからない", "分からない", "覚えていない", "不明",
    "모르겠어요", "모름", "기억 안 나요", "기억이 안 나요",
}

# Fields never searched for customer names: names of colleagues, not customers.
_KEEP = {
    "participants": {"name", "email", "role"},
    "members": {"name", "email", "role", "location"},
    "departments": {"name", "color"},
    "recognitions": {"nominee", "nominator"},
    "actions": {"owner"},
    "changes": {"owner"},
    "processes": {"owner"},
    "parking_lot": {"owner"},
}

# Fields holding codes or references, never free text.
_CODES = {"id", "department", "process", "upstream", "downstream", "participant", "status",
          "kind", "risk", "date", "due", "when", "recency", "contact", "outcome", "color",
          "person", "host", "metric", "scope", "better"}

ALIAS = N_("Customer {letters}")  # "Customer A"; German "Kunde A"


@functools.cache
def _repeated(alias: str) -> re.Pattern[str]:
    """The same alias twice or more in a row ("Customer A Customer A"), for ``alias``
    in the current language."""
    label = re.escape(alias).replace(re.escape("{letters}"), "[A-Z]+")
    return re.compile(rf"({label})(?:\s+\1)+(?![A-Za-z])")
_PUNCT = re.compile(r"[\s\"“”„«»‘’'`´.,;:!¡¿?()\[\]{}<>…–—\-_/\\|*~]+")


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _bare(text: str) -> str:
    """``text`` lower-cased with apostrophes unified and punctuation dropped."""
    text = _key(text).replace("’", "'").replace("`", "'")
    return " ".join(w for w in (w.strip(".,;:!¡¿?()[]\"“”„«»…-–—") for w in text.split()) if w)


_DONT_KNOW_BARE = {_bare(p) for p in DONT_KNOW} | {_bare(p).replace("'", "") for p in DONT_KNOW}


def alias_label(index: int) -> str:
    """``0 -> "Customer A"``, ``25 -> "Customer Z"``, ``26 -> "Customer AA"``…"""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rem] + letters
    return tr(ALIAS).format(letters=letters)


def is_name(text: str) -> bool:
    """False for blanks and "don't know" answers ("can't remember", "?", "не помню")."""
    bare = _bare(text or "")
    if not bare or not any(c.isalnum() for c in bare):
        return False
    if bare in _DONT_KNOW_BARE or bare.replace("'", "") in _DONT_KNOW_BARE:
        return False
    words = [w.strip("'") for w in bare.split()]
    return any(w and w not in _COMMON and w.replace("'", "") not in _COMMON for w in words)


def customer_aliases(workshop: Workshop) -> dict[str, str]:
    """Map each distinct customer name (normalized key) to its alias, in story order."""
    out: dict[str, str] = {}
    for story in workshop.table(Story).values():
        key = _key(story.customer)
        if key and key not in out and is_name(story.customer):
            out[key] = alias_label(len(out))
    return out


def _colleague_words(workshop: Workshop) -> set[str]:
    """Words of the names of people in the room (participants, members, champions…)."""
    names = [workshop.info.facilitator]
    for kind, fields in (("participants", ("name",)), ("members", ("name",)),
                         ("recognitions", ("nominee", "nominator")), ("actions", ("owner",)),
                         ("changes", ("owner",)), ("processes", ("owner",))):
        for entity in workshop.tables.get(kind, {}).values():
            names += [getattr(entity, f, "") or "" for f in fields]
    return {_key(w.strip(".,;:!?()'\"")) for n in names for w in (n or "").split()}


def _spaceless(text: str) -> bool:
    """True for text in a script written without spaces between words (CJK, Thai…)."""
    for ch in text:
        cp = ord(ch)
        if (0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF
                or 0x0E00 <= cp <= 0x0EFF or 0x1000 <= cp <= 0x109F or 0x1780 <= cp <= 0x17FF
                or 0xFF66 <= cp <= 0xFF9F):
            return True
    return False


def _word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN" or ch == "_"


class _Scrubber:
    """Replaces customer names (and identifying parts) in free text by their alias."""

    def __init__(self, workshop: Workshop, aliases: dict[str, str]):
        self.terms: dict[str, str] = {}       # casefolded whole name -> alias
        self.parts: dict[str, str] = {}       # exact name part -> alias
        colleagues = _colleague_words(workshop)
        for story in workshop.table(Story).values():
            alias = aliases.get(_key(story.customer))
            if alias is None:
                continue
            name = unicodedata.normalize("NFKC", story.customer).strip()
            self.terms.setdefault(_key(name), alias)
            words = [w.strip(".,;:!?()'\"") for w in name.split()]
            core = [w for w in words if len(w) >= 2 and (w[0].isupper() or not w[0].isalpha()
                                                         or _spaceless(w))
                    and _key(w) not in _COMMON]
            if len(words) > 1 and len(core) > 1:
                self.terms.setdefault(_key(" ".join(core)), alias)
            if len(words) > 1:
                for word in core:
                    if len(word) >= 3 and _key(word) not in colleagues:
                        self.parts.setdefault(word, alias)
        spaces = r"\s+"
        alternatives = [f"(?i:{spaces.join(re.escape(w) for w in t.split())})"
                        for t in self.terms]
        alternatives += [re.escape(p) for p in self.parts]
        alternatives.sort(key=len, reverse=True)
        self.pattern = re.compile("|".join(alternatives)) if alternatives else None

    def _replace(self, m: re.Match[str]) -> str:
        found, text = m.group(0), m.string
        if not _spaceless(found):
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if _word_char(before) or _word_char(after):
                return found
        return self.parts.get(found) or self.terms.get(_key(found)) or tr("Customer")

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        text = self.pattern.sub(self._replace, text)
        return _repeated(tr(ALIAS)).sub(r"\1", text)


def anonymize(workshop: Workshop) -> Workshop:
    """A copy of ``workshop`` whose customer names are replaced by aliases.

    Story ``customer`` fields become their alias ("(no name given)" for answers
    that name nobody); every other free-text field (except names of colleagues)
    has customer names replaced where they occur. The copy's ``anonymized``
    attribute is True, so every output can say so. The input is not changed.
    """
    aliases = customer_aliases(workshop)
    scrub = _Scrubber(workshop, aliases)
    out = Workshop(workshop.info)
    info: dict[str, Any] = {name: scrub(getattr(workshop.info, name))
            for name in ("title", "organization", "location", "notes")}
    stages = getattr(workshop.info, "stages", None)
    if isinstance(stages, (list, tuple)):
        info["stages"] = type(stages)(scrub(s) if isinstance(s, str) else s for s in stages)
    out.info = workshop.info.replace(**info)
    for kind, table in workshop.tables.items():
        keep = _KEEP.get(kind, set())
        new_table = out.tables.setdefault(kind, {})
        for id_, entity in table.items():
            changes = {}
            for f in dataclasses.fields(entity):
                value = getattr(entity, f.name)
                if not isinstance(value, str) or f.name in keep or f.name in _CODES:
                    continue
                if kind == "stories" and f.name == "customer":
                    new = aliases.get(_key(value), tr(NO_NAME) if value.strip() else value)
                else:
                    new = scrub(value)
                if new != value:
                    changes[f.name] = new
            new_table[id_] = entity.replace(**changes) if changes else entity
    out.anonymized = True
    return out


def is_anonymized(workshop: Workshop) -> bool:
    """True for a copy made by :func:`anonymize`."""
    return bool(getattr(workshop, "anonymized", False))
