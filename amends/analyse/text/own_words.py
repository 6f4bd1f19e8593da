"""The writer's own words in a message: an email reply carries other people's words too.

A customer's "Thanks, all sorted now!" usually arrives with the support team's "we're so
sorry your parcel arrived damaged" quoted under it, and a staff reply quotes the angry
message it answers. Read whole, the first is a complaint and the second is rude. So the
analysis reads only what the writer wrote now, leaving out:

- quoted history: "On <date>, <someone> wrote:" and the ">" lines under it; Outlook's
  "-----Original Message-----" or "From:/Sent:/To:/Subject:" block and everything after
  it (Outlook quotes without ">"); forwarded messages;
- the signature after a "-- " line, "Sent from my iPhone" and its kin;
- a confidentiality disclaimer and everything after it.

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
    "wrote", "schrieb", "a écrit", "escribió", "ha scritto", "\n>", "original message",
    "forwarded message", "from:", "\n--", "sent from", "sent via", "get outlook",
    "confidential", "disclaimer", "intended",
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


def own_words(text: str) -> str:
    """``text`` with quoted history, signatures and disclaimers blanked (same length)."""
    if "\n" not in text:
        return text
    lowered = text.lower()
    if not text.startswith(">") and not any(clue in lowered for clue in _CLUES):
        return text
    cuts: list[tuple[int, int]] = []
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
