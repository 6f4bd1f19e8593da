"""Store the text engine's findings on interactions (on ingest, and again on re-analysis)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from amends import hooks
from amends.models import Interaction, StaffUser
from amends.timeutil import utcnow


def _engine() -> tuple[Callable[..., list[Any]], str, Any]:
    """The text engine, imported lazily (its model files load on first use)."""
    from amends.analyse.text import MODEL_VERSION, analyse_many, load_taxonomy
    from amends.runtime import get_settings

    path = get_settings().taxonomy_file or None
    return analyse_many, MODEL_VERSION, load_taxonomy(path)


def staff_first_names(session: Session) -> list[str]:
    names = session.scalars(select(StaffUser.name).where(StaffUser.is_active.is_(True)))
    return sorted({n.split()[0] for n in names if n})


def do_analyse_interactions(session: Session, ids: Sequence[int], *, force: bool = False) -> int:
    """Analyse the given interactions; skips ones already done by this model version."""
    analyse_many, version, taxonomy = _engine()
    rows = session.execute(
        select(Interaction.id, Interaction.text, Interaction.author_type, Interaction.model_version)
        .where(Interaction.id.in_(list(ids)))).all()
    todo = [r for r in rows if force or r.model_version != version]
    staff_names = staff_first_names(session)
    now = utcnow()
    for author in ("customer", "staff", "system"):
        group = [r for r in todo if r.author_type == author]
        if not group:
            continue
        results = analyse_many([r.text for r in group], author="staff" if author == "staff"
                               else "customer", staff_names=staff_names, taxonomy=taxonomy)
        values = []
        for row, result in zip(group, results, strict=True):
            found = result.to_dict()
            values.append({"row_id": row.id, "analysis": found, "model_version": version,
                           "analysed_at": now, "sentiment_score": found["sentiment_score"],
                           "bad_experience": bool(found["bad_experience"]) and author != "staff",
                           "severity": int(found["severity"])})
        session.connection().execute(
            update(Interaction.__table__)  # type: ignore[arg-type]
            .where(Interaction.__table__.c.id == _bind("row_id")), values)
    if todo:
        hooks.fire(session, "interactions_analysed", interaction_ids=[r.id for r in todo])
    return len(todo)


def _bind(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name)


def run_analyse_job(session: Session, payload: dict[str, Any]) -> None:
    do_analyse_interactions(session, payload["ids"], force=bool(payload.get("force")))


def pending_ids(session: Session, version: str, after_id: int, limit: int,
                only_missing: bool) -> list[int]:
    """The next ids to re-analyse, in id order (for `amends analyse`)."""
    query = select(Interaction.id).where(Interaction.id > after_id)
    if only_missing:
        query = query.where((Interaction.model_version.is_(None))
                            | (Interaction.model_version != version))
    return list(session.scalars(query.order_by(Interaction.id).limit(limit)))
