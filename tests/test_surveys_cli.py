"""Survey commands through the real CLI, on a scratch SQLite database the CLI migrates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from amends import cli, runtime
from amends.db import make_engine, make_session_factory
from amends.models.surveys import SurveyInvitation
from tests.conftest import TEST_SECRET

runner = CliRunner()


@pytest.fixture
def run(tmp_path: Path) -> Any:
    env = {"AMENDS_DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite3",
           "AMENDS_SECRET_KEY": TEST_SECRET, "AMENDS_BASE_URL": "https://feedback.example.com",
           "AMENDS_SMTP_HOST": "localhost"}
    cli._register_extensions()

    def invoke(*args: str) -> Any:
        try:
            return runner.invoke(cli.app, list(args), env=env)
        finally:
            runtime.use_settings(None)

    assert invoke("migrate").exit_code == 0
    invoke.url = env["AMENDS_DATABASE_URL"]  # type: ignore[attr-defined]
    return invoke


def test_create_send_csv_responses_stats_snippet(run, tmp_path):
    made = run("survey-create", "support", "--kind", "csat", "--question", "How did we do?",
               "--trigger", "conversation_closed", "--brand-name", "Acme")
    assert made.exit_code == 0, made.output
    assert "created survey support" in made.output
    bad = run("survey-create", "x", "--kind", "stars", "--question", "?")
    assert bad.exit_code == 2 and "kind" in bad.output and "Traceback" not in bad.output
    assert "support" in run("survey-list").output

    one = run("survey-send", "support", "--email", "ana@example.com", "--context-id", "T-1")
    assert one.exit_code == 0 and one.output.startswith("scheduled invitation"), one.output
    assert "frequency limit" in run("survey-send", "support", "--email", "ana@example.com",
                                    "--context-id", "T-2").output
    unknown = run("survey-send", "nope", "--email", "ana@example.com")
    assert unknown.exit_code == 2 and "no survey" in unknown.output

    sheet = tmp_path / "customers.csv"
    sheet.write_text("email,name,context_type,context_id\n"
                     "bo@example.com,Bo,order,O-1\n"
                     "not-an-email,X,order,O-2\n"
                     "cy@example.com,Cy,planet,O-3\n"
                     "ana@example.com,Ana,order,O-4\n", encoding="utf-8")
    result = run("survey-send-csv", "support", str(sheet))
    assert result.exit_code == 1
    assert f"{sheet}:3:" in result.output and f"{sheet}:4:" in result.output
    assert "4 rows: 1 scheduled, 1 skipped, 2 bad" in result.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("colour\nred\n", encoding="utf-8")
    assert run("survey-send-csv", "support", str(wrong)).exit_code == 2

    engine = make_engine(run.url)
    with make_session_factory(engine)() as session:
        invitations = list(session.scalars(select(SurveyInvitation)))
        assert len(invitations) == 2
        from amends import hooks
        from amends.decide.surveys import do_confirm_answer

        saved, hooks.HOOKS["survey_answered"] = hooks.HOOKS["survey_answered"], []
        try:
            do_confirm_answer(session, invitation=invitations[0], option="1", ip=None,
                              user_agent="Mozilla/5.0", comment="Too slow.",
                              settings=runtime.get_settings())
            invitations[0].status = "queued"
            session.commit()
        finally:
            hooks.HOOKS["survey_answered"] = saved
            runtime.use_settings(None)
    engine.dispose()

    listed = run("survey-responses", "support", "--json")
    item = json.loads(listed.output.splitlines()[0])
    assert item["option"] == "1" and item["bad_experience"] and item["comment"] == "Too slow."
    stats = json.loads(run("survey-stats", "support", "--by", "none").output)
    assert stats["total"]["csat_pct"] == 0.0 and stats["total"]["response_rate"] == 1.0
    assert run("survey-stats", "--by", "planet").exit_code == 2

    staff = run("create-user", "sam@example.org", "Sam Agent", "--password", "long enough pw")
    assert staff.exit_code == 0, staff.output
    snippet = run("survey-snippet", "support", "--staff-email", "sam@example.org",
                  "--helpdesk", "helpscout")
    assert snippet.exit_code == 0 and "{%customer.email%}" in snippet.output
    assert "https://feedback.example.com/s/x/" in snippet.output
