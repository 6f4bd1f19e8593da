"""A fast matcher for many word-level phrases at once.

Phrases are matched on normalised tokens, not characters: every phrase is indexed by its
first word (and most by their first two), so a text is scanned once for all phrases of
all groups. What may start at a token is computed once per distinct token and looked up
for all tokens of a text in one C-level ``map``; phrases that need a word the text lacks
are skipped together. (A single trie-shaped regular expression over the joined tokens was
tried instead: the C engine spent about 140 ns per token trying the trie, more than this.)

Phrase syntax, word by word (also documented in the taxonomy file):

- ``refund``        the word itself (case-insensitive, after normalisation)
- ``a|b|c``         any of these words
- ``charg*``        any word starting with "charg"
- ``#``             a number ("3", "two", "several"); ``#ord`` an ordinal ("third", "5th")
- ``word?``         an optional word (also ``a|b?``)
- ``*`` / ``*5``    a gap of up to 3 (or 5) words; a gap never crosses . ! ? or a
                    negator ("not", "never", "didn't")
- ``^`` first word  the phrase must start the text (after a greeting such as "hi")
- ``$`` last        the phrase must end the text (punctuation may follow)
- ``(a b|c d)``     any of these word sequences (``a|b`` alone is one word position, so
                    ``stopped working|fell apart`` would mean "stopped", then
                    "working" or "fell", then "apart")
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress

from amends.analyse.text.lexicon import NEGATORS, NUMBER_WORDS, SHORTHAND

_NUMBER_WORDS = frozenset(NUMBER_WORDS.split())
_ORDINALS = frozenset(
    "second third fourth fifth sixth seventh eighth ninth tenth umpteenth another".split()
)
_ORD_RE = re.compile(r"\d+(?:st|nd|rd|th)")
_SENTENCE_END = frozenset({".", "!", "?", "!!", "!!!", "??", "???", "…"})


def _negates(tok: str) -> bool:
    """A gap never crosses a negator: "bill * too high" must not match "the bill is not
    too high" (a phrase that needs a negation says so in its words)."""
    return tok in NEGATORS or tok.endswith("n't")


# "_user_" is the @handle a post is addressed to: "@AcmeAir can I bring a buggy?"
_GREETINGS = frozenset("hi hello hey hiya yo please dear ok okay so um yes _user_".split())


class PhraseError(ValueError):
    """A phrase that cannot be compiled."""


