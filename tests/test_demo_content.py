"""The demo content generator: deterministic, varied, fast, and true to its contract."""

from __future__ import annotations

import random
import re
import time
from collections import Counter

import pytest

from amends.demo_content import (
    CHANNELS,
    HANDLE,
    ISSUES,
    PRODUCTS,
    SIGNALS,
    DemoWriter,
    Message,
)

STAFF = ["Maya", "Tom", "Priya", "Jonas", "Aisha", "Leo"]
# Words that would make a plain question or update read as a complaint.
COMPLAINT_MARKERS = (
    "still", "hasn't", "haven't", "didn't", "never", "twice", "broke", "refund", "charged",
    "waiting", "unacceptable", "disappoint", "frustrat", "furious", "ridiculous", "worst",
    "terrible", "angry", "complain", "wrong", "(?<!thanks )again", "nobody", "no reply", "damaged",
)
_MARKERS = re.compile(r"\b(?:" + "|".join(COMPLAINT_MARKERS) + ")")
# Openly negative words; many real complaints contain none of them.
NEGATIVE_WORDS = (
    "unacceptable", "frustrat", "furious", "ridiculous", "worst", "terrible", "disappoint",
    "angry", "shocking", "fed up", "annoyed", "rude", "awful", "horrible",
)
_PRODUCT_NAMES = sorted((p[0] for p in PRODUCTS), key=len, reverse=True)
_MASK = re.compile("|".join(re.escape(n) for n in _PRODUCT_NAMES) + r"|\$[\d,.]+|\d+")


def writer(seed: int = 7, **kwargs: object) -> DemoWriter:
    return DemoWriter(random.Random(seed), staff_names=STAFF, **kwargs)  # type: ignore[arg-type]


def mask(text: str) -> str:
    """The sentence skeleton: concrete details (products, amounts, numbers) blanked."""
    return _MASK.sub("#", text.lower())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[.!?\n]+", text) if len(s.split()) >= 4]


def mixed_stream(w: DemoWriter, n: int) -> list[object]:
    """Every public method, interleaved, so determinism covers all of them."""
    out: list[object] = []
    for i in range(n):
        out.append(w.customer_profile(i))
        c = w.complaint(ISSUES[i % len(ISSUES)], CHANNELS[i % 8], "high")
        out += [c, w.follow_up_complaint(c), w.staff_reply(c, ("good", "curt", "rude")[i % 3])]
        out += [w.praise(STAFF[i % 6]), w.question("chat"), w.neutral_update("sms"),
                w.public_post(i % 2 == 0, ("review", "social")[i % 2]),
                w.survey_comment(i % 3 == 0), w.call_note(), w.any_customer_message(),
                w.lead_enquiry(("web_form", "phone")[i % 2]), w.quiet_exit(c),
                w.system_notice(), *w.chat(quality=("good", "rude")[i % 2])]
    return out


# ---------------------------------------------------------------- determinism and speed
def test_same_seed_gives_identical_output() -> None:
    assert mixed_stream(writer(3), 200) == mixed_stream(writer(3), 200)
    assert mixed_stream(writer(3), 50) != mixed_stream(writer(4), 50)


def test_global_random_state_is_not_used() -> None:
    random.seed(1)
    first = mixed_stream(writer(5), 60)
    random.seed(999)
    random.random()
    assert mixed_stream(writer(5), 60) == first


def test_output_does_not_depend_on_hash_randomisation() -> None:
    import os
    import subprocess
    import sys

    script = ("import random, hashlib; from amends.demo_content import DemoWriter; "
              "w = DemoWriter(random.Random(42)); "
              "print(hashlib.sha256(repr([w.any_customer_message() for _ in range(2000)])"
              ".encode()).hexdigest())")
    digests = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, check=True)
        digests.add(run.stdout)
    assert len(digests) == 1


def test_twenty_thousand_messages_are_fast() -> None:
    w = writer(11)
    # CPU time, so a busy CI machine does not make the test flaky
    start = time.process_time()
    for _ in range(20_000):
        w.any_customer_message()
    assert time.process_time() - start < 2.0


