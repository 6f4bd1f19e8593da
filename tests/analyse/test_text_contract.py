"""The result contract: keys, types, ranges, JSON, evidence spans; robust on any input."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from amends.analyse.text import (
    EMOTION_NAMES,
    MODEL_VERSION,
    SIGNAL_NAMES,
    TONE_NAMES,
    analyse_many,
    analyse_text,
)


def check(d: dict, text: str, author: str) -> None:
    assert d["sentiment"] in ("negative", "neutral", "positive")
    assert -1.0 <= d["sentiment_score"] <= 1.0
    assert 0.0 <= d["confidence"] <= 1.0
    assert isinstance(d["bad_experience"], bool)
    assert set(EMOTION_NAMES) <= set(d["emotions"])
    assert all(0.0 <= v <= 1.0 for v in d["emotions"].values())
    assert set(d["emotion_labels"]) <= set(EMOTION_NAMES) - {"neutral"}
    assert set(d["signals"]) == set(SIGNAL_NAMES)
    for s in d["signals"].values():
        assert {"present", "score", "evidence"} <= set(s)
    assert "names" in d["signals"]["praise"]
    if author == "staff":
        assert set(d["tone"]) == set(TONE_NAMES)
    else:
        assert d["tone"] is None
    assert isinstance(d["severity"], int) and 0 <= d["severity"] <= 100
    for i in d["issues"]:
        assert {"category", "label", "score", "evidence"} <= set(i)
    for e in d["evidence"]:
        assert 0 <= e["start"] <= e["end"] <= len(text)
        assert text[e["start"] : e["end"]] == e["text"]
    assert {"code", "is_english", "confidence"} <= set(d["language"])
    assert d["model_version"] == MODEL_VERSION
    json.dumps(d)


def test_contract_on_examples():
    for text, author in [
        ("charged twice!!! I'll sue", "customer"),
        ("Sorry, not our fault", "staff"),
        ("", "customer"),
    ]:
        check(analyse_text(text, author).to_dict(), text, author)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["customer", "staff"]))
def test_any_text_is_analysed(text, author):
    check(analyse_text(text, author).to_dict(), text, author)


def test_analyse_many_keeps_order_and_length():
    texts = ["great", "terrible", "", "charged twice"] * 10
    out = analyse_many(texts)
    assert len(out) == len(texts)
    assert [r.sentiment for r in out[:4]] == [r.sentiment for r in out[4:8]]
    assert analyse_many([]) == []
