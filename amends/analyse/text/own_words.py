"""The writer's own words in a message: an email reply carries other people's words too.

A customer's "Thanks, all sorted now!" usually arrives with the support team's "we're so
sorry your parcel arrived damaged" quoted under it, and a staff reply quotes the angry
message it answers. Read whole, the first is a complaint and the second is rude. So the
analysis reads only what the writer wrote now, leaving out:

- quoted history: "On <date>, <someone> wrote:" and the ">" lines under it; Outlook's
  "-----Original Message-----" or "From:/Sent:/To:/Subject:" block and everything after
  it (Outlook quotes without ">"); forwarded messages;
- the signature after a "-- " line, "Sent from my iPhone" and its kin;
- a confidentiality disclaimer and everything after it;
- in a chat or call transcript pasted as one text ("Agent: ...", "Customer: ..."), the
  turns of the other side: a customer's text is read without the agent's apologies, a
  staff member's without the customer's anger.

``own_words`` blanks those parts with spaces (newlines stay), so the result has the
same length as the text and every kept character keeps its offset: evidence spans found
in it point into the original. When nothing would be left (a bare forward) the text is
returned whole: something is better than nothing.
"""

from __future__ import annotations

import re

# Cheap tests first: every part left out starts on a line of its own, and most texts
# (chat lines, reviews, short comments) are one line or have none of these words.
_CLUES = (
    "wrote",
    "schrieb",
    "a écrit",
    "escribió",
    "ha scritto",
    "\n>",
    "original message",
    "forwarded message",
    "from:",
    "\n--",
    "sent from",
    "sent via",
    "get outlook",
    "confidential",
    "disclaimer",
    "intended",
)
# "On Tue, 3 Nov 2026 at 10:02, Acme Support <support@acme.com> wrote:" (Gmail, Apple
# Mail; often wrapped over two lines). Followed by ">" lines it is a header whatever it
# says; otherwise a date, a time or an address must be in it before the rest of the text
# is taken for the quoted message, so "On Monday the engineer wrote: fixed" stays.
_ON_WROTE = re.compile(
    r"(?:^|\n)[ \t]*(?:On|Am|Le|El|Il)\b[^\n]{0,200}?(?:\n[^\n]{0,120}?)?"
    r"(?:wrote|schrieb|a écrit|escribió|ha scritto)\s*:[ \t\r]*(?=\n|$)",
    re.IGNORECASE,
)
_HEADER_FACT = re.compile(r"@|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b|\d{1,2}/\d{1,2}/\d{2,4}")
# History quoted without ">": everything from here to the end is someone else's.
_HISTORY = re.compile(
    r"(?:^|\n)[ \t]*(?:-{2,}[ \t]*(?:original message|forwarded message)[ \t]*-{2,}"
    r"|begin forwarded message:"
    r"|_{10,}[ \t]*\n[ \t]*from:"
    r"|from:[^\n]*\n(?:[ \t]*\S[^\n]*\n){0,2}[ \t]*(?:sent|date):[^\n]*\n"
    r"(?:[ \t]*\S[^\n]*\n){0,2}[ \t]*(?:to|subject|cc):)",
    re.IGNORECASE,
)
# A signature or disclaimer: from here to the end is boilerplate.
_TAIL = re.compile(
    r"(?:^|\n)(?:-- ?\r?(?=\n|$)"
    r"|[ \t]*(?:confidentiality notice|disclaimer)\b"
    r"|[ \t]*(?:this|the information (?:contained )?in this) (?:e-?mail|message|communication)"
    r"\b[^\n]{0,120}?\b(?:is|are|may be|contains?)\b[^\n]{0,40}?"
    r"\b(?:confidential|privileged"
    r"|intended (?:solely |only )?for the (?:use|addressee|recipient|named)))",
    re.IGNORECASE,
)
# One boilerplate line of a phone or mail app.
_APP_LINE = re.compile(
    r"(?:^|(?<=\n))[ \t]*(?:(?:sent from|sent via) (?:my |the )?(?:iphone|ipad|android|samsung"
    r"|galaxy|mobile|phone|outlook|mail|yahoo|gmail|huawei|pixel|blackberry|smartphone|tablet)"
    r"\b[\w .'-]{0,40}|get outlook for \w+)[ \t\r]*(?=\n|$)",
    re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"(?:^|(?<=\n))[ \t]*>[^\n]*")


# A turn of a chat or call transcript: "Agent: ...", "[10:02] Sarah (Support): ...".
# The label (at most three words) is the speaker; a turn runs to the next turn.
_TURN = re.compile(
    r"(?:^|(?<=\n))[ \t]*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[apAP]\.?[mM]\.?)?[\])]?"
    r"[ \t]*[-–]?[ \t]*)?([A-Za-z][\w'’-]*(?: [\w'’-]+){0,2})[ \t]*(?:\(([^)\n]{1,25})\))?:[ \t]"
)
_STAFF_ROLES = frozenset(
    "agent support staff advisor adviser rep representative operator assistant bot chatbot "
    "system concierge helpdesk receptionist moderator".split()
)
# "Customer Service:" and its kin are the company's side.
_CUSTOMER_TEAM = frozenset("service care success team experience".split())
_CUSTOMER_ROLES = frozenset(
    "customer client visitor caller guest user me member patient tenant passenger buyer "
    "shopper resident policyholder".split()
)


