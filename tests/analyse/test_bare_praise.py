"""Bare praise ("Lovely.", "Oh great,") beside a reported problem is sarcasm."""

from __future__ import annotations

import pytest

from amends.analyse.text import analyse_text
from amends.analyse.text.bare_praise import bare_praise
from amends.analyse.text.normalise import normalise


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("found a hair in my burrito. lovely.", ["lovely"]),
        ("Great. Now the app won't even open.", ["great"]),
        ("Oh great, the app crashed again", ["oh great"]),
        ("3 hour delay and no explanation. cool cool cool", ["cool cool cool"]),
        ("Fixed in five minutes. Brilliant!", ["brilliant"]),
        # Not bare: the praise says what it praises, or stands alone, or is thanks.
        ("Great product, shame about the box", []),
        ("Lovely.", []),
        ("My order hasn't arrived. Thanks.", []),
        ("the app crashed, great job on the update though", []),
    ],
)
def test_bare_praise_sentences_are_found(text, bare):
    doc = normalise(text)
    assert [" ".join(doc.toks[i:j]) for i, j in bare_praise(doc)] == bare


@pytest.mark.parametrize(
    "text",
    [
        "found a hair in my burrito. lovely.",
        "Great. Now the app won't even open.",
        "Oh great, the app crashed again",
        "Router dead again. Fantastic.",
    ],
)
def test_bare_praise_beside_a_problem_is_sarcasm(text):
    r = analyse_text(text)
    assert r.bad_experience
    assert r.sentiment == "negative" and r.sentiment_score < 0
    sarcasm = [f for f in r.evidence if f.finding == "sarcasm"]
    assert sarcasm and all(text[f.start : f.end] == f.text for f in sarcasm)
    assert sarcasm[0].text.lower().strip(" ,.").endswith(("lovely", "great", "fantastic"))


@pytest.mark.parametrize(
    "text",
    [
        "The package arrived early. Lovely.",
        "Fixed in five minutes. Brilliant.",
        "Engineer came on time and fixed it. Great job.",
        "Great, thanks for sorting it so quickly",
    ],
)
def test_bare_praise_beside_good_news_is_praise(text):
    r = analyse_text(text)
    assert not r.bad_experience
    assert r.sentiment == "positive"
    assert not any(f.finding == "sarcasm" for f in r.evidence)


def test_staff_text_is_not_read_for_sarcasm():
    r = analyse_text("Router dead again. Fantastic.", author="staff")
    assert not any(f.finding == "sarcasm" for f in r.evidence)
