"""Make composed text read like it was typed in a hurry: lowercase, typos, elongations,
shouting, abbreviations and emoji. Applied to chat, sms and social text only."""

from __future__ import annotations

import random
import re

MISSPELLINGS = (
    ("received", "recieved"), ("definitely", "definately"), ("because", "becuase"),
    ("until", "untill"), ("tomorrow", "tommorow"), ("address", "adress"),
    ("actually", "actualy"), ("which", "wich"), ("really", "realy"), ("there", "thier"),
)
ELONGATIONS = (
    ("so ", "sooo "), ("please", "pleeease"), ("why", "whyyy"), ("really", "reallyyy"),
    ("love", "loooove"), ("hello", "hellooo"), ("still", "stilll"), ("thanks", "thanksss"),
)
SHOUTABLE = ("still", "twice", "never", "nothing", "again", "three", "not", "weeks",
             "nobody", "actually", "days", "broke", "wrong", "best", "love", "anyone")
SMS_SHORT = (
    (re.compile(r"\bplease\b"), "pls"), (re.compile(r"\byou\b"), "u"),
    (re.compile(r"\bthanks\b"), "thx"), (re.compile(r"\btomorrow\b"), "tmrw"),
    (re.compile(r"\bbecause\b"), "bc"), (re.compile(r"\bare\b"), "r"),
)
_LOWER_WORD = re.compile(r"^[a-z]{5,}$")


def casualise(text: str, rng: random.Random, *, lower: float = 0.45, typo: float = 0.2,
              sms: bool = False) -> str:
    """Roughen ``text``; each effect is an independent coin flip so they combine freely."""
    if rng.random() < typo:
        text = _typo(text, rng)
    if rng.random() < 0.12:
        text = _replace_first(text, ELONGATIONS[rng.randrange(len(ELONGATIONS))])
    if sms:
        for pattern, short in SMS_SHORT:
            if rng.random() < 0.5:
                text = pattern.sub(short, text)
    if rng.random() < lower:
        text = text.lower()
    if rng.random() < 0.12:
        # after lowercasing, so the shouted word stands out as people really type it
        text = _shout(text, rng)
    if rng.random() < 0.5 and text.endswith("."):
        # people rarely end a chat line with a full stop
        text = text[:-1]
    return text


def _replace_first(text: str, pair: tuple[str, str]) -> str:
    return text.replace(pair[0], pair[1], 1)


def _typo(text: str, rng: random.Random) -> str:
    """A known misspelling when one fits, else swap two letters inside a lowercase word.

    Capitalised words (names, products) and anything with digits (order numbers) are never
    touched, so the facts a test or the analyser relies on survive."""
    for right, wrong in MISSPELLINGS:
        if right in text and rng.random() < 0.5:
            return text.replace(right, wrong, 1)
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if _LOWER_WORD.match(w)]
    if not candidates:
        return text
    i = candidates[rng.randrange(len(candidates))]
    word = words[i]
    j = rng.randrange(1, len(word) - 2)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)


def _shout(text: str, rng: random.Random) -> str:
    present = [w for w in SHOUTABLE if f" {w} " in text]
    if not present:
        return text
    word = present[rng.randrange(len(present))]
    return text.replace(f" {word} ", f" {word.upper()} ", 1)
