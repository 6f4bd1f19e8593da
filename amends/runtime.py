"""The settings of the running process, for code that runs outside a request (job handlers).

`serve`, `worker` and `demo` install their settings at start; tests install theirs through
the `settings` fixture. Anything else falls back to the environment.
"""

from __future__ import annotations

from amends.config import Settings, load_settings

_current: Settings | None = None


def use_settings(settings: Settings | None) -> None:
    global _current
    _current = settings


def get_settings() -> Settings:
    global _current
    if _current is None:
        _current = load_settings()
    return _current
