"""Readers for the public data sets the text models are trained and evaluated on.

Only the standard library is used (no pandas), so ``amends train-text`` works in a plain
install. Each reader returns plain lists; splitting rules live here too, so training and
the benchmark agree on what is held out.
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass
from pathlib import Path

GOEMOTIONS_LABELS = (
    "admiration amusement anger annoyance approval caring confusion curiosity desire "
    "disappointment disapproval disgust embarrassment excitement fear gratitude grief joy "
    "love nervousness optimism pride realization relief remorse sadness surprise neutral"
).split()

# Sentiment groups of the GoEmotions paper; the "ambiguous" group counts as neutral here.
POSITIVE_EMOTIONS = frozenset(
    "admiration amusement approval caring desire excitement gratitude joy love optimism "
    "pride relief".split()
)
NEGATIVE_EMOTIONS = frozenset(
    "anger annoyance disappointment disapproval disgust embarrassment fear grief "
    "nervousness remorse sadness".split()
)

# Bitext intents that are neither a complaint nor a plain request (a problem is implied).
BITEXT_PROBLEM_INTENTS = frozenset(
    "complaint payment_issue registration_problems get_refund track_refund cancel_order "
    "delete_account contact_human_agent".split()
)

UCI_SOURCES = ("amazon_cells", "imdb", "yelp")


@dataclass
class GoEmotionsRow:
    text: str
    labels: list[str]


def read_goemotions(path: Path) -> list[GoEmotionsRow]:
    """One split (train.tsv, dev.tsv or test.tsv): text, comma-separated ids, id."""
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            labels = [GOEMOTIONS_LABELS[int(i)] for i in parts[1].split(",") if i]
            rows.append(GoEmotionsRow(_unquote(parts[0]), labels))
    return rows


def _unquote(field: str) -> str:
    """The comment as written: the files quote, CSV-style, every text that holds a double
    quote (wrapped in quotes, each inner quote doubled: '"He said ""no""."'), while the
    tabs need no quoting. Read raw, a comment gains quotation marks its writer never
    typed ('" and "'), which read as scare quotes."""
    if len(field) >= 2 and field[0] == field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def goemotions_sentiment(labels: list[str]) -> str | None:
    """negative | neutral | positive, or None when the raters' labels mix both poles."""
    pos = any(lab in POSITIVE_EMOTIONS for lab in labels)
    neg = any(lab in NEGATIVE_EMOTIONS for lab in labels)
    if pos and neg:
        return None
    return "positive" if pos else "negative" if neg else "neutral"


def read_uci(folder: Path) -> dict[str, list[tuple[str, int]]]:
    """{source: [(sentence, 1 positive / 0 negative)]}; split on '\\n' only (see SOURCE)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for src in UCI_SOURCES:
        path = folder / f"{src}_labelled.txt"
        if not path.exists():
            continue
        rows = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            text, _, label = line.rpartition("\t")
            if text and label.strip() in ("0", "1"):
                rows.append((text.strip(), int(label)))
        out[src] = rows
    return out


def read_bitext(path: Path) -> list[tuple[str, str]]:
    """[(utterance, intent)] from one Bitext CSV."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["utterance"], r["intent"]) for r in csv.DictReader(f)]


def cfpb_fold(complaint_id: str, folds: int = 5) -> int:
    """A stable fold number from the complaint id (fold 0 is held out for evaluation)."""
    return zlib.crc32(complaint_id.encode()) % folds


def read_cfpb(path: Path) -> list[tuple[str, str, str, int]]:
    """[(narrative, product, issue, fold)] for rows that have a consumer narrative."""
    csv.field_size_limit(10**7)
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            text = (r.get("Consumer complaint narrative") or "").strip()
            if text:
                cid = r.get("Complaint ID") or text[:40]
                out.append((text, r.get("Product", ""), r.get("Issue", ""), cfpb_fold(cid)))
    return out