@dataclass(frozen=True)
class Step:
    """One word position of a phrase."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    number: bool = False
    ordinal: bool = False
    optional: bool = False
    gap: int = 0  # > 0: this step is a gap of 0..gap words
    end: bool = False

    def accepts(self, tok: str) -> bool:
        if tok in self.words:
            return True
        if self.number and (tok in _NUMBER_WORDS or tok.replace(".", "", 1).isdigit()):
            return True
        if self.ordinal and (tok in _ORDINALS or _ORD_RE.fullmatch(tok) is not None):
            return True
        return bool(self.prefixes) and tok.startswith(self.prefixes)


@dataclass
class Phrase:
    group: str
    text: str
    steps: list[Step]
    at_start: bool = False
    # Words of one later mandatory step: if none is in the text, skip the phrase cheaply.
    required: frozenset[str] | None = None


def _parse_word(word: str) -> Step:
    optional = word.endswith("?") and len(word) > 1
    if optional:
        word = word[:-1]
    if word == "$":
        return Step(end=True)
    if re.fullmatch(r"\*\d*", word):
        return Step(gap=int(word[1:] or 3))
    words: set[str] = set()
    prefixes: list[str] = []
    number = ordinal = False
    for alt in word.lower().split("|"):
        if alt == "#":
            number = True
        elif alt == "#ord":
            ordinal = True
        elif alt.endswith("*") and len(alt) > 1:
            prefixes.append(alt[:-1])
        elif alt:
            words.add(sys.intern(SHORTHAND.get(alt, alt)))  # as tokens are: see normalise
    if not (words or prefixes or number or ordinal):
        raise PhraseError(f"empty word in phrase: {word!r}")
    return Step(frozenset(words), tuple(prefixes), number, ordinal, optional)


def tokens_of(phrase: str) -> list[str]:
    """Split a phrase into words; hyphens split words as the tokeniser does ("rip-off")."""
    out: list[str] = []
    for w in phrase.replace("’", "'").split():
        if "|" in w or w.startswith(("#", "*")) or w in ("^", "$"):
            out.append(w)
        else:
            out.extend(w.replace("-", " ").split())
    return out


def compile_phrase(group: str, phrase: str) -> list[Phrase]:
    """Compile one phrase (a leading optional word, and each alternative of a bracketed
    group, expand into several phrases)."""
    out: list[Phrase] = []
    for variant in expand_groups(phrase):
        words = tokens_of(variant.strip())
        at_start = bool(words) and words[0] == "^"
        steps = [_parse_word(w) for w in (words[1:] if at_start else words)]
        found = _expand(group, phrase, steps, at_start)
        if not found:
            raise PhraseError(f"phrase has no words: {phrase!r}")
        out += found
    return out


_GROUP_RE = re.compile(r"\(([^()]*)\)")


def expand_groups(phrase: str) -> list[str]:
    """``(stopped working|fell apart) again`` -> ``stopped working again``, ``fell apart
    again``: alternatives of several words, where a bare ``a|b`` is one word position."""
    m = _GROUP_RE.search(phrase)
    if m is None:
        if "(" in phrase or ")" in phrase:
            raise PhraseError(f"unbalanced or nested brackets in phrase: {phrase!r}")
        return [phrase]
    head, tail = phrase[: m.start()], phrase[m.end() :]
    alternatives = [a.strip() for a in m.group(1).split("|")]
    if not all(alternatives):
        raise PhraseError(f"empty alternative in brackets: {phrase!r}")
    return [v for alt in alternatives for v in expand_groups(f"{head} {alt} {tail}")]


def _expand(group: str, text: str, steps: list[Step], at_start: bool) -> list[Phrase]:
    while steps and steps[0].gap:
        steps = steps[1:]
    if not steps:
        return []
    first = steps[0]
    if first.optional:
        required = Step(first.words, first.prefixes, first.number, first.ordinal)
        return _expand(group, text, [required, *steps[1:]], at_start) + _expand(
            group, text, steps[1:], at_start
        )
    return [Phrase(group, text, steps, at_start)]


@dataclass
class PhraseMatcher:
    """All phrases of all groups, indexed by their first word."""

    phrases: list[Phrase] = field(default_factory=list)
    _by_word: dict[str, list[int]] = field(default_factory=dict)
    _by_pair: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)
    _pair_firsts: set[str] = field(default_factory=set)
    _pair_next: dict[str, set[str]] = field(default_factory=dict)  # first -> second words
    _other: list[int] = field(default_factory=list)  # first step is a prefix/number
    # All of ``_other``'s first steps in one: a token it rejects starts none of them.
    _other_first: Step | None = None
    # token -> what may start there (see ``_Starts``): one lookup per token
    _starts: _Starts = field(default_factory=lambda: _Starts())

    def __post_init__(self) -> None:
        self._starts.matcher = self

    @classmethod
    def build(cls, groups: Iterable[tuple[str, Sequence[str]]]) -> PhraseMatcher:
        m = cls()
        for group, phrases in groups:
            for text in phrases:
                for p in compile_phrase(group, text):
                    m._add(p)
        return m

    def _add(self, p: Phrase) -> None:
        paired = len(p.steps) > 1 and _plain(p.steps[0]) and _plain(p.steps[1])
        later = [st for st in p.steps[2 if paired else 1 :] if _plain(st)]
        if later:
            # Longer words are rarer: the best filter for the least work.
            best = max(later, key=lambda st: sum(map(len, st.words)) / len(st.words))
            p.required = best.words
        idx = len(self.phrases)
        self.phrases.append(p)
        self._starts.clear()
        self._other_first = None
        first = p.steps[0]
        second = p.steps[1] if len(p.steps) > 1 else None
        if second is not None and _plain(first) and _plain(second):
            # Indexed by the first two words: most starts are rejected by one lookup.
            for w in first.words:
                self._pair_firsts.add(w)
                self._pair_next.setdefault(w, set()).update(second.words)
                for w2 in second.words:
                    self._by_pair[(w, w2)] = self._by_pair.get((w, w2), ()) + (idx,)
            return
        for w in first.words:
            self._by_word.setdefault(w, []).append(idx)
        if first.prefixes or first.number or first.ordinal:
            self._other.append(idx)

    def _start(self, tok: str) -> _Start | None:
        """What may start at a token: the phrases that start with it (word, prefix or
        number), then, by the next word, those that start with it and that word; None
        when nothing can (most tokens)."""
        if self._other_first is None:
            firsts = [self.phrases[i].steps[0] for i in self._other]
            self._other_first = Step(
                frozenset().union(*(st.words for st in firsts)),
                tuple(pre for st in firsts for pre in st.prefixes),
                any(st.number for st in firsts),
                any(st.ordinal for st in firsts),
            )
        # (one test for most tokens, not one per prefix or number phrase: a token's first
        # sight costs less)
        others = self._other if self._other_first.accepts(tok) else ()
        extra = [i for i in others if self.phrases[i].steps[0].accepts(tok)]
        own = self._candidates([*self._by_word.get(tok, []), *extra])
        seconds = self._pair_next.get(tok)
        if seconds is None:
            return (own, None) if own[0] else None
        return own, {w2: self._candidates(self._by_pair[(tok, w2)]) for w2 in seconds}

    def _candidates(self, indices: Sequence[int]) -> _Candidates:
        """Phrases as ``find`` checks them, and the shortcut when none of their required
        words is in the text: then only those that require none can match."""
        phrases = [self.phrases[i] for i in indices]
        cands = tuple((p.group, p.steps, p.at_start, p.required) for p in phrases)
        free = tuple(c for c in cands if c[3] is None)
        needed = frozenset().union(*(p.required for p in phrases if p.required is not None))
        return cands, free, needed

    def find(self, toks: Sequence[str]) -> list[tuple[str, int, int]]:
        """(group, first token, end token) of every phrase match, longest per start/group."""
        starts = list(map(self._starts.__getitem__, toks))
        n = len(toks)
        if starts.count(None) == n:
            return []  # no token starts a phrase
        out: list[tuple[str, int, int]] = []
        start_ok = -1
        tokset = set(toks)
        for i in compress(range(n), starts):
            (cands, free, needed), by_next = starts[i]
            if needed.isdisjoint(tokset):
                cands = free  # the others require a word the text does not have
            if by_next is not None and i + 1 < n:
                more = by_next.get(toks[i + 1])
                if more:
                    cands = cands + (more[1] if more[2].isdisjoint(tokset) else more[0])
            if not cands:
                continue
            best: dict[str, int] = {}
            for group, steps, at_start, required in cands:
                if at_start:
                    if start_ok < 0:
                        start_ok = _text_start(toks)
                    if i > start_ok:
                        continue
                if required is not None and required.isdisjoint(tokset):
                    continue
                end = _match(steps, 1, toks, i + 1, n) if len(steps) > 1 else i + 1
                if end > best.get(group, -1):
                    best[group] = end
            for g, e in best.items():
                out.append((g, i, e))
        return out


# A phrase as ``find`` checks it: (group, steps, at_start, required words).
_Candidate = tuple[str, list[Step], bool, "frozenset[str] | None"]
# Phrases that may start at a token, those of them that require no word, and all the
# words that the others require.
_Candidates = tuple[tuple[_Candidate, ...], tuple[_Candidate, ...], frozenset[str]]
# What may start at a token: its own phrases, and the pair phrases by the next word.
_Start = tuple[_Candidates, "dict[str, _Candidates] | None"]


class _Starts(dict):
    """token -> ``PhraseMatcher._start(token)``, computed on first sight."""

    matcher: PhraseMatcher

    def __missing__(self, tok: str) -> _Start | None:
        if len(self) > 100_000:
            self.clear()
        start = self[tok] = self.matcher._start(tok)
        return start


def _plain(step: Step) -> bool:
    """A step that is only a set of exact words (indexable)."""
    return bool(step.words) and not (
        step.prefixes or step.number or step.ordinal or step.optional or step.gap or step.end
    )


def _text_start(toks: Sequence[str]) -> int:
    """Index of the first token after greetings and punctuation (for ``^`` phrases)."""
    i = 0
    while i < len(toks) and (toks[i] in _GREETINGS or toks[i] in (",", ".", "!")):
        i += 1
    return i


def _match(steps: list[Step], k: int, toks: Sequence[str], i: int, n: int) -> int:
    """End token index when steps[k:] match from toks[i], else -1 (small backtracking)."""
    if k == len(steps):
        return i
    step = steps[k]
    if step.end:
        j = i
        while j < n and toks[j] in _SENTENCE_END:
            j += 1
        return i if j == n else -1
    if step.gap:
        for g in range(step.gap + 1):
            if g and (
                i + g - 1 >= n or toks[i + g - 1] in _SENTENCE_END or _negates(toks[i + g - 1])
            ):
                break
            r = _match(steps, k + 1, toks, i + g, n)
            if r >= 0:
                return r
        return -1
    if i < n and step.accepts(toks[i]):
        r = _match(steps, k + 1, toks, i + 1, n)
        if r >= 0:
            return r
    if step.optional:
        return _match(steps, k + 1, toks, i, n)
    return -1
