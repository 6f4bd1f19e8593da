"""Intake commands: list leads, convert one, create a form, poll a mailbox, report, sweep."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

app = typer.Typer()


def _context() -> tuple[Any, Callable[[], Session]]:
    from amends.cli import session_factory_for, settings_or_exit

    settings = settings_or_exit()
    return settings, session_factory_for(settings)


@app.command("leads")
def leads(status: Annotated[str | None, typer.Option(help="new, contacted, ...")] = None,
          unanswered: Annotated[bool, typer.Option(help="only leads nobody answered")] = False,
          limit: int = 50, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List recent enquiries (newest first), or the unanswered ones (most overdue first)."""
    from amends.cli import out
    from amends.report import intake as report

    settings, factory = _context()
    with factory() as session:
        data = (report.unanswered(session, settings, limit=limit) if unanswered
                else report.list_leads(session, status=status, limit=limit))
    if as_json:
        out.print_json(json.dumps(data))
        return
    for lead in data["items"]:
        flag = " OVERDUE" if lead.get("overdue") else ""
        out.print(f"L{lead['id']:<6} {lead['received_at']}  {lead['status']:<9} "
                  f"{lead['urgency']:<7} {lead['topic_label'] or '-':<28} "
                  f"{lead['name'] or lead['email'] or lead['phone']}{flag}", highlight=False)
    if not data["items"]:
        out.print("no leads")


@app.command("lead-convert")
def lead_convert(lead_id: int, customer_id: Annotated[int | None, typer.Option(
        help="link to this existing customer")] = None) -> None:
    """Mark a lead as a client: create (or link) the customer and copy its history."""
    from amends.cli import fail, out
    from amends.decide.intake import do_convert_lead
    from amends.errors import AmendsError

    settings, factory = _context()
    with factory() as session:
        try:
            customer = do_convert_lead(session, lead_id, settings, customer_id=customer_id)
        except AmendsError as exc:
            fail(exc.message)
        session.commit()
        out.print(f"lead L{lead_id} is now customer #{customer.id}")


@app.command("intake-form-create")
def form_create(name: str, redirect_url: str | None = None, team: str | None = None) -> None:
    """Create an embeddable enquiry form and print the HTML to paste into a website."""
    from amends.cli import fail, out
    from amends.decide.intake import do_create_form
    from amends.errors import AmendsError
    from amends.web.intake import form_info

    settings, factory = _context()
    with factory() as session:
        try:
            form = do_create_form(session, name, redirect_url=redirect_url, team_name=team)
        except AmendsError as exc:
            fail(exc.message)
        session.commit()
        info = form_info(form, settings)
    out.print(f"form {info['key']} at {info['url']}\n\nPaste this into your page:\n",
              highlight=False)
    print(info["embed_html"])


@app.command("intake-report")
def intake_report(days: int = 30) -> None:
    """Speed to lead over the last `days` days, as JSON."""
    from datetime import timedelta

    from amends.cli import out
    from amends.report.intake import speed_to_lead
    from amends.timeutil import utcnow

    settings, factory = _context()
    with factory() as session:
        data = speed_to_lead(session, settings, since=utcnow() - timedelta(days=days))
    out.print_json(json.dumps(data))


@app.command("intake-sweep")
def intake_sweep() -> None:
    """Raise due SLA alerts and follow-ups now (the worker does this on its own)."""
    from amends.cli import out
    from amends.decide.intake import do_sweep

    settings, factory = _context()
    with factory() as session:
        result = do_sweep(session, settings)
        session.commit()
    out.print(f"{result['alerts']} alerts, {result['follow_ups']} follow-ups")


@app.command("intake-imap-poll")
def imap_poll(host: Annotated[str, typer.Option(envvar="AMENDS_INTAKE_IMAP_HOST")],
              user: Annotated[str, typer.Option(envvar="AMENDS_INTAKE_IMAP_USER")],
              folder: str = "INBOX", port: int = 993,
              ssl: Annotated[bool, typer.Option(help="IMAP over TLS")] = True,
              every: Annotated[int, typer.Option(help="seconds between polls; 0: once")] = 0
              ) -> None:
    """Turn unread mail in a mailbox into leads (password in AMENDS_INTAKE_IMAP_PASSWORD)."""
    import time

    from amends.cli import fail, out
    from amends.intake.imap import poll_once

    password = os.environ.get("AMENDS_INTAKE_IMAP_PASSWORD", "")
    if not password:
        fail("set AMENDS_INTAKE_IMAP_PASSWORD to the mailbox password")
    settings, factory = _context()
    while True:
        try:
            result = poll_once(factory, settings, host=host, port=port, user=user,
                               password=password, folder=folder, use_ssl=ssl)
        except OSError as exc:
            fail(f"IMAP {host}:{port}: {exc}")
        out.print(f"{result['created']} new leads, {result['duplicates']} already known, "
                  f"{result['refused']} refused", highlight=False)
        if every <= 0:
            return
        time.sleep(every)