# ---------------------------------------------------------------- customers
def test_customer_profiles_are_varied_unique_and_fictional() -> None:
    w = writer(1)
    profiles = [w.customer_profile(i) for i in range(2000)]
    assert len({p["email"] for p in profiles}) == 2000
    assert len({p["name"] for p in profiles}) > 600
    assert {p["segment"] for p in profiles} == {"retail", "club", "business", "vip"}
    b2b = sum(p["company"] is not None for p in profiles) / len(profiles)
    assert 0.15 < b2b < 0.25
    for p in profiles:
        assert set(p) == {"name", "email", "phone", "company", "segment", "city"}
        assert (p["segment"] == "business") == (p["company"] is not None)
        domain = p["email"].rsplit("@", 1)[1]
        # reserved names only: a demo can never email a real person
        assert domain.endswith(".example") or domain in {"example.com", "example.net",
                                                         "example.org"}
        assert re.search(r"555[-. ]01\d\d$", p["phone"]), p["phone"]
    # names from many cultures, including non-ASCII spellings
    assert any(not p["name"].isascii() for p in profiles)


# ---------------------------------------------------------------- complaints
@pytest.mark.parametrize("issue", ISSUES)
def test_complaint_contract_for_every_issue_and_channel(issue: str) -> None:
    w = writer(2)
    for channel in ("email", "chat", "phone", "ticket", "review", "social", "sms", "web_form"):
        for severity in ("low", "medium", "high", "critical"):
            m = w.complaint(issue, channel, severity)
            assert isinstance(m, Message)
            assert (m.kind, m.author, m.sentiment) == ("complaint" if channel not in
                                                       ("review", "social") else
                                                       "public_post", "customer", "negative")
            assert m.issue == issue and m.channel == channel and m.text.strip()
            assert set(m.signals) <= set(SIGNALS) and len(set(m.signals)) == len(m.signals)
            if channel in ("email", "ticket"):
                assert m.subject
            if channel == "review":
                assert 1 <= m.metadata["stars"] <= 3
            if severity == "critical" and channel not in ("review", "social"):
                assert "legal_threat" in m.signals


def test_channel_aliases_and_bad_arguments() -> None:
    w = writer()
    assert w.complaint("delay", "call").channel == "phone"
    with pytest.raises(ValueError):
        w.complaint("weather")
    with pytest.raises(ValueError):
        w.complaint("delay", "fax")
    with pytest.raises(ValueError):
        w.complaint("delay", severity="apocalyptic")


def test_two_thousand_complaints_are_distinct_and_no_skeleton_dominates() -> None:
    w = writer(8)
    texts = [w.complaint(channel=("email", "chat", "ticket", "sms", "web_form", "phone")[i % 6])
             .text for i in range(2000)]
    assert len(set(texts)) >= 0.95 * len(texts)
    # with products, amounts and numbers blanked, texts must still differ
    assert len({mask(t) for t in texts}) >= 0.9 * len(texts)
    per_text = Counter(s for t in texts for s in set(sentences(mask(t))))
    sentence, count = per_text.most_common(1)[0]
    assert count < 0.08 * len(texts), (sentence, count)


@pytest.mark.parametrize("issue", ISSUES)
def test_each_issue_has_at_least_forty_phrasings(issue: str) -> None:
    w = writer(9)
    skeletons = {mask(w.complaint(issue, channel).text)
                 for channel in ("email", "chat", "sms", "ticket") for _ in range(60)}
    assert len(skeletons) >= 40


def test_many_complaints_have_no_obviously_negative_word() -> None:
    w = writer(10)
    texts = [w.complaint(severity=("low", "medium")[i % 2]).text.lower() for i in range(1000)]
    plain = sum(not any(word in t for word in NEGATIVE_WORDS) for t in texts)
    assert plain > 0.4 * len(texts)


def test_signals_agree_with_the_words() -> None:
    w = writer(12)
    evidence = {
        "legal_threat": ("lawyer", "court", "consumer protection"),
        "chargeback": ("bank",),
        "churn_intent": ("elsewhere", "switching", "cancel", "last order"),
        "public_escalation": ("review", "social media", "telling everyone", "northwind"),
    }
    for _ in range(2000):
        m = w.complaint(severity="high")
        for signal, words in evidence.items():
            if signal in m.signals and m.channel not in ("review", "social"):
                assert any(word in m.text.lower() for word in words), (signal, m.text)


