"""The committed linear text model: load it safely and score documents in batches.

Stored as two files (no pickle, so loading runs no code and survives library upgrades):
``text_model.json`` (version, vocabulary, head layout, thresholds, provenance) and
``text_model.npz`` (idf vector, one weight matrix for all heads, biases, and the weights of
the dense block that reads a text's mean word vector, when the model was trained with the
word vectors of ``word_vectors.py``, which it then names by digest).

``TextModel.version`` (and so ``MODEL_VERSION``) is ``text-`` plus a short SHA-256 of the
bytes of both files, not the ``version`` field written by training: any retrain that changes
a weight changes it, and stored analyses made with other weights are redone.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

import numpy as np
from scipy import sparse

from amends.analyse.text.word_vectors import (
    VECTORS_PATH,
    WordVectors,
    mean_rows,
    read_word_vectors,
)

MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_NAME = "text_model"


@dataclass(frozen=True)
class Head:
    """A block of output columns: softmax over classes, or independent sigmoids."""

    name: str
    kind: str  # softmax | sigmoid
    labels: list[str]
    start: int
    thresholds: list[float]


class TextModel:
    """TF-IDF features (sublinear tf, l2-normalised) times one weight matrix, plus, when
    trained with word vectors, the text's mean word vector times the dense block."""

    def __init__(
        self,
        meta: dict,
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        version: str | None = None,
        dense: np.ndarray | None = None,
        word_vectors: WordVectors | None = None,
    ):
        # The vocabulary as a tuple: the garbage collector stops tracking a tuple of
        # strings, while a list of ~100k strings would be walked by every full collection.
        # Interned, as the tokens are: lookups match on identity.
        self.meta = {**meta, "vocab": tuple(map(sys.intern, meta["vocab"]))}
        self.vocab: dict[str, int] = {t: i for i, t in enumerate(self.meta["vocab"])}
        self.idf = idf.astype(np.float32)
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.heads: dict[str, Head] = {h["name"]: Head(**h) for h in meta["heads"]}
        # The dense block folded into one row per word: (mean word vector) @ dense equals
        # (mean of the words' rows of vectors @ dense), and one sparse product is cheap.
        # Only the words' index is kept of the vectors, not the vectors themselves.
        self.word_index: dict[str, int] | None = None
        self.word_weights: np.ndarray | None = None
        if dense is not None:
            if word_vectors is None:
                raise ValueError("this model needs its word vectors")
            self.word_index = word_vectors.index
            self.word_weights = word_vectors.vectors @ dense.astype(np.float32)
        # The version names the exact weights: a retrain that changes any number (even
        # with the same vocabulary) changes it, so stored analyses are redone.
        arrays = [self.idf, self.weights, self.bias] + ([] if dense is None else [dense])
        self.version = version or _content_version(meta, *arrays)

    def vectorise(self, feature_lists: Sequence[list[str]]) -> sparse.csr_matrix:
        # One C-level lookup pass over the whole batch (-1: unknown feature).
        return self.vectorise_ids([list(map(self.vocab.get, f, repeat(-1))) for f in feature_lists])

    def vectorise_ids(self, id_lists: Sequence[list[int]]) -> sparse.csr_matrix:
        """Like ``vectorise``, from the features' vocabulary indices (-1: unknown)."""
        # numpy drops the unknowns and counts each row's known features.
        n_rows = len(id_lists)
        lengths = [len(f) for f in id_lists]
        ids = np.fromiter(chain.from_iterable(id_lists), np.int32, sum(lengths))
        known = ids >= 0
        rows = np.repeat(np.arange(n_rows), lengths)[known]
        indptr = np.zeros(n_rows + 1, dtype=np.int32)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        indices = ids[known]
        x = sparse.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), indices, indptr),
            shape=(n_rows, len(self.idf)),
        )
        x.sum_duplicates()  # counts per (row, feature)
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ x)

    def logits(
        self, x: sparse.csr_matrix, token_lists: Sequence[Sequence[str]] | None = None
    ) -> np.ndarray:
        """Output columns for the TF-IDF rows ``x``, plus the dense block's part when the
        model has one (from the same texts' ``token_lists``)."""
        z = np.asarray(x @ self.weights) + self.bias
        if self.word_weights is not None and self.word_index is not None:
            if token_lists is None:
                raise ValueError("this model also reads the texts' words: pass token_lists")
            z += mean_rows(self.word_index, token_lists) @ self.word_weights
        return z

    def head_probs(self, logits: np.ndarray, name: str) -> np.ndarray:
        h = self.heads[name]
        z = logits[:, h.start : h.start + len(h.labels)]
        if h.kind == "softmax":
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=1, keepdims=True)
        return 1.0 / (1.0 + np.exp(-z))

    def contributions(self, feats: list[str], column: int) -> list[tuple[str, float]]:
        """Each known feature's weight for one output column (to explain a decision)."""
        out = []
        for f in set(feats):
            j = self.vocab.get(f)
            if j is not None:
                out.append((f, float(self.weights[j, column] * self.idf[j])))
        return out


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))  # length-prefixed: no two splits collide
        h.update(part)
    return "text-" + h.hexdigest()[:12]


