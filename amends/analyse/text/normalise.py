"""Tokenise and normalise a text once, keeping each token's span in the original.

Everything downstream (phrases, taxonomy, model features, language detection) works on
the normalised tokens ``Doc.toks``, so "SOOOO", "sooooo" and "so" look alike, URLs and
@mentions do not leak names into the model, chat shorthand is expanded ("ur" -> "your")
and typos in key words are corrected. Evidence quotes the original text through
``Doc.span``. Token normalisation is memoised: real text repeats words a lot, and this
is the hot path of the batch analyser.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from amends.analyse.text.lexicon import (
    EMOJI_CLASS,
    EMOJI_MODIFIERS,
    EMOTICON_CLASS,
    KEY_WORDS,
    SHORTHAND,
)

_EMOTICONS = sorted(EMOTICON_CLASS, key=len, reverse=True)
_EMOTICON_RE = "|".join(re.escape(e) for e in _EMOTICONS)
_EMOTICON_FIRST = "".join(sorted({re.escape(e[0]) for e in _EMOTICONS}))
_EMOJI_CHARS = "".join(sorted(EMOJI_CLASS))
# One group: ``findall`` returns the token strings without match objects. The leading
# possessive ``\s*+`` skips a run of whitespace in one step (no alternative can start on
# whitespace, so the tokens are the same), and the emoticon alternative is guarded by its
# possible first characters, so its look-behind does not run at every position.
_TOKEN_RE = re.compile(
    rf"""
    \s*+(
    https?://\S+|www\.\S+
    |@\w+
    |\#[^\W_]\w*
    |(?=[{_EMOTICON_FIRST}])(?<![\w])(?:{_EMOTICON_RE})(?![\w])
    |[^\W_]+(?:['’][^\W_]+)*
    |(?![{EMOJI_MODIFIERS}])[{_EMOJI_CHARS}\U0001F300-\U0001FAFF\u2600-\u27BF]
    |[!?]+|[.,;:]+|…
    )""",
    re.VERBOSE,
)
_EMOJI_RE = re.compile(rf"[{_EMOJI_CHARS}\U0001F300-\U0001FAFF\u2600-\u27BF]")
_ELONGATION_RE = re.compile(r"(\w)\1{2,}")
_CAMEL_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Words that look like a typo of a key word but are real ("change" is not "charge").
_COMMON = frozenset(
    "change changed changes chance charges charger orders border worried waiting weeks "
    "wrote write hours house hoping ordered called cancel helps there where these those "
    "their three other thank think thing things about again agent agents claims".split()
)


class TypoCorrector:
    """Correct an unknown word to the single key word one edit away (symmetric deletes)."""

    def __init__(self, key_words: Iterable[str], known: Iterable[str] = ()) -> None:
        keys = set(key_words)
        # A dict used as a set: a dict holding only strings is not tracked by the garbage
        # collector, a set is, and full collections would walk its tens of thousands of
        # words while a batch is analysed.
        self.known: dict[str, None] = dict.fromkeys([*known, *keys, *_COMMON])
        self._deletes: dict[str, set[str]] = {}
        for w in keys:
            if len(w) >= 5:
                for d in self._variants(w):
                    self._deletes.setdefault(d, set()).add(w)

    @staticmethod
    def _variants(w: str) -> set[str]:
        return {w} | {w[:i] + w[i + 1 :] for i in range(len(w))}

    def correct(self, word: str) -> str:
        if len(word) < 5 or word in self.known or not word.isalpha():
            return word
        found: set[str] = set()
        for d in self._variants(word):
            found |= self._deletes.get(d, set())
        # Symmetric deletes also pair words two edits apart ("player"/"lawyer"): check.
        found = {w for w in found if _one_edit(word, w)}
        return next(iter(found)) if len(found) == 1 else word


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True  # substitution
        return a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


_corrector = TypoCorrector(KEY_WORDS)
# raw token -> (normalised words, is_caps, is_elongated, emoji class or "")
_CACHE: dict[str, tuple[tuple[str, ...], bool, bool, str]] = {}
# raw token -> its one normalised word when it is a plain token (one word, not caps, not
# elongated, no emoji class), else None: lets ``normalise`` skip its per-token loop.
_PLAIN: dict[str, str | None] = {}


_PLAIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def known_words(texts: Iterable[str], min_count: int = 2) -> set[str]:
    """Lower-case words seen at least ``min_count`` times: the real words of a corpus."""
    counts: dict[str, int] = {}
    for t in texts:
        for w in _PLAIN_WORD.findall(t.lower()):
            counts[w] = counts.get(w, 0) + 1
    return {w for w, n in counts.items() if n >= min_count}


def set_known_words(words: Iterable[str]) -> None:
    """Tell the corrector which words are real (the model vocabulary), so they stay as-is."""
    global _corrector
    _corrector = TypoCorrector(KEY_WORDS, words)
    _CACHE.clear()
    _PLAIN.clear()


@contextmanager
def known_words_scope(words: Iterable[str]) -> Iterator[None]:
    """Use these known words inside the block (training), then restore the previous ones."""
    global _corrector
    previous = _corrector
    set_known_words(words)
    try:
        yield
    finally:
        _corrector = previous
        _CACHE.clear()
        _PLAIN.clear()


@dataclass(slots=True)
class Doc:
    """A normalised text: tokens, where they came from, and a few counts."""

    text: str
    toks: list[str]
    raws: list[str]  # the original tokens
    # For each of toks, the index of its original token; None when toks and raws pair
    # one to one (most texts).
    src: list[int] | None
    n_caps: int
    n_elong: int
    caps_idx: Sequence[int]
    emo: Sequence[str]
    # (start, end) in the text of the first raw tokens: found on demand, in order, as far
    # as evidence needs (usually a few tokens near the start, or none at all)
    _raw_spans: list[tuple[int, int]] | None = None

    @property
    def norm(self) -> str:
        return " ".join(self.toks)

    @property
    def words(self) -> list[str]:
        return [t for t in self.toks if t[0].isalnum()]

    @property
    def spans(self) -> list[tuple[int, int]]:
        """(start, end) in the original text of each of toks."""
        return [self.token_span(i) for i in range(len(self.toks))]

    def token_span(self, i: int) -> tuple[int, int]:
        """(start, end) in the original text of token i."""
        k = i if self.src is None else self.src[i]
        raw_spans = self._raw_spans
        if raw_spans is None:
            raw_spans = self._raw_spans = []
        if k >= len(raw_spans):
            pos = raw_spans[-1][1] if raw_spans else 0
            find = self.text.find
            for raw in self.raws[len(raw_spans) : k + 1]:
                start = find(raw, pos)
                pos = start + len(raw)
                raw_spans.append((start, pos))
        return raw_spans[k]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original (start, end) covering tokens i..j-1."""
        if not self.toks:
            return (0, 0)
        j = max(j, i + 1)
        return (self.token_span(i)[0], self.token_span(min(j, len(self.toks)) - 1)[1])


def _kind(raw: str) -> str:
    c = raw[0]
    if raw.startswith(("http://", "https://", "www.")):
        return "url"
    if c == "@" and len(raw) > 1:
        return "mention"
    if c == "#" and len(raw) > 1:
        return "tag"
    if raw in EMOTICON_CLASS:
        return "emoticon"
    if c.isalnum():
        return "word"
    if _EMOJI_RE.fullmatch(raw):
        return "emoji"
    return "punct"


def _word_norm(raw: str) -> tuple[tuple[str, ...], bool, bool, str]:
    low = raw.lower().replace("’", "'")
    squeezed = _ELONGATION_RE.sub(r"\1\1", low)
    elongated = squeezed != low
    if elongated and squeezed not in _corrector.known and squeezed not in SHORTHAND:
        # "sooo" -> "soo" is not a word; try one letter ("so"), keeping real doubles.
        single = _ELONGATION_RE.sub(r"\1", low)
        if single in _corrector.known or single in SHORTHAND:
            squeezed = single
    norm = SHORTHAND.get(squeezed) or _corrector.correct(squeezed)
    caps = len(raw) >= 2 and raw.isupper() and raw.isalpha()
    return tuple(norm.split(" ")), caps, elongated, ""


def _token_info(raw: str) -> tuple[tuple[str, ...], bool, bool, str]:
    words, caps, elong, cls = _token(_kind(raw), raw)
    # Interned, as the keys of the tables tokens are looked up in (vocabulary, phrases,
    # example words): a lookup then matches on identity, without reading the stored key.
    return tuple(map(sys.intern, words)), caps, elong, cls


def _token(kind: str, raw: str) -> tuple[tuple[str, ...], bool, bool, str]:
    if kind == "word":
        return _word_norm(raw)
    if kind == "url":
        return ("_url_",), False, False, ""
    if kind == "mention":
        return ("_user_",), False, False, ""
    if kind == "tag":
        parts = _CAMEL_RE.findall(raw[1:])
        words = tuple(p.lower() for p in parts) or (raw[1:].lower(),)
        # The marker keeps "this was a #fail" apart from "I fail to see".
        return ("_tag_", *words), False, False, ""
    if kind == "emoticon":
        cls = EMOTICON_CLASS[raw]
        return (f"_emo_{cls}_",), False, False, cls
    if kind == "emoji":
        cls = EMOJI_CLASS.get(raw, "other")
        return (f"_emo_{cls}_",), False, False, cls
    norm = raw[0] * min(len(raw), 3) if raw[0] in "!?" else raw[0]
    return (norm,), False, False, ""


def normalise(text: str) -> Doc:
    """Tokenise ``text`` and normalise each token (memoised)."""
    raws = _TOKEN_RE.findall(text)
    plain = _PLAIN
    try:
        fast = [plain[r] for r in raws]
    except KeyError:
        fast = [plain[r] if r in plain else _plain_word(r) for r in raws]
    if None not in fast:
        # Every token is one plain word: no caps, elongation, emoji or expansion to track.
        return Doc(text, cast(list[str], fast), raws, None, 0, 0, (), ())
    return _with_marked_tokens(text, raws, fast)


def _info(raw: str) -> tuple[tuple[str, ...], bool, bool, str]:
    info = _CACHE.get(raw)
    if info is None:
        info = _token_info(raw)
        if len(_CACHE) > 200_000:
            _CACHE.clear()
        _CACHE[raw] = info
    return info


def _with_marked_tokens(text: str, raws: list[str], fast: list[str | None]) -> Doc:
    """A text with some token in capitals, elongated, an emoji or a shorthand that
    expands (``fast[k]`` is None for those): only those tokens are visited, unless one
    expands into several words, which shifts the positions of all later tokens."""
    toks = fast
    caps_idx: list[int] = []
    emo: list[str] = []
    n_elong = 0
    for k in [k for k, w in enumerate(fast) if w is None]:
        words, caps, elong, cls = _info(raws[k])
        if len(words) != 1:
            return _with_expansions(text, raws)
        toks[k] = words[0]
        if caps:
            caps_idx.append(k)
        if elong:
            n_elong += 1
        if cls:
            emo.append(cls)
    return Doc(text, cast(list[str], toks), raws, None, len(caps_idx), n_elong, caps_idx, emo)


def _with_expansions(text: str, raws: list[str]) -> Doc:
    """The general case, token by token (some token expands into several words)."""
    toks: list[str] = []
    src: list[int] = []
    caps_idx: list[int] = []
    emo: list[str] = []
    n_elong = 0
    for k, raw in enumerate(raws):
        words, caps, elong, cls = _info(raw)
        if caps:
            caps_idx.append(len(toks))
        if elong:
            n_elong += 1
        if cls:
            emo.append(cls)
        if len(words) == 1:
            toks.append(words[0])
            src.append(k)
        else:
            toks.extend(words)
            src.extend([k] * len(words))
    one_to_one = len(toks) == len(raws)  # then src is 0, 1, 2, ...
    return Doc(text, toks, raws, None if one_to_one else src, len(caps_idx), n_elong, caps_idx, emo)


def _plain_word(raw: str) -> str | None:
    """The one normalised word of a plain token (see ``_PLAIN``), filling both caches."""
    words, caps, elong, cls = _info(raw)
    word = words[0] if len(words) == 1 and not (caps or elong or cls) else None
    if len(_PLAIN) > 200_000:
        _PLAIN.clear()
    _PLAIN[raw] = word
    return word