def test_follow_ups_escalate_and_keep_the_order() -> None:
    w = writer(13)
    first = w.complaint("refund", "email")
    msg = first
    for expected in range(2, 6):
        msg = w.follow_up_complaint(msg)
        assert msg.metadata["contact_count"] == expected
        assert msg.metadata["order"] == first.metadata["order"]
        assert msg.issue == "refund" and msg.sentiment == "negative"
        assert msg.signals[0] == "repeat_contact"
    assert "legal_threat" in msg.signals  # by the fifth contact it is critical
    assert msg.subject and msg.subject.startswith("RE: ")


def test_call_notes_are_customer_contacts_taken_by_staff() -> None:
    w = writer(14)
    formats = set()
    for _ in range(100):
        m = w.call_note("delay", "Jonas")
        assert m.channel == "phone" and m.author == "customer" and m.kind == "complaint"
        assert m.metadata["taken_by"] == "Jonas"
        formats.add(m.metadata["format"])
    assert formats == {"call_note", "transcript"}


# ---------------------------------------------------------------- other kinds
def test_praise_names_the_staff_member() -> None:
    w = writer(15)
    for i in range(600):
        name = STAFF[i % 6]
        channel = ("email", "chat", "sms", "ticket", "review", "social", "web_form")[i % 7]
        m = w.praise(name, channel)
        assert name.lower() in m.text.lower(), m.text
        assert m.staff_name == name and "praise" in m.signals and m.sentiment == "positive"
    anonymous = w.praise(None)
    assert anonymous.staff_name is None and anonymous.sentiment == "positive"


def test_questions_and_updates_carry_no_complaint_markers() -> None:
    w = writer(16)
    for i in range(1500):
        channel = ("email", "chat", "sms", "ticket", "web_form")[i % 5]
        for m in (w.question(channel), w.neutral_update(channel)):
            assert not _MARKERS.search(m.text.lower()), m.text
            assert m.sentiment == "neutral" and m.signals == [] and m.author == "customer"
        assert m.kind == "neutral"


def test_public_posts() -> None:
    w = writer(17)
    reviews = [w.public_post(i % 2 == 0, "review") for i in range(400)]
    for m in reviews:
        assert m.metadata["public"] is True and m.kind == "public_post"
        assert (m.metadata["stars"] >= 4) == (m.sentiment == "positive")
    social = [w.public_post(i % 2 == 0, "social") for i in range(400)]
    assert all(HANDLE.lower() in m.text.lower() for m in social)
    assert sum("#" in m.text for m in social) > 100
    assert sum(any(e in m.text for e in ("😡", "🙄", "🙌", "⛺", ":)", ":(")) for m in social) > 50
    negative = [m for m in social if m.sentiment == "negative"]
    assert all("public_escalation" in m.signals and m.issue in ISSUES for m in negative)


def test_survey_comments() -> None:
    w = writer(18)
    for _ in range(200):
        good, bad = w.survey_comment(True), w.survey_comment(False)
        assert good.channel == bad.channel == "survey_comment"
        assert good.metadata["score"] >= 8 and bad.metadata["score"] <= 5
        assert bad.issue in ISSUES and bad.sentiment == "negative"


def test_staff_replies_by_quality() -> None:
    w = writer(19)
    for i in range(300):
        c = w.complaint(ISSUES[i % len(ISSUES)], ("email", "chat", "ticket")[i % 3])
        good, curt, rude = (w.staff_reply(c, q, "Aisha") for q in ("good", "curt", "rude"))
        for r in (good, curt, rude):
            assert r.author == "staff" and r.kind == "reply" and r.staff_name == "Aisha"
            assert r.channel == c.channel and r.issue == c.issue
        assert re.search(r"sorry|apologi", good.text, re.IGNORECASE)
        assert not re.search(r"sorry|apologi", curt.text + rude.text, re.IGNORECASE)
        assert (good.sentiment, curt.sentiment, rude.sentiment) == ("positive", "neutral",
                                                                    "negative")
    with pytest.raises(ValueError):
        w.staff_reply(c, "sarcastic")


# ---------------------------------------------------------------- the mixed stream
def test_stream_mixes_kinds_channels_and_a_few_languages() -> None:
    w = writer(20)
    stream = [w.any_customer_message() for _ in range(10_000)]
    kinds = Counter(m.kind for m in stream)
    assert set(kinds) >= {"complaint", "question", "neutral", "praise", "public_post",
                          "survey_comment"}
    assert set(Counter(m.channel for m in stream)) == set(CHANNELS)
    langs = Counter(m.metadata["lang"] for m in stream)
    foreign = sum(n for lang, n in langs.items() if lang != "en") / len(stream)
    assert 0.005 < foreign < 0.02
    assert {"es", "de", "fr"} <= set(langs)
    quiet = writer(20, foreign_rate=0.0)
    assert all(quiet.any_customer_message().metadata["lang"] == "en" for _ in range(3000))


