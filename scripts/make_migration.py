"""Autogenerate a migration from the models: `python scripts/make_migration.py "message"`.

It compares the models with a scratch SQLite database upgraded to head, so the result is
the same whatever database the developer has configured. Review the file it writes.
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from amends.db import alembic_config, make_engine, migrate


def main() -> None:
    message = sys.argv[1] if len(sys.argv) > 1 else "change"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}")
        migrate(engine)
        with engine.begin() as connection:
            command.revision(alembic_config(connection), message=message, autogenerate=True)


if __name__ == "__main__":
    main()
