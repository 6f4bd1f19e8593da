"""A turn: the words after the last "but" ("however", "until", ...) of a text.

A customer who praises and then turns to a problem is complaining: "Good hotel, great
location, but the walls are paper thin", "Great game until level 40, then it's pay to
win", "lovely staff but the room was next to the lift shaft". A reader that weighs every
word alike counts two words of praise against one problem and reads praise. So the
analysis reads what follows the last turn on its own as well (``analyse.py``); when that
reads as a bad experience, the turn has the last word.

The other way round ("the flight was late but the crew were brilliant") nothing changes:
what follows the turn is praise, and the whole text is read as it was.

A review often turns without a turn word, by starting a new sentence: "Staff lovely.
Food forgettable.", "Eye test thorough, glasses ready in a week. Frames are on the pricey
side." So the last sentence of a text of several sentences is read on its own too.

Praise can have the last word and still follow a fault: "Service was a bit slow, but the
food? Unreal." The clauses before the last (``earlier_clauses``) are read on their own
as well; a fault there leaves the text positive but makes it a bad experience. And a
complaint whose problem is then told as put right ("but the driver came back and sorted
it. top bloke") is read from that clause on (``clause_start``): thanks can have the last
word.
"""

from __future__ import annotations

import re

from amends.analyse.text.normalise import Doc

TURN_WORDS = frozenset("but however except until unfortunately sadly although though".split())
# "charged me even though I cancelled": a concession inside the complaint, no turn; and
# "though" turns only after a comma ("great room, though the walls are thin"), since at
# the end of a clause ("the seats are worn though") the problem came before it.
_CONCESSIONS = frozenset({"although", "though"})
_SENTENCE_END = frozenset(".!?…")
# Words a last sentence needs, at least, to be read on its own ("Thanks!" is not read).
MIN_WORDS_LAST_SENTENCE = 2
# Words after the turn, at least: "but still nothing" is a complaint, "but why" is not read.
MIN_WORDS_AFTER = 2
# Words an earlier clause needs to be read on its own ("Waited forever for a table.").
MIN_WORDS_CLAUSE = 3


def after_last_turn(doc: Doc) -> int | None:
    """Character offset where the words after the last turn begin (the turn word left
    out), or None when the text has no turn with words on both sides."""
    toks = doc.toks
    if TURN_WORDS.isdisjoint(toks):
        return None
    for i in range(len(toks) - 1, 0, -1):
        if toks[i] not in TURN_WORDS or (toks[i] in _CONCESSIONS and not _turns_at(toks, i)):
            continue
        words_after = sum(1 for t in toks[i + 1 :] if t[0].isalnum())
        if words_after < MIN_WORDS_AFTER:
            continue
        return doc.span(i, i + 1)[1]
    return None


def _turns_at(toks: list[str], i: int) -> bool:
    """Whether "though" or "although" at ``i`` turns from what came before."""
    before = toks[i - 1]
    if before == "even":
        return False
    return toks[i] == "although" or before == ","


def sentence_of(toks: list[str], i: int) -> tuple[int, int]:
    """The token range of the sentence that holds token ``i``."""
    start = i
    while start > 0 and toks[start - 1][0] not in _SENTENCE_END:
        start -= 1
    end = i
    while end < len(toks) and toks[end][0] not in _SENTENCE_END:
        end += 1
    return start, end


def excused_range(toks: list[str], i: int, j: int) -> tuple[int, int]:
    """What an excuse at tokens ``i:j`` speaks for: its sentence up to the next turn
    ("delayed by the storm, beyond their control, but nobody told us": not the silence).
    An excuse that ends on its turn word ("I was dreading it, but") speaks up to it."""
    start, end = sentence_of(toks, i)
    if j > i + 1 and toks[j - 1] in TURN_WORDS:
        j -= 1
    turn = next((k for k in range(j, end) if toks[k] in TURN_WORDS), end)
    return start, turn