def _content_version(meta: dict, *arrays: np.ndarray) -> str:
    """Version of a model built in memory (no files): a hash of its meta and arrays."""
    head = json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return _digest(head, *(np.ascontiguousarray(a).tobytes() for a in arrays))


def file_version(folder: Path = MODEL_DIR, name: str = MODEL_NAME) -> str:
    """``text-`` plus a short hash of the two committed model files' bytes."""
    return _digest((folder / f"{name}.json").read_bytes(), (folder / f"{name}.npz").read_bytes())


def save_model(
    meta: dict,
    idf: np.ndarray,
    weights: np.ndarray,
    bias: np.ndarray,
    folder: Path = MODEL_DIR,
    name: str = MODEL_NAME,
    dense: np.ndarray | None = None,
) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    jpath, npath = folder / f"{name}.json", folder / f"{name}.npz"
    jpath.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), "utf-8")
    arrays = {
        "idf": idf.astype(np.float16),
        "weights": weights.astype(np.float16),
        "bias": bias.astype(np.float32),
    }
    if dense is not None:
        arrays["dense"] = dense.astype(np.float32)
    np.savez_compressed(npath, **arrays)  # type: ignore[arg-type]
    return jpath, npath


def read_model(folder: Path = MODEL_DIR, name: str = MODEL_NAME) -> TextModel | None:
    jpath, npath = folder / f"{name}.json", folder / f"{name}.npz"
    if not (jpath.exists() and npath.exists()):
        return None
    jbytes, nbytes = jpath.read_bytes(), npath.read_bytes()
    meta = json.loads(jbytes.decode("utf-8"))
    with np.load(io.BytesIO(nbytes), allow_pickle=False) as z:
        dense = z["dense"] if "dense" in z.files else None
        vectors = _model_word_vectors(meta, folder) if dense is not None else None
        return TextModel(
            meta, z["idf"], z["weights"], z["bias"], _digest(jbytes, nbytes), dense, vectors
        )


def _model_word_vectors(meta: dict, folder: Path) -> WordVectors:
    """The word vectors a model was trained with, kept beside it (training copies them
    there); the digest in its metadata must match, or the dense block would read other
    numbers."""
    want = meta.get("word_vectors", {}).get("digest")
    vectors = read_word_vectors(folder / VECTORS_PATH.name)
    if vectors is None or vectors.digest != want:
        raise ValueError(
            f"the text model in {folder} needs the word vectors it was trained with "
            f"({VECTORS_PATH.name}, digest {want}) beside it"
        )
    return vectors


@lru_cache(maxsize=4)
def load_model(folder: str | None = None) -> TextModel | None:
    """The model in ``folder`` (default: the committed one), cached; None if absent."""
    return read_model(Path(folder) if folder else MODEL_DIR)
