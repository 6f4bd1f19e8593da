"""Settings from AMENDS_* variables and `amends check-config`."""

from __future__ import annotations

from datetime import date, time

import pytest
from typer.testing import CliRunner

from amends import cli, runtime
from amends.config import load_settings, parse_business_hours

runner = CliRunner()
GOOD = {"AMENDS_SECRET_KEY": "a-long-and-random-enough-secret-0987", "AMENDS_SMTP_HOST": "mail",
        "AMENDS_DATABASE_URL": "sqlite:///:memory:"}


def flat(output: str) -> str:
    return " ".join(output.split())


def ids(settings, level: str | None = None) -> set[str]:
    return {p.id for p in settings.problems if level is None or p.level == level}


def check_config(env: dict[str, str]):
    try:
        return runner.invoke(cli.app, ["check-config"], env={
            k: env.get(k) for k in {*env, *(f"AMENDS_{n}" for n in (
                "SECRET_KEY", "DEV_MODE", "DATABASE_URL", "SMTP_HOST", "TIMEZONE",
                "BUSINESS_HOURS", "HOLIDAYS", "MAX_BATCH", "BASE_URL", "SMTP_SECURITY",
                "WORKER_POLL_SECONDS"))}})
    finally:
        runtime.use_settings(None)


def test_good_settings_have_no_problems():
    settings = load_settings(GOOD)
    assert settings.problems == ()
    assert settings.business_hours[0] == [(time(9), time(17))] and 5 not in settings.business_hours
    result = check_config(GOOD)
    assert result.exit_code == 0 and "configuration OK" in result.output


def test_placeholder_secret_refused_outside_dev_mode_and_warned_in_dev_mode():
    for secret in ("change-me", "secret", "short"):
        settings = load_settings({**GOOD, "AMENDS_SECRET_KEY": secret})
        assert "config.secret_key" in ids(settings, "error")
    dev = load_settings({**GOOD, "AMENDS_SECRET_KEY": "change-me", "AMENDS_DEV_MODE": "true"})
    assert "config.secret_key" in ids(dev, "warning") and not dev.errors
    unset = {k: v for k, v in GOOD.items() if k != "AMENDS_SECRET_KEY"}
    assert "config.secret_key" in ids(load_settings(unset), "error")

    result = check_config({**GOOD, "AMENDS_SECRET_KEY": "change-me"})
    assert result.exit_code == 1
    assert "error: config.secret_key:" in flat(result.output) and "hint:" in result.output
    warned = check_config({**GOOD, "AMENDS_SECRET_KEY": "change-me", "AMENDS_DEV_MODE": "1"})
    assert warned.exit_code == 0 and "warning: config.secret_key:" in flat(warned.output)


@pytest.mark.parametrize("env,problem", [
    ({"AMENDS_TIMEZONE": "Mars/Olympus_Mons"}, "config.timezone"),
    ({"AMENDS_TIMEZONE": "[/red]"}, "config.timezone"),
    ({"AMENDS_BUSINESS_HOURS": "mon-fri 9-5"}, "config.business_hours"),
    ({"AMENDS_BUSINESS_HOURS": "mon-fri 17:00-09:00"}, "config.business_hours"),
    ({"AMENDS_BUSINESS_HOURS": "mon-fri 09:00-25:00"}, "config.business_hours"),
    ({"AMENDS_BUSINESS_HOURS": "fri-mon 09:00-17:00"}, "config.business_hours"),
    ({"AMENDS_BUSINESS_HOURS": "sat 10:00-24:30"}, "config.business_hours"),
    ({"AMENDS_BUSINESS_HOURS": "funday 09:00-17:00"}, "config.business_hours"),
    ({"AMENDS_HOLIDAYS": "2026-12-25,Christmas"}, "config.holidays"),
    ({"AMENDS_MAX_BATCH": "lots"}, "config.max_batch"),
    ({"AMENDS_MAX_BATCH": "0"}, "config.max_batch"),
    ({"AMENDS_WORKER_POLL_SECONDS": "nan"}, "config.worker_poll_seconds"),
    ({"AMENDS_SMTP_SECURITY": "ssl3"}, "config.smtp_security"),
    ({"AMENDS_DATABASE_URL": "mysql://x/y"}, "config.database_url"),
    ({"AMENDS_DATABASE_URL": "sqlite:////no/such/folder/db.sqlite3"}, "config.database_path"),
    ({"AMENDS_BASE_URL": "example.com"}, "config.base_url"),
])
def test_bad_values_are_reported_with_an_id_and_a_hint(env, problem):
    settings = load_settings({**GOOD, **env})
    assert problem in ids(settings, "error"), settings.problems
    result = check_config({**GOOD, **env})
    assert result.exit_code == 1
    assert f"error: {problem}:" in flat(result.output)
    assert "hint:" in result.output


def test_check_config_lists_every_problem_at_once():
    result = check_config({**GOOD, "AMENDS_TIMEZONE": "Nowhere/Land",
                           "AMENDS_HOLIDAYS": "soon", "AMENDS_SECRET_KEY": "dev"})
    assert result.exit_code == 1
    for problem in ("config.timezone", "config.holidays", "config.secret_key"):
        assert f"{problem}:" in flat(result.output)


def test_missing_smtp_is_only_a_warning():
    settings = load_settings({k: v for k, v in GOOD.items() if k != "AMENDS_SMTP_HOST"})
    assert ids(settings, "warning") == {"config.smtp_host"} and not settings.errors


def test_values_are_parsed():
    settings = load_settings({**GOOD, "AMENDS_TIMEZONE": "Europe/London",
                              "AMENDS_BUSINESS_HOURS": "mon-fri 08:30-17:30; sat 10:00-24:00",
                              "AMENDS_HOLIDAYS": "2026-12-26, 2026-12-25",
                              "AMENDS_MAX_BATCH": "500", "AMENDS_DEV_MODE": "yes"})
    assert settings.tz.key == "Europe/London"
    assert settings.business_hours[5] == [(time(10), time.max)]
    assert settings.holidays == (date(2026, 12, 25), date(2026, 12, 26))
    assert settings.max_batch == 500 and settings.dev_mode is True


def test_overrides_win_over_the_environment():
    settings = load_settings({**GOOD, "AMENDS_MAX_BATCH": "500"}, max_batch=7)
    assert settings.max_batch == 7


def test_parse_business_hours_message_names_the_part():
    with pytest.raises(ValueError, match="'tue 9am'"):
        parse_business_hours("mon 09:00-17:00; tue 9am")


def test_serve_refuses_bad_settings_without_a_traceback():
    try:
        result = runner.invoke(cli.app, ["serve"], env={**GOOD, "AMENDS_SECRET_KEY": "change-me",
                                                        "AMENDS_DEV_MODE": ""})
    finally:
        runtime.use_settings(None)
    assert result.exit_code == 2
    assert "error: config.secret_key:" in flat(result.output)
    assert "amends check-config" in result.output
