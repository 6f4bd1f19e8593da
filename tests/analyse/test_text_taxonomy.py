"""The generic taxonomy matcher: phrase syntax, keywords, examples, user files."""

from __future__ import annotations

import pytest

from amends.analyse.text import Taxonomy, TaxonomyError, analyse_text, load_taxonomy
from amends.analyse.text.taxonomy import parse_taxonomy

REQUIRED = {
    "delay",
    "no_response",
    "staff_attitude",
    "billing",
    "refund_return",
    "product_quality",
    "delivery_problem",
    "cancellation",
    "technical",
    "booking_ordering",
    "communication",
    "price_value",
    "policy",
}


def test_default_taxonomy_has_the_required_categories():
    tax = load_taxonomy()
    assert isinstance(tax, Taxonomy)
    assert REQUIRED <= set(tax.ids)
    for c in tax.categories:
        assert c.label and (c.phrases or c.examples)


@pytest.mark.parametrize(
    ("text", "cat"),
    [
        ("the agent was rude and hung up on me", "staff_attitude"),
        ("you overcharged me", "billing"),
        ("the blender stopped working after two days", "product_quality"),
        ("the agent told me it would be refunded but it never was", "communication"),
        ("way too expensive for what you get", "price_value"),
        ("your return policy is ridiculous", "policy"),
        ("they had no record of our reservation", "booking_ordering"),
        ("my last two pairs fell apart within a month", "product_quality"),
        ("the app is down again", "technical"),
        ("where's my parcel", "delay"),
        ("I can't get through to anyone", "no_response"),
        ("the manager didn't care", "staff_attitude"),
        ("2 hrs for a pizza", "delay"),
        ("still waiting for my refund", "refund_return"),
        ("the receptionist talked to me like I was stupid", "staff_attitude"),
        ("the burger was cold and the fries were soggy", "product_quality"),
        ("my premium went up 40% at renewal", "price_value"),
        ("the meter reading was estimated incorrectly again", "billing"),
        ("nobody told me the appointment was moved", "communication"),
        ("the gym wouldn't let me bring my son in, he's 15", "policy"),
        ("the pharmacy no longer accepts paper prescriptions", "policy"),
        ("they banned me from returning anything online", "policy"),
        ("loyal customers pay more than new ones, how is that fair", "price_value"),
        ("the bill says one thing, the website says another, which is it?", "communication"),
        ("the paint on the gate started peeling within a month", "product_quality"),
        ("our landline has been dead since Tuesday", "technical"),
        ("there's no cancel button anywhere in the app", "cancellation"),
        ("the bar prices are insane, £9 for a lager", "price_value"),
        ("delivery fee was only £1.99, now it's £3.49", "price_value"),
        ("parking is double the price it was last year", "price_value"),
        ("I've been waiting 11 days for a reply to my claim", "no_response"),
        ("still not heard back about the quote I asked for on the 4th", "no_response"),
        ("Opened a ticket on Monday and haven't heard a thing", "no_response"),
        ("Took 3 weeks to get a reply", "no_response"),
        ("eleven weeks since I was promised a call back from a manager", "no_response"),
        ("honestly like talking to a brick wall", "no_response"),
        ("It's been a month. Where is my deposit?", "refund_return"),
        ("Refund was supposed to take 5-7 working days. It's been 19.", "refund_return"),
    ],
)
def test_default_categories_match(text, cat):
    assert cat in [m.category for m in load_taxonomy().match(text)]


def test_phrase_syntax():
    tax = parse_taxonomy(
        {
            "categories": {
                "x": {
                    "label": "X",
                    "phrases": [
                        "waited|queued * # hours",
                        "overcharg*",
                        "refund? please",
                        "re:\\bab\\d+\\b",
                    ],
                }
            }
        }
    )
    assert tax.match("we waited outside for 3 hours")
    assert tax.match("I was OVERCHARGED")
    assert tax.match("please")
    assert tax.match("ref AB123")
    assert not tax.match("we waited")


def test_bracketed_alternatives_are_word_sequences():
    tax = parse_taxonomy(
        {"categories": {"x": {"label": "X", "phrases": ["(stopped working|fell apart) again?"]}}}
    )
    assert tax.match("it fell apart")
    assert tax.match("it stopped working again")
    assert not tax.match("it stopped apart")  # a|b alone would have allowed this
    assert not tax.match("it worked")


