"""The optional sentence-embeddings extra.

The pure parts (chunking, clustering, the missing-extra error) run everywhere; the tests
that load the model are skipped when the extra is not installed (CI does not install it).
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from amends.analyse import embeddings
from amends.analyse.text.taxonomy import load_taxonomy, parse_taxonomy

needs_extra = pytest.mark.skipif(
    not embeddings.available(), reason="the embeddings extra is not installed"
)


# ---------------------------------------------------------------- without the model


def test_a_missing_extra_says_what_to_install(monkeypatch):
    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    with pytest.raises(embeddings.EmbeddingsUnavailableError, match=r"amends\[embeddings\]"):
        embeddings.embed(["my refund never came"])


def test_no_texts_need_no_model(monkeypatch):
    monkeypatch.setattr(embeddings, "_load_model", lambda: pytest.fail("loaded the model"))
    assert embeddings.embed([]).shape == (0, embeddings.DIMENSIONS)
    assert embeddings.issue_scores([], load_taxonomy()).shape == (0, len(load_taxonomy().ids))


def test_short_texts_stay_whole_and_long_ones_are_cut_at_sentences():
    assert embeddings.chunks("my order is late. again.", max_words=10) == [
        "my order is late. again."
    ]
    text = "One two three. Four five six. Seven eight nine ten eleven."
    assert embeddings.chunks(text, max_words=6) == [
        "One two three. Four five six.",
        "Seven eight nine ten eleven.",
    ]
    # A sentence longer than the limit is cut by words; no word is lost.
    long_sentence = " ".join(f"w{i}" for i in range(25))
    pieces = embeddings.chunks(long_sentence, max_words=10)
    assert [len(p.split()) for p in pieces] == [10, 10, 5]
    assert " ".join(pieces) == long_sentence


def _unit(rows: list[list[float]]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_clustering_groups_close_vectors_and_keeps_far_ones_apart():
    vectors = _unit([[1, 0, 0], [0.95, 0.1, 0], [0, 1, 0], [0.05, 0.98, 0], [0, 0, 1]])
    assert embeddings.cluster_vectors(vectors, threshold=0.8) == [[0, 1], [2, 3], [4]]
    # A low threshold merges everything; a threshold of 1 keeps every vector alone.
    assert embeddings.cluster_vectors(vectors, threshold=-1.0) == [[0, 1, 2, 3, 4]]
    assert len(embeddings.cluster_vectors(vectors, threshold=1.0)) == 5


def test_clustering_small_inputs():
    assert embeddings.cluster_vectors(np.zeros((0, 3), dtype=np.float32)) == []
    assert embeddings.cluster_vectors(_unit([[1, 2, 3]])) == [[0]]


# ---------------------------------------------------------------- with the model


@needs_extra
def test_embeddings_are_unit_vectors_and_similar_texts_are_close():
    v = embeddings.embed(
        [
            "I still have not received my refund",
            "where is the money you owe me back",
            "the app crashes every time I open it",
        ]
    )
    assert v.shape == (3, embeddings.DIMENSIONS)
    assert v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]


@needs_extra
def test_issue_scores_point_at_the_right_category():
    tax = load_taxonomy()
    texts = [
        "you took the payment from my card two times",
        "they will not give me my money back for the broken kettle",
        "the website will not let me sign in",
    ]
    scores = embeddings.issue_scores(texts, tax)
    assert scores.shape == (3, len(tax.ids))
    assert [tax.ids[i] for i in scores.argmax(axis=1)] == [
        "billing",
        "refund_return",
        "technical",
    ]
    # top_k=3 averages the three best examples: never above the best one alone.
    best_only = embeddings.issue_scores(texts, tax, top_k=1)
    assert (embeddings.issue_scores(texts, tax, top_k=3) <= best_only + 1e-6).all()


@needs_extra
def test_top_issues_names_a_category_or_none():
    tax = load_taxonomy()
    [billing] = embeddings.top_issues(["I was charged twice for one order"], tax)
    assert billing is not None and billing[0] == "billing" and 0 < billing[1] <= 1
    assert embeddings.top_issues(["thanks, lovely day"], tax, min_score=0.99) == [None]


@needs_extra
def test_a_business_taxonomy_is_scored_by_its_own_examples():
    tax = parse_taxonomy(
        {
            "categories": {
                "parking": {"examples": ["there was nowhere to park my car"]},
                "noise": {"examples": ["the room next door was very loud all night"]},
                "empty": {"phrases": ["nothing"]},  # no examples: scores 0
            }
        }
    )
    scores = embeddings.issue_scores(["the car park was full", "I could not sleep for the noise"], tax)
    assert [tax.ids[i] for i in scores.argmax(axis=1)] == ["parking", "noise"]
    assert (scores[:, tax.ids.index("empty")] == 0).all()


@needs_extra
def test_a_long_text_scores_as_its_best_chunk():
    tax = load_taxonomy()
    filler = "I have been a customer for many years and usually shop there every week. " * 12
    text = filler + "This time you charged my card twice for the same order."
    scores = embeddings.issue_scores([text], tax)[0]
    assert tax.ids[int(scores.argmax())] == "billing"


@needs_extra
def test_similar_complaints_are_grouped_with_a_representative():
    texts = [
        "my refund has not arrived yet",
        "still waiting for my refund",
        "when will I get my refund",
        "the app keeps crashing",
        "your app crashes on start",
    ]
    groups = embeddings.group_similar(texts, threshold=0.5)
    assert sorted(sorted(g.members) for g in groups) == [[0, 1, 2], [3, 4]]
    first = groups[0]
    assert first.size == 3 and first.representative in first.members
    assert first.representative_text == texts[first.representative]
