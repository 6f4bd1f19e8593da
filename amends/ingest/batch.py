"""Validate a batch record by record, so the good ones land and the bad ones are named."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from amends.errors import FieldError
from amends.ingest.schemas import field_errors

M = TypeVar("M", bound=BaseModel)


@dataclass
class RecordResult:
    index: int
    status: str = "pending"  # created | updated | duplicate | error
    id: int | None = None
    errors: list[FieldError] = field(default_factory=list)

    def fail(self, path: str, message: str) -> None:
        self.status = "error"
        self.errors.append(FieldError(path, message))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "status": self.status}
        if self.id is not None:
            out["id"] = self.id
        if self.errors:
            out["errors"] = [e.to_dict() for e in self.errors]
        return out


@dataclass
class Batch(Generic[M]):
    """Records of one request or file: each valid model paired with its result slot."""

    results: list[RecordResult]
    valid: list[tuple[RecordResult, M]]

    def summary(self) -> dict[str, Any]:
        counts: dict[str, int] = {"created": 0, "updated": 0, "duplicate": 0, "error": 0}
        for r in self.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        return {"created": counts["created"], "updated": counts["updated"],
                "duplicates": counts["duplicate"], "errors": counts["error"],
                "results": [r.to_dict() for r in self.results]}


def validate_batch(model: type[M], items: list[Any], *, prefix: str = "items",
                   context: dict[str, Any] | None = None,
                   labels: list[str] | None = None) -> Batch[M]:
    """Validate each item; `labels` replaces the ``items.N`` path (e.g. CSV line numbers)."""
    results: list[RecordResult] = []
    valid: list[tuple[RecordResult, M]] = []
    for i, item in enumerate(items):
        result = RecordResult(index=i)
        results.append(result)
        where = labels[i] if labels else f"{prefix}.{i}"
        if not isinstance(item, dict):
            result.fail(where, "must be a JSON object")
            continue
        try:
            valid.append((result, model.model_validate(item, context=context)))
        except ValidationError as exc:
            result.status = "error"
            result.errors.extend(field_errors(exc, where))
    return Batch(results, valid)
