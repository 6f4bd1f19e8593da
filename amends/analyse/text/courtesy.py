"""Courtesy: the thanks and greetings that open and close a request.

"Hi, can you send me a copy of my invoice please? Many thanks, Ayesha" asks for
something and feels nothing in particular, and "Got it, thanks for confirming" takes
note; a reader that knows "thanks" as the commonest word of gratitude reads both as
positive. The analysis reads such a request or acknowledgement a second time without its
courtesies (``analyse.py``); when what is left is not positive, it is neutral. A
thank-you that is the message ("thanks, that fixed it!") asks for nothing and is left
alone.
"""

from __future__ import annotations

import re

# Thanks, greetings and sign-offs, as whole phrases. Not thanks for something ("thank you
# for the quick reply") or thanks made stronger ("thanks so much"): those are gratitude.
_COURTESY = re.compile(
    r"\b(?:(?:many thanks|thanks(?: in advance| again)?|thank you(?: in advance| again)?"
    r"|thankyou|thx|ty|cheers|ta)(?!\s+(?:for|so|very|a lot|loads|heaps)\b)"
    r"|kind regards|best regards|warm regards|regards|best wishes|all the best"
    r"|good (?:morning|afternoon|evening)|hello|hi|hey|dear \w+"
    r"|(?:i'?d|i would|we'?d|we would)? ?(?:really )?appreciate (?:it|your help|any help)"
    r"|hope you(?:'re| are) (?:well|doing well)"
    # thanks that acknowledge, in a reply: "thanks for confirming", "noted with thanks"
    r"|(?:thanks|thank you) for (?:confirming|letting (?:me|us) know|the update|the reminder"
    r"|the info|the information|getting back(?: to (?:me|us))?|your reply|the reply)"
    r"|with thanks"
    # the wish that frames a suggestion: "would be nice to have Apple Watch support"
    r"|(?:it )?(?:would|'?d) be (?:really |so )?(?:nice|good|great|cool|handy|helpful|useful"
    r"|lovely|awesome|amazing)(?: (?:if|to)|(?=\W*$))"
    r"|(?:i|we)?(?:'?d| would)? ?(?:really )?love (?:it if|to be able to|to have|to see))\b"
    # not the wish of a complaint: "would be nice if someone actually answered the phone"
    r"(?![^.!?]*\b(?:actually|bothered|for once|just once|at least|some(?:one|body)"
    r"|any(?:one|body)|ever)\b)",
    re.IGNORECASE,
)
# What makes a text a request or an acknowledgement: a question, asking words, or the
# words of a reply that takes note ("got it", "noted", "I'll wait for the email").
_ASKING = re.compile(
    r"\?|\b(?:please|pls|plz|could you|can you|would you|will you|can i|could i|may i"
    r"|i'?d like|i would like|we'?d like|we would like|wondering|kindly|let me know"
    r"|is it possible|how do i|how can i"
    r"|(?:would|'d) be (?:really |so )?(?:nice|good|great|cool|handy|helpful|useful|lovely"
    r"|awesome|amazing)(?: (?:if|to)|\W*$)|love (?:it if|to be able to)"
    r"|got it|noted|received|no worries|no problem|will do|understood|see you"
    r"|(?:i|we)(?:'ll| will) (?:wait|sign|pop|call|send|check|have a think|come|be in touch))\b",
    re.IGNORECASE,
)


def courtesy_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the courtesies of ``text`` when it is a request (else none)."""
    if not _ASKING.search(text):
        return []
    return [m.span() for m in _COURTESY.finditer(text)]


_WISH = re.compile(r"(?:would|'d) be|\blove\b", re.IGNORECASE)


def frames_a_wish(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether one of the courtesy ``spans`` of ``text`` is a wish ("would be handy if")."""
    return any(_WISH.search(text, a, b) for a, b in spans)
