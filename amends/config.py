"""Settings from ``AMENDS_*`` environment variables, built by one function.

`load_settings()` never raises for a bad value: it records a `Problem` (with an id and a
hint) and falls back to the default, so `amends check-config` can list every problem at
once. `Settings.errors` are the problems that stop `serve` and `worker` from starting.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev", "placeholder", "amends-dev"}
DEFAULT_DATABASE_URL = "sqlite:///amends.sqlite3"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass(frozen=True)
class Problem:
    id: str
    level: str  # "error" or "warning"
    message: str
    hint: str

    def line(self) -> str:
        # No square brackets: the CLI prints through rich, which would take "[id]" as markup.
        return f"{self.level}: {self.id}: {self.message}\n    hint: {self.hint}"


# Business hours: weekday index (Mon=0) -> list of (start, end) windows in local time.
BusinessHours = dict[int, list[tuple[time, time]]]


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = "change-me"
    dev_mode: bool = False
    base_url: str = "http://127.0.0.1:8000"
    timezone: str = "UTC"
    business_hours: BusinessHours = field(default_factory=dict)
    holidays: tuple[date, ...] = ()
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_security: str = "none"  # none | starttls | tls
    smtp_user: str = ""
    smtp_password: str = ""
    mail_from: str = "Amends <amends@localhost>"
    max_text_chars: int = 20_000
    max_batch: int = 10_000
    max_body_bytes: int = 64 * 1024 * 1024
    worker_poll_seconds: float = 0.2
    job_lease_seconds: int = 900
    taxonomy_file: str = ""
    webhook_secret: str = ""
    sms_webhook_url: str = ""
    business_name: str = ""
    trust_proxy_headers: bool = False
    # Client intake (first response to new enquiries)
    intake_first_response_minutes: int = 5
    intake_sla_minutes: dict[str, int] = field(default_factory=dict)  # "source:urgency" -> min
    intake_sla_warn_fraction: float = 0.6
    intake_escalate_after_minutes: int = 15
    intake_escalation_emails: tuple[str, ...] = ()
    intake_alert_slack_url: str = ""
    intake_alert_webhook_url: str = ""
    intake_cadence_days: tuple[int, ...] = (0, 1, 3, 7)
    intake_practice_areas_file: str = ""  # "law", "generic" or a TOML path
    intake_min_fill_seconds: int = 3
    intake_rate_limit: int = 5
    intake_rate_window_seconds: int = 600
    intake_emergency_phone: str = ""
    intake_reply_to: str = ""
    # One-click surveys
    survey_frequency_days: int = 7
    survey_quiet_hours: str = "21:00-08:00"  # local to `timezone`; "" turns them off
    survey_link_days: int = 30
    survey_burst_seconds: int = 10
    survey_comment_max_chars: int = 2000
    survey_rate_ip_per_minute: int = 60
    survey_rate_invitation_per_minute: int = 20
    survey_unsubscribe_mailto: str = ""
    # Service recovery
    recovery_team: str = ""  # team whose members share unowned cases round-robin
    recovery_high_value: float = 5000.0
    recovery_mid_value: float = 1000.0
    sla_first_response_minutes: dict[str, int] = field(default_factory=lambda: {
        "p1": 60, "p2": 240, "p3": 480, "p4": 960})  # business minutes per priority
    sla_resolution_minutes: dict[str, int] = field(default_factory=lambda: {
        "p1": 480, "p2": 1440, "p3": 2400, "p4": 4800})
    sla_warning_share: float = 0.75
    amends_share: dict[str, float] = field(default_factory=lambda: {
        "minor": 0.0, "major": 0.03, "critical": 0.08})  # of value per year
    amends_floor: dict[str, float] = field(default_factory=lambda: {
        "major": 10.0, "critical": 25.0})
    amends_cap_share: float = 0.10
    amends_cap_unknown_value: float = 50.0
    root_cause_categories: tuple[str, ...] = (
        "process", "product", "people", "policy", "communication", "third_party", "technical",
        "expectations", "other")
    recovery_outcome_days: int = 28
    alert_digest_hour: int = 8
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def parse_business_hours(raw: str) -> BusinessHours:
    """Parse ``"mon-fri 09:00-17:00; sat 10:00-14:00"`` into weekday windows."""
    hours: BusinessHours = {}
    for part in filter(None, (p.strip() for p in raw.split(";"))):
        m = re.fullmatch(r"([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})",
                         part.lower())
        if not m:
            raise ValueError(f"cannot read {part!r}; expected like 'mon-fri 09:00-17:00'")
        first, last = m.group(1), m.group(2) or m.group(1)
        if first not in WEEKDAYS or last not in WEEKDAYS:
            raise ValueError(f"unknown weekday in {part!r}; use mon, tue, wed, thu, fri, sat, sun")
        if WEEKDAYS.index(last) < WEEKDAYS.index(first):
            raise ValueError(f"the day range runs backwards in {part!r}; write e.g. 'mon-fri'")
        try:
            start = time(int(m.group(3)), int(m.group(4)))
            midnight = m.group(5) == "24" and m.group(6) == "00"
            end = time.max if midnight else time(int(m.group(5)), int(m.group(6)))
        except ValueError:
            raise ValueError(f"{part!r} has a time that does not exist (00:00 to 24:00)") from None
        if end <= start:
            raise ValueError(f"window ends before it starts in {part!r}")
        for day in range(WEEKDAYS.index(first), WEEKDAYS.index(last) + 1):
            hours.setdefault(day, []).append((start, end))
    return hours


def load_settings(env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build settings from the environment (``os.environ`` by default) plus overrides."""
    env = os.environ if env is None else env
    problems: list[Problem] = []
    values: dict[str, object] = {}

    def get(name: str) -> str | None:
        value = env.get(f"AMENDS_{name}")
        return value.strip() if value is not None else None

    def number(name: str, key: str, cast: type, minimum: float) -> None:
        raw = get(name)
        if raw is None:
            return
        try:
            value = cast(raw)
            if not value >= minimum or not math.isfinite(value):  # also refuses NaN and inf
                raise ValueError
            values[key] = value
        except ValueError:
            problems.append(Problem(f"config.{key}", "error",
                                    f"AMENDS_{name}={raw!r} is not a number >= {minimum}",
                                    f"set AMENDS_{name} to a number, or unset it"))

    for name, key in [("DATABASE_URL", "database_url"), ("SECRET_KEY", "secret_key"),
                      ("BASE_URL", "base_url"), ("SMTP_HOST", "smtp_host"),
                      ("SMTP_USER", "smtp_user"), ("SMTP_PASSWORD", "smtp_password"),
                      ("MAIL_FROM", "mail_from"), ("TAXONOMY_FILE", "taxonomy_file"),
                      ("WEBHOOK_SECRET", "webhook_secret"),
                      ("SMS_WEBHOOK_URL", "sms_webhook_url"), ("BUSINESS_NAME", "business_name"),
                      ("INTAKE_ALERT_SLACK_URL", "intake_alert_slack_url"),
                      ("INTAKE_ALERT_WEBHOOK_URL", "intake_alert_webhook_url"),
                      ("INTAKE_PRACTICE_AREAS_FILE", "intake_practice_areas_file"),
                      ("INTAKE_EMERGENCY_PHONE", "intake_emergency_phone"),
                      ("INTAKE_REPLY_TO", "intake_reply_to"),
                      ("SURVEY_UNSUBSCRIBE_MAILTO", "survey_unsubscribe_mailto"),
                      ("RECOVERY_TEAM", "recovery_team")]:
        raw = get(name)
        if raw is not None:
            values[key] = raw
    values["dev_mode"] = (get("DEV_MODE") or "").lower() in {"1", "true", "yes", "on"}
    values["trust_proxy_headers"] = (get("TRUST_PROXY_HEADERS") or "").lower() in {
        "1", "true", "yes", "on"}
    number("INTAKE_FIRST_RESPONSE_MINUTES", "intake_first_response_minutes", int, 1)
    number("INTAKE_SLA_WARN_FRACTION", "intake_sla_warn_fraction", float, 0.05)
    number("INTAKE_ESCALATE_AFTER_MINUTES", "intake_escalate_after_minutes", int, 1)
    number("INTAKE_MIN_FILL_SECONDS", "intake_min_fill_seconds", int, 0)
    number("INTAKE_RATE_LIMIT", "intake_rate_limit", int, 1)
    number("INTAKE_RATE_WINDOW_SECONDS", "intake_rate_window_seconds", int, 1)
    number("SURVEY_FREQUENCY_DAYS", "survey_frequency_days", int, 0)
    number("SURVEY_LINK_DAYS", "survey_link_days", int, 1)
    number("SURVEY_BURST_SECONDS", "survey_burst_seconds", int, 0)
    number("SURVEY_COMMENT_MAX_CHARS", "survey_comment_max_chars", int, 1)
    number("SURVEY_RATE_IP_PER_MINUTE", "survey_rate_ip_per_minute", int, 1)
    number("SURVEY_RATE_INVITATION_PER_MINUTE", "survey_rate_invitation_per_minute", int, 1)
    _read_quiet_hours(get("SURVEY_QUIET_HOURS"), values, problems)
    number("RECOVERY_HIGH_VALUE", "recovery_high_value", float, 0)
    number("RECOVERY_MID_VALUE", "recovery_mid_value", float, 0)
    number("SLA_WARNING_SHARE", "sla_warning_share", float, 0.05)
    number("AMENDS_CAP_SHARE", "amends_cap_share", float, 0)
    number("AMENDS_CAP_UNKNOWN_VALUE", "amends_cap_unknown_value", float, 0)
    number("RECOVERY_OUTCOME_DAYS", "recovery_outcome_days", int, 1)
    number("ALERT_DIGEST_HOUR", "alert_digest_hour", int, 0)
    if not 0 <= int(values.get("alert_digest_hour", 8)) <= 23:  # type: ignore[call-overload]
        problems.append(Problem("config.alert_digest_hour", "error",
                                "AMENDS_ALERT_DIGEST_HOUR must be an hour from 0 to 23",
                                "the local hour at which daily digests are sent"))
        values.pop("alert_digest_hour")
    _read_minutes_map(get("SLA_FIRST_RESPONSE_MINUTES"), "sla_first_response_minutes", values,
                      problems)
    _read_minutes_map(get("SLA_RESOLUTION_MINUTES"), "sla_resolution_minutes", values,
                      problems)
    _read_list(get("ROOT_CAUSE_CATEGORIES"), "root_cause_categories", str, values, problems)
    _read_list(get("INTAKE_CADENCE_DAYS"), "intake_cadence_days", int, values, problems)
    _read_list(get("INTAKE_ESCALATION_EMAILS"), "intake_escalation_emails", str, values,
               problems)
    _read_minutes_map(get("INTAKE_SLA_MINUTES"), "intake_sla_minutes", values, problems)
    number("SMTP_PORT", "smtp_port", int, 1)
    number("MAX_TEXT_CHARS", "max_text_chars", int, 1)
    number("MAX_BATCH", "max_batch", int, 1)
    number("MAX_BODY_BYTES", "max_body_bytes", int, 1024)
    number("WORKER_POLL_SECONDS", "worker_poll_seconds", float, 0.01)
    number("JOB_LEASE_SECONDS", "job_lease_seconds", int, 10)
    _read_smtp_security(get("SMTP_SECURITY"), values, problems)
    _read_timezone(get("TIMEZONE"), values, problems)
    _read_hours(get("BUSINESS_HOURS"), values, problems)
    _read_holidays(get("HOLIDAYS"), values, problems)
    values.update(overrides)
    settings = Settings(**values)  # type: ignore[arg-type]
    problems.extend(check_settings(settings))
    return Settings(**{**values, "problems": tuple(problems)})  # type: ignore[arg-type]


