"""Property: any batch of valid and invalid records is fully accounted for, and re-sending it
creates nothing."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from amends.models import Interaction

_run = itertools.count()

valid_record = st.fixed_dictionaries(
    {"customer": st.sampled_from([{"external_id": "p-1"}, {"email": "p2@example.com"},
                                  {"external_id": "p-3", "email": "p3@example.com"}]),
     "channel": st.sampled_from(["email", "chat", "review"]),
     "text": st.text(min_size=1, max_size=40).filter(lambda t: t.strip()),
     "occurred_at": st.sampled_from(["2026-01-01T00:00:00Z", "2026-03-04T05:06:07+05:30"])},
    optional={"external_id": st.sampled_from(["e1", "e2", "e3", "e4"])})

invalid_record = st.one_of(
    st.just({"channel": "email"}),
    st.integers(),
    st.builds(lambda t: {"customer": {"external_id": "p-1"}, "channel": "fax", "text": t,
                         "occurred_at": "2026-01-01T00:00:00Z"}, st.text(max_size=5)),
    st.just({"customer": {"external_id": "p-1"}, "channel": "chat", "text": "hi",
             "occurred_at": "not a time"}),
)


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=st.lists(st.one_of(valid_record, valid_record, invalid_record),
                        min_size=1, max_size=12))
def test_every_record_is_accounted_for_and_resending_creates_nothing(client, auth, session,
                                                                     records: list[Any]):
    source = f"prop-{next(_run)}"  # each example gets its own idempotency namespace
    items = [{**r, "source": source} if isinstance(r, dict) and "customer" in r else r
             for r in records]
    first = client.post("/api/v1/interactions/bulk", json={"items": items}, headers=auth)
    assert first.status_code in (200, 422), first.text
    body = first.json()
    assert body["created"] + body["errors"] + body["duplicates"] == len(items)
    assert len(body["results"]) == len(items)
    stored = session.scalar(select(func.count()).select_from(Interaction)
                            .where(Interaction.source == source))
    assert stored == body["created"]

    again = client.post("/api/v1/interactions/bulk", json={"items": items}, headers=auth).json()
    assert again["created"] == 0
    assert again["errors"] == body["errors"]
    assert again["duplicates"] == body["created"] + body["duplicates"]
    assert session.scalar(select(func.count()).select_from(Interaction)
                          .where(Interaction.source == source)) == stored
