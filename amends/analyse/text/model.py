"""The committed linear text model: load it safely and score documents in batches.

Stored as two files (no pickle, so loading runs no code and survives library upgrades):
``text_model.json`` (version, vocabulary, head layout, thresholds, provenance) and
``text_model.npz`` (idf vector, one weight matrix for all heads, biases).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

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
    """TF-IDF features (sublinear tf, l2-normalised) times one weight matrix."""

    def __init__(self, meta: dict, idf: np.ndarray, weights: np.ndarray, bias: np.ndarray):
        self.meta = meta
        self.vocab: dict[str, int] = {t: i for i, t in enumerate(meta["vocab"])}
        self.idf = idf.astype(np.float32)
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.heads: dict[str, Head] = {h["name"]: Head(**h) for h in meta["heads"]}
        self.version = str(meta.get("version", "unknown"))

    def vectorise(self, feature_lists: Sequence[list[str]]) -> sparse.csr_matrix:
        get = self.vocab.get
        indptr = [0]
        indices: list[int] = []
        for feats in feature_lists:
            indices.extend([j for j in map(get, feats) if j is not None])
            indptr.append(len(indices))
        x = sparse.csr_matrix(
            (
                np.ones(len(indices), dtype=np.float32),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int32),
            ),
            shape=(len(feature_lists), len(self.idf)),
        )
        x.sum_duplicates()  # counts per (row, feature)
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ x)

    def logits(self, x: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(x @ self.weights) + self.bias

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


def save_model(
    meta: dict,
    idf: np.ndarray,
    weights: np.ndarray,
    bias: np.ndarray,
    folder: Path = MODEL_DIR,
    name: str = MODEL_NAME,
) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    jpath, npath = folder / f"{name}.json", folder / f"{name}.npz"
    jpath.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), "utf-8")
    np.savez_compressed(
        npath,
        idf=idf.astype(np.float16),
        weights=weights.astype(np.float16),
        bias=bias.astype(np.float32),
    )
    return jpath, npath


def read_model(folder: Path = MODEL_DIR, name: str = MODEL_NAME) -> TextModel | None:
    jpath, npath = folder / f"{name}.json", folder / f"{name}.npz"
    if not (jpath.exists() and npath.exists()):
        return None
    meta = json.loads(jpath.read_text("utf-8"))
    with np.load(npath, allow_pickle=False) as z:
        return TextModel(meta, z["idf"], z["weights"], z["bias"])


@lru_cache(maxsize=4)
def load_model(folder: str | None = None) -> TextModel | None:
    """The model in ``folder`` (default: the committed one), cached; None if absent."""
    return read_model(Path(folder) if folder else MODEL_DIR)