def _read_quiet_hours(raw: str | None, values: dict, problems: list[Problem]) -> None:
    if raw is None:
        return
    if raw.strip() and not re.fullmatch(r"\d{1,2}:\d{2}-\d{1,2}:\d{2}", raw.strip()):
        problems.append(Problem("config.survey_quiet_hours", "error",
                                f"AMENDS_SURVEY_QUIET_HOURS={raw!r} is not like 21:00-08:00",
                                "local start-end times; empty turns quiet hours off"))
        return
    values["survey_quiet_hours"] = raw.strip()


def _read_list(raw: str | None, key: str, cast: type, values: dict,
               problems: list[Problem]) -> None:
    """A comma-separated list, e.g. AMENDS_INTAKE_CADENCE_DAYS=0,1,3,7."""
    if raw is None:
        return
    try:
        values[key] = tuple(cast(p.strip()) for p in raw.split(",") if p.strip())
    except ValueError:
        problems.append(Problem(f"config.{key}", "error",
                                f"AMENDS_{key.upper()}={raw!r} is not a comma-separated list "
                                f"of {cast.__name__} values", "for example: 0,1,3,7"))


def _read_minutes_map(raw: str | None, key: str, values: dict, problems: list[Problem]) -> None:
    """``"web_form:urgent=2, phone=10"``: first-response minutes per source/urgency."""
    if raw is None:
        return
    parsed: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        name, _, minutes = part.partition("=")
        if not name.strip() or not minutes.strip().isdigit():
            problems.append(Problem(f"config.{key}", "error",
                                    f"AMENDS_{key.upper()} has {part!r}",
                                    "write entries like web_form:urgent=2, phone=10"))
            continue
        parsed[name.strip()] = int(minutes)
    # Naming one priority (or source) keeps the defaults of the others.
    field_info = Settings.__dataclass_fields__[key]
    default = field_info.default_factory() if callable(field_info.default_factory) else {}
    values[key] = {**default, **parsed}


