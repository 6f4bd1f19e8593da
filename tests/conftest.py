"""Shared fixtures: a real database per backend, a rolled-back transaction per test.

SQLite always runs. PostgreSQL runs whenever it is reachable (AMENDS_TEST_POSTGRES_URL,
default the local server's `test` database); with CI=true it must be reachable.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amends.config import Settings, load_settings
from tests.support.databases import PG_ADMIN_URL, ScratchDatabase, postgres_available

TEST_SECRET = "test-secret-key-not-for-production-0123456789"


PG_AVAILABLE = postgres_available()
if os.environ.get("CI") == "true" and not PG_AVAILABLE:
    raise RuntimeError(f"CI=true but PostgreSQL is not reachable at {PG_ADMIN_URL}; "
                       "the PostgreSQL tests must run in CI")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_AVAILABLE else [])


class Backend(ScratchDatabase):
    """A fresh, migrated database of one kind for the whole test session."""

    def __init__(self, kind: str, tmp_dir: str) -> None:
        super().__init__(kind, tmp_dir, prefix="amends_test", migrated=True)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[Backend]:
    b = Backend(request.param, str(tmp_path_factory.mktemp(request.param)))
    yield b
    b.close()


@pytest.fixture
def engine(backend: Backend) -> Engine:
    return backend.engine


@pytest.fixture
def connection(engine: Engine) -> Iterator[Any]:
    """One connection in an outer transaction that is rolled back after the test."""
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


def _session(connection: Any) -> Session:
    # Commits inside the code under test only release a savepoint; the test's outer
    # transaction still rolls everything back.
    return Session(bind=connection, join_transaction_mode="create_savepoint",
                   expire_on_commit=False)


@pytest.fixture
def session(connection: Any) -> Iterator[Session]:
    s = _session(connection)
    yield s
    s.close()


@pytest.fixture
def session_factory(connection: Any) -> Any:
    return lambda: _session(connection)


@pytest.fixture
def settings(backend: Backend) -> Iterator[Settings]:
    """Test settings, also installed as the process settings that job handlers read."""
    from amends import runtime

    s = load_settings({}, database_url=backend.url, secret_key=TEST_SECRET,
                      base_url="http://testserver", timezone="UTC")
    runtime.use_settings(s)
    yield s
    runtime.use_settings(None)


@pytest.fixture
def app(settings: Settings, session_factory: Any) -> Any:
    from amends.web.app import create_app

    return create_app(settings, session_factory)


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture
def users(session: Session) -> dict[str, Any]:
    """alice owns the account (admin), bob is her teammate (agent), charlie an outsider."""
    from tests.factories import make_staff

    alice = make_staff(session, "alice@example.org", "Alice Owner", role="admin", team="Care")
    bob = make_staff(session, "bob@example.org", "Bob Teammate", role="agent", team="Care")
    charlie = make_staff(session, "charlie@example.org", "Charlie Outsider", role="agent",
                         team="Billing")
    session.commit()
    return {"alice": alice, "bob": bob, "charlie": charlie}


@pytest.fixture
def api_key(session: Session) -> str:
    from amends.auth import do_create_api_key

    _, raw = do_create_api_key(session, "tests", ["ingest", "read"])
    session.commit()
    return raw


@pytest.fixture
def auth(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"}
