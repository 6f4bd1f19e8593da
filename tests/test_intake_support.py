"""Shared helpers for the intake tests (no tests here)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from amends import runtime
from amends.config import Settings, parse_business_hours

# Monday 2 March 2026, 10:00 UTC.
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class IntakeSettings:
    """The test settings plus intake settings that `amends.config` may not define yet."""

    def __init__(self, base: Settings, **extra: Any) -> None:
        self._base = base
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)


def make_settings(settings: Settings, *, hours: str = "mon-fri 09:00-17:00",
                  timezone: str = "UTC", holidays: tuple = (), **extra: Any) -> Any:
    known = {k: v for k, v in extra.items() if hasattr(settings, k)}
    unknown = {k: v for k, v in extra.items() if not hasattr(settings, k)}
    base = replace(settings, business_hours=parse_business_hours(hours), timezone=timezone,
                   holidays=tuple(holidays), **known)
    unknown.setdefault("intake_practice_areas_file", "law")
    unknown.setdefault("business_name", "Hart & Lowe Solicitors")
    return IntakeSettings(base, **unknown)


@pytest.fixture
def law_settings(settings: Settings) -> Iterator[Any]:
    s = make_settings(settings)
    runtime.use_settings(s)  # type: ignore[arg-type]
    yield s
    runtime.use_settings(settings)


def client_for(settings: Settings, session_factory: Any, **extra: Any) -> Any:
    """A test client on an always-open business, so real-clock API tests are in hours."""
    from fastapi.testclient import TestClient

    from amends.web.app import create_app

    extra.setdefault("intake_rate_limit", 50)
    s = make_settings(settings, hours="mon-sun 00:00-24:00", **extra)
    client = TestClient(create_app(s, session_factory))  # type: ignore[arg-type]
    client.app_settings = s  # type: ignore[attr-defined]
    return client


@pytest.fixture
def open_app(settings: Settings, session_factory: Any) -> Iterator[Any]:
    with client_for(settings, session_factory) as client:
        yield client


@pytest.fixture
def staff(session: Any) -> dict[str, Any]:
    """alice (admin) and bob (agent, team Care), without passwords (hashing is slow)."""
    from amends.decide.staff import do_create_staff

    alice = do_create_staff(session, email="alice@example.org", name="Alice Owner",
                            role="admin", team_name="Care")
    bob = do_create_staff(session, email="bob@example.org", name="Bob Teammate", role="agent",
                          team_name="Care")
    session.flush()
    return {"alice": alice, "bob": bob}
