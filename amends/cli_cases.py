"""Recovery-case commands: list and show cases, work them, and the recovery report.

Registered into the main ``amends`` CLI. Staff are named by email (``--staff``). Bad input
ends with a one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from amends.errors import AmendsError

app = typer.Typer(help="Service recovery: cases, playbooks, amends, analytics.")

Staff = Annotated[str, typer.Option("--staff", help="email of the staff member acting")]
AsJson = Annotated[bool, typer.Option("--json", help="print JSON")]


@contextmanager
def _session() -> Iterator[Session]:
    from amends.cli import session_factory_for, settings_or_exit

    factory = session_factory_for(settings_or_exit())
    with factory() as session:
        yield session


def _run(action: Callable[[Session], Any]) -> Any:
    """Run `action` in a transaction; AmendsError becomes a one-line message (exit 2)."""
    with _session() as session:
        try:
            result = action(session)
            session.commit()
            return result
        except AmendsError as exc:
            session.rollback()
            detail = "; ".join(f"{f.field}: {f.message}" for f in exc.fields)
            typer.echo(f"error: {exc.message}" + (f" ({detail})" if detail else ""), err=True)
            raise typer.Exit(2) from None


def _staff(session: Session, email: str) -> int:
    from amends.web.cases import staff_id_for

    return staff_id_for(session, email, None, "--staff")


def _print(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _since(raw: str | None) -> datetime | None:
    if not raw:
        return None
    from amends.timeutil import parse_timestamp

    try:
        return parse_timestamp(raw if "T" in raw else raw + "T00:00:00Z")
    except ValueError as exc:
        typer.echo(f"error: --since: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command("cases")
def cases(open_only: Annotated[bool, typer.Option("--open", help="open cases only")] = False,
          status: str | None = None, priority: str | None = None,
          limit: int = 50, as_json: AsJson = False) -> None:
    """List cases (open ones by priority and deadline with --open)."""
    from amends.report.recovery import list_cases

    data = _run(lambda s: list_cases(s, open_only=open_only, status=status, priority=priority,
                                     limit=limit))
    if as_json:
        _print(data)
        return
    for c in data["items"]:
        typer.echo(f"#{c['id']:<6} {c['priority'].upper()} {c['status']:<12} "
                   f"sev {c['severity']:>3}  {c['customer_name'] or c['customer_id']}  "
                   f"owner: {c['owner_name'] or '-'}  due: {c['first_response_due'] or '-'}  "
                   f"{c['title'][:60]}")
    if not data["items"]:
        typer.echo("no cases")


@app.command("case-show")
def case_show(case_id: int, as_json: AsJson = False) -> None:
    """One case: evidence, playbook steps, timeline, drafts and amends."""
    from amends.report.recovery import case_detail

    data = _run(lambda s: case_detail(s, case_id))
    if as_json:
        _print(data)
        return
    c = data["case"]
    typer.echo(f"Case #{c['id']} {c['priority'].upper()} {c['status']} - {c['title']}")
    typer.echo(f"customer: {c['customer_name']}  owner: {c['owner_name'] or '-'}  "
               f"persona: {c['persona'] or '-'}  value at risk: {c['value_at_risk']}")
    typer.echo("steps:")
    for s in data["steps"]:
        typer.echo(f"  [{'x' if s['done'] else ' '}] {s['position']}. {s['title']} (id {s['id']})")
    typer.echo("timeline:")
    for e in data["timeline"]:
        typer.echo(f"  {e['at']}  {e['actor']}: {e['kind']} {e['message']}")


@app.command("case-ack")
def case_ack(case_id: int, staff: Staff) -> None:
    """Acknowledge a case (take ownership if it has no owner)."""
    from amends.decide.cases import do_acknowledge

    _run(lambda s: do_acknowledge(s, case_id, staff_id=_staff(s, staff)))
    typer.echo(f"case {case_id} acknowledged")


@app.command("case-step")
def case_step(case_id: int, position: int, staff: Staff, notes: str | None = None) -> None:
    """Mark playbook step number POSITION done."""
    from sqlalchemy import select

    from amends.decide.cases import do_complete_step
    from amends.errors import NotFound
    from amends.models.cases import CaseStep

    def action(s: Session) -> None:
        step_id = s.scalar(select(CaseStep.id).where(CaseStep.case_id == case_id,
                                                     CaseStep.position == position))
        if step_id is None:
            raise NotFound(f"case {case_id} has no step {position}")
        do_complete_step(s, case_id, step_id, staff_id=_staff(s, staff), notes=notes)

    _run(action)
    typer.echo(f"case {case_id}: step {position} done")


@app.command("case-draft")
def case_draft(case_id: int, kind: str, staff: Staff) -> None:
    """Create a draft (acknowledgement, apology, resolution) and print it with tone flags."""
    from amends.decide.cases import do_create_draft

    draft = _run(lambda s: do_create_draft(s, case_id, kind=kind, staff_id=_staff(s, staff)))
    typer.echo(f"draft {draft.id} ({draft.kind}); tone flags: "
               f"{', '.join(draft.tone.get('flags') or []) or 'none'}\n")
    typer.echo(f"Subject: {draft.subject}\n\n{draft.body}")


@app.command("case-resolve")
def case_resolve(case_id: int, staff: Staff, fix: str | None = None, note: str = "") -> None:
    """Resolve a case (the follow-up survey goes out)."""
    from amends.decide.cases import do_resolve_case

    _run(lambda s: do_resolve_case(s, case_id, staff_id=_staff(s, staff), note=note, fix=fix))
    typer.echo(f"case {case_id} resolved")


@app.command("case-close")
def case_close(case_id: int, staff: Staff,
               root_cause: Annotated[str, typer.Option(help="process, product, people, ...")],
               note: str = "") -> None:
    """Close a case with its root cause."""
    from amends.decide.cases import do_close_case

    _run(lambda s: do_close_case(s, case_id, staff_id=_staff(s, staff), root_cause=root_cause,
                                 note=note))
    typer.echo(f"case {case_id} closed")


@app.command("case-offer")
def case_offer(case_id: int, staff: Staff, kind: str, value: float,
               description: str = "") -> None:
    """Offer amends (refund, credit, discount, gift, waived_fee); above the cap, approval."""
    from amends.decide.amends_ledger import do_offer_amends, recommend

    def action(s: Session) -> Any:
        entry = do_offer_amends(s, case_id, staff_id=_staff(s, staff), kind=kind, value=value,
                                description=description)
        return entry, recommend(s, case_id)

    entry, rec = _run(action)
    typer.echo(f"amends {entry.id}: {entry.kind} {entry.value:.2f} -> {entry.status} "
               f"(cap {rec['cap']:.2f}, used this year {rec['used_this_year']:.2f})")


@app.command("recovery-report")
def recovery_report(since: str | None = None, as_json: AsJson = False) -> None:
    """Recovery analytics: response/resolution times, SLA, recovery rate, amends, paradox."""
    from amends.report.recovery import analytics

    start = _since(since)
    data = _run(lambda s: analytics(s, since=start))
    if as_json:
        _print(data)
        return
    c = data["cases"]
    typer.echo(f"cases opened {c['opened']}, open {c['open']}, resolved {c['resolved']}, "
               f"closed {c['closed']}")
    fr, rs = data["first_response_business_hours"], data["resolution_business_hours"]
    typer.echo(f"first response (business h): median {fr['median']}, p90 {fr['p90']}")
    typer.echo(f"resolution (business h): median {rs['median']}, p90 {rs['p90']}")
    typer.echo(f"SLA breach rate: {data['sla']['breach_rate']}; recovery rate: "
               f"{data['recovery_rate']}; amends accepted: {data['amends_cost']['accepted']}")
    typer.echo("retention 90 days later (retained/customers):")
    for row in data["paradox"]["rows"]:
        if row["customers"]:
            typer.echo(f"  {row['severity']:<9} {row['group']:<17} "
                       f"{row['retained']}/{row['customers']}  rate {row['retention_rate']}")


@app.command("case-rules")
def case_rules(as_json: AsJson = False) -> None:
    """Detection rules and their settings."""
    from amends.decide.rules import rule_settings

    data = _run(rule_settings)
    if as_json:
        _print(data)
        return
    for rule, params in data.items():
        typer.echo(f"{rule:<18} {json.dumps(params)}")


@app.command("case-rule-set")
def case_rule_set(rule: str,
                  enabled: Annotated[bool | None, typer.Option("--enabled/--disabled")] = None,
                  param: Annotated[list[str] | None, typer.Option(help="name=number")] = None
                  ) -> None:
    """Change a detection rule: --disabled, or --param min_severity=50."""
    from amends.decide.rules import do_update_rule

    params: dict[str, Any] = {}
    for item in param or []:
        key, _, raw = item.partition("=")
        try:
            params[key.strip()] = float(raw)
        except ValueError:
            typer.echo(f"error: --param {item!r}: expected name=number", err=True)
            raise typer.Exit(2) from None
    out = _run(lambda s: do_update_rule(s, rule, enabled=enabled, params=params))
    typer.echo(f"{rule}: {json.dumps(out)}")


@app.command("alert-subscribe")
def alert_subscribe(channel: str, target: str,
                    staff: Annotated[str | None, typer.Option("--staff")] = None,
                    min_priority: str = "p4", digest: bool = False) -> None:
    """Send case alerts to email, a Slack webhook or a signed JSON webhook."""
    from amends.decide.cases import do_subscribe

    sub = _run(lambda s: do_subscribe(s, staff_id=_staff(s, staff) if staff else None,
                                      channel=channel, target=target,
                                      min_priority=min_priority, digest=digest))
    typer.echo(f"subscription {sub.id}: {sub.channel} -> {sub.target}")


@app.command("case-assign")
def case_assign(case_id: int, staff: Staff,
                to: Annotated[str, typer.Option("--to", help="email of the new owner")]) -> None:
    """Give a case to another staff member."""
    from amends.decide.cases import do_assign

    _run(lambda s: do_assign(s, case_id, staff_id=_staff(s, to), actor_id=_staff(s, staff)))
    typer.echo(f"case {case_id} assigned to {to}")


@app.command("case-respond")
def case_respond(case_id: int, staff: Staff, channel: str = "phone", note: str = "") -> None:
    """Record that the customer heard from us (stops the first-response clock)."""
    from amends.decide.cases import do_record_response

    _run(lambda s: do_record_response(s, case_id, staff_id=_staff(s, staff), channel=channel,
                                      note=note))
    typer.echo(f"case {case_id}: response recorded")


@app.command("case-note")
def case_note(case_id: int, staff: Staff, text: str) -> None:
    """Add a note to the case's timeline."""
    from amends.decide.cases import do_add_note

    _run(lambda s: do_add_note(s, case_id, staff_id=_staff(s, staff), text=text))
    typer.echo(f"case {case_id}: note added")


