"""Problems told as fixed: "Jenna sorted the double charge in minutes", "thank you for
refunding the duplicate payment", "my card was blocked but your team unblocked it".

A thank-you often names the problem it thanks for, and a reader that sees "double
charge" after the praise takes it for the last word of a complaint. A problem with a
word of fixing beside it, in the same sentence and not negated or still to come ("still
hasn't been fixed", "was supposed to be refunded"), is one that was put right: it still
happened (a bad experience, worth recording), but the text does not complain about it.
The analysis only asks this of texts that praise in so many words (``analyse.py``).

A thank-you also names the trouble it helped through: "massive thanks to the station
staff when our connection was cancelled", "shoutout to Dave who carried my shopping up
when the lift was broken". A problem told after "when" ("while", "after", "during") in a
sentence that thanks or praises first is the occasion of the thanks, and is read as one
put right is.
"""

from __future__ import annotations

from amends.analyse.text.features import negation_scope
from amends.analyse.text.turn import TURN_WORDS, sentence_of

FIXING_WORDS = frozenset(
    "sorted sorting fixed fixing resolved resolving refunded refunding replaced replacing "
    "unblocked unblocking cleared clearing recovered recovering rebooked rebooking reversed "
    "reversing waived waiving corrected correcting repaired repairing restored restoring "
    "reinstated reinstating unlocked unlocking credited crediting rectified caught spotted "
    "prevented swapped swapping reissued reissuing redelivered remade reprinted reconnected "
    "reimbursed compensated".split()
)
# Words just before a word of fixing that make it a wish or a promise, not a fact:
# "supposed to be fixed", "should have been refunded", "still waiting to be sorted".
_NOT_YET = frozenset(
    "supposed meant should would will promised yet if when hopefully waiting wait still "
    "until unless".split()
)
REACH = 6  # tokens between the problem and the word of fixing, at most
_GRUDGING = frozenset("eventually finally".split())
_SENTENCE_END = frozenset(".!?…;")


def fixes_told(toks: list[str]) -> list[int]:
    """Token indices of the words of fixing that report a fact: not negated, wished or
    promised ("nobody has fixed it", "supposed to be refunded")."""
    fixes = [i for i, t in enumerate(toks) if t in FIXING_WORDS]
    if not fixes:
        return fixes
    negated = negation_scope(toks)
    return [i for i in fixes if not (negated[i] or _not_yet(toks, i))]


def fixed_problems(toks: list[str], spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The problem token spans of ``spans`` that a word of fixing in the same sentence
    reports as put right."""
    # A fix told grudgingly ("sorted it eventually, three weeks late") puts nothing right
    # for the feeling: the lateness beside it is the complaint.
    fixes = [f for f in fixes_told(toks) if _GRUDGING.isdisjoint(toks[max(0, f - 2) : f + 4])]
    if not fixes:
        return set()
    out = set()
    for i, j in spans:
        for f in fixes:
            if f < i and i - f <= REACH and _one_clause(toks[f + 1 : i]):
                out.add((i, j))  # "sorted the double charge"
            elif f >= j and f - j < REACH and _one_sentence(toks[j:f]):
                out.add((i, j))  # "was blocked but your team unblocked it"
    return out


def _not_yet(toks: list[str], i: int) -> bool:
    """True when the word of fixing at ``i`` is wished or promised ("need to fix", "to be
    refunded", "supposed to be sorted")."""
    before = toks[max(0, i - 3) : i]
    return not _NOT_YET.isdisjoint(before) or "to" in before[-2:]


def _one_sentence(toks: list[str]) -> bool:
    return not any(t[0] in _SENTENCE_END for t in toks)


def _one_clause(toks: list[str]) -> bool:
    return _one_sentence(toks) and TURN_WORDS.isdisjoint(toks)


# Words of thanks and praise that a "when" clause may follow (see the module's text).
_THANKING = frozenset(
    "thank thanks thx ty cheers grateful appreciate appreciated shoutout kudos props hero "
    "heroes legend legends star stars lovely kind kindly helpful brilliant amazing great "
    "fantastic wonderful superb excellent".split()
)
_OCCASION = frozenset("when while after during".split())


def thanked_occasions(toks: list[str], spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The problem token spans of ``spans`` told as the occasion of thanks: after "when"
    (``_OCCASION``) in a sentence whose words before it thank or praise."""
    out = set()
    for i, j in spans:
        before = toks[sentence_of(toks, i)[0] : i]
        at = [k for k, t in enumerate(before) if t in _OCCASION]
        if at and not _THANKING.isdisjoint(before[: at[-1]]) and TURN_WORDS.isdisjoint(before):
            out.add((i, j))
    return out
