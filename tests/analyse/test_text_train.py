"""train-text reproduces a working model from a tiny data set shipped with the tests."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from amends.analyse.text import analyse_text
from amends.analyse.text.analyse import _Context, use_model
from amends.analyse.text.model import read_model
from amends.analyse.text.train import ISSUE_LABELS
from amends.cli_text import app

TINY = Path(__file__).parent / "data" / "text_tiny"


def train(out: Path) -> None:
    res = CliRunner().invoke(
        app,
        [
            "train-text",
            "--goemotions",
            str(TINY / "goemotions"),
            "--uci",
            str(TINY / "uci"),
            "--bitext",
            str(TINY / "bitext"),
            "--out",
            str(out),
            "--min-df",
            "1",
        ],
    )
    assert res.exit_code == 0, res.output


def test_train_text_builds_a_working_model_reproducibly(tmp_path):
    train(tmp_path / "a")
    train(tmp_path / "b")
    a, b = read_model(tmp_path / "a"), read_model(tmp_path / "b")
    assert a is not None and b is not None
    assert a.meta["vocab"] == b.meta["vocab"]
    assert np.array_equal(a.weights, b.weights)
    assert set(a.heads) == {"sentiment", "problem", "issues", "tone", "signals", "emotions"}
    assert set(a.heads["issues"].labels) <= set(ISSUE_LABELS)
    assert len(a.heads["issues"].labels) >= 10  # the labelled messages name them
    assert a.meta["data"]["uci"]["licence"] == "CC BY 4.0"
    original, _ = _Context.get()
    try:
        use_model(a)
        assert analyse_text("Excellent value, loved it").sentiment == "positive"
        assert analyse_text("Terrible, broke after one day").sentiment == "negative"
        assert analyse_text("I want to file a complaint against your company").bad_experience
        assert not analyse_text("how do I change my address").bad_experience
    finally:
        use_model(original)


def test_committed_model_is_small_and_safe_to_load():
    folder = Path(__file__).resolve().parents[2] / "amends" / "analyse" / "models"
    size = sum(p.stat().st_size for p in folder.glob("*") if p.is_file())
    assert size <= 20 * 1024 * 1024
    model = read_model(folder)
    assert model is not None and "emotions" in model.heads
    assert len(model.heads["emotions"].labels) == 28


def test_the_held_out_messages_are_never_trained_on():
    from amends.analyse.text.evaluate import HELDOUT_MESSAGES
    from amends.analyse.text.train import MESSAGES_PATH

    def texts(path):
        return {json.loads(line)["text"].strip().lower() for line in path.open(encoding="utf-8")}

    # Distinct texts per file: 300 unless said here (the seventh to fifteenth writers'
    # 300 less the everyday texts earlier messages hold too: "ok", "no comments.",
    # "fine", "good", ...; the ninth's 298 say "yes" twice).
    sizes = {"": 450, "7": 297, "8": 295, "9": 297, "10": 295, "11": 295, "12": 296, "13": 289, "14": 292, "15": 297}
    trained = texts(MESSAGES_PATH)
    assert len(trained) > 1000
    for path in HELDOUT_MESSAGES:
        held_out = texts(path)
        writer = path.stem.removeprefix("cx_messages_heldout")
        assert len(held_out) == sizes.get(writer, 300), path.name
        assert not held_out & trained, path.name


def test_goemotions_reader_undoes_the_files_csv_quoting(tmp_path):
    # The GoEmotions files wrap every comment that holds a double quote in quotes and
    # double the quotes inside; read raw, the comment would gain quotation marks its
    # writer never typed, and those read as scare quotes.
    from amends.analyse.text import datasets as ds

    split = tmp_path / "test.tsv"
    split.write_text(
        '"He said ""no"" and ""never"" to us."\t2\tid1\n'
        "Plain comment, no quotes\t27\tid2\n"
        '""""\t27\tid3\n',
        encoding="utf-8",
    )
    texts = [r.text for r in ds.read_goemotions(split)]
    assert texts == ['He said "no" and "never" to us.', "Plain comment, no quotes", '"']