@app.command("case-draft-send")
def case_draft_send(case_id: int, draft_id: int, staff: Staff,
                    body_file: Annotated[Path | None, typer.Option(
                        help="the edited message (UTF-8 text)")] = None,
                    override_tone: bool = False) -> None:
    """Send a draft to the customer by email, optionally with an edited body first."""
    from amends.decide.cases import do_send_draft, do_update_draft

    body = None
    if body_file is not None:
        try:
            body = body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            typer.echo(f"error: --body-file: {exc}", err=True)
            raise typer.Exit(2) from None

    def action(s: Session) -> Any:
        actor = _staff(s, staff)
        if body is not None:
            do_update_draft(s, case_id, draft_id, staff_id=actor, body=body)
        return do_send_draft(s, case_id, draft_id, staff_id=actor, override_tone=override_tone)

    draft = _run(action)
    typer.echo(f"draft {draft.id} sent")


@app.command("case-approve")
def case_approve(case_id: int, entry_id: int, staff: Staff,
                 refuse: Annotated[bool, typer.Option("--refuse")] = False) -> None:
    """Approve (or --refuse) amends above the cap: managers and admins only."""
    from amends.decide.amends_ledger import do_approve_amends

    entry = _run(lambda s: do_approve_amends(s, case_id, entry_id, staff_id=_staff(s, staff),
                                             approve=not refuse))
    typer.echo(f"amends {entry.id}: {entry.status}")


@app.command("case-amends-answer")
def case_amends_answer(case_id: int, entry_id: int, staff: Staff,
                       accepted: Annotated[bool, typer.Option("--accepted/--declined")]
                       ) -> None:
    """Record whether the customer accepted the offer."""
    from amends.decide.amends_ledger import do_decide_amends

    entry = _run(lambda s: do_decide_amends(s, case_id, entry_id, staff_id=_staff(s, staff),
                                            accepted=accepted))
    typer.echo(f"amends {entry.id}: {entry.status}")


@app.command("case-sweep")
def case_sweep() -> None:
    """Run the SLA sweep, outcome judging and digests now (the worker does this itself)."""
    from amends.decide.cases import evaluate_due_outcomes, send_digests, sla_sweep

    counts = _run(lambda s: (sla_sweep(s), evaluate_due_outcomes(s), send_digests(s)))
    typer.echo(f"SLA actions {counts[0]}, outcomes judged {counts[1]}, digests {counts[2]}")
