"""The user guide (docs/guide) is checked against the code, so it stays true.

Every `amends <command>` (and its `--options`) must exist in the CLI, every `AMENDS_*`
variable must be read by the settings loader (or by the one command the guide says reads
it), the settings reference must list every variable the loader reads with its real
default, every `/api/v1/...` path must be in the app's OpenAPI document, every internal
link must resolve, and the webhook receiver example must accept Amends' own signatures.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide"
CONFIG = (ROOT / "amends" / "config.py").read_text(encoding="utf-8")
EXPECTED_PAGES = {"index.md", "ingest.md", "text-analysis.md", "health.md", "surveys.md",
                  "recovery.md", "operations.md"}
# Variables read by one command rather than the settings loader: name -> the module reading it.
COMMAND_VARIABLES = {"AMENDS_NEW_PASSWORD": "amends/cli.py",
                     "AMENDS_INTAKE_IMAP_HOST": "amends/cli_intake.py",
                     "AMENDS_INTAKE_IMAP_USER": "amends/cli_intake.py",
                     "AMENDS_INTAKE_IMAP_PASSWORD": "amends/cli_intake.py"}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"`([^`\n]+)`")
COMMAND = re.compile(r"(?<![\w.-])amends ([a-z][a-z0-9-]*)((?:[^\n`|]*))")
VARIABLE = re.compile(r"AMENDS_[A-Z0-9_]*[A-Z0-9]")
API_PATH = re.compile(r"(?:\b(GET|POST|PUT|PATCH|DELETE)`?/?`?\s+)?(/api/v1/[A-Za-z0-9_{}/.-]*)")
LINK = re.compile(r"(?<!!)\[[^\]]+\]\(([^)\s]+)\)")


def _pages() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(GUIDE.glob("*.md"))}


def _code(text: str) -> Iterator[str]:
    """Fenced blocks (backslash continuations joined) and inline code spans."""
    for block in FENCE.findall(text):
        yield block.replace("\\\n", " ")
    yield from INLINE.findall(FENCE.sub("", text))


def _loader_variables() -> set[str]:
    """Every AMENDS_* name `load_settings` reads (through get/number/... or name tables)."""
    names = set(re.findall(r"(?:get|number)\(\"([A-Z][A-Z0-9_]*)\"", CONFIG))
    names |= set(re.findall(r"\(\"([A-Z][A-Z0-9_]*)\", \"[a-z_]+\"\)", CONFIG))
    return {f"AMENDS_{n}" for n in names}


def test_the_guide_has_its_pages():
    assert EXPECTED_PAGES <= set(_pages())


def _cli() -> Any:
    import typer

    from amends.cli import _register_extensions, app

    _register_extensions()
    group = typer.main.get_command(app)
    return group.commands  # type: ignore[attr-defined]


def test_every_command_and_option_in_the_guide_exists():
    commands = _cli()
    mentioned: set[str] = set()
    problems = []
    for name, text in _pages().items():
        for code in _code(text):
            for command, rest in COMMAND.findall(code):
                mentioned.add(command)
                if command not in commands:
                    problems.append(f"{name}: `amends {command}` is not a command")
                    continue
                known = {o for p in commands[command].params
                         for o in (*p.opts, *p.secondary_opts)}
                for option in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", rest):
                    if option not in known:
                        problems.append(f"{name}: `amends {command}` has no {option}")
    assert not problems, "\n".join(problems)
    # The guide is meant to cover the operator's commands; a sanity floor, not a census.
    assert {"serve", "worker", "migrate", "import", "analyse", "analyse-text", "score",
            "train-churn", "check-config"} <= mentioned


def test_the_command_pattern_catches_a_made_up_command():
    found = [c for code in _code("Run `amends frobnicate --now`.") for c, _ in
             COMMAND.findall(code)]
    assert found == ["frobnicate"] and "frobnicate" not in _cli()


def test_every_variable_in_the_guide_is_read():
    loader = _loader_variables()
    assert len(loader) > 40, "the loader's variables were not found: update this test"
    problems = []
    for name, text in _pages().items():
        for variable in sorted(set(VARIABLE.findall(text))):
            if variable in loader:
                continue
            module = COMMAND_VARIABLES.get(variable)
            if module is None or variable not in (ROOT / module).read_text(encoding="utf-8"):
                problems.append(f"{name}: {variable} is not read by amends/config.py")
    assert not problems, "\n".join(problems)


def _settings_rows() -> dict[str, str]:
    """Variable -> default cell of the settings reference tables."""
    ops = _pages()["operations.md"]
    reference = ops.split("## Settings reference", 1)[1].split("### Variables read by", 1)[0]
    return {m[0]: m[1].strip() for m in
            re.findall(r"^\| `(AMENDS_[A-Z0-9_]+)` \| ([^|]*) \|", reference, re.M)}


def test_the_settings_reference_lists_every_variable_the_loader_reads():
    rows = _settings_rows()
    assert not _loader_variables() - set(rows), "missing from the settings reference"
    assert not set(rows) - _loader_variables(), "in the reference but never read"


def test_the_settings_reference_shows_the_real_defaults():
    import dataclasses

    from amends.config import Settings, load_settings

    defaults = load_settings({})  # the values a process gets with nothing set
    fields = {f.name for f in dataclasses.fields(Settings)}
    checked = 0
    for variable, cell in _settings_rows().items():
        key = variable.removeprefix("AMENDS_").lower()
        assert key in fields, f"{variable} names no Settings field"
        value = getattr(defaults, key)
        shown = re.match(r"`([^`]*)`", cell)
        if shown is None:  # "(empty)": the default must be empty
            assert not value, f"{variable}: documented as empty, but the default is {value!r}"
            continue
        text = shown.group(1)
        if isinstance(value, bool):
            assert value == (text in ("1", "true")), variable
        elif isinstance(value, int | float):
            assert float(text) == value, f"{variable}: documented {text}, real {value}"
        elif isinstance(value, str):
            assert text == value, f"{variable}: documented {text!r}, real {value!r}"
        elif isinstance(value, tuple):
            assert text.split(",") == [str(v) for v in value], variable
        elif isinstance(value, dict) and key.startswith("sla_"):
            assert dict(p.split("=") for p in text.split(",")) == {
                k: str(v) for k, v in value.items()}, variable
        else:
            continue
        checked += 1
    assert checked > 30


@pytest.fixture(scope="module")
def openapi() -> Iterator[dict[str, Any]]:
    """The app's OpenAPI document (no database needed to build it)."""
    from amends import runtime
    from amends.config import load_settings
    from amends.web.app import create_app

    previous = runtime._current  # create_app installs its settings; put the old ones back
    try:
        app = create_app(load_settings({}, dev_mode=True, database_url="sqlite:///:memory:"),
                         session_factory=lambda: None)
        yield app.openapi()
    finally:
        runtime.use_settings(previous)


