"""Problems told as put right, and praise that turns to a problem ("but", "until", or a
last sentence), or that follows one (a fault told in an earlier clause)."""

from __future__ import annotations

import pytest

from amends.analyse.text import analyse_text
from amends.analyse.text.normalise import normalise
from amends.analyse.text.resolution import fixed_problems
from amends.analyse.text.turn import after_last_turn, clause_start, earlier_clauses, last_sentence


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
    ("text", "after"),
    [
        ("Great hotel but the walls are thin", "the walls are thin"),
        ("Loved it until the update, now it crashes", "the update, now it crashes"),
        ("Good, but not great, but still nothing arrived", "still nothing arrived"),
        ("Great staff but why", None),  # one word after the turn: not read on its own
        ("Thanks!", None),
        ("Lovely room, although the walls are thin", "the walls are thin"),
        ("Lovely room, though the walls are thin", "the walls are thin"),
        # a concession inside a complaint, and "though" closing a clause, do not turn
        ("They charged me even though I cancelled it", None),
        ("The seats are worn though and it was loud", None),
    ],
)
def test_the_words_after_the_last_turn_are_found(text, after):
    start = after_last_turn(normalise(text))
    assert (None if start is None else text[start:].strip()) == after


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("Staff lovely. Food forgettable.", "Food forgettable."),
        ("Great pizza! Delivery took 90 minutes!!", "Delivery took 90 minutes!!"),
        ("Great. Thanks!", None),  # one word: not read on its own
        ("Only one sentence here.", None),
    ],
)
def test_the_last_sentence_is_found(text, last):
    start = last_sentence(normalise(text))
    assert (None if start is None else text[start:].strip()) == last


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (
            "Service was a bit slow, but the food? Unreal. Will be back.",
            ["Service was a bit slow,"],  # "the food?": too short to read on its own
        ),
        (
            "Lovely little B&B. Shower pressure not great. Breakfast superb.",
            ["Lovely little B&B", "Shower pressure not great"],
        ),
        ("Great. Thanks!", []),  # too short to read on their own
        ("One clause only, nothing before it", []),
    ],
)
def test_the_clauses_before_the_last_are_found(text, clauses):
    doc = normalise(text)
    found = [text[doc.span(a, a + 1)[0] : doc.span(b - 1, b)[1]] for a, b in earlier_clauses(doc)]
    assert [c.rstrip(",?") for c in found] == [c.rstrip(",?") for c in clauses]


# A happy text that tells a fault before its praise: the praise has the last word, so it
# stays positive, but something went wrong (text, issue named or None for not bad).
FAULT_BEFORE_PRAISE = [
    ("Service was a bit slow, but the food? Unreal. Best lamb in years. Will be back.", "delay"),
    ("Lovely little B&B. Shower pressure not great. Breakfast superb.", "product_quality"),
    # what went wrong is the missing item (the refund is the fix), as the labelled
    # messages name a missing item
    (
        "@ZoomEats missing my naan but support refunded it within a minute in chat, fair play",
        "delivery_problem",
    ),
    # a plain account told between the praise is no fault, whatever the model makes of it
    (
        "Superb. Delivery slot was 8-9, van pulled up at 8:03. Driver even asked where I wanted "
        "the bags.",
        None,
    ),
    ("The room was spotless and the staff were kind. We will definitely be back.", None),
]


@pytest.mark.parametrize(("text", "issue"), FAULT_BEFORE_PRAISE)
def test_a_fault_told_before_the_praise_is_a_bad_experience_in_a_positive_text(text, issue):
    r = analyse_text(text)
    assert r.sentiment == "positive"
    assert r.bad_experience is (issue is not None)
    if issue:
        assert r.issues[0]["category"] == issue
        assert r.signals["praise"]["present"]  # the praise said after it is kept


# Praise that turns to a problem (sentiment, bad experience). After a turn word the
# problem has the last word. A happy review that ends on a problem in a sentence of its
# own: a mild fault leaves it positive overall, a real failure makes it a complaint;
# either way something went wrong. A happy last sentence changes nothing.
TURNS_TO_A_PROBLEM = [
    ("Food was great but the service was terrible", "negative", True),
    ("Lovely staff, however the room was filthy", "negative", True),
    # no negative word after the turn: a problem told plainly
    ("Lovely rooms and a friendly team, but the shower ran cold every morning", "negative", True),
    (
        "Loved the app until the last update, now it logs me out every time I open it",
        "negative",
        True,
    ),
    (
        "The courier was polite, however the parcel was left in the rain and the box was soaked",
        "negative",
        True,
    ),
    ("Brilliant pizza but the delivery took an hour and a half", "negative", True),
    (
        "Eye test was thorough, staff friendly, glasses ready in a week as promised. "
        "Frames are on the pricey side.",
        "positive",
        True,
    ),
    ("Lovely hotel, great breakfast. The wifi was a bit slow in our room.", "positive", True),
    (
        "Pitches are big and flat, showers hot, the kids loved the lake. The toilet block "
        "was not cleaned once in four days.",
        "negative",
        True,
    ),
    ("Amazing pizza, friendly staff. Delivery took over an hour.", "negative", True),
    (
        "The room was spotless and the staff were kind. We will definitely be back.",
        "positive",
        False,
    ),
]


