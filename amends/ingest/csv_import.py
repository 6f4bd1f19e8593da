"""CSV import for customers, interactions and activity, with column mapping.

Each row is validated on its own; bad rows are reported with their line numbers while the
good rows land (in batches, each its own transaction). Re-running a file changes nothing:
records are idempotent by (source, external id), customers are upserted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy.orm import Session

from amends.decide.customers import do_upsert_customers
from amends.decide.records import do_record_activity, do_record_interactions
from amends.ingest.batch import validate_batch
from amends.ingest.schemas import ActivityIn, CustomerIn, InteractionIn

KINDS: dict[str, tuple[type[BaseModel], Callable[..., Any]]] = {
    "customers": (CustomerIn, do_upsert_customers),
    "interactions": (InteractionIn, do_record_interactions),
    "activity": (ActivityIn, do_record_activity),
}
# Where unmapped columns go, so nothing in the export is thrown away.
EXTRA_FIELD = {"customers": "attributes", "interactions": "metadata", "activity": "metadata"}
CUSTOMER_REF = {"customer_id": "id", "customer_external_id": "external_id",
                "customer_email": "email", "customer_name": "name", "customer_phone": "phone",
                "customer_company": "company"}
TIME_FIELDS = {"occurred_at"}

# Column names of common exports, so they import without editing the file.
PRESETS: dict[str, dict[str, str]] = {
    "zendesk": {"Id": "external_id", "Requester external id": "customer_external_id",
                "Requester email": "customer_email", "Requester": "customer_name",
                "Description": "text", "Subject": "subject", "Created at": "occurred_at",
                "Via": "metadata.via"},
    "shopify": {"Name": "external_id", "Email": "customer_email", "Total": "amount",
                "Created at": "occurred_at", "Billing Name": "customer_name"},
    "hubspot": {"Record ID": "external_id", "Email": "email", "First Name": "attributes.first_name",
                "Last Name": "attributes.last_name", "Company Name": "company",
                "Phone Number": "phone"},
}
PRESET_DEFAULTS: dict[str, dict[str, str]] = {
    "zendesk": {"channel": "ticket", "source": "zendesk"},
    "shopify": {"kind": "order", "source": "shopify"},
    "hubspot": {},
}


class CsvError(Exception):
    """A problem with the file as a whole (not one row): message for the CLI."""


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)

    def add(self, status: str) -> None:
        if status == "created":
            self.created += 1
        elif status in ("updated", "unchanged"):
            self.updated += 1
        elif status == "duplicate":
            self.duplicates += 1


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        if "=" not in pair:
            raise CsvError(f"--map {pair!r}: write it as 'CSV column=field'")
        column, target = pair.split("=", 1)
        mapping[column.strip()] = target.strip()
    return mapping


def _set(record: dict[str, Any], target: str, value: str) -> None:
    if target in CUSTOMER_REF:
        record.setdefault("customer", {})[CUSTOMER_REF[target]] = value
    elif "." in target:
        head, tail = target.split(".", 1)
        record.setdefault(head, {})[tail] = value
    else:
        record[target] = value


def _as_record(row: dict[str, str], mapping: dict[str, str], kind: str,
               defaults: dict[str, str], tz: ZoneInfo | None) -> dict[str, Any]:
    model = KINDS[kind][0]
    known = set(model.model_fields) | set(CUSTOMER_REF)
    record: dict[str, Any] = {}
    for key, value in defaults.items():
        _set(record, key, value)
    for column, value in row.items():
        if column is None or value is None or value.strip() == "":
            continue  # empty cells mean "not given", not "empty string"
        target = mapping.get(column, column)
        if target in known or "." in target:
            _set(record, target, value.strip())
        else:
            record.setdefault(EXTRA_FIELD[kind], {})[column] = value.strip()
    for name in TIME_FIELDS & record.keys():
        record[name] = _localise(record[name], tz)
    return record


def _localise(raw: str, tz: ZoneInfo | None) -> str:
    """Exports often carry local times without an offset; --assume-timezone names the zone."""
    if tz is None:
        return raw
    try:
        value = datetime.fromisoformat(raw.replace(" UTC", "+00:00").replace("Z", "+00:00"))
    except ValueError:
        return raw
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.isoformat()


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | str]]:
    """Yield (line number, row) or (line number, error message) for rows that cannot be read.

    The line number is where the row starts in the file, counting quoted multi-line fields
    and blank lines, so a report points at the line an editor shows.
    """
    if not path.is_file():
        raise CsvError(f"no such file: {path}")
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CsvError(f"{path}: the header row cannot be read: {exc}") from None
    if not header or not any(h.strip() for h in header):
        raise CsvError(f"{path}: the file is empty or has no header row")
    if any(_has_bad_bytes(h) for h in header):
        raise CsvError(f"{path}:1: the header row is not valid UTF-8 (save the file as UTF-8)")
    header = [h.strip() for h in header]
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a field over the size limit; the next row may be fine
            yield start, f"cannot be read as CSV: {exc}"
            continue
        if not values:
            continue  # a blank line
        if any(_has_bad_bytes(v) for v in values):
            yield start, "invalid UTF-8 (save the file as UTF-8)"
        elif len(values) != len(header):
            yield start, f"has {len(values)} fields; the header has {len(header)}"
        else:
            yield start, dict(zip(header, values, strict=True))


def _has_bad_bytes(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def import_csv(session_factory: Callable[[], Session], kind: str, path: Path, *,
               mapping: dict[str, str] | None = None, preset: str | None = None,
               assume_timezone: str | None = None, dry_run: bool = False,
               batch_size: int = 1000, max_text_chars: int = 20_000,
               progress: Callable[[int], None] | None = None) -> ImportReport:
    if kind not in KINDS:
        raise CsvError(f"unknown kind {kind!r}: use customers, interactions or activity")
    if preset and preset not in PRESETS:
        raise CsvError(f"unknown preset {preset!r}: use one of {', '.join(PRESETS)}")
    full_mapping = {**(PRESETS.get(preset or "", {})), **(mapping or {})}
    defaults = PRESET_DEFAULTS.get(preset or "", {})
    tz = ZoneInfo(assume_timezone) if assume_timezone else None
    report = ImportReport()
    pending: list[tuple[int, dict[str, Any]]] = []
    for line, row in read_rows(path):
        report.rows += 1
        if isinstance(row, str):
            report.bad.append((line, row))
        else:
            pending.append((line, _as_record(row, full_mapping, kind, defaults, tz)))
        if len(pending) >= batch_size:
            _flush(session_factory, kind, pending, report, dry_run, max_text_chars)
            pending = []
        if progress:
            progress(1)
    if pending:
        _flush(session_factory, kind, pending, report, dry_run, max_text_chars)
    report.bad.sort()
    return report


def _flush(session_factory: Callable[[], Session], kind: str,
           pending: list[tuple[int, dict[str, Any]]], report: ImportReport, dry_run: bool,
           max_text_chars: int) -> None:
    model, action = KINDS[kind]
    lines = [line for line, _ in pending]
    batch = validate_batch(model, [rec for _, rec in pending], labels=[""] * len(pending),
                           context={"max_text_chars": max_text_chars})
    with session_factory() as session:
        action(session, batch.valid)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    for result in batch.results:
        if result.status == "error":
            detail = "; ".join(
                f"{_column_name(e.field)}: {e.message}" if e.field.strip(".") else e.message
                for e in result.errors)
            report.bad.append((lines[result.index], detail))
        else:
            report.add(result.status)


def _column_name(path: str) -> str:
    path = path.strip(".")
    if path.startswith("items."):
        path = path.split(".", 2)[2] if path.count(".") >= 2 else path
    return path