def _methods_for(openapi: dict[str, Any], path: str) -> set[str] | None:
    """The methods of the route a documented path names, or None when none matches.

    `{customer_id}`-style parameters match any one segment, so the guide may write either a
    template or a concrete example such as `/api/v1/surveys/after-chat/invitations`.
    """
    path = re.sub(r"\{[^}]*\}", "x", path.rstrip("./"))
    found: set[str] | None = None
    for route, ops in openapi["paths"].items():
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(route))
        if re.fullmatch(pattern, path):
            found = (found or set()) | {m.upper() for m in ops}
    return found


def test_every_api_path_in_the_guide_exists(openapi: dict[str, Any]):
    problems = []
    seen = 0
    for name, text in _pages().items():
        for method, path in API_PATH.findall(text):
            seen += 1
            methods = _methods_for(openapi, path)
            if methods is None:
                problems.append(f"{name}: {path} is not an API route")
            elif method and method not in methods:
                problems.append(f"{name}: {method} {path} is not allowed")
    assert not problems, "\n".join(problems)
    assert seen > 40


def test_the_path_check_catches_wrong_paths_and_methods(openapi: dict[str, Any]):
    [(method, path)] = API_PATH.findall("`DELETE /api/v1/customers/{customer_id}`")
    methods = _methods_for(openapi, path)
    assert method == "DELETE" and methods is not None and method not in methods
    assert _methods_for(openapi, "/api/v1/customers/42/nothing-here") is None


def _slug(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_every_internal_link_resolves():
    problems = []
    checked = 0
    for name, text in _pages().items():
        for target in LINK.findall(FENCE.sub("", text)):
            if re.match(r"[a-z]+:", target):
                continue  # http(s), mailto
            checked += 1
            file_part, _, anchor = target.partition("#")
            path = (GUIDE / file_part).resolve() if file_part else GUIDE / name
            if not path.is_file():
                problems.append(f"{name}: {target}: no such file")
            elif anchor and anchor not in _anchors(path):
                problems.append(f"{name}: {target}: no heading #{anchor}")
    assert not problems, "\n".join(problems)
    assert checked > 20


def _receiver() -> dict[str, Any]:
    text = _pages()["recovery.md"]
    [code] = [b for b in re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
              if "def is_genuine" in b]
    namespace: dict[str, Any] = {}
    exec(compile(code, "recovery.md", "exec"), namespace)  # noqa: S102 - our own doc
    return namespace


def test_the_documented_receiver_accepts_real_signatures_and_refuses_forgeries():
    from amends.config import load_settings
    from amends.notify.signing import sign, webhook_secret

    settings = load_settings({}, webhook_secret="shared-with-the-receiver")
    assert webhook_secret(settings) == b"shared-with-the-receiver"  # as the guide says
    receiver = _receiver()
    receiver["WEBHOOK_SECRET"] = b"shared-with-the-receiver"
    body = b'{"event":"case.opened","event_id":1}'
    headers = sign(webhook_secret(settings), body)
    is_genuine = receiver["is_genuine"]
    assert is_genuine(body, headers["X-Amends-Timestamp"], headers["X-Amends-Signature"])
    assert not is_genuine(body + b" ", headers["X-Amends-Timestamp"],
                          headers["X-Amends-Signature"])
    stale = sign(webhook_secret(settings), body, int(time.time()) - 3600)
    assert not is_genuine(body, stale["X-Amends-Timestamp"], stale["X-Amends-Signature"])


def test_the_derived_webhook_key_is_as_documented():
    from amends.config import load_settings
    from amends.notify.signing import webhook_secret

    settings = load_settings({}, secret_key="a-long-enough-secret-key")
    assert webhook_secret(settings) == hashlib.sha256(b"webhook:a-long-enough-secret-key").digest()
