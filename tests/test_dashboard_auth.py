"""Sign-in, sessions, CSRF, lock-out and the role matrix of the dashboard.

Each role is tried against each action, including direct requests to URLs the page does
not show them; what a role may not do is both hidden and refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from amends.decide.staff import do_sign_in
from amends.errors import Forbidden
from amends.models import StaffUser
from amends.timeutil import utcnow
from tests.factories import PASSWORD, make_customer, make_staff
from tests.test_dashboard_pages import cheap_password_hashing, csrf_of, sign_in  # noqa: F401


@pytest.fixture
def staff(session: Session, users: dict[str, Any]) -> dict[str, Any]:
    maria = make_staff(session, "maria@example.org", "Maria Manager", role="manager",
                       team="Care")
    vic = make_staff(session, "vic@example.org", "Vic Viewer", role="viewer")
    billing_customer = make_customer(session, name="Billing Customer",
                                     owner_id=users["charlie"].id)
    care_customer = make_customer(session, name="Care Customer", owner_id=users["bob"].id)
    session.commit()
    return {**users, "maria": maria, "vic": vic, "billing_customer": billing_customer,
            "care_customer": care_customer}


ROLES = {"admin": "alice@example.org", "manager": "maria@example.org",
         "agent": "bob@example.org", "viewer": "vic@example.org"}


@pytest.fixture
def clients(app: Any, staff: dict[str, Any]) -> Iterator[dict[str, TestClient]]:
    """One signed-in browser per role."""
    out = {}
    for role, email in ROLES.items():
        c = TestClient(app)
        assert sign_in(c, email).status_code == 303, role
        out[role] = c
    yield out
    for c in out.values():
        c.close()


def _post(client: TestClient, path: str, data: dict[str, Any] | None = None) -> Any:
    token = csrf_of(client)
    return client.post(path, data={"csrf_token": token, **(data or {})},
                       follow_redirects=False)


# (action, method+path builder, form, roles allowed)
def _actions(s: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], set[str]]]:
    c, bob = s["care_customer"].id, s["bob"].id
    return [
        ("assign owner", f"/app/customers/{c}/assign", {"owner_id": str(bob)},
         {"admin", "manager"}),
        ("create user", "/app/settings/users", {"email": "new@example.org", "name": "New",
                                                "role": "agent", "password": "x" * 12},
         {"admin"}),
        ("reset password", f"/app/settings/users/{s['charlie'].id}/password",
         {"password": "another long secret"}, {"admin"}),
        ("change role", f"/app/settings/users/{s['charlie'].id}/role", {"role": "viewer"},
         {"admin"}),
        ("disable user", f"/app/settings/users/{s['charlie'].id}/active", {"active": "0"},
         {"admin"}),
        ("unlock user", f"/app/settings/users/{s['charlie'].id}/unlock", {}, {"admin"}),
        ("create API key", "/app/settings/api-keys", {"name": "k", "scopes": "read"},
         {"admin"}),
    ]


@pytest.mark.parametrize("role", list(ROLES))
def test_role_matrix_for_every_action(role: str, clients: dict[str, TestClient],
                                      staff: dict[str, Any]) -> None:
    client = clients[role]
    for name, path, form, allowed in _actions(staff):
        response = _post(client, path, form)
        if role in allowed:
            assert response.status_code in (201, 303), (role, name, response.text[:300])
        else:
            assert response.status_code == 403, (role, name, response.status_code)
            assert "may not" in response.text


@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_reads_every_page_but_sees_only_its_tools(
        role: str, clients: dict[str, TestClient], staff: dict[str, Any]) -> None:
    client = clients[role]
    for path in ["/app/overview", "/app/customers", "/app/themes", "/app/team",
                 "/app/settings", f"/app/customers/{staff['care_customer'].id}"]:
        assert client.get(path).status_code == 200, (role, path)
    settings = client.get("/app/settings").text
    assert ("Add a user" in settings) == (role == "admin")
    assert ("Create a key" in settings) == (role == "admin")
    assert ("users" in client.get("/app/settings.json").json()) == (role == "admin")
    customer = client.get(f"/app/customers/{staff['care_customer'].id}").text
    assert ("/assign" in customer) == (role in {"admin", "manager"})


def test_agents_see_own_team_and_unassigned_customers_only(
        clients: dict[str, TestClient], staff: dict[str, Any], session: Session) -> None:
    unowned = make_customer(session, name="Nobody's Customer")
    session.commit()
    bob = clients["agent"]
    names = {c["name"] for c in bob.get("/app/customers.json").json()["items"]}
    assert names == {"Care Customer", "Nobody's Customer"}
    assert bob.get(f"/app/customers/{staff['billing_customer'].id}").status_code == 404
    assert bob.get(f"/app/customers/{unowned.id}").status_code == 200
    viewer = {c["name"] for c in clients["viewer"].get("/app/customers.json").json()["items"]}
    assert "Billing Customer" in viewer


def test_forms_without_the_csrf_token_are_refused(clients: dict[str, TestClient],
                                                  staff: dict[str, Any]) -> None:
    admin = clients["admin"]
    path = f"/app/customers/{staff['care_customer'].id}/assign"
    for form in ({}, {"csrf_token": "forged"}):
        response = admin.post(path, data={"owner_id": "", **form}, follow_redirects=False)
        assert response.status_code == 403
        assert "did not come from this site" in response.text
    # Another user's token is no good either.
    other = csrf_of(clients["manager"])
    assert admin.post(path, data={"csrf_token": other}, follow_redirects=False
                      ).status_code == 403
    assert admin.post("/app/logout", data={}, follow_redirects=False).status_code == 403


def test_sign_in_form_needs_its_csrf_cookie(client: TestClient, staff: dict[str, Any]) -> None:
    response = client.post("/app/login", data={"email": "alice@example.org",
                                               "password": PASSWORD, "csrf_token": "x"},
                           follow_redirects=False)
    assert response.status_code == 403
    assert "amends_session" not in response.cookies


def test_session_cookie_flags_and_log_out(client: TestClient, staff: dict[str, Any]) -> None:
    response = sign_in(client, "alice@example.org")
    cookie = response.headers["set-cookie"]
    assert "amends_session=" in cookie and "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower() and "Secure" not in cookie
    assert client.get("/app/overview").status_code == 200
    stolen = client.cookies.get("amends_session")
    out = client.post("/app/logout", data={"csrf_token": csrf_of(client)},
                      follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/app/login"
    # The session is gone on the server: replaying the old cookie does not work.
    replay = TestClient(client.app, cookies={"amends_session": stolen})
    assert replay.get("/app/overview", follow_redirects=False).status_code == 303


def test_secure_cookie_when_served_over_https(settings: Any, session_factory: Any,
                                              staff: dict[str, Any]) -> None:
    from amends.web.app import create_app

    app = create_app(dataclasses.replace(settings, base_url="https://cx.example.com"),
                     session_factory)
    with TestClient(app, base_url="https://testserver") as c:
        assert "Secure" in sign_in(c, "alice@example.org").headers["set-cookie"]


def test_wrong_passwords_lock_the_account_and_an_admin_reset_opens_it(
        client: TestClient, clients: dict[str, TestClient], staff: dict[str, Any],
        session: Session) -> None:
    for _ in range(5):
        wrong = sign_in(client, "charlie@example.org", "not the password")
        assert wrong.status_code == 401
        assert "do not match" in wrong.text
    locked = sign_in(client, "charlie@example.org")  # the right password, too late
    assert locked.status_code == 403 and "locked" in locked.text
    assert "Unlock" in clients["admin"].get("/app/settings").text
    reset = _post(clients["admin"], f"/app/settings/users/{staff['charlie'].id}/password",
                  {"password": "a brand new password"})
    assert reset.status_code == 303
    assert sign_in(client, "charlie@example.org", "a brand new password").status_code == 303


def test_lock_out_expires_after_fifteen_minutes(session: Session,
                                                staff: dict[str, Any]) -> None:
    now = utcnow()
    for _ in range(5):
        with pytest.raises(Exception, match="do not match"):
            do_sign_in(session, email="bob@example.org", password="nope", now=now)
    with pytest.raises(Forbidden):
        do_sign_in(session, email="bob@example.org", password=PASSWORD,
                   now=now + timedelta(minutes=14))
    user = do_sign_in(session, email="bob@example.org", password=PASSWORD,
                      now=now + timedelta(minutes=16))
    assert user.failed_logins == 0 and user.locked_until is None


def test_unknown_and_disabled_accounts_get_the_same_answer(
        client: TestClient, clients: dict[str, TestClient], staff: dict[str, Any]) -> None:
    unknown = sign_in(client, "nobody@example.org")
    assert unknown.status_code == 401
    assert _post(clients["admin"], f"/app/settings/users/{staff['bob'].id}/active",
                 {"active": "0"}).status_code == 303
    disabled = sign_in(client, "bob@example.org")
    assert disabled.status_code == 401
    assert "do not match an active account" in disabled.text
    # Disabling signed out bob's open session too.
    assert clients["agent"].get("/app/overview", follow_redirects=False).status_code == 303


def test_admin_cannot_lock_themselves_out(clients: dict[str, TestClient],
                                          staff: dict[str, Any], session: Session) -> None:
    alice = staff["alice"].id
    assert _post(clients["admin"], f"/app/settings/users/{alice}/active",
                 {"active": "0"}).status_code == 409
    assert _post(clients["admin"], f"/app/settings/users/{alice}/role",
                 {"role": "agent"}).status_code == 409
    session.expire_all()
    assert session.get(StaffUser, alice).role == "admin"


def test_bad_admin_input_gets_field_errors(clients: dict[str, TestClient],
                                           staff: dict[str, Any]) -> None:
    admin = clients["admin"]
    short = _post(admin, f"/app/settings/users/{staff['bob'].id}/password", {"password": "x"})
    assert short.status_code == 422 and "10 characters" in short.text
    role = _post(admin, f"/app/settings/users/{staff['bob'].id}/role", {"role": "king"})
    assert role.status_code == 422
    dupe = _post(admin, "/app/settings/users", {"email": "bob@example.org", "name": "B",
                                                "role": "agent", "password": "y" * 12})
    assert dupe.status_code == 409
    assert _post(admin, "/app/settings/users/999999/unlock").status_code == 404
    assert _post(admin, f"/app/customers/{staff['care_customer'].id}/assign",
                 {"owner_id": "abc"}).status_code == 422
    key = _post(admin, "/app/settings/api-keys", {"name": "sync", "scopes": "read"})
    assert key.status_code == 201 and "amk_" in key.text
    assert _post(admin, "/app/settings/api-keys", {"name": "x", "scopes": "root"}
                 ).status_code == 422


def test_next_parameter_cannot_send_users_off_site(client: TestClient,
                                                   staff: dict[str, Any]) -> None:
    page = client.get("/app/login?next=//evil.example.com/")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/app/login", data={"email": "alice@example.org",
                                               "password": PASSWORD, "csrf_token": token,
                                               "next": "https://evil.example.com/"},
                           follow_redirects=False)
    assert response.headers["location"] == "/app/overview"
