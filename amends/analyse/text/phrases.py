"""A fast matcher for many word-level phrases at once.

Phrases are matched on normalised tokens, not characters: every phrase is indexed by its
first word, so a text is scanned once for all phrases of all groups, and a token that
starts no phrase costs one dictionary lookup. This is what keeps the analyser faster
than a regex-per-pattern design (and than VADER).

Phrase syntax, word by word (also documented in the taxonomy file):

- ``refund``        the word itself (case-insensitive, after normalisation)
- ``a|b|c``         any of these words
- ``charg*``        any word starting with "charg"
- ``#``             a number ("3", "two", "several"); ``#ord`` an ordinal ("third", "5th")
- ``word?``         an optional word (also ``a|b?``)
- ``*`` / ``*5``    a gap of up to 3 (or 5) words; a gap never crosses . ! or ?
- ``^`` first word  the phrase must start the text (after a greeting such as "hi")
- ``$`` last        the phrase must end the text (punctuation may follow)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from amends.analyse.text.lexicon import NUMBER_WORDS, SHORTHAND

_NUMBER_WORDS = frozenset(NUMBER_WORDS.split())
_ORDINALS = frozenset(
    "second third fourth fifth sixth seventh eighth ninth tenth umpteenth another".split()
)
_ORD_RE = re.compile(r"\d+(?:st|nd|rd|th)")
_SENTENCE_END = frozenset({".", "!", "?", "!!", "!!!", "??", "???", "…"})
_GREETINGS = frozenset("hi hello hey please dear ok okay so um yes".split())


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
            words.add(SHORTHAND.get(alt, alt))
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
    """Compile one phrase (a leading optional word expands into two phrases)."""
    words = tokens_of(phrase.strip())
    at_start = bool(words) and words[0] == "^"
    steps = [_parse_word(w) for w in (words[1:] if at_start else words)]
    out = _expand(group, phrase, steps, at_start)
    if not out:
        raise PhraseError(f"phrase has no words: {phrase!r}")
    return out


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
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Tokens known to start no phrase at all: most tokens; skipped in one set lookup.
    _dead: set[str] = field(default_factory=set)

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
        first = p.steps[0]
        second = p.steps[1] if len(p.steps) > 1 else None
        if second is not None and _plain(first) and _plain(second):
            # Indexed by the first two words: most starts are rejected by one lookup.
            for w in first.words:
                self._pair_firsts.add(w)
                self._pair_next.setdefault(w, set()).update(second.words)
                for w2 in second.words:
                    self._by_pair[(w, w2)] = self._by_pair.get((w, w2), ()) + (idx,)
            self._dead.clear()
            return
        for w in first.words:
            self._by_word.setdefault(w, []).append(idx)
        if first.prefixes or first.number or first.ordinal:
            self._other.append(idx)
        self._cache.clear()
        self._dead.clear()

    def _candidates(self, tok: str) -> tuple[int, ...]:
        extra = [i for i in self._other if self.phrases[i].steps[0].accepts(tok)]
        hit = tuple(self._by_word.get(tok, [])) + tuple(extra)
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[tok] = hit
        return hit

    def find(self, toks: Sequence[str]) -> list[tuple[str, int, int]]:
        """(group, first token, end token) of every phrase match, longest per start/group."""
        out: list[tuple[str, int, int]] = []
        n = len(toks)
        cache = self._cache
        pairs = self._by_pair
        pair_next = self._pair_next
        start_ok = -1
        tokset: set[str] | None = None
        dead = self._dead
        if len(dead) > 100_000:
            dead.clear()
        for i in [i for i, tok in enumerate(toks) if tok not in dead]:
            tok = toks[i]
            cands = cache.get(tok)
            if cands is None:
                cands = self._candidates(tok)
            second = pair_next.get(tok)
            if second is not None:
                if i + 1 < n and toks[i + 1] in second:
                    cands = cands + pairs[(tok, toks[i + 1])]
            elif not cands:
                dead.add(tok)
                continue
            if not cands:
                continue
            if start_ok < 0:
                start_ok = _text_start(toks)
            best: dict[str, int] = {}
            for ci in cands:
                p = self.phrases[ci]
                if p.at_start and i > start_ok:
                    continue
                if p.required is not None:
                    if tokset is None:
                        tokset = set(toks)
                    if p.required.isdisjoint(tokset):
                        continue
                end = _match(p.steps, 1, toks, i + 1, n)
                if end > best.get(p.group, -1):
                    best[p.group] = end
            for g, e in best.items():
                out.append((g, i, e))
        return out


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
            if g and (i + g - 1 >= n or toks[i + g - 1] in _SENTENCE_END):
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
