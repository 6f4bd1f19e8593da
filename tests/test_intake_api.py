"""The leads API end to end, the form admin API, OpenAPI shapes, IMAP polling and the CLI."""

# Fixtures are imported from tests/test_intake_support.py, so pytest sees them here.
# ruff: noqa: F811

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from amends import cli, runtime
from amends.auth import do_create_api_key
from amends.decide.intake import do_capture_lead, on_interactions_analysed
from amends.intake.capture import Enquiry
from amends.intake.imap import poll_once
from amends.models import Customer, Interaction
from amends.models.intake import Lead
from tests.conftest import TEST_SECRET
from tests.factories import make_customer, make_interaction
from tests.test_intake_support import MONDAY_10, law_settings, open_app, staff  # noqa: F401


def test_lead_lifecycle_through_the_api(session, open_app, auth, staff):
    created = open_app.post("/api/v1/leads", headers=auth, json={
        "name": "Tom Ng", "email": "tom@example.com", "phone": "+1 555 010 4000",
        "message": "Pulled over last night, failed a breathalyzer. What now?"})
    lead_id = created.json()["id"]
    assert created.json()["lead"]["topic"] == "dui"
    board = open_app.get("/api/v1/leads/unanswered", headers=auth).json()
    assert [i["id"] for i in board["items"]] == [lead_id]
    assign = open_app.post(f"/api/v1/leads/{lead_id}/assign", headers=auth,
                           json={"staff_email": "bob@example.org"})
    assert assign.json()["assigned_to_id"] == staff["bob"].id
    bad_touch = open_app.post(f"/api/v1/leads/{lead_id}/touches", headers=auth,
                              json={"kind": "pigeon"})
    assert bad_touch.status_code == 422
    assert bad_touch.json()["error"]["fields"][0]["field"] == "body.kind"
    unknown_staff = open_app.post(f"/api/v1/leads/{lead_id}/touches", headers=auth,
                                  json={"kind": "call", "staff_email": "who@example.org"})
    assert unknown_staff.status_code == 422
    touch = open_app.post(f"/api/v1/leads/{lead_id}/touches", headers=auth, json={
        "kind": "call", "staff_email": "bob@example.org", "text": "Spoke, booked a meeting"})
    assert touch.status_code == 201 and touch.json()["lead"]["status"] == "contacted"
    assert open_app.get("/api/v1/leads/unanswered", headers=auth).json()["count"] == 0
    lost = open_app.post(f"/api/v1/leads/{lead_id}/status", headers=auth,
                         json={"status": "lost"})
    assert lost.status_code == 422 and lost.json()["error"]["fields"][0]["field"] == "body.reason"
    converted = open_app.post(f"/api/v1/leads/{lead_id}/convert", headers=auth, json={})
    assert converted.status_code == 200
    customer = session.get(Customer, converted.json()["customer_id"])
    assert customer.email == "tom@example.com"
    timeline = open_app.get(f"/api/v1/leads/{lead_id}", headers=auth).json()["timeline"]
    kinds = [e["kind"] for e in timeline]
    assert kinds[0] == "enquiry" and "acknowledgement" in kinds and kinds[-1] == "converted"
    closed = open_app.post(f"/api/v1/leads/{lead_id}/touches", headers=auth,
                           json={"kind": "call"})
    assert closed.status_code == 409
    assert open_app.get("/api/v1/leads/999999", headers=auth).status_code == 404
    listed = open_app.get("/api/v1/leads?status=client", headers=auth).json()
    assert [x["id"] for x in listed["items"]] == [lead_id]
    report = open_app.get("/api/v1/intake/report", headers=auth).json()
    assert report["leads"] == 1 and report["conversion_by_source"]["api"]["clients"] == 1
    naive = open_app.get("/api/v1/intake/report?since=2026-01-01T00:00:00", headers=auth)
    assert naive.status_code == 422


def test_forms_admin_api_gives_paste_ready_html(session, open_app, auth):
    _, admin_key = do_create_api_key(session, "admin", ["admin"])
    session.commit()
    refused = open_app.post("/api/v1/intake/forms", headers=auth, json={"name": "Site"})
    assert refused.status_code == 403
    made = open_app.post("/api/v1/intake/forms", json={"name": 'Smith "&" Co'},
                         headers={"Authorization": f"Bearer {admin_key}"})
    assert made.status_code == 201, made.text
    info = made.json()
    assert f'action="http://testserver/intake/form/{info["key"]}"' in info["embed_html"]
    assert "/token" in info["embed_html"] and "hp_website" in info["embed_html"]
    assert 'title="Smith &quot;&amp;&quot; Co"' in info["iframe_html"]
    bad = open_app.post("/api/v1/intake/forms", json={"name": "X", "redirect_url": "ftp://x"},
                        headers={"Authorization": f"Bearer {admin_key}"})
    assert bad.status_code == 422


