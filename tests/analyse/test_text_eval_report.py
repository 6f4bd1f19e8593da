"""The benchmark report states each target of issue 3 as met or missed from its numbers."""

from __future__ import annotations

from amends.analyse.text.evaluate import Row, _report


def _rows() -> list[Row]:
    return [
        Row("GoEmotions test, 3-class", "Amends", 10, 0.712, 0.72, 0.6, 0.6, "bad = negative"),
        Row("GoEmotions test, 3-class", "VADER", 10, 0.9, 0.9, 0.9, 0.9, "bad = negative"),
        Row("UCI sentences, 2-class", "Amends", 10, 0.854, 0.85, 0.5, 0.9, "loso"),
        Row(
            "Bitext test, complaint vs plain requests",
            "Amends",
            10,
            0.9,
            0.97,
            1.0,
            0.7,
            "plain requests flagged 12.5%",
        ),
        Row("CFPB narratives, held-out fold 0", "Amends", 10, None, None, 0.96, 1.0, "all"),
    ]


def test_targets_are_judged_from_the_measured_numbers():
    text = _report(_rows(), 0.47, {"short": (10_000.0, 20_000.0)}, "v", "pinned")
    lines = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| ")}
    assert lines["| GoEmotions 3-class macro-F1 >= 0.72"].endswith("| 0.712 | **no** |")
    assert lines["| UCI macro-F1 (leave-one-source-out) >= 0.85"].endswith("| yes |")
    # VADER's rows never stand in for ours.
    assert "0.900 | **no**" not in lines["| GoEmotions 3-class macro-F1 >= 0.72"]
    assert lines["| share of Bitext plain requests flagged <= 0.1"].endswith("0.125 | **no** |")
    assert lines["| `bad_experience` recall, CFPB narratives >= 0.95"].endswith("| yes |")
    assert lines["| emotion macro-F1 (28 labels) >= 0.4"].endswith("| yes |")
    assert lines["| texts/s vs VADER, short >= 1"].endswith("| 0.500 | **no** |")


def test_only_measured_targets_are_listed():
    text = _report(_rows()[:1], None, {}, "v", "pinned")
    assert "GoEmotions 3-class macro-F1" in text
    assert "UCI macro-F1" not in text
    assert "texts/s" not in text


def test_signals_and_staff_tone_are_scored_against_their_labels(tmp_path):
    import json

    from amends.analyse.text.evaluate import eval_findings, findings_table

    signals = tmp_path / "signals.jsonl"
    rows = [
        {
            "text": "Third time I'm calling. I'm cancelling my account.",
            "signals": ["repeat_contact", "churn_intent"],
        },
        {"text": "How do I update my card?", "signals": ["churn_intent"]},  # a wrong label
        {"text": "Can I switch to the monthly plan?", "signals": []},
    ]
    signals.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    n, found = eval_findings(signals, "signals")
    scores = {name: (k, p, r) for name, k, p, r in found}
    assert n == 3
    assert scores["churn_intent"] == (2, 1.0, 0.5)  # one of the two labelled found, no false alarm
    assert scores["legal_threat"] == (0, None, None)
    table = findings_table("Signals", n, found)
    assert (
        "| churn_intent | 2 | 1.000 | 0.500 |" in table and "| legal_threat | 0 | – | – |" in table
    )

    tone = tmp_path / "tone.jsonl"
    tone.write_text(
        json.dumps({"text": "As I already said, read the email.", "tone": ["rudeness"]}),
        encoding="utf-8",
    )
    _, found = eval_findings(tone, "tone")
    assert ("rudeness", 1, 1.0, 1.0) in found

    report = _report(_rows(), None, {}, "v", "pinned", None, table)
    assert "| churn_intent | 2 | 1.000 | 0.500 |" in report


def test_bootstrap_interval_brackets_the_measure_and_repeats():
    from amends.analyse.text.evaluate import _interval, _prf

    truth = [True] * 60 + [False] * 40
    pred = [True] * 50 + [False] * 10 + [False] * 40  # recall 50/60
    recall = lambda t, p: _prf(t, p)[0] or 0.0  # noqa: E731
    lo, hi = _interval(truth, pred, recall, rounds=300)
    assert lo < 50 / 60 < hi and hi - lo < 0.25
    assert (lo, hi) == _interval(truth, pred, recall, rounds=300)
    assert _interval([True] * 20, [True] * 20, recall, rounds=50) == (1.0, 1.0)
