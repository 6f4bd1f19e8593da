"""Cheap language identification: writing system first, then common function words.

Good enough to tell "this is not English" for the languages customers most often write
in; the result is used to damp English-only findings rather than to translate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

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


_FIRST_CHAR = itemgetter(0)
_EN_STOPWORDS = STOPWORDS["en"]
_ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())
# stopword -> the languages it belongs to (a word such as "de" is in several)
_STOPWORD_LANGS: dict[str, tuple[str, ...]] = {
    w: tuple(lang for lang, sw in STOPWORDS.items() if w in sw) for w in _ALL_STOPWORDS
}


def _stopword_hits(found: frozenset[str]) -> dict[str, int]:
    """{language: how many of its stopwords are in ``found``}, in ``STOPWORDS`` order."""
    hits = dict.fromkeys(STOPWORDS, 0)
    for w in found:
        for lang in _STOPWORD_LANGS[w]:
            hits[lang] += 1
    return hits


def detect_language(text: str, words: list[str]) -> Language:
    """Language of ``text`` given its normalised words."""
    return detect_language_of_tokens(text, words)


def detect_language_of_tokens(text: str, toks: list[str]) -> Language:
    """Language of ``text`` given its normalised tokens (words and punctuation). Every
    stopword starts with a letter, so the stopwords among the tokens are the stopwords
    among the words, and the word list itself is never built."""
    if not text.isascii():
        code, share = _script(text)
        if code and share > 0.3:
            return _language(code, False, round(min(1.0, 0.5 + share / 2), 2))
    # The words: tokens that start with a letter or digit (C-level passes, no lookups).
    total = sum(map(str.isalnum, map(_FIRST_CHAR, toks)))
    if not total:
        return _language("und", True, 0.0)
    found = _ALL_STOPWORDS.intersection(toks)  # one set operation for all languages
    en_found = _EN_STOPWORDS.intersection(found)
    en = len(en_found)
    if en >= 2 and en * 4 >= total:  # the common case, decided cheaply
        return _language("en", True, round(min(0.99, 0.5 + en / total), 2))
    if len(en_found) == len(found):
        return _english(en, total)  # no other language's stopword at all
    hits = _stopword_hits(found)
    best = max(hits, key=hits.__getitem__)
    if best == "en" or hits[best] <= en or hits[best] < 2:
        return _english(en, total)
    share = hits[best] / total
    conf = round(min(0.99, 0.5 + share), 2)
    return _language(best, False, conf)


def _english(en: int, total: int) -> Language:
    """English, less sure the fewer English stopwords there are."""
    conf = 0.5 + 0.5 * min(1.0, (en + 1) / (total / 3 + 1))
    return _language("en", True, round(min(conf, 0.99), 2))
