"""Cheap language identification: writing system first, then common function words.

Good enough to tell "this is not English" for the languages customers most often write
in; the result is used to damp English-only findings rather than to translate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from amends.analyse.text.lexicon import STOPWORDS

# Unicode blocks of scripts that are never English.
_SCRIPTS = (
    (0x0400, 0x04FF, "ru"),
    (0x0370, 0x03FF, "el"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"),
    (0x0900, 0x097F, "hi"),
    (0x0E00, 0x0E7F, "th"),
    (0x3040, 0x30FF, "ja"),
    (0x4E00, 0x9FFF, "zh"),
    (0xAC00, 0xD7AF, "ko"),
)


@dataclass(frozen=True)
class Language:
    code: str
    is_english: bool
    confidence: float

    def to_dict(self) -> dict:
        return {"code": self.code, "is_english": self.is_english, "confidence": self.confidence}


@lru_cache(maxsize=4096, typed=True)
def _language(code: str, is_english: bool, confidence: float) -> Language:
    """Shared instances: a ``Language`` is immutable and few distinct values exist, and
    building a frozen dataclass costs more than the detection itself."""
    return Language(code, is_english, confidence)


_SCRIPT_RES = [(code, re.compile(f"[{chr(lo)}-{chr(hi)}]")) for lo, hi, code in _SCRIPTS]
_ANY_SCRIPT = re.compile("|".join(r.pattern for _, r in _SCRIPT_RES))
_LETTER = re.compile(r"[^\W\d_]")


def _script(text: str) -> tuple[str | None, float]:
    """The dominant non-Latin script and its share of the letters (regexes run in C)."""
    if _ANY_SCRIPT.search(text) is None:
        return None, 0.0
    letters = len(_LETTER.findall(text))
    counts = {code: len(r.findall(text)) for code, r in _SCRIPT_RES}
    code, n = max(counts.items(), key=lambda kv: kv[1])
    if not letters or not n:
        return None, 0.0
    if code == "zh" and counts.get("ja"):
        code = "ja"  # Japanese mixes kana with kanji
    return code, n / letters


def detect_language(text: str, words: list[str]) -> Language:
    """Language of ``text`` given its normalised words."""
    if not text.isascii():
        code, share = _script(text)
        if code and share > 0.3:
            return _language(code, False, round(min(1.0, 0.5 + share / 2), 2))
    if not words:
        return _language("und", True, 0.0)
    en = len(STOPWORDS["en"].intersection(words))
    if en >= 2 and en * 4 >= len(words):  # the common case, decided cheaply
        return _language("en", True, round(min(0.99, 0.5 + en / len(words)), 2))
    hits = {lang: len(sw.intersection(words)) for lang, sw in STOPWORDS.items()}
    en = hits["en"]
    best = max(hits, key=lambda k: hits[k])
    total = len(words)
    if best == "en" or hits[best] <= en or hits[best] < 2:
        conf = 0.5 + 0.5 * min(1.0, (en + 1) / (total / 3 + 1))
        return _language("en", True, round(min(conf, 0.99), 2))
    share = hits[best] / total
    conf = round(min(0.99, 0.5 + share), 2)
    return _language(best, False, conf)
