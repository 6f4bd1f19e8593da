"""Survey commands: ``survey-create``, ``survey-list``, ``survey-send``, ``survey-send-csv``,
``survey-responses``, ``survey-stats`` and ``survey-snippet``.

Registered into the main ``amends`` CLI. Bad input ends with a one-line message (with the
CSV line number where there is one) and exit code 2, never a traceback.
"""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(help="One-click surveys.")

CSV_FIELDS = {"email", "external_id", "name", "customer_id", "context_type", "context_id",
              "staff_email", "channel"}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _session() -> Any:
    from amends import cli

    settings = cli.settings_or_exit()
    return settings, cli.session_factory_for(settings)()


def _json_option(raw: str | None, name: str) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _fail(f"--{name} is not valid JSON: {exc.msg} at position {exc.pos}") from None


@app.command("survey-create")
def survey_create(
    key: Annotated[str, typer.Argument(help="short unique name used in commands and the API")],
    kind: Annotated[str, typer.Option(help="thermometer, csat, nps, ces or thumbs")],
    question: Annotated[str, typer.Option(help="the one question asked")],
    name: Annotated[str | None, typer.Option(help="display name (default: the key)")] = None,
    follow_up: Annotated[str | None, typer.Option(help="question above the comment box")] = None,
    brand_name: str = "", brand_colour: str = "#2f6f4f",
    logo_url: str | None = None, language: str = "en",
    trigger: Annotated[list[str], typer.Option(
        help="conversation_closed, purchase, order, case_resolved or pulse (repeat)")] = [],  # noqa: B006
    delay_minutes: Annotated[int, typer.Option(help="wait after the trigger")] = 0,
    quiet_days: Annotated[int | None, typer.Option(help="pulse: days without contact")] = None,
    frequency_days: Annotated[float | None, typer.Option(
        help="at most one invitation per customer per N days (default: setting)")] = None,
    strings: Annotated[str | None, typer.Option(help="JSON object of text overrides")] = None,
) -> None:
    """Create a survey."""
    from amends.decide.surveys import do_create_survey
    from amends.errors import AmendsError

    rules: dict[str, Any] = {"triggers": list(trigger), "delay_minutes": delay_minutes}
    if quiet_days is not None:
        rules["quiet_days"] = quiet_days
    if frequency_days is not None:
        rules["frequency_days"] = frequency_days
    _, session = _session()
    with session:
        try:
            survey = do_create_survey(
                session, key=key, name=name or key, kind=kind, question=question,
                follow_up=follow_up, brand_name=brand_name, brand_colour=brand_colour,
                logo_url=logo_url, language=language,
                strings=_json_option(strings, "strings"), rules=rules)
        except AmendsError as exc:
            raise _fail(_describe(exc)) from None
        session.commit()
        typer.echo(f"created survey {survey.key} (id {survey.id}, {survey.kind})")


def _describe(exc: Any) -> str:
    details = "; ".join(f"{f.field}: {f.message}" for f in exc.fields)
    return f"{exc.message}" + (f" ({details})" if details else "")


@app.command("survey-list")
def survey_list() -> None:
    """List surveys."""
    from amends.report.surveys import list_surveys

    _, session = _session()
    with session:
        for s in list_surveys(session):
            state = "active" if s.is_active else "paused"
            triggers = ",".join((s.rules or {}).get("triggers", [])) or "-"
            typer.echo(f"{s.id}\t{s.key}\t{s.kind}\t{state}\t{triggers}\t{s.question}")


def _customer_id(session: Any, *, customer_id: int | None, email: str | None,
                 external_id: str | None, name: str | None) -> int:
    """Resolve (or create) the customer; raises ValueError with a readable reason."""
    from pydantic import ValidationError

    from amends.decide.customers import resolve_customers
    from amends.ingest.batch import RecordResult
    from amends.ingest.schemas import CustomerRef

    try:
        ref = CustomerRef(id=customer_id, email=email or None,
                          external_id=external_id or None, name=name or None)
    except ValidationError as exc:
        raise ValueError("; ".join(str(e["msg"]).removeprefix("Value error, ")
                                   for e in exc.errors())) from None
    result = RecordResult(index=0)
    resolved = resolve_customers(session, [(result, ref)])
    if 0 not in resolved:
        raise ValueError("; ".join(e.message for e in result.errors) or "unknown customer")
    return resolved[0]


