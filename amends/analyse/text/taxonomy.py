"""A user-editable taxonomy of categories matched by phrases, keywords and examples.

The file is TOML. Each ``[categories.<id>]`` table has:

- ``label``: a human name; ``description`` (optional); ``severity`` 0-1 (optional);
- ``phrases``: wording that on its own shows this category (for the customer-experience
  taxonomy: that this thing went wrong). Phrase syntax, word by word:
  ``a|b`` either word, ``word*`` any word starting so, ``word?`` optional word,
  ``*`` zero to three words of anything, ``#`` a number ("2", "two", "several"), and a phrase
  starting with ``re:`` is a raw regular expression over the normalised text;
- ``keywords``: topic words (a match means "about this", not "went wrong");
- ``examples``: whole example sentences; a text that shares most of an example's content
  words matches it, so a business can teach a category without retraining anything.

The matcher is generic: the customer-experience issues use it, and so can any other file
(e.g. practice areas for client intake).
"""

from __future__ import annotations

import bisect
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from amends.analyse.text.memo import TokenMemo
from amends.analyse.text.normalise import Doc, normalise
from amends.analyse.text.phrases import PhraseError, PhraseMatcher

DEFAULT_TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "taxonomy.toml"

_STOP = frozenset(
    "a an the i me my we our you your it its is are was were be been to of in on at for "
    "and or but with this that have has had do does did can could would will please just "
    "so very from by as im i'm it's get got".split()
)


