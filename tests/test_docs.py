"""The README is checked: its set-up commands, commands table and settings are real."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _code_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_readme_opens_with_exactly_two_setup_commands():
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    blocks = _code_blocks(setup)
    assert len(blocks) == 2
    run, test = blocks
    assert "amends demo --serve" in run and run.startswith("python3 -m venv .venv")
    assert "pytest" in test and test.startswith("python3 -m venv .venv")
    assert README.index("## Set up") < README.index("## How it fits together")


def test_ci_runs_the_readme_test_command():
    test_command = _code_blocks(README.split("## Set up", 1)[1])[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_command in ci


def test_every_documented_command_exists():
    from amends.cli import _register_extensions, app

    _register_extensions()
    names = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`amends ([a-z][a-z-]*)", table))
    assert documented, "the commands table is empty"
    assert documented <= names, f"documented but missing: {documented - names}"


def test_every_documented_setting_is_read():
    config = (ROOT / "amends" / "config.py").read_text()
    settings = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"AMENDS_([A-Z_]+[A-Z])", settings))
    expanded = set()
    for name in documented:  # "AMENDS_SMTP_HOST, _PORT" style rows name siblings
        expanded.add(name)
    for row in re.findall(r"`AMENDS_(SMTP)_HOST`, `_PORT`, `_SECURITY`, `_USER`, `_PASSWORD`",
                          settings):
        expanded |= {f"{row}_{part}" for part in ("PORT", "SECURITY", "USER", "PASSWORD")}
    missing = {n for n in expanded if f'"{n}"' not in config}
    assert not missing, f"documented settings the loader never reads: {missing}"
