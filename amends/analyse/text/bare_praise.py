"""Bare praise: a sentence that is nothing but a word of praise ("Lovely.", "Oh great,").

Beside a reported problem such a sentence is sarcasm: "found a hair in my burrito.
lovely.", "Great. Now the app won't even open.", "Router dead again. Fantastic." Beside
good news it is praise: "Fixed in five minutes. Brilliant." The words alone cannot tell
the two apart, and a model that reads "lovely" leans positive whatever surrounds it, so
the analysis reads such a text a second time without the bare praise (``analyse.py``)
and takes the praise for sarcasm only when what is left is a bad experience.

Thanks are not bare praise: "My order hasn't arrived. Thanks." is a polite close.

Praise in scare quotes is not meant either: the app "improved", your "customer service",
my issue has been 'resolved' (``scare_quoted_praise``).
"""

from __future__ import annotations

import re

from amends.analyse.text.normalise import Doc

PRAISE_WORDS = frozenset(
    "lovely great brilliant fantastic perfect nice wonderful awesome cool super marvellous "
    "marvelous splendid excellent amazing fab fabulous terrific superb outstanding".split()
)
# Words that may stand with the praise in a bare sentence: "oh great", "just lovely",
# "how wonderful", "great job", "nice one", "cool cool cool".
_WITH_PRAISE = frozenset(
    "oh ah just how well really so absolutely what a an simply bloody truly jolly real "
    "job one work service stuff".split()
)
_SENTENCE_END = frozenset(".!?…;")
MAX_WORDS = 4


def bare_praise(doc: Doc) -> list[tuple[int, int]]:
    """Token spans (start, end) of the bare-praise sentences of ``doc``, when the text has
    other words too; a sentence at the start may also end at a comma ("Oh great, the app
    crashed again")."""
    toks = doc.toks
    if not PRAISE_WORDS.intersection(toks):
        return []
    spans = []
    start = 0
    for i, tok in enumerate([*toks, "."]):
        ends = tok[0] in _SENTENCE_END or (tok[0] == "," and start == 0)
        if not ends:
            continue
        if _is_bare(toks[start:i]):
            spans.append((start, i))
        start = i + 1
    if not spans:
        return []
    inside = sum(j - i for i, j in spans)
    words_outside = sum(1 for t in toks if t[0].isalnum()) - inside
    return spans if words_outside >= 2 else []


def _is_bare(words: list[str]) -> bool:
    return (
        0 < len(words) <= MAX_WORDS
        and not PRAISE_WORDS.isdisjoint(words)
        and all(w in PRAISE_WORDS or w in _WITH_PRAISE for w in words)
    )


# Words that in quotation marks are said with a raised eyebrow: praise, and the claims a
# company makes for itself ("improved", "resolved", "customer service").
_CLAIMS = (
    "improved|simplified|upgraded|updated|resolved|fixed|sorted|solved|helpful|help|support"
    "|customer service|service|express|priority|premium|cheapest|best|better|easy|easier"
    "|seamless|smart|quick|fast|next day|guaranteed|unlimited|free|on time|delivered"
)
_SCARE_QUOTES = re.compile(
    rf"""(?<![\w'’])(?:"|“|'|‘)((?:{"|".join(sorted(PRAISE_WORDS))}|{_CLAIMS})[.!,]?)(?:"|”|'|’)(?![\w'’])""",
    re.IGNORECASE,
)


def scare_quoted_praise(text: str) -> list[tuple[int, int]]:
    """Character spans of praise or a company's claim in quotation marks ('resolved')."""
    if not _may_quote(text):
        return []
    return [m.span() for m in _SCARE_QUOTES.finditer(text)]


# Praise that opens a sentence and then reports: "Really appreciate the airline charging me
# $75 to sit next to my 4-year-old", "Delighted to discover that the new app needs eleven
# taps", "Congratulations on four engineers booked and none arrived". Read without it,
# such a sentence is a complaint when it is sarcasm and good news when it is not ("really
# appreciate the quick refund").
_LEAD_IN = re.compile(
    r"(?:^|(?<=[.!?])\s+|\n)\s*((?:(?:really|just|so|truly|honestly|i|we|i'm|we're|am|are|do)\s+){0,3}"
    r"(?:appreciate|appreciated|delighted|thrilled|congratulations|congrats|great to see"
    r"|nice to see|good to see|good to know|glad to see|so glad))\b"
    r"(?=(?:\s+[\w'$£€-]+){3})",  # what it opens goes on: "appreciated." ends a text
    re.IGNORECASE,
)
_FIXING = re.compile(
    r"\b(?:sorted|fixed|resolved|refunded|replaced|restored|quick|quickly|fast|prompt|help|helping)\b",
    re.IGNORECASE,
)


_LEAD_IN_STEMS = ("apprec", "delight", "thrill", "congrat", "to see", "good to know", "so glad")


def praise_lead_ins(text: str) -> list[tuple[int, int]]:
    """Character spans of praise that opens a sentence of a text that reports no fix."""
    low = text.lower()
    if not any(stem in low for stem in _LEAD_IN_STEMS):  # most texts: no regex pass
        return []
    spans = [m.span(1) for m in _LEAD_IN.finditer(text)]
    return spans if spans and not _FIXING.search(text) else []


# A company's own words quoted back at it: "'sea view' = car park", "the 'unlimited' plan
# is unlimited until 30GB", "'hot and fresh in 30' - got here in 80". One to six words in
# quotation marks, not a whole quoted sentence.
_QUOTED = re.compile(
    r"""(?<![\w'’])(?:"|“|'|‘)([^"“”'‘’\n]{1,40}?)(?:"|”|'|’)(?![\w'’])""",
)


def quoted_claims(text: str) -> list[tuple[int, int]]:
    """Character spans of short quotations (one to six words) in ``text``, not words
    quoted as what to write or what a thing is called ("change the message to 'Happy
    40th Dan'", "the plan called 'Flex'")."""
    if not _may_quote(text):
        return []
    return [
        m.span()
        for m in _QUOTED.finditer(text)
        if 1 <= len(m.group(1).split()) <= 6 and not _NAMING.search(text, 0, m.start())
    ]


# The words that introduce a quotation as a name or a wording, not as a claim.
_NAMING = re.compile(
    r"(?<!so-)(?<!so )\b(?:to|called|named|titled|labelled|labeled|reading|as)\s*[:,]?\s*$",
    re.IGNORECASE,
)


def _may_quote(text: str) -> bool:
    """A quick test that ``text`` may hold a quotation: a double or curly quote, or a
    single quote that opens (after a space or at the start), unlike the apostrophe of
    "don't"."""
    return (
        '"' in text
        or "“" in text
        or "‘" in text
        or " '" in text
        or text.startswith("'")
        or "('" in text
    )
