"""Autogenerate a migration from the models.

    python scripts/make_migration.py "message"     # a new revision on top of head
    python scripts/make_migration.py --initial     # rewrite 0001 from all models

`--initial` is only for the time before the first release (nothing deployed yet): it
regenerates the one initial migration so parallel work does not produce several heads.
Review the file it writes.
"""

import re
import sys
import tempfile
from pathlib import Path

from alembic import command

from amends.db import MIGRATIONS_DIR, alembic_config, make_engine, migrate

INITIAL = MIGRATIONS_DIR / "versions" / "0001_initial_schema.py"


def main() -> None:
    initial = "--initial" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--initial"]
    message = "initial schema" if initial else (args[0] if args else "change")
    if initial:
        INITIAL.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}")
        migrate(engine)
        with engine.begin() as connection:
            script = command.revision(alembic_config(connection), message=message,
                                      autogenerate=True,
                                      rev_id="0001" if initial else None)
    path = Path(script.path)  # type: ignore[union-attr]
    text = re.sub(r"\n\s*# ### .*###", "", path.read_text())
    if initial:
        path.unlink()
        path = INITIAL
    path.write_text(text)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