def own_words(text: str, author: str = "customer") -> str:
    """``text`` with quoted history, signatures, disclaimers and the other side's turns
    of a transcript blanked (same length)."""
    if len(text) <= _AUTO_REPLY_MAX and _automatic_reply(text):
        return _blank(text, [(0, len(text))])  # no one's words: nothing to read
    if "\n" not in text:
        return text
    lowered = text.lower()
    turns = _other_turns(text, author) if ":" in text else []
    if not turns and not text.startswith(">") and not any(c in lowered for c in _CLUES):
        return text
    cuts: list[tuple[int, int]] = turns
    end = len(text)
    for found in _ON_WROTE.finditer(text):
        start = found.start() + (found.group()[0] == "\n")
        if _is_quote_next(text, found.end()):
            cuts.append((start, found.end()))
        elif _HEADER_FACT.search(found.group()):
            # Quoted without ">" (top-posted): the rest is the quoted message.
            end = min(end, start)
            break
    for pattern in (_HISTORY, _TAIL):
        boundary = pattern.search(text)
        if boundary:
            end = min(end, boundary.start() + (boundary.group()[0] == "\n"))
    cuts.extend((m.start(), m.end()) for m in _QUOTED_LINE.finditer(text, 0, end))
    cuts.extend((m.start(), m.end()) for m in _APP_LINE.finditer(text, 0, end))
    cuts.append((end, len(text)))
    kept = _blank(text, cuts)
    return kept if any(c.isalnum() for c in kept) else text


# An automatic reply ("Out of office: back Tuesday", "I am on annual leave until the
# 14th with limited access to email") says nothing about anyone's experience: it opens as
# one, or its writer is away in the first person and says what happens to mail meanwhile.
# A customer quoting one ("all I get is your automated response") or mentioning leave
# ("I'm on leave from Monday and my passport still hasn't come") does neither.
_AUTO_REPLY_OPENING = re.compile(
    r"^\W*(?:automatic reply|auto-?reply|out of (?:the )?office|this is an? (?:automated|automatic)"
    r" (?:response|reply|message|email|e-mail))\b",
    re.IGNORECASE,
)
_AWAY = re.compile(
    r"\b(?:i am|i'm|i will be|i'll be) (?:currently |now )?(?:out of (?:the )?office"
    r"|away from (?:the |my )?(?:office|desk)|on (?:annual |parental |maternity |paternity |study )?"
    r"leave)\b",
    re.IGNORECASE,
)
_MAIL_MEANWHILE = re.compile(
    r"\b(?:(?:on|upon) my return|limited access to (?:my )?e-?mails?|no access to (?:my )?e-?mails?"
    r"|in my absence|(?:will not|won't) be (?:forwarded|read|monitored)|please re-?send"
    r"|will (?:respond|reply|get back to you)(?: to your (?:e-?mail|message))?"
    r" (?:when|on|upon|as soon as) (?:i|my))\b",
    re.IGNORECASE,
)
_AUTO_REPLY_MAX = 600  # characters; an automatic reply is a few lines


def _automatic_reply(text: str) -> bool:
    return bool(
        _AUTO_REPLY_OPENING.search(text) or (_AWAY.search(text) and _MAIL_MEANWHILE.search(text))
    )


def _other_turns(text: str, author: str) -> list[tuple[int, int]]:
    """The turns of a transcript spoken by the side that is not ``author`` ("staff" or
    "customer"). A text is a transcript when at least two speakers take turns and at
    least one is named by role ("Agent", "Customer"); a speaker named only by name is on
    the other side from the roles named ("Agent:" and "Priya:"). Form fields ("Name:",
    "Order number:") name no role, so a form is no transcript."""
    found = list(_TURN.finditer(text))
    if len(found) < 2:
        return []
    sides = {m: _side(m) for m in found}
    named = set(sides.values()) - {None}
    if len(named) == 1 and len({m.group(1).strip().lower() for m in found}) >= 2:
        other = "customer" if named == {"staff"} else "staff"
        sides = {m: side or other for m, side in sides.items()}
    elif not named:
        return []
    if len(set(sides.values()) - {None}) < 2:
        return []
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [
        (m.start(), end)
        for m, end in zip(found, ends, strict=True)
        if sides[m] not in (author, None)
    ]


def _side(turn: re.Match) -> str | None:
    words = set(re.findall(r"[a-z]+", (turn.group(1) + " " + (turn.group(2) or "")).lower()))
    if words & _STAFF_ROLES or ("customer" in words and words & _CUSTOMER_TEAM):
        return "staff"
    if words & _CUSTOMER_ROLES:
        return "customer"
    return None


def _is_quote_next(text: str, pos: int) -> bool:
    """Whether the first non-blank line after ``pos`` is quoted with ">"."""
    rest = text[pos:].lstrip()
    return rest.startswith(">") or not rest


def _blank(text: str, cuts: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, stop in cuts:
        for i in range(start, stop):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def strip_own_words(text: str) -> str:
    """The writer's own words as a tidy text (blank lines collapsed), for storing."""
    kept = own_words(text)
    lines = [line.rstrip() for line in kept.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
