"""Which texts the pipeline should not be run on, and why (as a message)."""
import re
import unicodedata
from typing import Optional

from spacy.lang.en.stop_words import STOP_WORDS

MAX_TEXT_BYTES = 1_000_000  # spaCy's default max_length is 1,000,000 characters

_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def too_large(n_bytes: int) -> str:
    return f"text is {n_bytes:,} bytes, over the {MAX_TEXT_BYTES:,}-byte limit: split the article"


def problem_with_text(text: str) -> Optional[str]:
    """Why a text cannot be processed (None if it can).

    The model is trained on English news; on other languages or binary data
    it would still output entities, all of them noise, so such inputs get an
    error instead of made-up facts.
    """
    if not text.strip():
        return "empty text"
    n_bytes = len(text.encode("utf-8", "surrogatepass"))
    if n_bytes > MAX_TEXT_BYTES:
        return too_large(n_bytes)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 200):
        return "text is mostly control characters: binary data?"
    letters = [c for c in text if c.isalpha()]
    latin = sum(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in letters)
    if letters and latin / len(letters) < 0.5:
        # Any length: a short Arabic or Chinese text has too few "words" for
        # the function-word test below, but its script already says enough.
        return f"does not look like English ({latin / len(letters):.0%} of its letters are Latin): not processed"
    words = _WORD.findall(text)
    if len(words) >= 20:
        ascii_share = sum(w.isascii() for w in words) / len(words)
        stop_share = sum(w.lower() in STOP_WORDS for w in words) / len(words)
        if ascii_share < 0.5 or stop_share < 0.1:
            return f"does not look like English ({stop_share:.0%} English function words): not processed"
    return None
