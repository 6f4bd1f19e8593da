"""Courtesy: the thanks, greetings and apologies that open and close a request.

"Hi, can you send me a copy of my invoice please? Many thanks, Ayesha" asks for
something and feels nothing in particular, and "Got it, thanks for confirming" takes
note; a reader that knows "thanks" as the commonest word of gratitude reads both as
positive. The analysis reads such a request or acknowledgement a second time without its
courtesies (``analyse.py``); when what is left is not positive, it is neutral. A
thank-you that is the message ("thanks, that fixed it!") asks for nothing and is left
alone. In the same way "Sorry to bother you, which day are bins collected?" is sorry for
the asking, not about a problem: without its apology the request is read afresh.
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
    r"|the info|the information|getting back(?: to (?:me|us))?|your reply|the reply"
    r"|(?:the|your) (?:call|chat|time|email|e-mail|message)(?: (?:earlier|today|yesterday))?)"
    r"|with thanks"
    # the wish that frames a suggestion: "would be nice to have Apple Watch support"
    r"|(?:it )?(?:would|'?d) be (?:really |so )?(?:nice|good|great|cool|handy|helpful|useful"
    r"|lovely|awesome|amazing)(?: (?:if|to)|(?=\W*$))"
    r"|(?:i|we)?(?:'?d| would)? ?(?:really )?love (?:it if|to be able to|to have|to see))\b"
    # not the wish of a complaint: "would be nice if someone actually answered the phone"
    r"(?![^.!?]*\b(?:actually|bothered|for once|just once|at least|some(?:one|body)"
    r"|any(?:one|body)|ever)\b)"
    # the formal asking of a letter: "I would be grateful if someone could look into it"
    r"|\b(?:(?:i|we)(?:'?d| would| should| shall)? be (?:very |most |extremely )?grateful"
    r"(?: (?:if|for))?|(?:i|we) hope you (?:can|could|will be able to) (?:help|assist))\b",
    re.IGNORECASE,
)
# What makes a text a request or an acknowledgement: a question, asking words, or the
# words of a reply that takes note ("got it", "noted", "I'll wait for the email").
_ASKING = re.compile(
    r"\?|\b(?:please|pls|plz|could you|can you|would you|will you|can i|could i|may i"
    r"|i'?d like|i would like|we'?d like|we would like|wondering|kindly|let me know"
    r"|is it possible|how do i|how can i|if you could|if you would|grateful"
    r"|appreciate it if|(?:i'?d|i would|we'?d|we would) (?:really |greatly )?appreciate"
    r"|hope you can"
    r"|(?:would|'d) be (?:really |so )?(?:nice|good|great|cool|handy|helpful|useful|lovely"
    r"|awesome|amazing)(?: (?:if|to)|\W*$)|love (?:it if|to be able to)"
    r"|got it|noted|received|no worries|no problem|will do|understood|see you"
    r"|(?:i|we)(?:'ll| will) (?:wait|sign|pop|call|send|check|have a think|come|be in touch))\b",
    re.IGNORECASE,
)


# A reply that opens by taking note: "ok thx", "Got it thanks", "sure, Tuesday works",
# "Yes that's fine, we'll collect him after 4". The words of assent are manners too, but
# not when exclaimed ("Yes! Finally it's here").
_ASSENT = re.compile(
    r"^\W*(?:(?:ok(?:ay|ie)?|k+|sure|yes|yep|yeah|yup|done|noted|understood|al(?:l )?right"
    r"|fine|no worries|got it|will do|(?:that'?s|that is) (?:fine|ok(?:ay)?|grand)"
    r"|(?:that|this|it) works(?: for (?:me|us))?|works for (?:me|us))\b(?!\s*!)"
    r"[\s,.]*)+",
    re.IGNORECASE,
)


def courtesy_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the courtesies of ``text`` when it is a request or a reply that
    takes note (else none)."""
    assent = _ASSENT.match(text)
    if not (assent or _ASKING.search(text)):
        return []
    spans = [m.span() for m in _COURTESY.finditer(text)]
    if assent:
        spans.insert(0, assent.span())
    return spans


_WISH = re.compile(r"(?:would|'d) be|\blove\b", re.IGNORECASE)


def frames_a_wish(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether one of the courtesy ``spans`` of ``text`` is a wish ("would be handy if")."""
    return any(_WISH.search(text, a, b) for a, b in spans)


# Apologies for the asking itself, not for anything that went wrong: "sorry to bother
# you", "apologies if this is a silly question", "sorry for my English", "sorry for the
# short notice". Not "sorry to chase": chasing says an answer is overdue; and "again"
# stays, as a repeat contact.
_APOLOGY = re.compile(
    r"\b(?:(?:so |really |very )?sorry|apologies|(?:i )?apologi[sz]e)"
    r"(?:,? (?:to|for|if i(?:'?m| am)) (?:bother(?:ing)?|trouble|troubling|disturb(?:ing)?|pester(?:ing)?)"
    r"(?: (?:you|u|y'?all))?(?: (?:all|guys))?"
    r"|(?:,? (?:for|if) (?:this is|it'?s|the|a|my|asking)?)? ?(?:a |another )?(?:silly|stupid|dumb|basic"
    r"|daft|obvious|quick|simple|random|newbie) q(?:uestion|s)?"
    r"|,? (?:quick|one more|another|just a|a) (?:question|query|q)"
    r"|,? for the (?:late|slow|delayed) (?:reply|response)"
    r"|,? for the (?:long|lengthy|essay of an?) (?:message|email|e-mail|post|text)"
    r"|,? (?:for|about|if) (?:my|the) (?:bad |poor |broken )?english"
    r"|,? if (?:i'?ve|i have) missed (?:it|something|this)(?: somewhere)?"
    r"|,? if this is (?:the wrong place|obvious|already answered|a daft one)"
    r"|,? for (?:the )?(?:double|multiple|repeat) (?:post|message|email)s?"
    r"|,? to ask"
    # sorry for one's own change of plan: "sorry for the short notice", "sorry, work thing"
    r"|,? (?:for|about) (?:the )?(?:short|late|last[- ]minute) (?:notice|change)"
    r"|,? (?:work|family|childcare|school|kid|kids) (?:thing|stuff|emergency)|,? something came up"
    r")\b",
    re.IGNORECASE,
)


# A pardon that opens a question: "sorry, what was the reference again?"
_PARDON = re.compile(
    r"^\W*(?:oh |oops |so )?sorry\b(?=,? (?:what|which|who|where|when|how|can|could|is|are"
    r"|do|did|was)\b)",
    re.IGNORECASE,
)


def apology_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the apologies of ``text`` for asking (see ``_APOLOGY``), and of
    a pardon that opens it."""
    spans = [m.span() for m in _APOLOGY.finditer(text)]
    pardon = _PARDON.match(text)
    return [pardon.span(), *spans] if pardon else spans
