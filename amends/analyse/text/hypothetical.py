"""Hypotheticals: a problem asked about, not had.

"If a parcel arrives damaged, how do I make a claim?", "what happens if my flight is
cancelled?", "If there's ever an outage in my area how would I find out?" name a problem
in so many words, and a reader that sees "arrives damaged" or "outage" takes them for
complaints. In a question, the words of an "if" clause say what might happen; the
analysis leaves the problems found there out (``analyse.py``), as it does harmless
wording. A clause that says the problem is here already ("what do I do if it still
hasn't arrived?", "if it breaks again"), or a rhetorical question ("what's the point of
a booking slot if he comes 5 hours late?"), is no hypothetical.
"""

from __future__ import annotations

_OPENERS = frozenset({"if", "incase"})
# Where an "if" clause ends: punctuation, or the question it leads to ("If there's ever
# an outage how would I find out").
_CLAUSE_ENDS = frozenset("how what who where when which can could do does should will would".split())
_PUNCTUATION = frozenset(",.?!;:…")
# Words that say the problem is already here.
_REAL = frozenset("still again already yet keeps kept anymore now currently".split())
_MAX_WORDS = 15
# Words before the "if" that make the question rhetorical: "What is the point of a 2-hour
# slot if he comes 5 hours late?", "why offer a helpline if nobody answers?"
_RHETORICAL = frozenset("point why use sense".split())


def hypothetical_spans(toks: list[str]) -> list[tuple[int, int]]:
    """Token spans of the "if" clauses of a question that ask what happens if something
    goes wrong; none unless ``toks`` hold a question mark."""
    if not any(t[0] == "?" for t in toks):  # ("??" and "?!" are one token each)
        return []
    out = []
    for i, tok in enumerate(toks):
        opens = tok in _OPENERS or (tok == "case" and i > 0 and toks[i - 1] == "in")
        if not opens or not _RHETORICAL.isdisjoint(toks[:i]):
            continue
        end = i + 1
        while end < len(toks) and not _ends_clause(toks[end]) and end - i <= _MAX_WORDS:
            end += 1
        if end - i > _MAX_WORDS or not _REAL.isdisjoint(toks[i + 1 : end]):
            continue
        out.append((i, end))
    return out


def _ends_clause(tok: str) -> bool:
    return tok[0] in _PUNCTUATION or tok in _CLAUSE_ENDS
