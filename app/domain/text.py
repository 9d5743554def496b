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