@pytest.mark.parametrize(("text", "sentiment", "bad"), TURNS_TO_A_PROBLEM)
def test_praise_that_turns_to_a_problem_is_a_bad_experience(text, sentiment, bad):
    r = analyse_text(text)
    assert (r.sentiment, r.bad_experience) == (sentiment, bad)
    assert r.signals["praise"]["present"]  # the praise said first is kept


# How thanks are read: (text, sentiment, bad experience, praise signal).
THANKS = [
    # thanks for a problem put right: positive, and the problem is still recorded
    ("Thank you for refunding the duplicate payment so quickly", "positive", True, True),
    (
        "Huge thanks to Sam who sorted out my lost parcel and got a replacement out next day",
        "positive",
        True,
        True,
    ),
    (
        "My card was blocked abroad but your team unblocked it within 10 minutes, brilliant",
        "positive",
        True,
        True,
    ),
    # thanks beside a problem not put right: a complaint, the praise still reported
    ("Thanks for your help, though nobody has fixed my broken boiler yet", "negative", True, True),
    (
        "The agent was lovely but they still haven't refunded the double charge",
        "negative",
        True,
        True,
    ),
    # a request or a note closed with thanks: manners, not a feeling, and no praise
    (
        "Hi, can you send me a copy of my invoice please? Many thanks, Ayesha",
        "neutral",
        False,
        False,
    ),
    ("Hello, I would like to book a table for 4 on Friday. Thank you!", "neutral", False, False),
    ("Could you check if my order has shipped? Cheers", "neutral", False, False),
    ("Got it, thanks for confirming. I'll wait for the email.", "neutral", False, False),
    ("Noted with thanks, we'll pay before the end of the month", "neutral", False, False),
    # gratitude beside a request, or thanks that are the message, stay positive
    ("Great service as always, can you send the invoice? Thanks", "positive", False, True),
    ("Thanks so much, that fixed it! Can you close the ticket?", "positive", False, True),
    (
        "Thank you for the quick reply, could you also confirm the delivery date?",
        "positive",
        False,
        True,
    ),
    ("Thanks, that's sorted it", "positive", False, False),
    # gratitude in the words a letter asks with is still gratitude
    ("I really appreciate your help, thank you", "positive", False, True),
    # a complaint in a formal letter's manners: the manners hide nothing
    (
        "Dear Sir or Madam,\n\nI would be grateful if you could investigate a recurring issue. "
        "Our green bin has been left unemptied on three of the last five collection days."
        "\n\nKind regards,\nC. Patel",
        "negative",
        True,
        False,
    ),
    (
        "Dear Customer Relations,\n\nI hope you can assist. My membership renewed at £29.99, "
        "having been £19.99 the previous month, and I received no notice of the change.\n\n"
        "Best regards,\nMark",
        "negative",
        True,
        False,
    ),
    (
        "Hello, I have now emailed three times about the mould in the bathroom but heard "
        "nothing further. I would be very grateful if someone could arrange an inspection. "
        "Many thanks, Tom",
        "negative",
        True,
        False,
    ),
    # a complaint whose problem is then put right, and thanked for: thanks have the last
    # word, and the problem is still recorded with its issue
    (
        "parcel went to number 14 instead of 41 but the driver came back within the hour and "
        "sorted it. top bloke",
        "positive",
        True,
        True,
    ),
    (
        "I'd given up after nobody came back to me about the router for a week, but Kayleigh "
        "on here just sorted it in 10 mins. THANK YOU!!",
        "positive",
        True,
        True,
    ),
    # the trouble a thank-you helped through is its occasion, not a complaint
    (
        "Massive thanks to the station staff last night when our train was cancelled, they "
        "got us a taxi home",
        "positive",
        True,
        True,
    ),
    # a fault a happy review shrugs off: the praise after the turn has the last word
    (
        "Price went up a bit this year but still great value and the engineers are always "
        "brilliant",
        "positive",
        True,
        True,
    ),
]


@pytest.mark.parametrize(("text", "sentiment", "bad", "praise"), THANKS)
def test_how_thanks_are_read(text, sentiment, bad, praise):
    r = analyse_text(text)
    assert (r.sentiment, r.bad_experience, r.signals["praise"]["present"]) == (
        sentiment,
        bad,
        praise,
    )


@pytest.mark.parametrize(
    ("text", "word", "clause"),
    [
        ("parcel went astray, but the driver sorted it", "sorted", "the driver sorted it"),
        ("Lost my bag. Support found it. Thanks!", "found", "Support found it. Thanks!"),
        ("they sorted it fast", "sorted", "they sorted it fast"),
    ],
)
def test_the_clause_holding_a_word_is_found(text, word, clause):
    doc = normalise(text)
    start = clause_start(doc, doc.toks.index(word))
    assert text[start:].strip() == clause


@pytest.mark.parametrize(
    "text",
    [
        # put right with no thanks after it, or late and resented: still a complaint
        "Waited three weeks, six calls, they finally sorted it. Never again.",
        "They sorted it eventually, three weeks late",
    ],
)
def test_a_fix_with_no_thanks_after_it_leaves_the_complaint(text):
    r = analyse_text(text)
    assert (r.sentiment, r.bad_experience) == ("negative", True)


def test_the_put_right_reading_keeps_the_issue():
    r = analyse_text(
        "My card was charged twice but Priya in billing refunded it the same day. Thank you Priya!"
    )
    assert (r.sentiment, r.bad_experience) == ("positive", True)
    assert r.issues and r.issues[0]["category"] in ("billing", "refund_return")
