"""Migrations: up from empty on both databases, models and migration agree, and nothing
starts on a schema that is not at head."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from typer.testing import CliRunner

from amends import cli, runtime
from amends.config import load_settings
from amends.db import current_revision, head_revision, make_engine, migrate, schema_is_current
from amends.errors import ConfigError
from amends.models import Base
from tests.conftest import BACKENDS, TEST_SECRET
from tests.support.databases import ScratchDatabase

runner = CliRunner()


class EmptyDb(ScratchDatabase):
    def __init__(self, kind: str, tmp: Path) -> None:
        super().__init__(kind, tmp, prefix="amends_mig")


@pytest.fixture(params=BACKENDS)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmptyDb]:
    db = EmptyDb(request.param, tmp_path)
    yield db
    db.close()


@pytest.fixture(scope="module", params=BACKENDS)
def unmigrated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[EmptyDb]:
    """An empty database the tests only read (shared, because creating one is slow)."""
    db = EmptyDb(request.param, tmp_path_factory.mktemp("unmigrated"))
    yield db
    db.close()


def _significant(diffs: list[Any]) -> list[Any]:
    # SQLite cannot tell BIGINT from INTEGER apart after the fact (our BigId is INTEGER there
    # on purpose), so type differences that are only that variant are not drift.
    return [d for d in diffs if not (isinstance(d, list) and d and d[0][0] == "modify_type"
                                     and {type(d[0][5]).__name__, type(d[0][6]).__name__}
                                     <= {"INTEGER", "BigInteger", "Integer", "BIGINT"})]


def test_migrate_from_empty_then_models_and_migration_agree(empty):
    assert current_revision(empty.engine) is None
    assert not schema_is_current(empty.engine)
    result = _run(empty.url, "migrate")
    assert result.exit_code == 0, result.output
    assert current_revision(empty.engine) == head_revision()
    assert schema_is_current(empty.engine)
    assert set(Base.metadata.tables) <= set(inspect(empty.engine).get_table_names())
    with empty.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    assert _significant(diffs) == [], diffs
    migrate(empty.engine)  # running it again is harmless
    assert current_revision(empty.engine) == head_revision()
    worker = _run(empty.url, "worker", "--burst")
    assert worker.exit_code == 0, worker.output
    assert "worker stopped after 0 jobs" in worker.output


def test_sqlite_pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/p.sqlite3")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_create_app_refuses_a_database_not_at_head(unmigrated):
    from amends.web.app import create_app

    settings = load_settings({}, database_url=unmigrated.url, secret_key=TEST_SECRET)
    with pytest.raises(ConfigError, match="amends migrate"):
        create_app(settings)
    runtime.use_settings(None)


def _run(url: str, *args: str) -> Any:
    cli._register_extensions()
    try:
        return runner.invoke(cli.app, list(args), env={
            "AMENDS_DATABASE_URL": url, "AMENDS_SECRET_KEY": TEST_SECRET,
            "AMENDS_SMTP_HOST": "localhost"})
    finally:
        runtime.use_settings(None)


@pytest.mark.parametrize("command", [["serve", "--port", "18999"], ["worker", "--burst"]])
def test_serve_and_worker_refuse_an_unmigrated_database(unmigrated, command):
    result = _run(unmigrated.url, *command)
    assert result.exit_code == 2, result.output
    assert "not at the latest migration: run `amends migrate`" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
