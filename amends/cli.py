"""The `amends` command: serve, worker, demo, migrate, import, check-config and more."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from amends.config import Settings, load_settings

app = typer.Typer(help="Amends: catch bad customer experiences, make amends, keep customers.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    # The message carries user text (paths, values): never let rich read it as markup.
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def settings_or_exit(require_valid: bool = True, **overrides: object) -> Settings:
    from amends import runtime

    settings = load_settings(None, **overrides)
    runtime.use_settings(settings)
    if require_valid and settings.errors:
        for problem in settings.errors:
            err.print(problem.line(), highlight=False, markup=False)
        fail("fix the settings above (see `amends check-config`)")
    return settings


def session_factory_for(settings: Settings, require_current: bool = True) -> Any:
    from amends.db import make_engine, make_session_factory, schema_is_current

    engine = make_engine(settings.database_url)
    if require_current and not schema_is_current(engine):
        fail("the database schema is not at the latest migration: run `amends migrate`")
    return make_session_factory(engine)


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False,
                    disable=not err.is_terminal and "AMENDS_PROGRESS" not in __import__("os").environ)


@app.command("check-config")
def check_config() -> None:
    """Report problems with the settings (AMENDS_* environment variables), with hints."""
    settings = load_settings()
    if not settings.problems:
        out.print("configuration OK")
        return
    for problem in settings.problems:
        out.print(problem.line(), highlight=False, markup=False)
    if settings.errors:
        raise typer.Exit(1)


@app.command()
def migrate(revision: str = "head") -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from amends.db import make_engine
    from amends.db import migrate as run_migrations

    settings = settings_or_exit(require_valid=False)
    engine = make_engine(settings.database_url)
    run_migrations(engine, revision)
    out.print(f"database at {revision}")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000,
          with_worker: Annotated[bool, typer.Option(help="also run a job worker thread")] = True,
          ) -> None:
    """Run the web app (API, dashboard, survey links).

    To scale out, run more `amends serve` and `amends worker` processes (on any number of
    machines) against one PostgreSQL database: they keep no state of their own.
    """
    settings = settings_or_exit()
    _serve(settings, host, port, with_worker)


def _serve(settings: Settings, host: str, port: int, with_worker: bool) -> None:
    import threading

    import uvicorn

    from amends.web.app import create_app
    from amends.worker import Worker

    factory = session_factory_for(settings)
    worker, thread = None, None
    if with_worker:
        worker = Worker(factory, poll_seconds=settings.worker_poll_seconds,
                        lease_seconds=settings.job_lease_seconds)
        thread = threading.Thread(target=worker.run, daemon=True, name="amends-worker")
        thread.start()
    app_ = create_app(settings, factory)
    out.print(f"Amends on {settings.base_url if port == 8000 else f'http://{host}:{port}'}")
    uvicorn.run(app_, host=host, port=port, log_level="info")
    if worker is not None and thread is not None:
        # uvicorn has stopped (SIGTERM/SIGINT): let the job in flight finish, as `worker` does.
        worker.stop()
        thread.join(timeout=60)


@app.command()
def worker(burst: Annotated[bool, typer.Option(help="exit when the queue is empty")] = False,
           max_seconds: float | None = None) -> None:
    """Run queued jobs until stopped (SIGTERM finishes the job in flight first)."""
    from amends.worker import Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = settings_or_exit()
    w = Worker(session_factory_for(settings), poll_seconds=settings.worker_poll_seconds,
               lease_seconds=settings.job_lease_seconds)
    w.install_signal_handlers()
    count = w.run(burst=burst, max_seconds=max_seconds)
    out.print(f"worker stopped after {count} jobs")


@app.command("import")
def import_(kind: Annotated[str, typer.Argument(help="customers, interactions or activity")],
            file: Path,
            map_: Annotated[list[str], typer.Option("--map", help="'CSV column=field'")] = [],  # noqa: B006
            preset: Annotated[str | None, typer.Option(help="zendesk, shopify or hubspot")] = None,
            assume_timezone: Annotated[str | None, typer.Option(
                help="zone for timestamps without an offset, e.g. Europe/London")] = None,
            dry_run: Annotated[bool, typer.Option(help="check and count, write nothing")] = False,
            ) -> None:
    """Import a CSV file; bad rows are listed with line numbers, good rows land."""
    from amends.ingest.csv_import import CsvError, import_csv, parse_mapping

    settings = settings_or_exit()
    try:
        mapping = parse_mapping(map_)
        if assume_timezone:
            _check_zone(assume_timezone)
        total = max(sum(1 for _ in file.open("rb")) - 1, 0) if file.is_file() else 0
        with progress_bar() as bar:
            task = bar.add_task(f"importing {kind}", total=total)
            report = import_csv(session_factory_for(settings), kind, file, mapping=mapping,
                                preset=preset, assume_timezone=assume_timezone,
                                dry_run=dry_run, max_text_chars=settings.max_text_chars,
                                progress=lambda n: bar.advance(task, n))
    except CsvError as exc:
        fail(str(exc))
        return
    for line, reason in report.bad:
        err.print(f"{file}:{line}: {reason}", highlight=False, markup=False)
    verb = "would be" if dry_run else ""
    out.print(f"{report.rows} rows: {report.created} {verb} created, {report.updated} {verb} "
              f"updated, {report.duplicates} already present, {len(report.bad)} bad"
              .replace("  ", " "))
    if report.bad:
        raise typer.Exit(1)


def _check_zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"unknown time zone {name!r}")


@app.command("create-user")
def create_user(email: str, name: str, role: str = "agent", team: str | None = None,
                password: Annotated[str | None, typer.Option(
                    help="omit to be asked (or set AMENDS_NEW_PASSWORD)")] = None) -> None:
    """Create a staff user (admin, manager, agent or viewer)."""
    import os

    from amends.decide.staff import do_create_staff
    from amends.errors import AmendsError

    settings = settings_or_exit()
    password = password or os.environ.get("AMENDS_NEW_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            fail("no password: pass --password or set AMENDS_NEW_PASSWORD")
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with session_factory_for(settings)() as session:
        try:
            user = do_create_staff(session, email=email, name=name, role=role, team_name=team,
                                   password=password)
        except AmendsError as exc:
            fail(str(exc))
            return
        session.commit()
        out.print(f"created {user.role} {user.email} (id {user.id})")


@app.command("create-api-key")
def create_api_key(name: str, scope: Annotated[list[str], typer.Option(
        help="ingest, read or admin (repeat for several)")] = ["ingest", "read"]) -> None:  # noqa: B006
    """Create an API key; it is shown once."""
    from amends.auth import do_create_api_key
    from amends.errors import AmendsError

    settings = settings_or_exit()
    with session_factory_for(settings)() as session:
        try:
            _, raw = do_create_api_key(session, name, scope)
        except AmendsError as exc:
            fail(str(exc))
            return
        session.commit()
    out.print(raw)


@app.command()
def demo(seed: int = 7, customers: int = 2000, months: int = 6,
         serve_after: Annotated[bool, typer.Option("--serve", help="then run the server")] = False,
         reset: Annotated[bool, typer.Option(help="delete the existing demo database first")] = True,
         host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build a realistic fictional business (deterministic by seed), then optionally serve it."""
    from amends.demo import build_demo

    # Demo data is for trying Amends out: dev mode allows the placeholder secret.
    settings = settings_or_exit(dev_mode=True)
    with progress_bar() as bar:
        summary = build_demo(settings, seed=seed, n_customers=customers, months=months,
                             reset=reset, progress=bar)
    for line in summary:
        out.print(line, highlight=False)
    if serve_after:
        _serve(settings, host, port, True)