def caused_range(toks: list[str], i: int, j: int) -> tuple[int, int]:
    """What a cause outside anyone's control at tokens ``i:j`` explains: its clause, from
    the sentence start to the next turn, "and" or comma after it ("flight cancelled due to
    snow | and nobody told us": not the silence)."""
    start, end = sentence_of(toks, i)
    stop = next((k for k in range(j, end) if toks[k] in TURN_WORDS or toks[k] in (",", "and")), end)
    return start, stop


# What follows a clause-final "though": the sentence's end, or its next clause.
_AFTER_THOUGH = frozenset((",", "and", "&", "so"))


def conceding_sentence(doc: Doc) -> int | None:
    """Character offset of the last sentence when it turns from what came before with a
    clause-final "though" ("Wifi unusable for calls. Staff were lovely though and the
    breakfast was fab."), else None. The first sentence has nothing before it to turn from."""
    toks = doc.toks
    if "though" not in toks:
        return None
    start, _ = sentence_of(toks, len(toks) - 1 if toks[-1][0] not in _SENTENCE_END else len(toks) - 2)
    if start == 0:
        return None
    for i in range(start + 1, len(toks)):
        if toks[i] != "though" or toks[i - 1] in (",", "even"):
            continue
        if i + 1 == len(toks) or toks[i + 1][0] in _SENTENCE_END or toks[i + 1] in _AFTER_THOUGH:
            return doc.span(start, start + 1)[0]
    return None


def last_sentence(doc: Doc) -> int | None:
    """Character offset where the last sentence begins, or None when the text is one
    sentence or its last sentence is too short to read on its own."""
    toks = doc.toks
    end = len(toks)
    while end and toks[end - 1][0] in _SENTENCE_END:
        end -= 1  # the last sentence's own full stops
    for i in range(end - 1, 0, -1):
        if toks[i][0] not in _SENTENCE_END:
            continue
        words = sum(1 for t in toks[i + 1 : end] if t[0].isalnum())
        if words < MIN_WORDS_LAST_SENTENCE:
            return None
        return doc.span(i, i + 1)[1]
    return None


def earlier_clauses(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the clauses before the last one: a text split at its sentence ends
    and turn words ("Service was a bit slow, | but the food? | Unreal."). A happy review
    tells its faults there too, before the praise that ends it."""
    toks = doc.toks
    clauses = []  # (first token, end token, words)
    start = words = 0
    for i, tok in enumerate([*toks, "."]):
        if tok[0] in _SENTENCE_END or (tok in TURN_WORDS and _turns(toks, i)):
            if words:
                clauses.append((start, i, words))
            start, words = i + 1, 0
        elif tok[0].isalnum():
            words += 1  # counted on the way: one pass over the tokens
    return [(a, b) for a, b, words in clauses[:-1] if words >= MIN_WORDS_CLAUSE]


def clause_start(doc: Doc, i: int) -> int:
    """Character offset where the clause holding token ``i`` begins: after the sentence end
    or turn word before it ("parcel went to the wrong house, | but the driver came back
    and sorted it"), or 0."""
    toks = doc.toks
    for j in range(i - 1, -1, -1):
        if toks[j][0] in _SENTENCE_END or (toks[j] in TURN_WORDS and _turns(toks, j)):
            return doc.span(j, j + 1)[1]
        # A dash between words ends a clause too ("missing item last week - sorted in
        # minutes"); the tokens leave it out, the text keeps it.
        end, nxt = doc.span(j, j + 1)[1], doc.span(j + 1, j + 2)[0]
        if _DASH.search(doc.text, end, nxt):
            return end
    return 0


_DASH = re.compile(r"\s[-–—]+\s|[–—]")


def _turns(toks: list[str], i: int) -> bool:
    """Whether the turn word at ``i`` turns ("although", "though" only as ``_turns_at``)."""
    return toks[i] not in _CONCESSIONS or (i > 0 and _turns_at(toks, i))