def test_overlapping_phrases_are_one_piece_of_evidence():
    tax = parse_taxonomy(
        {
            "categories": {
                "wait": {"label": "W", "phrases": ["been waiting", "waiting # days", "# days for"]},
                "silence": {"label": "S", "phrases": ["no reply", "ignored"]},
            }
        }
    )
    (one_place,) = tax.match("been waiting 11 days for it")
    (two_places,) = tax.match("no reply, ignored")
    assert len(one_place.hits) == 3
    assert one_place.score < two_places.score
    ranked = tax.match("been waiting 11 days for it, no reply, ignored")
    assert [m.category for m in ranked] == ["silence", "wait"]


def test_evidence_spans_point_into_the_original_text():
    text = "Hello!!  You CHARGED me twice..."
    m = load_taxonomy().match(text)[0]
    hit = m.hits[0]
    assert text[hit.start : hit.end] == hit.text == "CHARGED me twice"


def test_keywords_alone_are_weak_and_examples_teach_without_retraining():
    tax = parse_taxonomy(
        {
            "categories": {
                "parking": {
                    "label": "Parking",
                    "keywords": ["parking"],
                    "examples": ["there were no free spaces in the car park"],
                }
            }
        }
    )
    (m,) = tax.match("where is parking")
    assert not m.strong and m.score < 0.5
    (m,) = tax.match("no free spaces left in your car park again")
    assert m.strong


def test_business_file_extends_the_default(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[categories.parking]\nlabel = "Parking"\nseverity = 0.3\n'
        'phrases = ["no parking|spaces", "car park * full"]\n',
        encoding="utf-8",
    )
    tax = load_taxonomy(path, extend_default=True)
    assert "parking" in tax.ids and "billing" in tax.ids
    r = analyse_text("the car park was full again and I missed my appointment", taxonomy=tax)
    assert "parking" in [i["category"] for i in r.issues]
    assert r.bad_experience


def test_other_taxonomies_such_as_practice_areas(tmp_path):
    path = tmp_path / "practice.toml"
    path.write_text(
        '[categories.dui]\nlabel = "DUI"\nphrases = ["dui", "drunk driving", "breathalyser|breathalyzer"]\n'
        '[categories.family]\nlabel = "Family law"\nkeywords = ["divorce", "custody"]\n',
        encoding="utf-8",
    )
    tax = load_taxonomy(path)
    assert tax.ids == ["dui", "family"]
    assert [m.category for m in tax.match("I was arrested for DUI last night")] == ["dui"]
    assert [m.category for m in tax.match("question about custody of my kids")] == ["family"]


@pytest.mark.parametrize(
    "content",
    [
        "not toml = = =",
        "[other]\nx = 1\n",
        '[categories.a]\nphrases = "not a list"\n',
        "[categories.a]\nseverity = 7\n",
        '[categories.a]\nphrases = ["re:(unclosed"]\n',
        '[categories.a]\nphrases = ["(unclosed group"]\n',
        '[categories.a]\nphrases = ["(a||b) c"]\n',
    ],
)
def test_bad_taxonomy_files_raise_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError):
        load_taxonomy(path)


def test_missing_taxonomy_file(tmp_path):
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "nope.toml")


def test_shipped_phrases_have_no_word_split_across_positions():
    """``paid|have paid`` is two word positions ("paid|have", then "paid"), not two
    alternatives; a word repeated in neighbouring positions is the tell of that mistake
    (the fix is ``(paid|have paid)``)."""
    from amends.analyse.text import patterns
    from amends.analyse.text.phrases import compile_phrase

    tax = load_taxonomy()
    phrases = [(c.id, p) for c in tax.categories for p in c.phrases if not p.startswith("re:")]
    phrases += [(g, p) for g, ps in patterns.GROUPS.items() for p in ps]
    suspicious = []
    for group, text in phrases:
        for phrase in compile_phrase(group, text):
            steps = [s for s in phrase.steps if not s.gap]
            if any(a.words & b.words for a, b in zip(steps, steps[1:], strict=False)):
                suspicious.append(text)
    assert not suspicious
