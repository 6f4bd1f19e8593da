"""Text-analysis commands: ``analyse-text``, ``train-text`` and ``eval-text``.

Registered into the main ``amends`` CLI; usable alone as ``typer`` app ``app``.
Bad input ends with a one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import typer

app = typer.Typer(help="Text understanding: sentiment, problems, emotions, signals.")

BATCH = 256


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _read_text(path: Path, encoding: str = "utf-8") -> str:
    """The file decoded (UTF-8 by default, a BOM allowed), or a clear error with the line
    number: spreadsheets on Windows save CSV as cp1252, which ``--encoding`` reads."""
    import codecs

    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise _fail(f"unknown encoding {encoding!r} (try utf-8 or cp1252)") from None
    if str(path) == "-":
        raw = sys.stdin.buffer.read()
    else:
        if not path.exists():
            raise _fail(f"file not found: {path}")
        if path.is_dir():
            raise _fail(f"{path} is a directory, not a file")
        raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            f"{path}: line {line} is not valid {'UTF-8' if codec == 'utf-8' else codec} "
            f"(byte {exc.start}); "
            "a file saved by Excel on Windows reads with --encoding cp1252"
        ) from None


_DELIMITERS = (",", ";", "\t", "|")


def _csv_texts(content: str, path: Path, column: str) -> Iterator[str]:
    csv.field_size_limit(10**8)
    delimiter = _delimiter(content.split("\n", 1)[0], column)
    reader = csv.DictReader(io.StringIO(content, newline=""), delimiter=delimiter)
    if reader.fieldnames is None:
        raise _fail(f"{path}: the file is empty (expected a CSV with a {column!r} column)")
    name = _column_name(reader.fieldnames, column)
    if name is None:
        cols = ", ".join(repr(c) for c in reader.fieldnames)
        raise _fail(f"{path}: no {column!r} column (found {cols}); use --lines for plain text")
    try:
        for row in reader:
            yield row.get(name) or ""
    except csv.Error as exc:
        raise _fail(f"{path}: line {reader.line_num}: malformed CSV ({exc})") from None


def _delimiter(header: str, column: str) -> str:
    """The delimiter whose split of the header line holds the column (spreadsheets in many
    locales save CSV with ";"); "," when none does, so the error names the columns."""
    for delimiter in _DELIMITERS:
        names = next(csv.reader([header], delimiter=delimiter), [])
        if _column_name(names, column) is not None:
            return delimiter
    return ","


def _column_name(names: Sequence[str], column: str) -> str | None:
    """The header name that is ``column``: exactly, else ignoring case and spaces."""
    if column in names:
        return column
    wanted = column.strip().casefold()
    return next((n for n in names if n.strip().casefold() == wanted), None)


def _line_texts(content: str) -> Iterator[str]:
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a trailing newline does not make an extra empty row
    for line in lines:
        yield line.rstrip("\r")


@app.command("analyse-text")
def analyse_text_cmd(
    file: Path = typer.Argument(..., help="CSV with a 'text' column, or '-' for stdin."),
    lines: bool = typer.Option(False, "--lines", help="One text per line instead of CSV."),
    author: str = typer.Option("customer", "--author", help="customer or staff."),
    column: str = typer.Option("text", "--column", help="The CSV column holding the text."),
    staff_name: list[str] = typer.Option(
        [], "--staff-name", help="A staff name to spot in praise."
    ),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", help="Extra taxonomy TOML file."),
    encoding: str = typer.Option("utf-8", "--encoding", help="The file's encoding."),
) -> None:
    """Analyse each text and write one JSON object per input row to stdout, in order."""
    from amends.analyse.text import TaxonomyError, analyse_many, load_taxonomy

    if author not in ("customer", "staff"):
        raise _fail(f"--author must be 'customer' or 'staff', not {author!r}")
    tax = None
    if taxonomy is not None:
        try:
            tax = load_taxonomy(taxonomy, extend_default=True)
        except TaxonomyError as exc:
            raise _fail(str(exc)) from None
    content = _read_text(file, encoding)
    texts = _line_texts(content) if lines else _csv_texts(content, file, column)
    out = sys.stdout
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= BATCH:
            _write(out, analyse_many(batch, author, staff_names=staff_name, taxonomy=tax))
            batch = []
    if batch:
        _write(out, analyse_many(batch, author, staff_names=staff_name, taxonomy=tax))


def _write(out, results) -> None:
    for r in results:
        out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    out.flush()


# The training data sets, named the same way by train-text and build-word-vectors.
_GOEMOTIONS = typer.Option(None, help="Folder with train.tsv (and dev.tsv).")
_UCI = typer.Option(None, help="Folder with the UCI *_labelled.txt files.")
_BITEXT = typer.Option(None, help="Folder with the Bitext training CSV.")
_CFPB = typer.Option(None, help="The CFPB complaints CSV.")


def _check_data(
    goemotions: Path | None, uci: Path | None, bitext: Path | None, cfpb: Path | None
) -> None:
    """A clear error for a data path that is not there."""
    paths = {"goemotions": goemotions, "uci": uci, "bitext": bitext, "cfpb": cfpb}
    for name, p in paths.items():
        if p is not None and not p.exists():
            raise _fail(f"--{name}: not found: {p}")
    if goemotions is not None and not (goemotions / "train.tsv").exists():
        raise _fail(f"--goemotions: {goemotions / 'train.tsv'} not found")


@app.command("train-text")
def train_text_cmd(
    goemotions: Path | None = _GOEMOTIONS,
    uci: Path | None = _UCI,
    bitext: Path | None = _BITEXT,
    cfpb: Path | None = _CFPB,
    out: Path | None = typer.Option(None, help="Where to write the model (default: package)."),
    exclude_uci: str | None = typer.Option(None, help="A UCI source to hold out."),
    min_df: int = typer.Option(2, help="Drop features seen in fewer documents."),
    word_vectors: Path | None = typer.Option(
        None, help="Word vectors file (default: the package's, from build-word-vectors)."
    ),
    no_word_vectors: bool = typer.Option(
        False, "--no-word-vectors", help="Train without word vectors."
    ),
) -> None:
    """Train the text model from data paths (reproducible; held-out splits never read)."""
    from amends.analyse.text.model import MODEL_DIR
    from amends.analyse.text.train import train
    from amends.analyse.text.word_vectors import VECTORS_PATH

    if word_vectors is not None and not word_vectors.exists():
        raise _fail(f"--word-vectors: not found: {word_vectors}")
    _check_data(goemotions, uci, bitext, cfpb)
    try:
        train(
            goemotions,
            uci,
            bitext,
            cfpb,
            out=out or MODEL_DIR,
            exclude_uci=exclude_uci,
            min_df=min_df,
            log=lambda m: typer.echo(m, err=True),
            word_vectors=None if no_word_vectors else (word_vectors or VECTORS_PATH),
        )
    except (ValueError, KeyError, OSError) as exc:
        raise _fail(f"training failed: {exc}") from None


@app.command("build-word-vectors")
def build_word_vectors_cmd(
    goemotions: Path | None = _GOEMOTIONS,
    uci: Path | None = _UCI,
    bitext: Path | None = _BITEXT,
    cfpb: Path | None = _CFPB,
    out: Path | None = typer.Option(None, help="Where to write them (default: package)."),
) -> None:
    """Give every training word a vector from the embeddings extra's encoder (run once,
    before train-text; the file is committed, so training and analysis need no PyTorch)."""
    from amends.analyse.embeddings import EmbeddingsUnavailableError
    from amends.analyse.text.train import training_tokens
    from amends.analyse.text.word_vectors import VECTORS_PATH, build_word_vectors

    _check_data(goemotions, uci, bitext, cfpb)
    try:
        tokens = training_tokens(goemotions, uci, bitext, cfpb)
        build_word_vectors(tokens, out or VECTORS_PATH, log=lambda m: typer.echo(m, err=True))
    except EmbeddingsUnavailableError as exc:
        raise _fail(str(exc)) from None
    except (ValueError, KeyError, OSError) as exc:
        raise _fail(f"building word vectors failed: {exc}") from None


@app.command("eval-text")
def eval_text_cmd(
    data: Path = typer.Option(Path("../shared/data"), help="Folder with the data sets."),
    write: Path | None = typer.Option(None, help="Also write the results table (Markdown)."),
    quick: bool = typer.Option(False, help="Skip the retraining for UCI leave-one-out."),
) -> None:
    """Benchmark against VADER on held-out data; prints a Markdown table."""
    from amends.analyse.text.evaluate import run

    if not data.exists():
        raise _fail(f"data folder not found: {data}")
    try:
        report = run(data, quick=quick, log=lambda m: typer.echo(m, err=True))
    except ImportError as exc:
        raise _fail(f"{exc}; install the bench extra: pip install 'amends[bench]'") from None
    typer.echo(report)
    if write is not None:
        write.write_text(report + "\n", encoding="utf-8")


_SENTIMENTS = {
    "negative": "negative",
    "neg": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "positive": "positive",
    "pos": "positive",
}
_TRUE, _FALSE = {"true", "1", "yes", "y"}, {"false", "0", "no", "n"}


@app.command("eval-labelled")
def eval_labelled_cmd(
    file: Path = typer.Argument(..., help="CSV or JSON Lines with your labelled messages."),
    misses: int = typer.Option(0, "--misses", help="Also list this many disagreements."),
) -> None:
    """Measure Amends on your own labelled messages: a 'text' column and a 'sentiment'
    (negative/neutral/positive) and/or a 'bad_experience' (true/false) column. VADER is
    measured alongside when it is installed (the bench extra)."""
    from amends.analyse.text.evaluate import eval_labelled, labelled_table, load_vader

    records = _labelled_records(file)
    if not records:
        raise _fail(f"{file}: no messages to measure")
    texts = [str(r.get("text") or "") for r in records]
    sentiment = _labels(records, file, "sentiment", _sentiment_label)
    bad = _labels(records, file, "bad_experience", _bool_label)
    if sentiment is None and bad is None:
        raise _fail(f"{file}: needs a 'sentiment' or a 'bad_experience' column")
    try:
        vader = load_vader()
    except ImportError:
        vader = None  # the bench extra is not installed: Amends alone
    rows, missed = eval_labelled(texts, sentiment, bad, vader)
    typer.echo(labelled_table(rows))
    for i in missed[:misses]:
        r = records[i]
        typer.echo(
            f"row {i + 1}: labelled {r.get('sentiment', '-')}/{r.get('bad_experience', '-')}: "
            f"{texts[i][:120]}"
        )


def _labelled_records(path: Path) -> list[dict]:
    content = _read_text(path)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        out = []
        for n, line in enumerate(content.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _fail(f"{path}: line {n}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict) or "text" not in row:
                raise _fail(f"{path}: line {n}: expected an object with a 'text' key")
            out.append(row)
        return out
    csv.field_size_limit(10**8)
    reader = csv.DictReader(
        io.StringIO(content, newline=""), delimiter=_delimiter(content.split("\n", 1)[0], "text")
    )
    names = reader.fieldnames or []
    if _column_name(names, "text") is None:
        raise _fail(f"{path}: no 'text' column (found {', '.join(map(repr, names))})")
    rename = {n: n.strip().casefold() for n in names}
    try:
        return [{rename[k]: v for k, v in row.items() if k in rename} for row in reader]
    except csv.Error as exc:
        raise _fail(f"{path}: line {reader.line_num}: malformed CSV ({exc})") from None


def _labels(records: list[dict], path: Path, key: str, parse) -> list | None:
    if not any(key in r for r in records):
        return None
    out = []
    for n, r in enumerate(records, 1):
        value = parse(r.get(key))
        if value is None:
            raise _fail(f"{path}: row {n}: {key} {r.get(key)!r} is not one of the allowed values")
        out.append(value)
    return out


def _sentiment_label(value) -> str | None:
    return _SENTIMENTS.get(str(value).strip().casefold()) if value is not None else None


def _bool_label(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold() if value is not None else ""
    return True if text in _TRUE else False if text in _FALSE else None
