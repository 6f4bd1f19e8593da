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


def _read_text(path: Path) -> str:
    """The file decoded as UTF-8 (a BOM is allowed), or a clear error with the line number."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read()
    else:
        if not path.exists():
            raise _fail(f"file not found: {path}")
        if path.is_dir():
            raise _fail(f"{path} is a directory, not a file")
        raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(f"{path}: line {line} is not valid UTF-8 (byte {exc.start})") from None


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
    content = _read_text(file)
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


@app.command("train-text")
def train_text_cmd(
    goemotions: Path | None = typer.Option(None, help="Folder with train.tsv (and dev.tsv)."),
    uci: Path | None = typer.Option(None, help="Folder with the UCI *_labelled.txt files."),
    bitext: Path | None = typer.Option(None, help="Folder with the Bitext training CSV."),
    cfpb: Path | None = typer.Option(None, help="The CFPB complaints CSV."),
    out: Path | None = typer.Option(None, help="Where to write the model (default: package)."),
    exclude_uci: str | None = typer.Option(None, help="A UCI source to hold out."),
    min_df: int = typer.Option(2, help="Drop features seen in fewer documents."),
) -> None:
    """Train the text model from data paths (reproducible; held-out splits never read)."""
    from amends.analyse.text.model import MODEL_DIR
    from amends.analyse.text.train import train

    paths = {"goemotions": goemotions, "uci": uci, "bitext": bitext, "cfpb": cfpb}
    for name, p in paths.items():
        if p is not None and not p.exists():
            raise _fail(f"--{name}: not found: {p}")
    if goemotions is not None and not (goemotions / "train.tsv").exists():
        raise _fail(f"--goemotions: {goemotions / 'train.tsv'} not found")
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
        )
    except (ValueError, KeyError, OSError) as exc:
        raise _fail(f"training failed: {exc}") from None


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
