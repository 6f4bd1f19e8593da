"""Text exported with HTML character references is read as written, quoted as stored."""

from __future__ import annotations

import pytest

from amends.analyse.text import analyse_text
from amends.analyse.text.entities import unescape


def _spans(result) -> list[tuple[int, int, str]]:
    d = result.to_dict()
    found = [(e["start"], e["end"], e["text"]) for e in d["evidence"]]
    for m in d["issues"]:
        found += [(e["start"], e["end"], e["text"]) for e in m["evidence"]]
    for section in (d["signals"], d["tone"] or {}):
        for v in section.values():
            found += [(e["start"], e["end"], e["text"]) for e in v["evidence"]]
    return found


@pytest.mark.parametrize(
    ("escaped", "plain"),
    [
        ("Wasn&#39;t bad at all tbh", "Wasn't bad at all tbh"),
        ("Couldn&#39;t have asked for more &lt;3", "Couldn't have asked for more <3"),
        ("Refund still hasn&#x27;t come through &amp; no reply to my emails", "Refund still hasn't come through & no reply to my emails"),
        (
            "&gt; On 3 May, Support wrote: sorry for the delay\nthanks, all sorted now",
            "> On 3 May, Support wrote: sorry for the delay\nthanks, all sorted now",
        ),
    ],
)
def test_an_escaped_text_reads_like_the_text_it_stands_for(escaped: str, plain: str) -> None:
    a, b = analyse_text(escaped), analyse_text(plain)
    assert (a.sentiment, a.bad_experience) == (b.sentiment, b.bad_experience)
    assert [m["category"] for m in a.issues] == [m["category"] for m in b.issues]
    assert {k for k, v in a.signals.items() if v["present"]} == {
        k for k, v in b.signals.items() if v["present"]
    }


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("It hasn&#39;t arrived &amp; I&#39;m fuming, third time asking. Thanks Sarah though", "customer"),
        ("I&#39;m so sorry about that, I&#39;ve refunded the charge &amp; fixed it", "staff"),
    ],
)
def test_evidence_quotes_the_stored_text(text: str, author: str) -> None:
    found = _spans(analyse_text(text, author))
    assert found
    for start, end, quoted in found:
        assert text[start:end] == quoted


def test_text_that_only_looks_escaped_is_left_alone() -> None:
    assert unescape("AT&T; R&D, fish & chips, &madeup; ok") is None
    assert unescape("no ampersand here") is None


def test_a_reference_maps_back_to_all_its_characters() -> None:
    stored = "can&#39;t log in &amp; no reply"
    u = unescape(stored)
    assert u is not None
    assert u.text == "can't log in & no reply"
    start = u.text.index("can't")
    assert stored[slice(*u.span(start, start + 5))] == "can&#39;t"
    amp = u.text.index("&")
    assert stored[slice(*u.span(amp, amp + 1))] == "&amp;"
    assert u.span(len(u.text), len(u.text)) == (len(stored), len(stored))
