"""A survey invitation in a real browser: Debian's chromium driven by Playwright.

The invitation is sent through a real SMTP server (aiosmtpd); the browser opens the
email's HTML part as a file, clicks an answer button (a plain link, no JavaScript), lands
on the thank-you page served by uvicorn on a free loopback port (scratch SQLite database,
committed), and leaves a comment. The browser context sends a desktop Chrome user agent:
headless Chromium names itself "HeadlessChrome", which is on the mail-scanner list.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from amends.config import Settings

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true but {CHROMIUM} is missing: apt-get install chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests "
                "skipped outside CI", allow_module_level=True)

DESKTOP_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0 Safari/537.36")


@dataclass(frozen=True)
class BrowserSettings(Settings):
    survey_quiet_hours: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    import uvicorn

    from amends import runtime
    from amends.config import load_settings
    from amends.db import make_engine, make_session_factory, migrate
    from amends.web.app import create_app
    from tests.support.receivers import smtp_server

    url = f"sqlite:///{tmp_path}/survey-browser.sqlite3"
    engine = make_engine(url)
    migrate(engine)
    port = _free_port()
    base = load_settings({}, database_url=url, secret_key="browser-test-secret-0123456789",
                         base_url=f"http://127.0.0.1:{port}")
    with smtp_server() as smtp:
        values = {f.name: getattr(base, f.name) for f in fields(Settings)}
        # No quiet hours whatever the time of day the test runs (the product default holds
        # invitations from 21:00 to 08:00).
        settings = BrowserSettings(**{**values, "smtp_host": smtp.host, "smtp_port": smtp.port,
                                      "survey_quiet_hours": ""})
        srv = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                            log_level="warning", lifespan="off"))
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        try:
            yield {"settings": settings, "smtp": smtp, "factory": make_session_factory(engine),
                   "tmp": tmp_path}
        finally:
            srv.should_exit = True
            thread.join(timeout=10)
            runtime.use_settings(None)
            engine.dispose()


def _send_invitation(server: dict[str, Any]) -> str:
    """Invite one customer and return the HTML part of the email the SMTP server got."""
    from amends import hooks, jobs
    from amends.decide.surveys import do_create_survey, do_invite
    from amends.models import Customer

    hooks.HOOKS["survey_answered"], saved = [], hooks.HOOKS["survey_answered"]
    server["saved_hooks"] = saved
    factory = server["factory"]
    with factory() as session:
        survey = do_create_survey(session, key="chat", name="After chat", kind="thermometer",
                                  question="How was your chat with us today?",
                                  follow_up="What could we have done better?",
                                  brand_name="Acme Garden", brand_colour="#1d6b46")
        customer = Customer(name="Robin", email="robin@example.com", email_key="robin@example.com",
                            attributes={})
        session.add(customer)
        session.flush()
        do_invite(session, survey=survey, customer_id=customer.id, context_type="conversation",
                  context_id="T-100", settings=server["settings"])
        session.commit()
    jobs.run_pending(factory)
    [mail] = server["smtp"].messages
    for part in mail.walk():
        if part.get_content_type() == "text/html":
            return str(part.get_payload(decode=True).decode())
    raise AssertionError("no HTML part")


def test_click_an_answer_in_the_email_and_comment(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    from amends import hooks
    from amends.models import Interaction
    from amends.models.surveys import SurveyResponse

    try:
        html = _send_invitation(server)
        email_file = server["tmp"] / "invitation.html"
        email_file.write_text(html, encoding="utf-8")
        shots = Path(os.environ.get("AMENDS_SCREENSHOTS_DIR", str(server["tmp"])))
        shots.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"])
            context = browser.new_context(user_agent=DESKTOP_UA, java_script_enabled=False,
                                          viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.goto(email_file.as_uri())
            page.screenshot(path=str(shots / "survey-email.png"), full_page=True)
            with context.expect_page() as opened:
                page.get_by_role("link", name="Unhappy", exact=True).click()
            thanks = opened.value
            thanks.wait_for_load_state()
            assert "Thank you" in thanks.content()
            assert "What could we have done better?" in thanks.content()
            thanks.get_by_label("What could we have done better?").fill(
                "The first answer was copied from a script and did not help.")
            thanks.get_by_role("button", name="Send").click()
            thanks.wait_for_load_state()
            assert "we read every comment" in thanks.content()
            thanks.screenshot(path=str(shots / "survey-thanks.png"), full_page=True)
            browser.close()
    finally:
        hooks.HOOKS["survey_answered"] = server.get("saved_hooks", [])

    with server["factory"]() as session:
        response = session.scalar(select(SurveyResponse))
        assert response is not None and response.option == "unhappy"
        assert response.bad_experience and response.identity_verified
        assert response.comment == "The first answer was copied from a script and did not help."
        note = session.get(Interaction, response.comment_interaction_id)
        assert note is not None and note.channel == "survey_comment"
        assert note.thread_id == "T-100"
