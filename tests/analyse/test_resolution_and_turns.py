"""Problems told as put right, and praise that turns to a problem ("but", "until")."""

from __future__ import annotations

import pytest

from amends.analyse.text import analyse_text
from amends.analyse.text.normalise import normalise
from amends.analyse.text.resolution import fixed_problems
from amends.analyse.text.turn import after_last_turn


def _fixed(text: str, problem: str) -> bool:
    doc = normalise(text)
    words = normalise(problem).toks
    i = next(k for k in range(len(doc.toks)) if doc.toks[k : k + len(words)] == words)
    span = (i, i + len(words))
    return span in fixed_problems(doc.toks, [span])


@pytest.mark.parametrize(
    ("text", "problem", "fixed"),
    [
        ("Jo sorted the double charge in minutes", "double charge", True),
        ("thank you for refunding the duplicate payment", "duplicate payment", True),
        ("my card was blocked but your team unblocked it", "card was blocked", True),
        # negated, wished, promised or in another sentence: still open
        ("they still haven't fixed the double charge", "double charge", False),
        ("nobody has fixed my broken boiler", "broken boiler", False),
        ("it was supposed to be fixed, the leak is back", "leak", False),
        ("I need you to refund the duplicate payment", "duplicate payment", False),
        ("The router was fixed. Now the line is dead", "line is dead", False),
        ("we sorted the tickets but the train was cancelled", "train was cancelled", False),
    ],
)
def test_a_problem_is_fixed_only_when_a_word_of_fixing_says_so(text, problem, fixed):
    assert _fixed(text, problem) is fixed


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for refunding the duplicate payment so quickly",
        "Huge thanks to Sam who sorted out my lost parcel and got a replacement out next day",
        "My card was blocked abroad but your team unblocked it within 10 minutes, brilliant",
    ],
)
def test_thanks_for_a_problem_put_right_is_positive(text):
    r = analyse_text(text)
    assert r.sentiment == "positive"
    assert r.bad_experience  # the problem happened: it is still recorded


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your help, though nobody has fixed my broken boiler yet",
        "The agent was lovely but they still haven't refunded the double charge",
    ],
)
def test_thanks_beside_a_problem_not_put_right_is_a_complaint(text):
    r = analyse_text(text)
    assert r.sentiment != "positive"
    assert r.bad_experience


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Great hotel but the walls are thin", "the walls are thin"),
        ("Loved it until the update, now it crashes", "the update, now it crashes"),
        ("Good, but not great, but still nothing arrived", "still nothing arrived"),
        ("Great staff but why", None),  # one word after the turn: not read on its own
        ("Thanks!", None),
    ],
)
def test_the_words_after_the_last_turn_are_found(text, after):
    start = after_last_turn(normalise(text))
    assert (None if start is None else text[start:].strip()) == after


@pytest.mark.parametrize(
    "text",
    [
        "Hi, can you send me a copy of my invoice please? Many thanks, Ayesha",
        "Hello, I would like to book a table for 4 on Friday. Thank you!",
        "Could you check if my order has shipped? Cheers",
        "Got it, thanks for confirming. I'll wait for the email.",
        "Noted with thanks, we'll pay before the end of the month",
    ],
)
def test_a_request_or_note_with_thanks_is_neutral_and_no_praise(text):
    r = analyse_text(text)
    assert r.sentiment == "neutral"
    assert not r.signals["praise"]["present"]
    assert not r.bad_experience


@pytest.mark.parametrize(
    "text",
    [
        "Great service as always, can you send the invoice? Thanks",
        "Thanks so much, that fixed it! Can you close the ticket?",
        "Thank you for the quick reply, could you also confirm the delivery date?",
        "Thanks, that's sorted it",  # no request: the thanks are the message
    ],
)
def test_gratitude_beside_a_request_stays_positive(text):
    assert analyse_text(text).sentiment == "positive"