class TaxonomyError(ValueError):
    """The taxonomy file is missing, not TOML, or has a malformed category."""


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a category matched: span in the original text and how it matched."""

    start: int
    end: int
    text: str
    kind: str  # phrase | keyword | example | model (the words the issues head weighed most)


@dataclass(slots=True)
class Match:
    category: str
    label: str
    score: float
    hits: list[Hit]

    @property
    def strong(self) -> bool:
        """True when a phrase or a close example matched (not only a topic keyword)."""
        return any(h.kind != "keyword" for h in self.hits)


@dataclass
class Category:
    id: str
    label: str
    description: str = ""
    severity: float = 0.5
    phrases: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    _raw_re: re.Pattern[str] | None = None
    _example_sets: list[frozenset[str]] = field(default_factory=list)


def _raw_regexes(phrases: Sequence[str]) -> re.Pattern[str] | None:
    raws = [p[3:] for p in phrases if p.startswith("re:")]
    if not raws:
        return None
    return re.compile("|".join(f"(?:{r})" for r in raws))


def _content_stem(w: str) -> str:
    """The stem of a content word; "" for stop words, short words and punctuation."""
    return sys.intern(_stem(w)) if (w not in _STOP and len(w) > 2 and w[0].isalnum()) else ""


_STEMS: TokenMemo[str] = TokenMemo(_content_stem)


def _content_stems(doc: Doc) -> set[str]:
    out = set(_STEMS.all(doc.toks))
    out.discard("")  # stop words, short words and punctuation
    return out


def content_words(doc: Doc) -> frozenset[str]:
    """Content words with a crude suffix strip, for example similarity (memoised)."""
    return frozenset(_content_stems(doc))


def _stem(w: str) -> str:
    for suf in ("ing", "ed", "es", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


class Taxonomy:
    """Categories with phrases, keywords and examples; ``match`` scores a text."""

    def __init__(self, categories: Sequence[Category], name: str = "taxonomy") -> None:
        self.name = name
        self.categories = list(categories)
        self._by_id = {c.id: c for c in self.categories}
        self._index: dict[str, list[tuple[int, int]]] = {}
        self._example_sizes: dict[tuple[int, int], int] = {}  # (category, example) -> words
        groups: list[tuple[str, list[str]]] = []
        self.groups = groups
        for ci, cat in enumerate(self.categories):
            try:
                cat._raw_re = _raw_regexes(cat.phrases)
                plain = [p for p in cat.phrases if not p.startswith("re:")]
                groups.append((f"tax:phrase:{ci}", plain))
                groups.append((f"tax:keyword:{ci}", cat.keywords))
                PhraseMatcher.build(groups[-2:])
            except (re.error, PhraseError) as exc:
                raise TaxonomyError(f"category {cat.id!r}: bad phrase ({exc})") from exc
            cat._example_sets = [content_words(normalise(e)) for e in cat.examples]
            for ei, words in enumerate(cat._example_sets):
                self._example_sizes[(ci, ei)] = len(words)
                for w in words:
                    self._index.setdefault(w, []).append((ci, ei))
        self._matcher = PhraseMatcher.build(groups)
        # Only the few categories with raw regexes are visited per text.
        self._raw = [(ci, c._raw_re) for ci, c in enumerate(self.categories) if c._raw_re]

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.categories]

    def category(self, cid: str) -> Category:
        return self._by_id[cid]

    def has(self, cid: str) -> bool:
        return cid in self._by_id

    def match(
        self,
        text: str | Doc,
        min_example_similarity: float = 0.6,
        phrase_hits: list[tuple[str, int, int]] | None = None,
        examples: bool = True,
    ) -> list[Match]:
        """Categories the text matches, best first (phrases score above keywords).

        ``phrase_hits`` lets a caller that already ran a combined ``PhraseMatcher`` (built
        with ``self.groups``) pass its "tax:" hits instead of scanning the text again.
        """
        doc = text if isinstance(text, Doc) else normalise(text)
        hits: dict[int, list[Hit]] = {}
        found_hits = self._matcher.find(doc.toks) if phrase_hits is None else phrase_hits
        if not (found_hits or self._raw or examples):
            return []  # the common case for texts with nothing to report: no work at all
        for group, i, j in found_hits:
            _, kind, index = group.split(":")
            s, e = doc.span(i, j)
            hits.setdefault(int(index), []).append(Hit(s, e, doc.text[s:e], kind))
        for ci, regex in self._raw:
            hits.setdefault(ci, []).extend(_raw_hits(doc, regex))
        found: dict[int, Match] = {}
        for ci, hs in hits.items():
            if hs:
                cat = self.categories[ci]
                found[ci] = Match(cat.id, cat.label, _score(hs), hs)
        similar = self._example_matches(doc, min_example_similarity) if examples else {}
        for ci, sim in similar.items():
            cat = self.categories[ci]
            hit = Hit(0, len(doc.text), doc.text[:200], "example")
            m = found.setdefault(ci, Match(cat.id, cat.label, 0.0, []))
            m.hits.append(hit)
            m.score = max(m.score, round(min(0.95, sim), 3))
        return sorted(found.values(), key=lambda m: -m.score)

    def _example_matches(self, doc: Doc, threshold: float) -> dict[int, float]:
        if not self._index:
            return {}
        # A frozenset, as the examples' own word sets: the iteration order (and so which of
        # two equally similar categories comes first) must not depend on how it was built.
        words = content_words(doc)
        if not words:
            return {}
        overlap: dict[tuple[int, int], int] = {}
        for keys in filter(None, map(self._index.get, words)):
            for key in keys:
                overlap[key] = overlap.get(key, 0) + 1
        best: dict[int, float] = {}
        sizes = self._example_sizes
        for key, n in overlap.items():
            size = sizes[key]
            share = n / size
            if share < threshold:
                continue  # the similarity is at most the share: cannot reach the threshold
            # Share of the example covered, lightly penalising texts much longer than it.
            sim = share * min(1.0, (size + 2) / max(len(words), 1)) ** 0.25
            ci = key[0]
            if sim >= threshold and sim > best.get(ci, 0.0):
                best[ci] = sim
        return best


def _raw_hits(doc: Doc, regex: re.Pattern[str]) -> list[Hit]:
    """Hits of raw ``re:`` phrases, which run on the space-joined normalised tokens."""
    starts = []
    pos = 0
    for t in doc.toks:
        starts.append(pos)
        pos += len(t) + 1
    hits = []
    for m in regex.finditer(doc.norm):
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        j = max(i + 1, bisect.bisect_left(starts, m.end()))
        s, e = doc.span(i, j)
        hits.append(Hit(s, e, doc.text[s:e], "phrase"))
    return hits


def _score(hits: list[Hit]) -> float:
    phrases = _separate_spans(h for h in hits if h.kind == "phrase")
    keywords = len(hits) - phrases
    base = 0.8 + 0.05 * min(phrases - 1, 3) if phrases else 0.4 + 0.05 * min(keywords - 1, 3)
    return round(min(base, 0.99), 3)


def _separate_spans(hits: Iterable[Hit]) -> int:
    """How many separate places the hits cover: phrases that overlap ("been waiting 11
    days", "waiting 11 days") are one piece of evidence, not two."""
    count = 0
    end = -1
    for h in sorted(hits, key=lambda h: h.start):
        if h.start >= end:
            count += 1
        end = max(end, h.end)
    return count


def _category(cid: str, raw: object) -> Category:
    if not isinstance(raw, dict):
        raise TaxonomyError(f"category {cid!r} must be a table")

    def strings(key: str) -> list[str]:
        val = raw.get(key, [])
        if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
            raise TaxonomyError(f"category {cid!r}: {key} must be a list of strings")
        return [v for v in val if v.strip()]

    sev = raw.get("severity", 0.5)
    if not isinstance(sev, int | float) or not 0 <= sev <= 1:
        raise TaxonomyError(f"category {cid!r}: severity must be a number from 0 to 1")
    return Category(
        id=cid,
        label=str(raw.get("label", cid.replace("_", " "))),
        description=str(raw.get("description", "")),
        severity=float(sev),
        phrases=strings("phrases"),
        keywords=strings("keywords"),
        examples=strings("examples"),
    )


def parse_taxonomy(data: dict, name: str = "taxonomy") -> Taxonomy:
    cats = data.get("categories")
    if not isinstance(cats, dict) or not cats:
        raise TaxonomyError("the taxonomy needs a [categories.<id>] table")
    return Taxonomy([_category(cid, raw) for cid, raw in cats.items()], name=name)


def load_taxonomy(path: str | Path | None = None, *, extend_default: bool = False) -> Taxonomy:
    """Load a taxonomy TOML file (the default customer-experience one when ``path`` is None).

    With ``extend_default=True`` the file's categories are added to (or replace, by id) the
    default ones, which is how a business adds its own categories without retraining.
    """
    p = Path(path) if path is not None else DEFAULT_TAXONOMY
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TaxonomyError(f"taxonomy file not found: {p}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"taxonomy file {p} is not valid TOML: {exc}") from exc
    if extend_default and path is not None:
        base = tomllib.loads(DEFAULT_TAXONOMY.read_text(encoding="utf-8"))
        merged = dict(base.get("categories", {}))
        merged.update(data.get("categories", {}))
        data = {"categories": merged}
    return parse_taxonomy(data, name=p.stem)