def _read_smtp_security(raw: str | None, values: dict, problems: list[Problem]) -> None:
    if raw is None:
        return
    if raw.lower() in {"none", "starttls", "tls"}:
        values["smtp_security"] = raw.lower()
    else:
        problems.append(Problem("config.smtp_security", "error",
                                f"AMENDS_SMTP_SECURITY={raw!r} is not none, starttls or tls",
                                "use starttls for port 587, tls for port 465"))


def _read_timezone(raw: str | None, values: dict, problems: list[Problem]) -> None:
    if raw is None:
        return
    try:
        ZoneInfo(raw)
        values["timezone"] = raw
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(Problem("config.timezone", "error", f"unknown time zone {raw!r}",
                                "use an IANA name such as Europe/London or America/New_York"))


def _read_hours(raw: str | None, values: dict, problems: list[Problem]) -> None:
    try:
        values["business_hours"] = parse_business_hours(raw or "mon-fri 09:00-17:00")
    except ValueError as exc:
        values["business_hours"] = parse_business_hours("mon-fri 09:00-17:00")
        problems.append(Problem("config.business_hours", "error", f"AMENDS_BUSINESS_HOURS: {exc}",
                                "example: 'mon-fri 09:00-17:30; sat 10:00-13:00'"))


def _read_holidays(raw: str | None, values: dict, problems: list[Problem]) -> None:
    if not raw:
        return
    days: list[date] = []
    for item in filter(None, (p.strip() for p in raw.split(","))):
        try:
            days.append(date.fromisoformat(item))
        except ValueError:
            problems.append(Problem("config.holidays", "error",
                                    f"AMENDS_HOLIDAYS has {item!r}, not a YYYY-MM-DD date",
                                    "a comma-separated list such as 2026-12-25,2026-12-26"))
    values["holidays"] = tuple(sorted(days))