def _staff_id(session: Any, email: str | None) -> int | None:
    from sqlalchemy import select

    from amends.models import StaffUser

    if not email:
        return None
    staff_id = session.scalar(select(StaffUser.id).where(StaffUser.email == email.lower()))
    if staff_id is None:
        raise ValueError(f"no staff user with email {email}")
    return int(staff_id)


@app.command("survey-send")
def survey_send(
    survey: Annotated[str, typer.Argument(help="survey key or id")],
    email: str | None = None, external_id: str | None = None,
    customer_id: int | None = None, name: str | None = None,
    context_type: str = "manual",
    context_id: Annotated[str | None, typer.Option(help="conversation/order/case id")] = None,
    staff_email: str | None = None, channel: str | None = None,
    delay_minutes: int = 0,
) -> None:
    """Invite one customer (sent by the worker at the next allowed time)."""
    from amends.decide.surveys import do_invite, load_survey
    from amends.errors import AmendsError

    _, session = _session()
    with session:
        try:
            target = load_survey(session, survey)
            cid = _customer_id(session, customer_id=customer_id, email=email,
                               external_id=external_id, name=name)
            result = do_invite(session, survey=target, customer_id=cid,
                               context_type=context_type,
                               context_id=context_id or f"cli-{cid}",
                               staff_id=_staff_id(session, staff_email), source_channel=channel,
                               delay=timedelta(minutes=delay_minutes))
        except AmendsError as exc:
            raise _fail(_describe(exc)) from None
        except ValueError as exc:
            raise _fail(str(exc)) from None
        session.commit()
    typer.echo(_result_line(result.to_dict()))


def _result_line(result: dict[str, Any]) -> str:
    line = result["status"]
    if "invitation_id" in result:
        line += f" invitation {result['invitation_id']} (send at {result['send_at']})"
    if result.get("reason"):
        line += f": {result['reason']}"
    return line


@app.command("survey-send-csv")
def survey_send_csv(
    survey: Annotated[str, typer.Argument(help="survey key or id")],
    file: Annotated[Path, typer.Argument(help="CSV with a header: email, external_id, name, "
                                              "customer_id, context_type, context_id, "
                                              "staff_email, channel")],
    dry_run: Annotated[bool, typer.Option(help="check the file, invite nobody")] = False,
) -> None:
    """Invite every customer in a CSV file; bad rows are reported with their line numbers."""
    from amends.decide.surveys import do_invite, load_survey
    from amends.errors import AmendsError

    rows = _read_csv(file)
    _, session = _session()
    counts: dict[str, int] = {}
    bad = 0
    with session:
        try:
            target = load_survey(session, survey)
        except AmendsError as exc:
            raise _fail(_describe(exc)) from None
        for line, row in rows:
            try:
                with session.begin_nested():
                    cid = _customer_id(session, customer_id=_int(row.get("customer_id")),
                                       email=row.get("email"),
                                       external_id=row.get("external_id"), name=row.get("name"))
                    result = do_invite(
                        session, survey=target, customer_id=cid,
                        context_type=row.get("context_type") or "manual",
                        context_id=row.get("context_id") or f"csv-{file.name}",
                        staff_id=_staff_id(session, row.get("staff_email")),
                        source_channel=row.get("channel") or None)
            except (AmendsError, ValueError) as exc:
                bad += 1
                message = _describe(exc) if isinstance(exc, AmendsError) else str(exc)
                typer.echo(f"{file}:{line}: {message}", err=True)
                continue
            counts[result.status] = counts.get(result.status, 0) + 1
            if result.status == "skipped":
                typer.echo(f"{file}:{line}: skipped: {result.reason}", err=True)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing"
    typer.echo(f"{len(rows)} rows: {summary}, {bad} bad" + (" (dry run)" if dry_run else ""))
    if bad:
        raise typer.Exit(1)


