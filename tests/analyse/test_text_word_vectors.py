"""Static word vectors: the file, the mean vector of a text, and what they add to a model
(a word training never saw reads like the words whose vectors it shares)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from typer.testing import CliRunner

from amends.analyse import embeddings
from amends.analyse.text import analyse_text
from amends.analyse.text.analyse import _Context, use_model
from amends.analyse.text.model import read_model
from amends.analyse.text.word_vectors import (
    VECTORS_PATH,
    WordVectors,
    read_word_vectors,
    reduce,
    save_word_vectors,
    vocabulary,
)
from amends.cli_text import app
from tests.analyse.test_text_train import TINY

NEGATIVE = "awful terrible horrible worst rude broken disappointed useless angry hate".split()
POSITIVE = "great excellent love loved amazing wonderful happy perfect lovely best".split()
# Made-up words: no training text has them, so only their vectors can tell what they mean.
UNSEEN_BAD, UNSEEN_GOOD = "grimbleful", "sprandious"


def tiny_vectors(path):
    """Four dimensions: bad words one way, good words the other, plus the unseen pair."""
    words = [*NEGATIVE, *POSITIVE, UNSEEN_BAD, UNSEEN_GOOD]
    bad, good = np.array([1.0, 0, 0, 0]), np.array([-1.0, 0, 0, 0])
    vectors = [bad] * len(NEGATIVE) + [good] * len(POSITIVE) + [bad, good]
    return save_word_vectors(words, np.array(vectors), path)


def train(out, *extra: str) -> None:
    args = ["train-text", "--goemotions", str(TINY / "goemotions"), "--uci", str(TINY / "uci")]
    res = CliRunner().invoke(app, [*args, "--out", str(out), "--min-df", "1", *extra])
    assert res.exit_code == 0, res.output


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """Two models from the tiny data: with the tiny vectors, and without any."""
    folder = tmp_path_factory.mktemp("word_vectors")
    vectors = tiny_vectors(folder / "vectors.npz")
    train(folder / "with", "--word-vectors", str(vectors))
    train(folder / "without", "--no-word-vectors")
    return folder / "with", folder / "without"


def test_mean_rows_average_the_known_words_of_each_text():
    wv = WordVectors(["bad", "good"], np.array([[1.0, 0.0], [0.0, 2.0]]))
    got = wv.doc_vectors([["bad", "good", "unknown"], ["bad", "bad"], [], ["unknown"]])
    assert np.allclose(got, [[0.5, 1.0], [1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match="one vector per word"):
        WordVectors(["a", "b"], np.zeros((1, 2)))


def test_the_file_round_trips_and_is_named_by_its_bytes(tmp_path):
    a = read_word_vectors(tiny_vectors(tmp_path / "a.npz"))
    b = read_word_vectors(tiny_vectors(tmp_path / "b.npz"))
    assert a is not None and b is not None
    assert a.words[0] == "awful" and a.dims == 4 and a.digest == b.digest
    save_word_vectors(["awful"], np.array([[0.5, 0, 0, 0]]), tmp_path / "c.npz")
    c = read_word_vectors(tmp_path / "c.npz")
    assert c is not None and c.digest != a.digest
    assert read_word_vectors(tmp_path / "missing.npz") is None


def test_vocabulary_keeps_encoder_words_and_repeated_training_words():
    tokens = [["refund", "refund", "x7"], ["zorp"], ["!", "refund"]]
    words = vocabulary(tokens, ["hello", "##ing", "[unused1]", "a" * 40])
    assert words == ["hello", "refund"]  # sorted; "zorp" seen once; no pieces or symbols



def test_reduce_is_repeatable_centred_and_of_unit_mean_length():
    raw = np.random.RandomState(1).normal(size=(50, 8))
    a, b = reduce(raw, dims=3), reduce(raw.copy(), dims=3)
    assert a.shape == (50, 3) and np.array_equal(a, b)
    assert np.allclose(a.mean(axis=0), 0, atol=1e-5)
    assert np.linalg.norm(a, axis=1).mean() == pytest.approx(1.0, abs=1e-5)


def test_a_word_training_never_saw_reads_like_its_neighbours(models):
    with_vectors, without = read_model(models[0]), read_model(models[1])
    assert with_vectors is not None and without is not None
    assert with_vectors.meta["word_vectors"]["dims"] == 4
    assert "word_vectors" not in without.meta and without.word_weights is None
    assert with_vectors.word_index is not None and UNSEEN_BAD in with_vectors.word_index

    def score(model, text):
        use_model(model)
        return analyse_text(text).sentiment_score

    original, _ = _Context.get()
    try:
        for word, sign in ((UNSEEN_BAD, -1), (UNSEEN_GOOD, 1)):
            text = f"the visit was {word}"
            moved = score(with_vectors, text) - score(without, text)
            assert sign * moved > 0.05, (word, moved)
    finally:
        use_model(original)


def test_a_model_will_not_load_with_other_vectors(models, tmp_path):
    shutil.copytree(models[0], tmp_path / "m")
    assert read_model(tmp_path / "m") is not None  # training put a copy beside it
    save_word_vectors(["awful"], np.array([[0.5, 0, 0, 0]]), tmp_path / "m" / VECTORS_PATH.name)
    with pytest.raises(ValueError, match="needs the word vectors it was trained with"):
        read_model(tmp_path / "m")


def test_train_text_names_a_missing_vectors_file(tmp_path):
    res = CliRunner().invoke(
        app, ["train-text", "--uci", str(TINY / "uci"), "--word-vectors", str(tmp_path / "no")]
    )
    assert res.exit_code != 0 and "--word-vectors: not found" in res.output


@pytest.mark.skipif(embeddings.available(), reason="the embeddings extra is installed")
def test_build_word_vectors_says_what_to_install(tmp_path):
    res = CliRunner().invoke(
        app, ["build-word-vectors", "--uci", str(TINY / "uci"), "--out", str(tmp_path / "v.npz")]
    )
    assert res.exit_code != 0 and embeddings.INSTALL_HINT in res.output
    assert not (tmp_path / "v.npz").exists()


def test_the_committed_model_reads_its_committed_vectors():
    model = read_model(VECTORS_PATH.parent)
    vectors = read_word_vectors(VECTORS_PATH)
    assert model is not None and vectors is not None and model.word_index == vectors.index
    assert model.meta["word_vectors"]["digest"] == vectors.digest
    assert model.meta["word_vectors"]["licence"].startswith("Apache-2.0")
