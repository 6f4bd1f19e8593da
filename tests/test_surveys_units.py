"""The pure parts of surveys: tokens, scanner rules, quiet hours, options, rendering."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amends.surveys import scanner, tokens
from amends.surveys.options import KINDS, find_option
from amends.surveys.render import render_invitation, text_on
from amends.surveys.timing import SurveySettings, next_allowed, parse_quiet_hours

SECRET = "unit-test-secret-key-0123456789abcdef"
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_answer_token_round_trip_and_purpose_separation():
    t = tokens.AnswerToken(123456, 7, 99, "very_unhappy", 1_900_000_000)
    raw = tokens.answer_token(SECRET, t)
    assert len(raw) < 60 and all(c.isalnum() or c in "-_." for c in raw)
    assert tokens.read_answer_token(SECRET, raw) == t
    with pytest.raises(tokens.BadTokenError):
        tokens.read_answer_token("another-secret-0123456789abcdef", raw)
    # A valid token of one purpose is worthless for another.
    optout = tokens.optout_token(SECRET, 99, 123456)
    with pytest.raises(tokens.BadTokenError):
        tokens.read_answer_token(SECRET, optout)
    with pytest.raises(tokens.BadTokenError):
        tokens.read_staff_token(SECRET, optout)
    assert tokens.read_optout_token(SECRET, optout) == (99, 123456)


@given(st.text(max_size=120))
def test_random_strings_never_verify(raw):
    with pytest.raises(tokens.BadTokenError):
        tokens.read_answer_token(SECRET, raw)


@given(st.integers(min_value=0, max_value=200), st.sampled_from("0123456789abcdefxyz_-.A"))
def test_any_single_character_change_is_refused(position, replacement):
    raw = tokens.answer_token(SECRET, tokens.AnswerToken(42, 3, 17, "satisfied", 1_900_000_000))
    position %= len(raw)
    if raw[position] == replacement:
        return
    changed = raw[:position] + replacement + raw[position + 1:]
    with pytest.raises(tokens.BadTokenError):
        tokens.read_answer_token(SECRET, changed)


@pytest.mark.parametrize("ua", [
    None, "", "Mozilla/5.0 (compatible; BingPreview/1.0b)", "Barracuda Sentinel (EE)",
    "python-requests/2.31", "Mozilla/5.0 HeadlessChrome/120.0", "curl/8.0"])
def test_scanner_user_agents(ua):
    assert scanner.first_look(ua, T0, None).verdict == "scanner"


def test_non_browser_agent_right_after_delivery_is_a_scanner():
    assert scanner.first_look("Java-Agent/1", T0 + timedelta(seconds=5), T0).verdict == "scanner"
    assert scanner.first_look("Java-Agent/1", T0 + timedelta(hours=1), T0).verdict == "pending"
    browser = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) AppleWebKit/605.1.15 Mobile/15E148"
    assert scanner.first_look(browser, T0 + timedelta(seconds=5), T0).verdict == "pending"


def test_settle_marks_bursts_and_counts_lone_clicks():
    window = timedelta(seconds=10)
    clicks = [scanner.ClickView(1, "a", T0, "pending"),
              scanner.ClickView(2, "b", T0 + timedelta(seconds=1), "pending"),
              scanner.ClickView(3, "a", T0 + timedelta(minutes=3), "pending"),
              scanner.ClickView(4, "c", T0 + timedelta(minutes=9), "pending")]
    decided = scanner.settle(clicks, T0 + timedelta(minutes=9, seconds=5), window)
    assert decided == {1: "burst", 2: "burst", 3: "counted"}  # 4 is still settling


def test_quiet_hours_across_midnight_and_dst():
    cfg = SurveySettings(quiet_hours="21:00-08:00", timezone="Europe/London")
    assert parse_quiet_hours("21:00-08:00") == (time(21), time(8))
    assert parse_quiet_hours("") is None
    with pytest.raises(ValueError):
        parse_quiet_hours("late")
    noon = datetime(2026, 6, 1, 11, 0, tzinfo=UTC)
    assert next_allowed(noon, cfg) == noon
    late = datetime(2026, 6, 1, 21, 30, tzinfo=UTC)  # 22:30 in London (BST)
    assert next_allowed(late, cfg) == datetime(2026, 6, 2, 7, 0, tzinfo=UTC)
    early = datetime(2026, 6, 2, 5, 0, tzinfo=UTC)  # 06:00 local, same morning
    assert next_allowed(early, cfg) == datetime(2026, 6, 2, 7, 0, tzinfo=UTC)
    # The night the clocks go forward (29 March 2026): 08:00 local is 07:00 UTC.
    spring = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert next_allowed(spring, cfg) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)


def test_negative_answers_per_kind():
    bad = {kind: [o.code for o in options if o.bad] for kind, options in KINDS.items()}
    assert bad == {"thermometer": ["unhappy", "very_unhappy"], "csat": ["1", "2"],
                   "nps": [str(n) for n in range(7)], "ces": ["5", "6", "7"],
                   "thumbs": ["down"]}
    assert find_option("thermometer", "neutral") is None
    assert len(KINDS["thermometer"]) == 4


def _contrast(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, bl = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl)

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_button_colours_are_readable():
    for options in KINDS.values():
        for option in options:
            if option.colour:
                assert _contrast(option.colour, "#ffffff") >= 4.5, option
    for colour in ("#ffeeaa", "#123456", "#2f6f4f"):
        assert _contrast(colour, text_on(colour)) >= 4.5


def test_email_escapes_customer_text_and_custom_strings():
    survey = SimpleNamespace(kind="csat", question="Rate <us>?", strings={
        "subject": "{brand} asks {unknown}", "option.5": "5 <great>"}, brand_colour="bad",
        brand_name="Acme & Co", name="x", logo_url="javascript:alert(1)", language="en")
    urls = {o.code: f"https://example.com/s/a/t{o.code}?a=1&b=2" for o in KINDS["csat"]}
    mail = render_invitation(survey, "<script>x</script>", urls, "https://example.com/s/u/z")
    assert mail.subject == "Acme & Co asks {unknown}"
    assert "<script>x</script>" not in mail.html and "&lt;script&gt;" in mail.html
    assert "javascript:" not in mail.html and "#2f6f4f" in mail.html
    assert "?a=1&amp;b=2" in mail.html and "?a=1&b=2" in mail.text
    assert "Very dissatisfied" in mail.text and "<script>x</script>" in mail.text
    assert mail.headers["List-Unsubscribe"] == "<https://example.com/s/u/z>"


def test_built_in_languages_and_overrides():
    survey = SimpleNamespace(kind="thermometer", question="Wie war es?", language="de-AT",
                             strings={"option.satisfied": "Passt"}, brand_colour="#123456",
                             brand_name="Acme", name="x", logo_url=None)
    urls = {o.code: f"https://example.com/s/a/{o.code}" for o in KINDS["thermometer"]}
    mail = render_invitation(survey, "Eva", urls, "https://example.com/s/u/z")
    assert mail.subject == "Eine kurze Frage von Acme" and "Hallo Eva," in mail.text
    assert "Begeistert" in mail.html and "Passt" in mail.html and "Abmelden" in mail.html
    nps = SimpleNamespace(kind="nps", question="?", language="xx", strings={},
                          brand_colour="#123456", brand_name="Acme", name="x", logo_url=None)
    urls = {o.code: f"https://example.com/s/a/{o.code}" for o in KINDS["nps"]}
    text = render_invitation(nps, "", urls, "https://example.com/s/u/z").text
    assert "0 (Not at all likely):" in text and "10 (Extremely likely):" in text
