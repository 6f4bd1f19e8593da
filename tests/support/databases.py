"""Fresh databases for tests and benchmarks: a SQLite file, or a PostgreSQL database
created on the local server and dropped afterwards."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from amends.db import make_engine, migrate

PG_ADMIN_URL = os.environ.get("AMENDS_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_available(url: str = PG_ADMIN_URL) -> bool:
    """True when a PostgreSQL server answers at `url` within a few seconds."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


class ScratchDatabase:
    """One empty (or migrated, with `migrated=True`) database of `kind` sqlite|postgresql."""

    def __init__(self, kind: str, folder: str | Path, *, prefix: str = "amends_scratch",
                 migrated: bool = False, admin_url: str = PG_ADMIN_URL) -> None:
        self.kind = kind
        self._admin: Engine | None = None
        self.name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        if kind == "sqlite":
            self.url = f"sqlite:///{Path(folder) / self.name}.sqlite3"
        else:
            self._admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))
            self.url = admin_url.rsplit("/", 1)[0] + f"/{self.name}"
        self.engine = make_engine(self.url)
        if migrated:
            migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()
        if self._admin is not None:
            with self._admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self._admin.dispose()
