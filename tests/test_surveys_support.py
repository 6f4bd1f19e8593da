"""Shared fixtures and helpers of the survey tests (this module holds no tests itself)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from email.message import Message
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest

from amends import runtime
from amends.config import Settings

HUMAN_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Safari/537.36")
HUMAN = {"User-Agent": HUMAN_UA}


@dataclass(frozen=True)
class SurveyTestSettings(Settings):
    """Settings with the survey fields (the lead adds them to config.py)."""

    survey_frequency_days: float = 7
    survey_quiet_hours: str = ""
    survey_link_days: int = 30
    survey_burst_seconds: int = 10
    survey_comment_max_chars: int = 2000
    survey_rate_ip_per_minute: int = 1000
    survey_rate_invitation_per_minute: int = 1000


def survey_settings_from(settings: Settings, **overrides: Any) -> SurveyTestSettings:
    values = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    # The survey fields keep this class's test values (no quiet hours, generous rates),
    # not the product defaults that Settings now has too: with its 21:00-08:00 quiet
    # hours, a test run in the evening would hold every invitation until morning.
    values.update(
        {f.name: f.default for f in fields(SurveyTestSettings) if f.name.startswith("survey_")}
    )
    values.update(overrides)
    return SurveyTestSettings(**values)


@pytest.fixture
def smtp() -> Iterator[Any]:
    from tests.support.receivers import smtp_server

    with smtp_server() as sink:
        yield sink


@pytest.fixture
def ssettings(settings: Settings, smtp: Any) -> Iterator[SurveyTestSettings]:
    s = survey_settings_from(settings, smtp_host=smtp.host, smtp_port=smtp.port)
    runtime.use_settings(s)
    yield s
    runtime.use_settings(settings)


@pytest.fixture
def sclient(ssettings: SurveyTestSettings, session_factory: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from amends.web.app import create_app

    with TestClient(create_app(ssettings, session_factory)) as c:
        yield c


@pytest.fixture
def admin_auth(session: Any) -> dict[str, str]:
    from amends.auth import do_create_api_key

    _, raw = do_create_api_key(session, "survey-admin", ["admin"])
    session.commit()
    return {"Authorization": f"Bearer {raw}"}


def make_survey(session: Any, key: str = "care", kind: str = "thermometer",
                **fields_: Any) -> Any:
    from amends.decide.surveys import do_create_survey

    values: dict[str, Any] = {"name": "Care survey", "question": "How did we do?",
                              "follow_up": "What could we do better?",
                              "brand_name": "Acme", "brand_colour": "#123456"}
    values.update(fields_)
    return do_create_survey(session, key=key, kind=kind, **values)


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._text.strip(), self._href))
            self._href = None


def html_links(html: str) -> dict[str, str]:
    parser = LinkParser()
    parser.feed(html)
    return dict(parser.links)


def parts(mail: Message) -> tuple[str, str]:
    """The (text, html) bodies of a multipart/alternative message."""
    text = html = ""
    for part in mail.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return text, html


def path_of(url: str) -> str:
    split = urlsplit(url)
    return split.path + (f"?{split.query}" if split.query else "")


def token_of(url: str) -> str:
    match = re.search(r"/s/a/([^/?#]+)", url)
    assert match, url
    return match.group(1)
