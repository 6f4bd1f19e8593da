"""`amends import` through the CLI, on a database migrated by `amends migrate`."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from amends import cli, runtime
from amends.models import ActivityEvent, Customer, Interaction
from tests.conftest import BACKENDS, TEST_SECRET
from tests.support.databases import ScratchDatabase

runner = CliRunner()
_seq = itertools.count()


class CliDb(ScratchDatabase):
    """An empty scratch database that the CLI itself migrates and writes to."""

    def __init__(self, kind: str, tmp: Path) -> None:
        super().__init__(kind, tmp, prefix="amends_cli")
        self.env = {"AMENDS_DATABASE_URL": self.url, "AMENDS_SECRET_KEY": TEST_SECRET,
                    "AMENDS_BASE_URL": "http://testserver", "AMENDS_SMTP_HOST": "localhost"}

    def run(self, *args: str, **env: str) -> Any:
        cli._register_extensions()
        try:
            return runner.invoke(cli.app, list(args), env={**self.env, **env})
        finally:
            runtime.use_settings(None)

    def count(self, model: Any, *where: Any) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(model).where(*where)))


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
       ) -> Iterator[CliDb]:
    scratch = CliDb(request.param, tmp_path_factory.mktemp("cli"))
    result = scratch.run("migrate")
    assert result.exit_code == 0, result.output
    yield scratch
    scratch.close()


def flat(output: str) -> str:
    """Rich wraps long lines to the console width; compare without the wrapping."""
    return " ".join(output.split())


def write(tmp_path: Path, body: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode() if isinstance(body, str) else body)
    return path


def test_interactions_with_mapping_bad_rows_named_by_line_and_rerun_changes_nothing(db, tmp_path):
    body = (
        b"Ticket,Who,Said,When,Via,Team\n"                                          # line 1
        b"T1,c-1,Where is my order?,2026-10-01T09:00:00Z,email,care\n"           # 2
        b'T2,c-2,"First line\nsecond line\nthird line",2026-10-01T10:00:00Z,chat,care\n'  # 3-5
        b"T3,c-1,When is it coming?,2026-10-01T11:00:00Z,carrier_pigeon,care\n"  # 6 bad channel
        b"T4,c-3,Hello,not-a-date,email,care\n"                                   # 7 bad time
        b"T5,c-3,Too,many,fields,here,and more\n"                                 # 8 field count
        b"T6,c-3,Too few\n"                                                       # 9 field count
        b"\n"                                                                     # 10 blank
    ) + "T7,c-4,caf\xe9 bad bytes,2026-10-01T12:00:00Z,email,care\n".encode("latin-1") \
        + (b"T8,c-4,Fine again,2026-10-01T13:00:00Z,phone,care\n"                # 12
           b",c-5,No id: derived from content,2026-10-01T14:00:00Z,sms,care\n")  # 13
    path = write(tmp_path, body)
    args = ["import", "interactions", str(path), "--map", "Ticket=external_id",
            "--map", "Who=customer_external_id", "--map", "Said=text", "--map", "When=occurred_at",
            "--map", "Via=channel", "--map", "Team=metadata.team"]
    result = db.run(*args)
    out = flat(result.output)
    assert result.exit_code == 1, result.output
    assert "9 rows: 4 created" in out, out  # the blank line is not a row
    assert f"{path}:6: channel:" in out
    assert f"{path}:7: occurred_at:" in out
    assert f"{path}:8: has 7 fields; the header has 6" in out
    assert f"{path}:9: has 3 fields; the header has 6" in out
    assert f"{path}:11: invalid UTF-8" in out
    assert "5 bad" in out
    assert db.count(Interaction, Interaction.external_id.in_(["T1", "T2", "T8"])) >= 3
    with db.engine.connect() as conn:
        multi = conn.scalar(select(Interaction.text).where(Interaction.external_id == "T2"))
        meta = conn.scalar(select(Interaction.meta).where(Interaction.external_id == "T1"))
    assert multi == "First line\nsecond line\nthird line"
    assert meta == {"team": "care"}
    before = db.count(Interaction)
    again = db.run(*args)
    assert db.count(Interaction) == before
    assert "0 created" in flat(again.output) and "4 already present" in flat(again.output)


def test_dry_run_writes_nothing(db, tmp_path):
    tag = f"dry{next(_seq)}"
    path = write(tmp_path, "external_id,customer_email,text,occurred_at,channel,source\n"
                           f"{tag}-1,{tag}@example.com,hi,2026-09-01T00:00:00Z,chat,{tag}\n"
                           f"{tag}-2,{tag}@example.com,hi again,2026-09-01T00:01:00Z,chat,{tag}\n")
    customers = db.count(Customer)
    result = db.run("import", "interactions", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "2 would be created" in flat(result.output)
    assert db.count(Interaction, Interaction.source == tag) == 0
    assert db.count(Customer) == customers
    assert db.run("import", "interactions", str(path)).exit_code == 0
    assert db.count(Interaction, Interaction.source == tag) == 2


def test_zendesk_preset(db, tmp_path):
    n = next(_seq)
    path = write(tmp_path, "Id,Requester email,Requester,Subject,Description,Created at,Via,"
                           "Priority\n"
                           f"Z{n},zen{n}@example.com,Zoe Zen,Broken,It broke again,"
                           "2026-09-03T08:00:00Z,Web form,high\n")
    result = db.run("import", "interactions", str(path), "--preset", "zendesk")
    assert result.exit_code == 0, result.output
    with db.engine.connect() as conn:
        row = conn.execute(select(Interaction.source, Interaction.channel, Interaction.subject,
                                  Interaction.meta).where(Interaction.external_id == f"Z{n}")).one()
        name = conn.scalar(select(Customer.name).where(Customer.email_key == f"zen{n}@example.com"))
    assert (row.source, row.channel, row.subject) == ("zendesk", "ticket", "Broken")
    assert row[3] == {"via": "Web form", "Priority": "high"}  # unmapped columns kept
    assert name == "Zoe Zen"


def test_assume_timezone_for_timestamps_without_offset(db, tmp_path):
    tag = f"tz{next(_seq)}"
    path = write(tmp_path, "external_id,customer_external_id,text,occurred_at,channel,source\n"
                           f"{tag}-1,{tag},winter,2026-01-15 09:00:00,email,{tag}\n"
                           f"{tag}-2,{tag},summer,2026-07-15T09:00:00,email,{tag}\n"
                           f"{tag}-3,{tag},explicit,2026-07-15T09:00:00+00:00,email,{tag}\n")
    without = db.run("import", "interactions", str(path))
    assert without.exit_code == 1
    assert "time zone" in flat(without.output).lower() or "timezone" in flat(without.output)
    result = db.run("import", "interactions", str(path), "--assume-timezone", "Europe/London")
    assert result.exit_code == 0, result.output
    with db.engine.connect() as conn:
        rows = dict(conn.execute(select(Interaction.external_id, Interaction.occurred_at)
                                 .where(Interaction.source == tag)).all())
    hours = {k: v.hour for k, v in rows.items()}
    assert hours == {f"{tag}-1": 9, f"{tag}-2": 8, f"{tag}-3": 9}  # BST is UTC+1 in July


def test_customers_import_and_rerun(db, tmp_path):
    tag = f"cu{next(_seq)}"
    path = write(tmp_path, "external_id,email,name,segment,plan\n"
                           f"{tag}-1,{tag}1@example.com,Ann,smb,gold\n"
                           f"{tag}-2,{tag}2@example.com,Ben,enterprise,silver\n"
                           f"{tag}-3,not-an-email,Cy,smb,gold\n")
    result = db.run("import", "customers", str(path))
    assert result.exit_code == 1
    assert f"{path}:4: email:" in flat(result.output)
    assert db.count(Customer, Customer.external_id.like(f"{tag}-%")) == 2
    with db.engine.connect() as conn:
        attrs = conn.scalar(select(Customer.attributes).where(Customer.external_id == f"{tag}-1"))
        snapshot = conn.execute(select(Customer.name, Customer.segment, Customer.attributes)
                                .where(Customer.external_id.like(f"{tag}-%"))
                                .order_by(Customer.id)).all()
    assert attrs == {"plan": "gold"}
    again = db.run("import", "customers", str(path))
    assert "0 created" in flat(again.output)
    with db.engine.connect() as conn:
        assert conn.execute(select(Customer.name, Customer.segment, Customer.attributes)
                            .where(Customer.external_id.like(f"{tag}-%"))
                            .order_by(Customer.id)).all() == snapshot


def test_activity_import_with_shopify_preset(db, tmp_path):
    n = next(_seq)
    path = write(tmp_path, "Name,Email,Total,Created at\n"
                           f"#{n}01,shop{n}@example.com,49.90,2026-09-05T10:00:00Z\n"
                           f"#{n}02,shop{n}@example.com,lots,2026-09-05T11:00:00Z\n")
    result = db.run("import", "activity", str(path), "--preset", "shopify")
    assert result.exit_code == 1
    assert f"{path}:3: amount:" in flat(result.output)
    with db.engine.connect() as conn:
        row = conn.execute(select(ActivityEvent).where(ActivityEvent.external_id == f"#{n}01")
                           ).one()
    assert (row.kind, row.amount, row.source) == ("order", 49.9, "shopify")


def test_nul_and_oversize_fields_are_bad_rows_not_crashes(db, tmp_path):
    tag = f"nul{next(_seq)}"
    big = "b" * 200_000
    path = write(tmp_path, "external_id,customer_external_id,text,occurred_at,channel,source\n"
                           f"{tag}-1,{tag},nul \x00 here,2026-09-01T00:00:00Z,chat,{tag}\n"
                           f'{tag}-2,{tag},"{big}",2026-09-01T00:00:00Z,chat,{tag}\n'
                           f"{tag}-3,{tag},fine,2026-09-01T00:00:00Z,chat,{tag}\n")
    result = db.run("import", "interactions", str(path))
    out = flat(result.output)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}:2: text: contains a NUL" in out
    assert f"{path}:3:" in out
    assert db.count(Interaction, Interaction.source == tag) == 1


@pytest.mark.parametrize("args,message", [
    (["import", "things", "{file}"], "unknown kind 'things'"),
    (["import", "customers", "{missing}"], "no such file"),
    (["import", "customers", "{empty}"], "empty or has no header"),
    (["import", "customers", "{file}", "--map", "nonsense"], "write it as 'CSV column=field'"),
    (["import", "customers", "{file}", "--preset", "salesforce"], "unknown preset"),
    (["import", "interactions", "{file}", "--assume-timezone", "Mars/Olympus"],
     "unknown time zone"),
])
def test_whole_file_problems_get_a_clear_message(db, tmp_path, args, message):
    files = {"file": write(tmp_path, "email\nx@example.com\n"), "missing": tmp_path / "nope.csv",
             "empty": write(tmp_path, "", "empty.csv")}
    result = db.run(*[a.format(**files) for a in args])
    assert result.exit_code == 2, result.output
    assert message in flat(result.output)
    assert "Traceback" not in result.output


def test_import_refuses_an_unmigrated_database(tmp_path):
    scratch = CliDb("sqlite", tmp_path)
    path = write(tmp_path, "email\nx@example.com\n")
    result = scratch.run("import", "customers", str(path))
    assert result.exit_code == 2
    assert "run `amends migrate`" in flat(result.output)
    scratch.close()
