"""CLI commands for customer health: `amends score` and `amends train-churn`."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer()


@app.command()
def score() -> None:
    """Recompute health, persona, churn risk and effort for every customer."""
    from amends.cli import out, progress_bar, session_factory_for, settings_or_exit
    from amends.decide.health import score_all

    factory = session_factory_for(settings_or_exit())
    with progress_bar() as bar:
        task = bar.add_task("scoring customers", total=None)

        def advance(n: int, total: int) -> None:
            bar.update(task, total=total, advance=n)

        summary = score_all(factory, progress=advance)
    params = summary["bgnbd"]
    out.print(f"scored {summary['customers']} customers; BG/NBD "
              + (", ".join(f"{k} {v:.3f}" for k, v in params.items()) if params else "not fitted "
                 "(too few repeat purchases)")
              + ("; churn model in use" if summary["churn_model"] else
                 "; transparent churn estimate (no trained model)"))


@app.command("train-churn")
def train_churn(labels: Annotated[Path | None, typer.Option(
        help="CSV with external_id (or email) and churned (1/0), optional churned_at")] = None,
        horizon_days: int = 90) -> None:
    """Train the churn model on customers marked as churned (status, cancel events, labels)."""
    from amends.cli import fail, out, session_factory_for, settings_or_exit
    from amends.decide.churn_training import do_train_churn
    from amends.errors import AmendsError

    factory = session_factory_for(settings_or_exit())
    label_map = _read_labels(labels, factory) if labels else None
    try:
        result = do_train_churn(factory, horizon_days=horizon_days, labels=label_map)
    except AmendsError as exc:
        fail(str(exc))
        return
    out.print(f"trained on {result['customers']} customers ({result['churned']} churned); "
              f"held-out ROC AUC {result['auc_holdout']}")
    for name, weight in result["top_features"]:
        out.print(f"  {name}: {weight:.3f}")
    out.print("run `amends score` to apply it")


def _read_labels(path: Path, factory: Any) -> dict[int, datetime | None]:
    from sqlalchemy import select

    from amends.cli import fail
    from amends.models import Customer
    from amends.timeutil import parse_timestamp

    if not path.is_file():
        fail(f"no such file: {path}")
    labels: dict[int, datetime | None] = {}
    with path.open(newline="", encoding="utf-8") as fh, factory() as session:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "churned" not in reader.fieldnames:
            fail(f"{path}: needs a 'churned' column and 'external_id' or 'email'")
        for row in reader:
            line = reader.line_num
            key = row.get("external_id") or ""
            column = Customer.external_id if key else Customer.email_key
            key = key or (row.get("email") or "").strip().lower()
            cid = session.scalar(select(Customer.id).where(column == key)) if key else None
            if cid is None:
                fail(f"{path}:{line}: no customer with external_id/email {key!r}")
            if (row.get("churned") or "").strip() not in ("0", "1"):
                fail(f"{path}:{line}: churned must be 1 or 0")
            if row["churned"].strip() == "1":
                when = row.get("churned_at")
                try:
                    labels[cid] = parse_timestamp(when) if when else None
                except ValueError as exc:
                    fail(f"{path}:{line}: churned_at: {exc}")
    return labels
