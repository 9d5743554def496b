"""Text normalisation for name and alias search: case-, diacritic- and punctuation-insensitive."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")  # keeps letters and digits of every script (Arabic: داعش)


def search_key(text: str) -> str:
    """'Jabhat al-Nuṣra' -> 'jabhat al nusra'; "al-Qa'ida" -> 'al qa ida'; 'ISIS' -> 'isis'; 'داعش' stays."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


QUOTE_LIMIT = 80


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters of some input, to quote it in a message: an error never echoes a 64 KB id."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"
