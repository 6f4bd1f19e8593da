"""A turn: the words after the last "but" ("however", "until", ...) of a text.

A customer who praises and then turns to a problem is complaining: "Good hotel, great
location, but the walls are paper thin", "Great game until level 40, then it's pay to
win", "lovely staff but the room was next to the lift shaft". A reader that weighs every
word alike counts two words of praise against one problem and reads praise. So the
analysis reads what follows the last turn on its own as well (``analyse.py``); when that
reads as a bad experience, the turn has the last word.

The other way round ("the flight was late but the crew were brilliant") nothing changes:
what follows the turn is praise, and the whole text is read as it was.
"""

from __future__ import annotations

from amends.analyse.text.normalise import Doc

TURN_WORDS = frozenset("but however except until unfortunately sadly".split())
# Words after the turn, at least: "but still nothing" is a complaint, "but why" is not read.
MIN_WORDS_AFTER = 2


def after_last_turn(doc: Doc) -> int | None:
    """Character offset where the words after the last turn begin (the turn word left
    out), or None when the text has no turn with words on both sides."""
    toks = doc.toks
    if TURN_WORDS.isdisjoint(toks):
        return None
    for i in range(len(toks) - 1, 0, -1):
        if toks[i] not in TURN_WORDS:
            continue
        words_after = sum(1 for t in toks[i + 1 :] if t[0].isalnum())
        if words_after < MIN_WORDS_AFTER:
            continue
        return doc.span(i, i + 1)[1]
    return None
