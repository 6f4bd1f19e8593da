"""The writer's own words: quoted replies, signatures and disclaimers are not analysed."""

from __future__ import annotations

import pytest

from amends.analyse.text import analyse_text
from amends.analyse.text.own_words import own_words, strip_own_words

APOLOGY_QUOTED = (
    "Thanks, that's all sorted now, really appreciate it!\n\n"
    "On Tue, 3 Nov 2026 at 10:02, Acme Support <support@acme.com> wrote:\n"
    "> Hi Jo, we're so sorry your parcel arrived damaged and late.\n"
    "> We have refunded the delivery charge.\n"
)


THANKS = "Thanks, that's all sorted now, really appreciate it!"


def kept(text: str) -> str:
    return " ".join(own_words(text).split())


def test_the_result_keeps_every_offset():
    out = own_words(APOLOGY_QUOTED)
    assert len(out) == len(APOLOGY_QUOTED)
    assert out.count("\n") == APOLOGY_QUOTED.count("\n")
    assert all(a == b or a == " " for a, b in zip(out, APOLOGY_QUOTED, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        APOLOGY_QUOTED,
        # Gmail wraps a long header over two lines.
        "Thanks, that's all sorted now, really appreciate it!\n\nOn Tue, 3 Nov 2026 at 10:02,"
        " Acme Customer Support Team <\nsupport@acme.com> wrote:\n> we're so sorry\n",
        # Top-posted without ">": the dated header starts the quoted message.
        "Thanks, that's all sorted now, really appreciate it!\n\nOn 03/11/2026 10:02, Acme"
        " wrote:\nWe're so sorry your parcel arrived damaged.\n",
        # Outlook.
        "Thanks, that's all sorted now, really appreciate it!\n\n-----Original Message-----\n"
        "From: Acme Support\nSent: 03 November 2026 10:02\nTo: Jo\nSubject: your complaint\n\n"
        "We apologise that your order never arrived.",
        "Thanks, that's all sorted now, really appreciate it!\r\n\r\nFrom: Acme Support "
        "<support@acme.com>\r\nSent: Tuesday, 3 November 2026 10:02\r\nTo: Jo\r\n"
        "Subject: RE: charged twice\r\n\r\nSorry you were charged twice.",
        "Thanks, that's all sorted now, really appreciate it!\n____________________\n"
        "From: Acme Support\nSent: Tuesday\nTo: Jo\n\nSorry you were charged twice.",
        # A forward, a signature, a phone's line and a disclaimer.
        "Thanks, that's all sorted now, really appreciate it!\n\n---------- Forwarded message"
        " ---------\nFrom: Acme\nYour order was cancelled.",
        "Thanks, that's all sorted now, really appreciate it!\n-- \nJo Bloggs\nComplaints are"
        " handled within 5 working days",
        "Thanks, that's all sorted now, really appreciate it!\n\nSent from my iPhone",
        "Thanks, that's all sorted now, really appreciate it!\nJo\n\nThis email and any "
        "attachments are confidential. If you received it in error, delete it.",
        "Thanks, that's all sorted now, really appreciate it!\n\nCONFIDENTIALITY NOTICE: "
        "errors, complaints and failures are reported to the sender.",
    ],
)
def test_only_the_writers_own_words_are_kept(text):
    # The sign-off name above a disclaimer is the writer's own.
    assert kept(text) in (THANKS, THANKS + " Jo")


def test_bottom_posted_and_inline_replies_keep_the_writers_lines():
    text = (
        "On Tue, 3 Nov 2026, Acme <help@acme.com> wrote:\n"
        "> Has your refund arrived?\n"
        "No, still nothing, this is the third time I've asked.\n"
        "> Anything else we can help with?\n"
        "Just the refund.\n"
    )
    assert kept(text) == "No, still nothing, this is the third time I've asked. Just the refund."


@pytest.mark.parametrize(
    "text",
    [
        "On Monday the engineer wrote: fixed. It is not fixed.",
        "On Monday the engineer wrote:\nfixed, but it still leaks",
        "It was sent from the warehouse two weeks ago and never came",
        "Hi,\nThis message is intended for the manager: my order never arrived",
        "The discount code -- which you sent me -- does not work",
        "From: London\nTo: Paris, and the train never left",
    ],
)
def test_a_customers_own_story_is_left_alone(text):
    assert own_words(text) == text


def test_a_bare_forward_is_read_whole():
    text = "---------- Forwarded message ---------\nFrom: Acme\nYour order was cancelled."
    assert own_words(text) == text


def test_stripped_text_for_storing_is_tidy():
    assert strip_own_words(APOLOGY_QUOTED) == (
        "Thanks, that's all sorted now, really appreciate it!"
    )


