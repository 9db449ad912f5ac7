"""What the user's locale decides without asking: the default paper size.

No Qt here (the command line uses it too); the app passes ``QLocale``'s country.
"""
from __future__ import annotations

import locale
import os

# Countries that print on US Letter by default (the rest of the world uses A4).
LETTER_COUNTRIES = frozenset({"US", "CA"})


def locale_country() -> str | None:
    """The two-letter country of the paper locale: LC_ALL, LC_PAPER, LANG, then the C library."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(name)
        if value:
            return _country_of(value)
    try:
        return _country_of(locale.getlocale()[0] or "")
    except ValueError:
        return None


def _country_of(tag: str) -> str | None:
    """"en_US.UTF-8" -> "US"; "de-AT" -> "AT"; "C" or "POSIX" -> None."""
    tag = tag.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    parts = tag.split("_")
    if len(parts) >= 2 and len(parts[-1]) == 2 and parts[-1].isalpha():
        return parts[-1].upper()
    return None


def default_paper(country: str | None = None) -> str:
    """"letter" in the US and Canada, "a4" elsewhere (and when nothing is known)."""
    country = country if country is not None else locale_country()
    return "letter" if (country or "").upper() in LETTER_COUNTRIES else "a4"
