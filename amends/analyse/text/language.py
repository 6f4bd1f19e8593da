"""Cheap language identification: writing system first, then common function words.

Good enough to tell "this is not English" for the languages customers most often write
in; the result is used to damp English-only findings rather than to translate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from amends.analyse.text.lexicon import (
    ENGLISH_HOMOGRAPHS,
    FUNCTION_WORDS,
    LANGUAGE_WORDS,
    STOPWORDS,
)

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
_OTHER_LANGUAGES = tuple(lang for lang in STOPWORDS if lang != "en")


def _word_languages() -> dict[str, tuple[str, ...]]:
    """word -> the other languages it is evidence of: their stopwords and everyday words,
    less the words English writes too (a word such as "pedido" is in two)."""
    words: dict[str, set[str]] = {}
    for lang in _OTHER_LANGUAGES:
        for w in STOPWORDS[lang] | LANGUAGE_WORDS.get(lang, frozenset()):
            if w not in ENGLISH_HOMOGRAPHS and w not in _EN_STOPWORDS:
                words.setdefault(w, set()).add(lang)
    return {
        w: tuple(lang for lang in _OTHER_LANGUAGES if lang in langs) for w, langs in words.items()
    }


_WORD_LANGS = _word_languages()
_OTHER_WORDS = frozenset(_WORD_LANGS)
# Letters with diacritics -> the languages (of those detected) that write them. A word
# spelt with them is evidence of the languages that write all of its letters: "déçu"
# of French and Portuguese, "über" of German.
_LETTER_LANGS: dict[str, frozenset[str]] = {
    letter: frozenset(langs.split())
    for letter, langs in {
        "á": "es pt", "à": "fr it pt", "â": "fr pt", "ã": "pt", "ç": "fr pt",
        "é": "fr es pt it", "è": "fr it", "ê": "fr pt", "ë": "fr nl", "í": "es pt it",
        "ì": "it", "î": "fr", "ï": "fr nl", "ñ": "es", "ó": "es pt it", "ò": "it",
        "ô": "fr pt", "õ": "pt", "ú": "es pt", "ù": "fr it", "û": "fr", "ü": "de es",
        "ä": "de", "ö": "de", "ß": "de", "œ": "fr",
    }.items()
}  # fmt: skip


@lru_cache(maxsize=8192)
def _spelling_languages(word: str) -> frozenset[str]:
    """The languages that write every accented letter of ``word`` (none if it has none,
    or if no one language writes them all)."""
    langs: frozenset[str] | None = None
    for ch in word:
        if ch in _LETTER_LANGS:
            langs = _LETTER_LANGS[ch] if langs is None else langs & _LETTER_LANGS[ch]
    return langs or frozenset()


def _other_language_hits(text: str, toks: list[str]) -> dict[str, int]:
    """{language: how many distinct words of the text are evidence of it}."""
    hits = dict.fromkeys(_OTHER_LANGUAGES, 0)
    for w in _OTHER_WORDS.intersection(toks):
        for lang in _WORD_LANGS[w]:
            hits[lang] += 1
    if not text.isascii():
        for w in set(toks):
            if w not in _OTHER_WORDS and not w.isascii():
                for lang in _spelling_languages(w):
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
    en = len(_EN_STOPWORDS.intersection(toks))
    if en >= 2 and en * 4 >= total:  # the common case, decided cheaply
        return _language("en", True, round(min(0.99, 0.5 + en / total), 2))
    hits = _other_language_hits(text, toks)
    best = max(hits, key=hits.__getitem__)
    # Two words of one other language, and more of them than English function words
    # (the long list, here): a single "merci" or "José" in an English message does not
    # make it French, nor does "a café au lait at the Gare du Nord".
    if hits[best] < 2 or hits[best] <= len(FUNCTION_WORDS.intersection(toks)):
        return _english(en, total)
    conf = round(min(0.99, 0.5 + hits[best] / total), 2)
    return _language(best, False, conf)


def _english(en: int, total: int) -> Language:
    """English, less sure the fewer English stopwords there are."""
    conf = 0.5 + 0.5 * min(1.0, (en + 1) / (total / 3 + 1))
    return _language("en", True, round(min(conf, 0.99), 2))
