"""Regressions for the server errors the API fuzzer found: each is now a clear 4xx.

Also hand-written malformed input for the public pages the OpenAPI document leaves out
(survey links under /s/..., the enquiry form under /intake/form/...).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from amends.auth import do_create_api_key
from amends.decide.staff import do_create_staff
from tests.factories import make_customer

HUGE = 2**64  # past a 64-bit id: once an OverflowError / out-of-range error in the database


@pytest.fixture
def all_auth(session: Session) -> dict[str, str]:
    _, raw = do_create_api_key(session, "fuzz-regressions", ["ingest", "read", "admin"])
    # No password: hashing one is slow, and these tests act through the API key.
    do_create_staff(session, email="alice@example.org", name="Alice Owner", role="admin",
                    team_name="Care", password=None)
    session.commit()
    return {"Authorization": f"Bearer {raw}"}


def _fields(response: Any) -> set[str]:
    return {f["field"] for f in response.json()["error"].get("fields", [])}


def test_huge_case_id_in_path_is_a_422(client, all_auth):
    for path in (f"/api/v1/cases/{HUGE}", f"/api/v1/cases/{HUGE}/amends/recommendation"):
        response = client.get(path, headers=all_auth)
        assert response.status_code == 422, response.text
        assert "path.case_id" in _fields(response)


def test_huge_ids_in_case_bodies_are_a_422_naming_the_field(client, all_auth, session):
    customer = make_customer(session)
    session.commit()
    opened = client.post("/api/v1/cases", headers=all_auth, json={
        "customer_id": customer.id, "title": "x", "severity": 50, "staff_id": -HUGE})
    assert opened.status_code == 422, opened.text
    assert "body.staff_id" in _fields(opened)
    unknown_customer = client.post("/api/v1/cases", headers=all_auth, json={
        "customer_id": HUGE, "title": "x", "severity": 50, "staff_email": "alice@example.org"})
    assert unknown_customer.status_code == 422
    assert "body.customer_id" in _fields(unknown_customer)


def test_huge_case_list_filters_are_a_422(client, all_auth):
    response = client.get("/api/v1/cases", headers=all_auth,
                          params={"owner_id": HUGE, "customer_id": HUGE})
    assert response.status_code == 422, response.text
    assert {"query.owner_id", "query.customer_id"} <= _fields(response)


def test_huge_customer_id_for_health_is_a_422(client, all_auth):
    response = client.get(f"/api/v1/customers/{HUGE}/health", headers=all_auth)
    assert response.status_code == 422, response.text
    assert "path.customer_id" in _fields(response)
    paged = client.get("/api/v1/at-risk", headers=all_auth,
                       params={"offset": HUGE, "owner_id": HUGE})
    assert paged.status_code == 422
    assert {"query.offset", "query.owner_id"} <= _fields(paged)


def test_huge_lead_ids_and_cursor_are_a_422(client, all_auth):
    for method, path, body in (("get", f"/api/v1/leads/{HUGE}", None),
                               ("post", f"/api/v1/leads/{HUGE}/convert", None),
                               ("post", f"/api/v1/leads/{HUGE}/assign", {"staff_email": None})):
        response = client.request(method, path, headers=all_auth, json=body)
        assert response.status_code == 422, (path, response.text)
        assert "path.lead_id" in _fields(response)
    listed = client.get("/api/v1/leads", headers=all_auth, params={"cursor": HUGE})
    assert listed.status_code == 422 and "query.cursor" in _fields(listed)
    linked = client.post("/api/v1/leads/1/convert", headers=all_auth,
                         json={"customer_id": HUGE})
    assert linked.status_code == 422 and "body.customer_id" in _fields(linked)


def test_survey_ref_that_only_looks_numeric_is_a_404(client, all_auth):
    # '²' passes str.isdigit() but not int(); a 25-digit number overflows a 64-bit id.
    for ref in ("²", "1²", str(HUGE)):
        response = client.get(f"/api/v1/surveys/{ref}/invitations", headers=all_auth)
        assert response.status_code == 404, (ref, response.text)
    cursor = client.get("/api/v1/surveys/x/responses", headers=all_auth,
                        params={"cursor": HUGE})
    assert cursor.status_code == 422 and "query.cursor" in _fields(cursor)


def test_snippet_with_an_empty_staff_email_is_a_422(client, all_auth):
    made = client.post("/api/v1/surveys", headers=all_auth, json={
        "key": "nps", "name": "NPS", "kind": "nps", "question": "Recommend us?"})
    assert made.status_code == 201, made.text
    response = client.get("/api/v1/surveys/nps/snippet", headers=all_auth,
                          params={"staff_email": ""})
    assert response.status_code == 422, response.text
    assert "query.staff_email" in _fields(response)


# --- NUL characters: PostgreSQL refuses them in text, so each edge refuses them first ----

NUL = "a\x00b"


NUL_BODIES = [
    ("/api/v1/cases", {"customer_id": 1, "title": NUL, "severity": 5,
                       "staff_email": "alice@example.org"}, "body.title"),
    ("/api/v1/cases/1/notes", {"text": "hi", "staff_email": "a\x00@example.org"},
     "body.staff_email"),
    ("/api/v1/cases/rules/x", {"params": {"k": NUL}}, "body.params"),
    ("/api/v1/leads", {"name": NUL, "email": "tom@example.com", "message": "hi"}, "body.name"),
    ("/api/v1/leads/1/touches", {"kind": "call", "text": NUL}, "body.text"),
    ("/api/v1/intake/forms", {"name": NUL}, "body.name"),
    ("/api/v1/surveys", {"key": "k", "name": NUL, "kind": "nps", "question": "Q?"},
     "body.name"),
]


def test_nul_in_a_body_is_a_422_naming_the_field(client, all_auth):
    for path, body, field in NUL_BODIES:
        method = "put" if "/rules/" in path else "post"
        response = client.request(method, path, headers=all_auth, json=body)
        assert response.status_code == 422, (path, response.text)
        assert any(f.startswith(field) for f in _fields(response)), response.text


def test_nul_in_a_path_or_query_is_a_422_naming_it(client, all_auth):
    for path, params, field in (
            ("/api/v1/cases/learnings", {"root_cause": NUL}, "query.root_cause"),
            ("/api/v1/leads", {"status": NUL}, "query.status"),
            ("/api/v1/at-risk", {"persona": NUL}, "query.persona"),
            ("/api/v1/surveys/a%00b", {}, "path.ref"),
            ("/api/v1/intake/forms/a%00b", {}, "path.form_key")):
        response = client.get(path, headers=all_auth, params=params)
        assert response.status_code == 422, (path, response.text)
        assert field in _fields(response)


# --- the public pages (not in the OpenAPI document) ----------------------------------------

def _intake_form(client: Any, auth: dict[str, str]) -> str:
    made = client.post("/api/v1/intake/forms", headers=auth, json={"name": "Site"})
    assert made.status_code == 201, made.text
    return made.json()["key"]


def _form_values(settings: Any, key: str, **over: str) -> dict[str, str]:
    from datetime import timedelta

    from amends.intake import spam
    from amends.timeutil import utcnow

    token = spam.issue_token(settings.secret_key, key, utcnow() - timedelta(seconds=30))
    values = {"name": "Sam Reyes", "email": "sam@example.com", "message": "I need help.",
              spam.HONEYPOT_FIELD: "", spam.TOKEN_FIELD: token}
    values.update(over)
    return values


def test_public_form_with_a_nul_is_refused_on_the_form_page(client, all_auth, settings):
    key = _intake_form(client, all_auth)
    response = client.post(f"/intake/form/{key}",
                           data=_form_values(settings, key, message=f"help {NUL}"))
    assert response.status_code == 422, response.text[:300]
    assert 'class="problem"' in response.text  # the reason, and the form to try again
    as_json = client.post(f"/intake/form/{key}", headers={"Accept": "application/json"},
                          json=_form_values(settings, key, name=NUL))
    assert as_json.status_code == 422
    assert "name" in _fields(as_json)


def test_public_form_stamp_that_only_looks_numeric_is_tampered_not_a_crash(client, all_auth,
                                                                           settings):
    from amends.intake import spam

    key = _intake_form(client, all_auth)
    for stamp in ("²", "¹²³.abc", "99999999999999999999999999.x"):
        response = client.post(f"/intake/form/{key}", headers={"Accept": "application/json"},
                               data=_form_values(settings, key, **{spam.TOKEN_FIELD: stamp}))
        assert response.status_code == 422, (stamp, response.text)
        assert response.json()["error"]["code"] == "form_tampered"


MALFORMED_BODIES = [
    b"--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nSam",  # cut short
    b"\xff\xfe\x00name=%ff%00",  # not UTF-8, with NULs
    b"name=" + b"%" * 50,  # broken escapes
]


def test_public_form_malformed_bodies_get_a_clear_answer(client, all_auth):
    key = _intake_form(client, all_auth)
    for body in MALFORMED_BODIES:
        for ctype in ("multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                      "application/json", "text/plain"):
            response = client.post(f"/intake/form/{key}", content=body,
                                   headers={"Content-Type": ctype})
            assert 400 <= response.status_code < 500, (body, ctype, response.status_code)


def test_public_form_paths_with_odd_keys_are_not_found(client):
    for key in ("nope", "%C2%B2", "a" * 5000, "..%2F..%2Fetc"):
        assert client.get(f"/intake/form/{key}").status_code == 404
        assert client.get(f"/intake/form/{key}/token").status_code == 404
    assert client.get("/intake/form/a%00b").status_code == 422


MALFORMED_TOKENS = ["x", "1-1.AAAA", "%C2%B2.%C2%B2", "a" * 3000, "..", "-.-", "a%00b",
                    "1" * 40 + ".AAAAAAAAAAAAAAAAAAAAAA", "zzzzzzzzzzzzzz-1-1-1-1.AAAA"]


def test_survey_links_with_malformed_tokens_get_a_page_not_a_crash(client):
    for token in MALFORMED_TOKENS:
        for method, path in (("get", f"/s/a/{token}"), ("post", f"/s/a/{token}"),
                             ("get", f"/s/u/{token}"), ("post", f"/s/u/{token}"),
                             ("get", f"/s/x/{token}/9")):
            response = client.request(method, path, data={"comment": NUL})
            assert 400 <= response.status_code < 500, (method, path, response.status_code)


def _answer(client: Any, settings: Any, session: Session, auth: dict[str, str],
            comment: str, **invitation: str) -> tuple[Any, Any]:
    """Invite a customer to a thumbs survey and answer it through the public link."""
    from amends.models.surveys import SurveyInvitation, SurveyResponse
    from amends.surveys import tokens
    from amends.surveys.options import options_for

    client.post("/api/v1/surveys", headers=auth, json={
        "key": "care", "name": "Care", "kind": "thumbs", "question": "Did we help?"})
    sent = client.post("/api/v1/surveys/care/invitations", headers=auth, json={
        # One customer per invitation: a survey asks each customer only so often.
        "customer": {"email": f"c{len(invitation['context_id'])}@example.com"}, **invitation})
    assert sent.status_code < 300, sent.text
    sent_invitation = session.scalars(select(SurveyInvitation).where(
        SurveyInvitation.context_id == invitation["context_id"])).one()
    option = options_for("thumbs")[-1].code
    token = tokens.answer_token(settings.secret_key, tokens.AnswerToken(
        sent_invitation.id, sent_invitation.survey_id, sent_invitation.customer_id, option,
        int(sent_invitation.expires_at.timestamp())))
    page = client.post(f"/s/a/{token}", headers={"User-Agent": "Mozilla/5.0 (X11) Firefox/130"},
                       data={"comment": comment})
    saved = session.scalar(select(SurveyResponse).where(
        SurveyResponse.invitation_id == sent_invitation.id))
    return page, saved


def test_survey_comment_with_a_nul_is_saved_without_it(client, all_auth, settings, session):
    page, saved = _answer(client, settings, session, all_auth, "slow\x00 reply",
                          context_id="t-1")
    assert page.status_code == 200, page.text[:300]
    assert saved is not None and saved.comment == "slow reply"


def test_case_survey_with_a_context_id_that_is_no_case_id_still_counts(client, all_auth,
                                                                      settings, session):
    # A case follow-up survey whose context id only looks like a case id: '²' is a digit to
    # isdigit but not to int(), and a 30-digit number overflows the id column.
    for context_id in ("²", "9" * 30):
        page, saved = _answer(client, settings, session, all_auth, "", context_type="case",
                              context_id=context_id)
        assert page.status_code == 200, (context_id, page.text[:300])
        assert saved is not None


def test_nan_and_infinity_in_json_settings_are_a_422(client, all_auth):
    # Python's JSON reader accepts NaN/Infinity; PostgreSQL's JSON columns do not.
    headers = {**all_auth, "Content-Type": "application/json"}
    for method, path, raw, field in (
            ("put", "/api/v1/cases/rules/negative_survey", '{"params": {"x": NaN}}',
             "body.params"),
            ("post", "/api/v1/leads",
             '{"name": "x", "email": "e@example.com", "message": "m", '
             '"metadata": {"a": Infinity}}', "body.metadata"),
            ("post", "/api/v1/surveys", '{"key": "k", "name": "n", "kind": "nps", '
             '"question": "q", "rules": {"delay_minutes": NaN}}', "body.rules")):
        response = client.request(method, path, headers=headers, content=raw)
        assert response.status_code == 422, (path, response.text)
        assert field in _fields(response)