def _int(raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw.strip().isdigit():
        raise ValueError(f"customer_id {raw!r} is not a number")
    return int(raw)


def _read_csv(file: Path) -> list[tuple[int, dict[str, str]]]:
    if not file.is_file():
        raise _fail(f"file not found: {file}")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(f"{file} is not UTF-8 (byte {exc.start})") from None
    reader = csv.DictReader(text.splitlines())
    header = {h.strip().lower() for h in (reader.fieldnames or [])}
    if not header & {"email", "external_id", "customer_id"}:
        raise _fail(f"{file}:1: the header needs email, external_id or customer_id")
    unknown = header - CSV_FIELDS
    if unknown:
        raise _fail(f"{file}:1: unknown columns: {', '.join(sorted(unknown))}")
    rows = []
    for row in reader:
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()
                 if k is not None}
        rows.append((reader.line_num, clean))
    return rows


@app.command("survey-responses")
def survey_responses(
    survey: Annotated[str, typer.Argument(help="survey key or id")],
    bad_only: Annotated[bool, typer.Option(help="only bad experiences")] = False,
    limit: int = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines")] = False,
) -> None:
    """List a survey's answers (newest last)."""
    from amends.decide.surveys import load_survey
    from amends.errors import AmendsError
    from amends.report.surveys import list_responses

    _, session = _session()
    with session:
        try:
            target = load_survey(session, survey)
        except AmendsError as exc:
            raise _fail(_describe(exc)) from None
        page = list_responses(session, target.id, bad_experience=True if bad_only else None,
                              limit=max(1, min(limit, 1000)))
    for item in page["items"]:
        if as_json:
            typer.echo(json.dumps(item))
        else:
            flag = " BAD" if item["bad_experience"] else ""
            comment = f"\t{item['comment']!r}" if item["comment"] else ""
            typer.echo(f"{item['answered_at']}\tcustomer {item['customer_id']}\t"
                       f"{item['option']}{flag}{comment}")


@app.command("survey-stats")
def survey_stats(
    survey: Annotated[str | None, typer.Argument(help="survey key or id (default: all)")] = None,
    by: Annotated[str, typer.Option(help="survey, staff, team, channel, period or none")] = "survey",
    period: Annotated[str, typer.Option(help="day, week or month (with --by period)")] = "month",
) -> None:
    """Response rate, distribution, CSAT %, NPS and CES, as JSON."""
    from amends.decide.surveys import load_survey
    from amends.errors import AmendsError
    from amends.report.surveys import survey_stats as stats

    if by not in ("survey", "staff", "team", "channel", "period", "none"):
        raise _fail("--by must be survey, staff, team, channel, period or none")
    if period not in ("day", "week", "month"):
        raise _fail("--period must be day, week or month")
    _, session = _session()
    with session:
        try:
            survey_id = load_survey(session, survey).id if survey else None
        except AmendsError as exc:
            raise _fail(_describe(exc)) from None
        typer.echo(json.dumps(stats(session, survey_id=survey_id, by=by, period=period),
                              indent=2))


@app.command("survey-snippet")
def survey_snippet(
    survey: Annotated[str, typer.Argument(help="survey key or id")],
    staff_email: Annotated[str, typer.Option(help="the staff member answers are credited to")],
    helpdesk: Annotated[str, typer.Option(
        help="zendesk, freshdesk, helpscout, intercom or generic")] = "generic",
) -> None:
    """Print HTML to paste into a help desk reply template or an email signature."""
    from amends.decide.surveys import load_survey
    from amends.errors import AmendsError
    from amends.surveys import tokens
    from amends.surveys.snippet import MERGE_FIELDS, snippet_html

    if helpdesk not in MERGE_FIELDS:
        raise _fail(f"--helpdesk must be one of {', '.join(MERGE_FIELDS)}")
    settings, session = _session()
    with session:
        try:
            target = load_survey(session, survey)
            staff_id = _staff_id(session, staff_email)
        except AmendsError as exc:
            raise _fail(_describe(exc)) from None
        except ValueError as exc:
            raise _fail(str(exc)) from None
        assert staff_id is not None
        token = tokens.staff_token(settings.secret_key, target.id, staff_id)
        typer.echo(snippet_html(target, settings.base_url, token, helpdesk))
