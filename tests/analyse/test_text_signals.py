"""Signals (churn, public escalation, legal, repeat contact, urgency, praise) and staff tone."""

from __future__ import annotations

import pytest

from amends.analyse.text import analyse_text


def present(text: str, author: str = "customer") -> set[str]:
    return {k for k, v in analyse_text(text, author).signals.items() if v["present"]}


@pytest.mark.parametrize(
    "text",
    [
        "I'm switching to Verizon",
        "please cancel my account",
        "never again",
        "I'll take my business elsewhere",
        "Used to love this game, now it's pay to win. Uninstalled.",
        "Deleted the app, not worth the hassle",
    ],
)
def test_churn_intent(text):
    assert "churn_intent" in present(text)


@pytest.mark.parametrize(
    "text",
    [
        "I deleted the app by accident, how do I get my saves back?",
        "accidentally uninstalled it, will my progress be saved?",
    ],
)
def test_removing_the_app_by_mistake_is_no_churn(text):
    assert "churn_intent" not in present(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to post this on twitter",
        "leaving a 1-star review",
        "I will tell everyone I know",
    ],
)
def test_public_escalation(text):
    assert "public_escalation" in present(text)


@pytest.mark.parametrize(
    "text",
    [
        "my lawyer will be in touch",
        "I will take you to court",
        "I'm reporting you to the CFPB",
    ],
)
def test_legal_threat(text):
    assert "legal_threat" in present(text)


@pytest.mark.parametrize(
    "text",
    [
        "third time I'm asking",
        "I have called five times",
        "as I already explained to your colleague",
        "Hi, me again. The engineer still hasn't been",
        "Following up on my email of 3 March, which hasn't had a reply",
        "reported the leak at 7am and again at 10am",
        "Karen was nice both times I called, but my line still isn't fixed",
        "three emails and a letter about my deposit, all ignored",
    ],
)
def test_repeat_contact(text):
    assert "repeat_contact" in present(text)


def test_urgency():
    assert "urgency" in present("URGENT: my flight leaves in 2 hours and I have no ticket")
    assert "urgency" not in present("thanks, have a nice day")


@pytest.mark.parametrize(
    "text",
    [
        "Not urgent, but when is interest paid on the cash ISA?",
        "no rush at all, whenever someone is free to call me back",
        "Do you do emergency appointments at weekends?",
        "Is the urgent repairs line open on Sundays?",
        "Thanks for refunding the broken eggs so quickly, all sorted now.",
    ],
)
def test_no_hurry_and_the_names_of_services_are_not_urgency(text):
    assert "urgency" not in present(text)


def test_urgency_named_beside_a_service_still_counts():
    text = "I need help urgently, the boiler is dead and there is no heating with a newborn"
    assert "urgency" in present(text)


def test_plain_text_has_no_signals():
    assert present("how do I change my address?") == set()


def test_disbelief_at_how_well_it_went_is_praise():
    r = analyse_text("I can't believe how quickly the plumber fixed it, brilliant")
    assert "praise" in present("couldn't believe how easy the return was")
    assert r.signals["praise"]["present"] and not r.bad_experience
    # Disbelief at how badly it went is no praise.
    assert "praise" not in present("I can't believe how rude the driver was")


def test_a_reply_can_be_rude_in_function_words_alone():
    tone = analyse_text("@lara_b whatever you say 👍", author="staff").tone
    assert tone is not None and tone["rudeness"]["present"]
    assert tone["rudeness"]["evidence"]  # the words are shown, even these


def test_praise_names_the_staff_member():
    r = analyse_text("Sarah was amazing, thank you so much!")
    assert r.signals["praise"]["present"]
    assert r.signals["praise"]["names"] == ["Sarah"]
    r = analyse_text("big thanks to tom at the front desk", staff_names=["Tom", "Ana"])
    assert r.signals["praise"]["names"] == ["Tom"]
    assert analyse_text("great service, thanks").signals["praise"]["names"] == []