@app.command()
def analyse(all_: Annotated[bool, typer.Option("--all", help="re-analyse every message, "
                                               "not only those of older model versions")] = False,
            batch_size: int = 500) -> None:
    """Re-analyse stored messages with the current text models, in batches."""
    from sqlalchemy import func, select

    from amends.analyse.text import MODEL_VERSION
    from amends.decide.analysis import do_analyse_interactions, pending_ids
    from amends.models import Interaction

    settings = settings_or_exit()
    factory = session_factory_for(settings)
    with factory() as session:
        query = select(func.count()).select_from(Interaction)
        if not all_:
            query = query.where((Interaction.model_version.is_(None))
                                | (Interaction.model_version != MODEL_VERSION))
        total = session.scalar(query) or 0
    done, last_id = 0, 0
    with progress_bar() as bar:
        task = bar.add_task(f"analysing with {MODEL_VERSION}", total=total)
        while True:
            with factory() as session:
                ids = pending_ids(session, MODEL_VERSION, last_id, batch_size, not all_)
                if not ids:
                    break
                do_analyse_interactions(session, ids, force=all_)
                session.commit()
            last_id = ids[-1]
            done += len(ids)
            bar.advance(task, len(ids))
    out.print(f"analysed {done} messages with {MODEL_VERSION}")


def _register_extensions() -> None:
    """Commands that live beside their feature (text engine, surveys, health, ...)."""
    import importlib

    for module_name in EXTENSIONS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        for command in module.app.registered_commands:
            app.registered_commands.append(command)


EXTENSIONS = ["amends.cli_text", "amends.cli_health", "amends.cli_surveys", "amends.cli_cases",
              "amends.cli_intake"]


def main() -> None:
    _register_extensions()
    app()
