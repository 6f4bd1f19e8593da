"""HTML character references left in exported text ("hasn&#39;t", "fish &amp; chips").

Tweets, web forms and help-desk exports often reach Amends escaped once too often. The
text is read as the customer wrote it ("hasn't", "&"), and the evidence found in it is
mapped back to the characters of the text as stored, so a span still quotes what the
user sees.
"""

from __future__ import annotations

import html
import re

# A named or numeric reference with its semicolon: without one, "AT&T;" or "R&D" are text.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class Unescaped:
    """A text with its character references replaced, and where each character came from."""

    __slots__ = ("text", "_starts", "_ends")

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text = text
        self._starts = starts  # for each character of text, its start in the stored text
        self._ends = ends  # and its end there (a reference is several stored characters)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stored text's (start, end) for the unescaped text's (start, end)."""
        n = len(self.text)
        if not n:
            return (0, 0)
        a = self._starts[min(start, n - 1)] if start < n else self._ends[-1]
        b = self._ends[min(end, n) - 1] if end > start else a
        return (a, b)


def unescape(text: str) -> Unescaped | None:
    """``text`` with its HTML character references replaced, or None when it has none."""
    if "&" not in text or ";" not in text:
        return None
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for found in _REFERENCE.finditer(text):
        char = html.unescape(found.group())
        if char == found.group():
            continue  # not a reference HTML knows ("&foo;"): left as written
        parts.append(text[pos : found.start()])
        starts.extend(range(pos, found.start()))
        ends.extend(range(pos + 1, found.start() + 1))
        parts.append(char)
        starts.extend([found.start()] * len(char))
        ends.extend([found.end()] * len(char))
        pos = found.end()
    if not parts:
        return None
    parts.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return Unescaped("".join(parts), starts, ends)