def test_stream_reads_like_people_typing() -> None:
    w = writer(21)
    texts = [w.any_customer_message().text for _ in range(5000)]
    chats = [w.complaint(channel="chat").text for _ in range(500)]
    assert sum(t == t.lower() for t in chats) > 100  # lowercase chat
    assert any(re.search(r"\b[A-Z]{4,}\b", t) and "NW-" not in t for t in chats)  # SHOUTING
    assert any(re.search(r"([a-z])\1\1", t) for t in texts)  # elongation: "sooo"
    assert any("\n\n" in t and len(t) > 400 for t in texts)  # long multi-paragraph emails
    assert any(len(t) < 40 for t in texts)  # short and blunt
    assert len(set(texts)) > 0.9 * len(texts)


# ---------------------------------------------------------------- threads hang together
def test_sender_and_problem_carry_through_a_thread() -> None:
    w = writer(22)
    for _ in range(100):
        first = w.complaint("quality", "email", sender="Ana Novak")
        assert "Ana" in first.text and first.metadata["sender"] == "Ana Novak"
        again = w.follow_up_complaint(first)
        assert again.metadata["sender"] == "Ana Novak"
        if first.metadata["lang"] == "en":
            assert first.metadata["problem"] in again.text
    greetings = {w.staff_reply(first, "good").text.split("\n")[0] for _ in range(40)}
    assert {"Hi Ana,", "Dear Ana,"} <= greetings


def test_foreign_messages() -> None:
    w = writer(23, foreign_rate=1.0)
    langs: Counter[str] = Counter()
    for _ in range(60):
        m = w.complaint(channel="email")
        langs[m.metadata["lang"]] += 1
        assert m.issue in ISSUES and m.sentiment == "negative"
        assert w.praise("Maya").text.count("Maya") == 1
    assert set(langs) == {"es", "de", "fr"}
    # an issue with no foreign phrasing stays in English rather than changing the issue
    assert w.complaint("price").metadata["lang"] == "en"


def test_standard_library_only() -> None:
    import ast
    import pathlib
    import sys

    import amends.demo_content as pkg

    for path in pathlib.Path(pkg.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top in {"amends", "__future__"}, (
                    path.name, name)


def test_enquiries_exits_notices_and_chats() -> None:
    w = writer(24)
    for i in range(100):
        lead = w.lead_enquiry(("web_form", "email", "phone", "chat")[i % 4])
        assert lead.kind == "enquiry" and lead.metadata["prospect"] is True
        assert not _MARKERS.search(lead.text.lower()), lead.text
        if lead.channel == "phone":
            assert lead.metadata["format"] == "voicemail" and "555" in lead.text
        complaint = w.complaint("refund")
        exit_ = w.quiet_exit(complaint)
        assert exit_.issue == "refund" and exit_.sentiment in ("neutral", "negative")
        assert exit_.metadata["order"] == complaint.metadata["order"]
        notice = w.system_notice("sms")
        assert notice.author == "system" and notice.kind == "system"
        opening, reply, answer = w.chat("delay", "Leo", ("good", "curt", "rude")[i % 3])
        assert [m.channel for m in (opening, reply, answer)] == ["chat"] * 3
        assert reply.author == "staff" and reply.staff_name == "Leo"
        assert answer.kind == ("neutral" if i % 3 == 0 else "complaint")


def test_good_replies_answer_the_question_asked() -> None:
    from amends.demo_content.other import QUESTIONS

    w = writer(25)
    for _ in range(200):
        q = w.question("email")
        if q.metadata["lang"] != "en":
            continue
        reply = w.staff_reply(q, "good")
        for i in q.metadata["questions"]:
            words = QUESTIONS[i][2].split("{")[0].split()[:3]
            assert " ".join(words) in reply.text, (q.text, reply.text)


def test_every_message_has_text_the_ingest_api_accepts() -> None:
    for item in mixed_stream(writer(26), 150):
        if isinstance(item, Message):
            assert item.text.strip() and len(item.text) < 20_000
            assert item.channel in CHANNELS and item.author in ("customer", "staff", "system")
            assert item.subject is None or 0 < len(item.subject) <= 500