def test_a_thank_you_that_quotes_an_apology_is_no_complaint():
    r = analyse_text(APOLOGY_QUOTED)
    assert not r.bad_experience
    assert r.sentiment == "positive"
    assert r.issues == []
    for f in r.evidence:
        assert APOLOGY_QUOTED[f.start : f.end] == f.text


def test_a_complaint_above_a_quote_is_still_read_and_its_evidence_points_at_it():
    text = (
        "Still no sign of my refund, this is the third time I've emailed.\n\n"
        "On Tue, 3 Nov 2026 at 10:02, Acme <support@acme.com> wrote:\n"
        "> Thanks so much for your patience, you're a wonderful customer!\n"
    )
    r = analyse_text(text)
    assert r.bad_experience and r.sentiment == "negative"
    assert "refund_return" in [i["category"] for i in r.issues]
    assert r.evidence
    for f in r.evidence:
        assert text[f.start : f.end] == f.text
        assert f.end < text.index("On Tue")


def test_a_staff_reply_is_not_rude_for_the_customer_it_quotes():
    reply = (
        "I'm sorry for the trouble, I've refunded the fee today.\n\n"
        "On Tue, 3 Nov 2026 at 10:02, Jo <jo@example.com> wrote:\n"
        "> WHAT PART OF NO DO YOU NOT UNDERSTAND, this is your problem, deal with it\n"
    )
    tone = analyse_text(reply, author="staff").tone
    assert tone is not None
    assert not tone["rudeness"]["present"]
    assert tone["apology"]["present"]


CHAT = (
    "Agent: Hi, thanks for contacting Acme! I'm so sorry to hear that, how can I help?\n"
    "Customer: my order 5512 still hasn't arrived, it's been 2 weeks\n"
    "Agent: I do apologise, I can see it's with the courier.\n"
    "Customer: ok thanks"
)


def test_a_transcript_is_read_for_one_side():
    assert kept(CHAT) == (
        "Customer: my order 5512 still hasn't arrived, it's been 2 weeks Customer: ok thanks"
    )
    assert kept(own_words(CHAT, "staff")).startswith("Agent: Hi, thanks for contacting")
    assert "Customer:" not in own_words(CHAT, "staff")


@pytest.mark.parametrize(
    ("text", "customer_says"),
    [
        # A speaker named only by name is on the other side from the role named.
        (
            "[10:02] Sarah (Support): Hello Jo, how can I help today?\n"
            "[10:03] Jo: the app keeps logging me out\n"
            "[10:04] Sarah (Support): Sorry about that! Let me check.",
            "[10:03] Jo: the app keeps logging me out",
        ),
        (
            "Customer Service: Thank you for calling, sorry for the wait.\n"
            "Caller: yeah I was charged twice\n",
            "Caller: yeah I was charged twice",
        ),
        (
            "Me: is it fixed?\nThem: yes\nMe: it is not fixed",
            "Me: is it fixed? Me: it is not fixed",
        ),
    ],
)
def test_transcript_speakers_are_told_apart(text, customer_says):
    assert kept(text) == customer_says


@pytest.mark.parametrize(
    "text",
    [
        "Name: John\nEmail: j@example.com\nMessage: where is my parcel",
        "Food: great\nService: slow\nValue: ok",
        "Agent: useless\nthe agent I spoke to hung up on me",
    ],
)
def test_forms_and_reviews_with_labels_are_no_transcripts(text):
    assert own_words(text) == text


def test_a_customers_transcript_is_not_read_as_the_agents_apology():
    r = analyse_text(CHAT)
    assert r.bad_experience and r.sentiment == "negative"
    staff = analyse_text(CHAT, author="staff")
    assert staff.tone is not None and staff.tone["apology"]["present"]
    assert all(CHAT[f.start : f.end] == f.text for f in staff.evidence)
    # every finding is on the agent's side: its turns, speaker label included
    assert all(
        f.start < CHAT.index("Customer:") or f.start >= CHAT.index("Agent: I do")
        for f in staff.evidence
    )


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for your email. I am out of the office until Monday 3rd and will respond "
        "on my return.",
        "Automatic reply: I'm on annual leave until 14 August with limited access to email. "
        "For urgent matters please contact accounts@acme.co.uk",
        "This is an automated response to confirm we have received your message. We aim to "
        "reply within 2 working days.",
        "Out of office: back on Tuesday",
    ],
)
def test_an_automatic_reply_is_no_ones_words(text):
    assert not own_words(text).strip()
    r = analyse_text(text)
    assert r.sentiment == "neutral"
    assert not r.bad_experience
    assert not r.issues
    assert not any(s["present"] for s in r.signals.values())


@pytest.mark.parametrize(
    "text",
    [
        "All I ever get is your automated response, nobody actually reads these",
        "I'm on annual leave from Monday and my passport still hasn't arrived!",
    ],
)
def test_complaints_that_mention_automatic_replies_or_leave_are_read(text):
    assert own_words(text) == text
    assert analyse_text(text).bad_experience