def check_settings(settings: Settings) -> list[Problem]:
    """Semantic checks on parsed settings (the parse problems are added by the loader)."""
    problems: list[Problem] = []
    if settings.secret_key.lower() in PLACEHOLDER_SECRETS or len(settings.secret_key) < 16:
        level = "warning" if settings.dev_mode else "error"
        problems.append(Problem(
            "config.secret_key", level,
            "AMENDS_SECRET_KEY is a placeholder or shorter than 16 characters",
            "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            + (" (allowed now only because AMENDS_DEV_MODE is on)" if settings.dev_mode else "")))
    url = settings.database_url
    if not (url.startswith("sqlite") or url.startswith("postgresql")):
        problems.append(Problem("config.database_url", "error",
                                f"unsupported database URL {url.split(':')[0]!r}",
                                "use sqlite:///path.sqlite3 or postgresql+psycopg://user@host/db"))
    elif url.startswith("postgresql") and "+psycopg" not in url:
        problems.append(Problem("config.database_url", "warning",
                                "PostgreSQL URL without a driver; psycopg 3 will be used",
                                "write postgresql+psycopg://..."))
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        parent = Path(url.removeprefix("sqlite:///")).expanduser().resolve().parent
        if not parent.exists():
            problems.append(Problem("config.database_path", "error",
                                    f"the folder for the SQLite file does not exist: {parent}",
                                    "create it, or point AMENDS_DATABASE_URL elsewhere"))
    if not re.match(r"https?://", settings.base_url):
        problems.append(Problem("config.base_url", "error",
                                f"AMENDS_BASE_URL={settings.base_url!r} is not an http(s) URL",
                                "the address customers use to reach this server, for links"))
    if settings.smtp_host == "":
        problems.append(Problem("config.smtp_host", "warning",
                                "no SMTP server: emails (surveys, alerts) will not be sent",
                                "set AMENDS_SMTP_HOST (and PORT, SECURITY, USER, PASSWORD)"))
    if settings.taxonomy_file and not Path(settings.taxonomy_file).is_file():
        problems.append(Problem("config.taxonomy_file", "error",
                                f"taxonomy file not found: {settings.taxonomy_file}",
                                "point AMENDS_TAXONOMY_FILE at a TOML taxonomy, or unset it"))
    return problems