def test_openapi_documents_the_webhook_shapes(open_app):
    schema = open_app.get("/openapi.json").json()
    assert "/api/v1/intake/email" in schema["paths"] and "/api/v1/intake/phone" in schema["paths"]
    shapes = schema["components"]["schemas"]
    assert {"from", "subject", "text", "html", "message_id"} <= set(
        shapes["EmailWebhookIn"]["properties"])
    assert {"event", "call_id", "from", "occurred_at", "transcript"} <= set(
        shapes["PhoneWebhookIn"]["properties"])


def test_outbound_staff_interaction_hook_records_the_first_response(session, law_settings):
    lead, _ = do_capture_lead(session, Enquiry(source="api", received_at=MONDAY_10,
                                               email="mia@example.com", message="A lease"),
                              law_settings, MONDAY_10)
    customer = make_customer(session, email="mia@example.com")
    reply = make_interaction(session, customer, "We can help", direction="outbound",
                             author_type="staff", when=MONDAY_10 + timedelta(minutes=2))
    on_interactions_analysed(session, interaction_ids=[reply.id])
    assert lead.first_response_at == MONDAY_10 + timedelta(minutes=2)
    assert lead.status == "contacted"


class FakeImap:
    """Stands in for imaplib.IMAP4 at the network seam."""

    def __init__(self, messages: dict[bytes, bytes]) -> None:
        self.messages = messages
        self.seen: list[bytes] = []

    def select(self, folder: str) -> tuple[str, list[bytes]]:
        return "OK", [str(len(self.messages)).encode()]

    def search(self, charset: object, criterion: str) -> tuple[str, list[bytes]]:
        return "OK", [b" ".join(n for n in self.messages if n not in self.seen)]

    def fetch(self, num: bytes, what: str) -> tuple[str, list[object]]:
        return "OK", [(b"1 (BODY[] {n}", self.messages[num]), b")"]

    def store(self, num: bytes, op: str, flag: str) -> tuple[str, list[bytes]]:
        self.seen.append(num)
        return "OK", []


def test_imap_poll_turns_unread_mail_into_leads_once(session, session_factory, law_settings):
    good = (b"From: Ivy <ivy@example.com>\r\nSubject: Will\r\nMessage-ID: <w1@example.com>\r\n"
            b"\r\nI would like to make a will.\r\n")
    junk = b"From: no address here\r\nSubject: ?\r\n\r\nhello\r\n"
    imap = FakeImap({b"1": good, b"2": junk})
    assert poll_once(session_factory, law_settings, client=imap) == {
        "created": 1, "duplicates": 0, "refused": 1}
    assert sorted(imap.seen) == [b"1", b"2"]
    imap.seen.clear()
    assert poll_once(session_factory, law_settings, client=imap)["duplicates"] == 1
    lead = session.scalar(select(Lead))
    assert (lead.email, lead.topic) == ("ivy@example.com", "estate_planning")


def test_cli_lists_and_converts_leads(tmp_path: Path):
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    env = {"AMENDS_DATABASE_URL": url, "AMENDS_SECRET_KEY": TEST_SECRET,
           "AMENDS_BASE_URL": "http://testserver", "AMENDS_SMTP_HOST": "localhost"}
    runner = CliRunner()
    cli._register_extensions()
    try:
        assert runner.invoke(cli.app, ["migrate"], env=env).exit_code == 0
        made = runner.invoke(cli.app, ["intake-form-create", "Website"], env=env)
        assert made.exit_code == 0, made.output
        assert "data-amends-form" in made.output
        from amends.db import make_engine, make_session_factory

        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            do_capture_lead(session, Enquiry(source="api", received_at=MONDAY_10,
                                             name="Kai", email="kai@example.com",
                                             message="Starting a business"),
                            runtime.get_settings(), MONDAY_10)
            session.commit()
        listed = runner.invoke(cli.app, ["leads"], env=env)
        assert listed.exit_code == 0 and "Kai" in listed.output
        converted = runner.invoke(cli.app, ["lead-convert", "1"], env=env)
        assert converted.exit_code == 0 and "customer #1" in converted.output
        missing = runner.invoke(cli.app, ["lead-convert", "99"], env=env)
        assert missing.exit_code != 0 and "no lead with id 99" in missing.output
        with make_session_factory(engine)() as session:
            channels = set(session.scalars(select(Interaction.channel)))
            assert channels == {"other", "email"}  # the API enquiry and the acknowledgement
        engine.dispose()
    finally:
        runtime.use_settings(None)