def test_signal_evidence_points_at_the_text():
    text = "This is the third time I call. I will sue."
    r = analyse_text(text)
    for name in ("repeat_contact", "legal_threat"):
        for ev in r.signals[name]["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_tone_only_for_staff():
    assert analyse_text("sorry about that").tone is None
    assert analyse_text("sorry about that", author="staff").tone is not None


def tone(text: str) -> set[str]:
    t = analyse_text(text, author="staff").tone
    assert t is not None
    return {k for k, v in t.items() if v["present"]}


def test_good_staff_reply():
    got = tone(
        "I completely understand how frustrating this must be, and I'm so sorry. "
        "I'll personally make sure your refund goes out today."
    )
    assert {"empathy", "apology", "ownership"} <= got
    assert not {"blame_shifting", "rudeness"} & got


def test_poor_staff_reply():
    got = tone(
        "As I already said, that's not our fault, you should have read the terms. Calm down."
    )
    assert {"blame_shifting", "rudeness"} <= got
    assert "apology" not in got


def test_rude_language_and_shouting():
    assert "rudeness" in tone("WHAT PART OF NO DO YOU NOT UNDERSTAND")
    assert "rudeness" in tone("that's your problem, deal with it")
    assert "blame_shifting" in tone("It's the courier's fault, not ours")


def test_impatience_is_rude_not_ownership():
    # "already" shows ownership only before a fix ("I've already refunded it").
    assert tone("Whatever, I've already explained this three times.") == {"rudeness"}
    assert "ownership" in tone("I've already refunded the delivery fee.")


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        (
            "The courier lost it, so you will need to take that up with them directly.",
            "blame_shifting",
        ),
        ("Per my last three emails, the answer has not changed.", "rudeness"),
        ("That sounds exhausting, especially with the move.", "empathy"),
        (
            "I have put the refund through myself and will ring you on Friday to check it landed.",
            "ownership",
        ),
    ],
)
def test_the_tone_head_reads_tone_that_no_phrase_names(text, tone):
    found = analyse_text(text, author="staff").tone
    assert found[tone]["present"], found
    evidence = found[tone]["evidence"]
    assert evidence and all(text[e["start"] : e["end"]] == e["text"] for e in evidence)


def test_a_routine_staff_reply_has_no_tone_to_coach():
    tone = analyse_text(
        "Your order ships tomorrow and the tracking link will follow by email.", author="staff"
    ).tone
    assert not any(t["present"] for t in tone.values())


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Third email about this and still nothing.", "repeat_contact"),
        ("I need the replacement before my daughter's wedding on Saturday.", "urgency"),
    ],
)
def test_the_signals_head_finds_what_no_phrase_names(text, signal):
    found = analyse_text(text).signals[signal]
    assert found["present"]
    assert 0.5 <= found["score"] <= 1.0  # the head's probability, not a count of words
    assert found["evidence"] and all(
        text[e["start"] : e["end"]] == e["text"] for e in found["evidence"]
    )


def test_named_regulators_are_legal_threats_and_plan_changes_are_no_signal():
    assert analyse_text("If this is not sorted I am going to Ofcom.").signals["legal_threat"][
        "present"
    ]
    quiet = analyse_text("Can I move my contract to the cheaper plan?").signals
    assert not any(s["present"] for s in quiet.values())


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Huge thanks to Tariq on the evening shift, he sorted my refund in minutes.", ["Tariq"]),
        ("Our installer, Bogdan, was tidy and explained everything.", ["Bogdan"]),
        ("Kudos to Femi and Grace at the Bristol branch, brilliant service.", ["Femi", "Grace"]),
        ("Dr Achebe listened properly for once, thank you.", ["Dr Achebe"]),
        ("Flight from Gatwick to Malaga was smooth and the crew were lovely.", []),
        ("Breakfast was great and the pool was spotless.", []),
    ],
)
def test_praise_names_the_staff_it_praises(text, names):
    assert analyse_text(text).signals["praise"]["names"] == names


def test_a_staff_list_is_matched_exactly():
    r = analyse_text("big thanks to tariq, sorted in minutes", staff_names=["Tariq"])
    assert r.signals["praise"]["names"] == ["Tariq"]
