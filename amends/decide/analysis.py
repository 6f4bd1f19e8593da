"""Store the text engine's findings on interactions (on ingest, and again on re-analysis)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from amends import hooks
from amends.db import chunks
from amends.models import Interaction, StaffUser
from amends.models.findings import Finding
from amends.timeutil import utcnow

# Emotions worth a finding row (the engine scores 28; reports group by these).
CORE_EMOTIONS = ("anger", "annoyance", "disappointment", "fear", "sadness", "confusion",
                 "gratitude", "joy")
EMOTION_THRESHOLD = 0.35


_taxonomies: dict[tuple[str, float], Any] = {}


def _engine() -> tuple[Callable[..., list[Any]], str, Any]:
    """The text engine, imported lazily (its model files load on first use).

    The taxonomy is compiled once per process and again only when its file changes, since
    compiling every phrase costs more than analysing a batch.
    """
    import os

    from amends.analyse.text import MODEL_VERSION, analyse_many, load_taxonomy
    from amends.runtime import get_settings

    path = get_settings().taxonomy_file or ""
    key = (path, os.path.getmtime(path) if path and os.path.exists(path) else 0.0)
    if key not in _taxonomies:
        _taxonomies.clear()
        # A business's file adds to (or overrides by id) the default categories.
        _taxonomies[key] = load_taxonomy(path, extend_default=True) if path else load_taxonomy()
    return analyse_many, MODEL_VERSION, _taxonomies[key]


def staff_by_first_name(session: Session) -> dict[str, int]:
    """First name -> staff id; a first name two people share names nobody for certain."""
    seen: dict[str, list[int]] = {}
    for sid, name in session.execute(select(StaffUser.id, StaffUser.name)
                                     .where(StaffUser.is_active.is_(True))):
        if name:
            seen.setdefault(name.split()[0], []).append(sid)
    return {first: ids[0] for first, ids in seen.items() if len(ids) == 1}


def findings_rows(found: dict[str, Any], *, interaction_id: int, customer_id: int,
                  staff_id: int | None, occurred_at: Any, staff: dict[str, int]
                  ) -> list[dict[str, Any]]:
    """The rows to copy out of one analysis (see `amends.models.findings`)."""
    base = {"interaction_id": interaction_id, "customer_id": customer_id,
            "occurred_at": occurred_at}
    rows = [{**base, "staff_id": staff_id, "kind": "issue", "name": i["category"],
             "score": float(i.get("score", 0))} for i in found.get("issues") or []]
    for name, signal in (found.get("signals") or {}).items():
        if signal.get("present"):
            rows.append({**base, "staff_id": staff_id, "kind": "signal", "name": name,
                         "score": float(signal.get("score", 0))})
            for person in signal.get("names") or []:
                rows.append({**base, "staff_id": staff.get(person), "kind": "praise_for",
                             "name": person[:64], "score": float(signal.get("score", 0))})
    for name, tone in (found.get("tone") or {}).items():
        if isinstance(tone, dict) and tone.get("present"):
            rows.append({**base, "staff_id": staff_id, "kind": "tone", "name": name,
                         "score": float(tone.get("score", 0))})
    for name in CORE_EMOTIONS:
        score = float((found.get("emotions") or {}).get(name, 0))
        if score >= EMOTION_THRESHOLD:
            rows.append({**base, "staff_id": staff_id, "kind": "emotion", "name": name,
                         "score": score})
    return rows


def do_analyse_interactions(session: Session, ids: Sequence[int], *, force: bool = False) -> int:
    """Analyse the given interactions; skips ones already done by this model version."""
    analyse_many, version, taxonomy = _engine()
    rows = session.execute(
        select(Interaction.id, Interaction.text, Interaction.author_type, Interaction.model_version,
               Interaction.customer_id, Interaction.staff_id, Interaction.occurred_at)
        .where(Interaction.id.in_(list(ids)))).all()
    todo = [r for r in rows if force or r.model_version != version]
    staff = staff_by_first_name(session)
    staff_names = sorted(staff)
    now = utcnow()
    for part in chunks([r.id for r in todo]):
        session.execute(delete(Finding).where(Finding.interaction_id.in_(part)))
    finding_rows: list[dict[str, Any]] = []
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
            finding_rows += findings_rows(found, interaction_id=row.id,
                                          customer_id=row.customer_id, staff_id=row.staff_id,
                                          occurred_at=row.occurred_at, staff=staff)
        session.connection().execute(
            update(Interaction.__table__)  # type: ignore[arg-type]
            .where(Interaction.__table__.c.id == _bind("row_id")), values)
    for part in chunks(finding_rows, 1000):
        session.execute(insert(Finding), part)
    if todo:
        hooks.fire(session, "interactions_analysed", interaction_ids=[r.id for r in todo])
    return len(todo)


def _bind(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name)


# How many queued analysis jobs one run may take over: a burst of single-message posts
# becomes a few batched runs instead of hundreds of tiny ones.
ABSORB = 50


def run_analyse_job(session: Session, payload: dict[str, Any]) -> None:
    from amends import jobs

    ids = list(payload["ids"])
    force = bool(payload.get("force"))
    if len(ids) < 200 and not force:
        for other in jobs.absorb(session, "analyse_interactions", ABSORB):
            if other.get("force"):
                force = True
            ids.extend(other.get("ids", []))
    do_analyse_interactions(session, ids, force=force)


def pending_ids(session: Session, version: str, after_id: int, limit: int,
                only_missing: bool) -> list[int]:
    """The next ids to re-analyse, in id order (for `amends analyse`)."""
    query = select(Interaction.id).where(Interaction.id > after_id)
    if only_missing:
        query = query.where((Interaction.model_version.is_(None))
                            | (Interaction.model_version != version))
    return list(session.scalars(query.order_by(Interaction.id).limit(limit)))
