"""Anonymizing a session for print: customer names become "Customer A", "Customer B"…

Pure Python. The same customer (compared without case and extra spaces) gets
the same alias everywhere; a name is also replaced where it appears inside free
text (a challenge, a quote, a note…), as a whole name or as one of its parts
(first or last name), so the printed report and handouts never show it.
"""
from __future__ import annotations

import dataclasses
import re
import string
import unicodedata

from .workshop import Workshop

# Words in a customer "name" that are not identifying on their own.
_COMMON = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "the", "and", "of", "de",
    "la", "le", "van", "von", "da", "di", "del", "inc", "ltd", "llc", "plc", "gmbh", "co",
    "corp", "company", "family", "customer", "client", "unknown", "someone", "somebody",
    "can't", "cant", "remember", "don't", "dont", "know", "not", "sure", "n/a", "na",
}

# Fields never searched for customer names: names of colleagues, not customers.
_KEEP = {
    "participants": {"name", "email", "role"},
    "members": {"name", "email", "role", "location"},
    "departments": {"name", "color"},
    "recognitions": {"nominee", "nominator"},
    "actions": {"owner"},
    "changes": {"owner"},
    "processes": {"owner", "name"},
}


_REPEATED = re.compile(r"(Customer [A-Z]+)(?:\s+\1)+(?![A-Za-z])")


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def alias_label(index: int) -> str:
    """``0 -> "Customer A"``, ``25 -> "Customer Z"``, ``26 -> "Customer AA"``…"""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rem] + letters
    return f"Customer {letters}"


def is_name(text: str) -> bool:
    """False for blanks and "don't know" answers ("can't remember", "?", "n/a")."""
    words = [w.strip(".,;:!?()'\"-") for w in _key(text).split()]
    return any(w and w not in _COMMON and any(c.isalnum() for c in w) for w in words)


def customer_aliases(workshop: Workshop) -> dict[str, str]:
    """Map each distinct customer name (normalized key) to its alias, in story order.

    Answers that name nobody ("can't remember", "?") keep their text: not
    knowing the customer is itself what the workshop looks at.
    """
    out: dict[str, str] = {}
    for story in workshop.tables["stories"].values():
        key = _key(story.customer)
        if key and key not in out and is_name(key):
            out[key] = alias_label(len(out))
    return out


def _pattern(workshop, aliases: dict[str, str]) -> tuple[re.Pattern | None, dict[str, str]]:
    """One regex matching every customer name or identifying name part, longest first.

    Parts are the capitalized words of a name ("Okoye" in "Mr and Mrs Okoye"),
    so a description such as "Family with a newborn" never turns "with" into
    an alias elsewhere.
    """
    terms: dict[str, str] = dict(aliases)
    for story in workshop.tables["stories"].values():
        alias = aliases.get(_key(story.customer))
        if alias is None:
            continue
        words = [w.strip(".,;:!?()'\"") for w in
                 unicodedata.normalize("NFKC", story.customer).split()]
        core = [w for w in words if len(w) >= 2 and w[0].isupper() and _key(w) not in _COMMON]
        if len(words) > 1 and len(core) > 1:
            terms.setdefault(_key(" ".join(core)), alias)
        for word in core:
            if len(word) >= 3:
                terms.setdefault(_key(word), alias)
    if not terms:
        return None, {}
    alternatives = sorted(terms, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(word) for word in t.split()) for t in alternatives)
    # whole words only: no letter or digit right before or after
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE), terms


def anonymize(workshop: Workshop) -> Workshop:
    """A copy of ``workshop`` whose customer names are replaced by aliases.

    Story ``customer`` fields become their alias; every other free-text field
    (except names of colleagues) has customer names replaced where they occur.
    The input is not changed.
    """
    aliases = customer_aliases(workshop)
    pattern, terms = _pattern(workshop, aliases)

    def scrub(text: str) -> str:
        if pattern is None or not text:
            return text
        text = pattern.sub(lambda m: terms.get(_key(m.group(0)), "Customer"), text)
        return _REPEATED.sub(r"\1", text)

    out = Workshop(workshop.info)
    if pattern is not None:
        out.info = workshop.info.replace(
            **{name: scrub(getattr(workshop.info, name))
               for name in ("title", "organization", "location", "notes")})
    for kind, table in workshop.tables.items():
        keep = _KEEP.get(kind, set())
        new_table = out.tables[kind]
        for id_, entity in table.items():
            changes = {}
            for f in dataclasses.fields(entity):
                value = getattr(entity, f.name)
                if f.name == "id" or not isinstance(value, str) or f.name in keep:
                    continue
                if kind == "stories" and f.name == "customer":
                    new = aliases.get(_key(value), value)
                elif kind == "stories" and f.name in ("participant", "when", "recency",
                                                      "contact", "outcome"):
                    continue
                elif f.name in ("department", "process", "upstream", "downstream",
                                "participant", "status", "kind", "risk", "date", "due"):
                    continue
                else:
                    new = scrub(value)
                if new != value:
                    changes[f.name] = new
            new_table[id_] = entity.replace(**changes) if changes else entity
    return out
