"""Per-token memo tables for the batch analyser's hot loops.

Real text repeats words a lot, so facts about a token (is it a word, its stem, its
feature indices) are computed once and then looked up for all tokens of a text in one
C-level ``map``. The values live in a plain dict on purpose: a dict whose keys and values
are all strings, numbers or tuples of them is not tracked by Python's garbage collector,
while a dict subclass (``__missing__``) always is, and every full collection would walk
its hundreds of thousands of entries while a batch is analysed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

V = TypeVar("V")
_MISSING = object()


class TokenMemo(Generic[V]):
    """token -> ``compute(token)``, computed on first sight (at most ``limit`` kept)."""

    __slots__ = ("compute", "limit", "values")

    def __init__(self, compute: Callable[[str], V], limit: int = 200_000) -> None:
        self.compute = compute
        self.limit = limit
        self.values: dict[str, V] = {}

    def all(self, toks: Sequence[str]) -> list[V]:
        """The value of every token, in order."""
        try:
            return list(map(self.values.__getitem__, toks))
        except KeyError:  # some token seen for the first time
            if len(self.values) > self.limit:
                self.values.clear()
            return [self._value(tok) for tok in toks]

    def one(self, tok: str) -> V:
        """The value of one token."""
        if tok not in self.values and len(self.values) > self.limit:
            self.values.clear()
        return self._value(tok)

    def _value(self, tok: str) -> V:
        value = self.values.get(tok, _MISSING)
        if value is _MISSING:
            value = self.values[tok] = self.compute(tok)
        return value  # type: ignore[return-value]

    def clear(self) -> None:
        self.values.clear()
