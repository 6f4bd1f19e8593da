"""Reading through HTTP: API keys and scopes, cursor pagination, filters and the timeline."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from amends.auth import do_create_api_key
from amends.timeutil import utcnow
from tests.factories import interaction_payload, make_activity, make_customer, make_interaction

URL = "/api/v1/interactions"


def key_with(session, *scopes: str, revoked: bool = False) -> dict[str, str]:
    key, raw = do_create_api_key(session, "scoped", list(scopes))
    if revoked:
        key.revoked_at = utcnow()
    session.commit()
    return {"Authorization": f"Bearer {raw}"}


# --- keys and scopes ----------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer "}, {"Authorization": "Bearer amk_nope"},
    {"Authorization": "Bearer amk_deadbeef_wrong-secret"}, {"X-API-Key": "garbage"},
    {"Authorization": "Basic dXNlcjpwYXNz"}])
def test_missing_or_wrong_key_is_401(client, headers):
    for method, path in (("GET", URL), ("POST", URL), ("GET", "/api/v1/customers")):
        r = client.request(method, path, headers=headers, json=interaction_payload(1))
        assert r.status_code == 401, (headers, path)
        assert r.json()["error"]["code"] == "unauthorized"


def test_revoked_key_is_401(client, session):
    headers = key_with(session, "ingest", "read", revoked=True)
    assert client.get(URL, headers=headers).status_code == 401


def test_key_sent_as_x_api_key_header(client, session, api_key):
    assert client.get(URL, headers={"X-API-Key": api_key}).status_code == 200


def test_a_read_records_when_the_key_was_last_used(client, session, api_key):
    """A GET route never commits, so the key's last use is committed by the check itself."""
    from sqlalchemy import select

    from amends.models import ApiKey

    assert session.scalar(select(ApiKey.last_used_at)) is None
    assert client.get(URL, headers={"X-API-Key": api_key}).status_code == 200
    session.expire_all()
    assert session.scalar(select(ApiKey.last_used_at)) is not None


def test_a_key_of_the_same_prefix_but_another_secret_is_401(client, api_key):
    forged = api_key[:-4] + ("AAAA" if not api_key.endswith("AAAA") else "BBBB")
    assert client.get(URL, headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_read_only_key_cannot_post_and_ingest_only_key_cannot_read(client, session):
    read_only = key_with(session, "read")
    for path, body in ((URL, interaction_payload(1)), (f"{URL}/bulk", {"items": []}),
                       ("/api/v1/customers", {"external_id": "k"}),
                       ("/api/v1/activity/bulk", {"items": []})):
        r = client.post(path, json=body, headers=read_only)
        assert r.status_code == 403, path
        assert "'ingest' scope" in r.json()["error"]["message"]
    ingest_only = key_with(session, "ingest")
    assert client.post(URL, json=interaction_payload(2), headers=ingest_only).status_code == 201
    assert client.get(URL, headers=ingest_only).status_code == 403
    admin = key_with(session, "admin")
    assert client.get(URL, headers=admin).status_code == 200


def test_auth_is_checked_before_the_body(client):
    r = client.post(URL, content=b"{broken", headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 401)  # never a 500; either answer names the problem


# --- pagination ---------------------------------------------------------------------------

def walk(client, auth, **params) -> list[dict]:
    seen: list[dict] = []
    cursor = None
    for _ in range(100):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        page = client.get(URL, params=query, headers=auth).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("pagination did not end")


def test_cursor_walks_every_row_once_in_order_with_ties(client, auth, session):
    customer = make_customer(session)
    base = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
    made = []
    for i in range(23):  # groups of three share a timestamp (ties on occurred_at)
        when = base + timedelta(minutes=i // 3, microseconds=0 if i % 2 else 0)
        made.append(make_interaction(session, customer, text=f"t{i}", when=when))
    session.commit()
    seen = walk(client, auth, limit=4)
    assert len(seen) == 23
    assert len({i["id"] for i in seen}) == 23
    keys = [(i["occurred_at"], i["id"]) for i in seen]
    assert keys == sorted(keys, reverse=True)
    assert {i["id"] for i in seen} == {m.id for m in made}


def test_cursor_is_stable_while_new_rows_arrive(client, auth, session):
    customer = make_customer(session)
    base = datetime(2026, 9, 2, tzinfo=UTC)
    for i in range(6):
        make_interaction(session, customer, when=base + timedelta(hours=i))
    session.commit()
    page = client.get(URL, params={"limit": 3}, headers=auth).json()
    make_interaction(session, customer, when=base + timedelta(days=5))  # newer than all
    session.commit()
    rest = client.get(URL, params={"limit": 10, "cursor": page["next_cursor"]},
                      headers=auth).json()
    assert len(rest["items"]) == 3 and rest["next_cursor"] is None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["garbage!", "abc", _b64(b"[1, 2]"), _b64(b'"xy"'),
                                    _b64(b"[[1], 2]"), _b64(b'["2026-01-01T00:00:00Z"]'),
                                    _b64(b'["2026-01-01T00:00:00", 5]'), _b64(b"\xff\xfe"),
                                    _b64(b'["2026-01-01T00:00:00Z", 99999999999999999999999]')])
def test_bad_cursor_is_422(client, auth, cursor):
    r = client.get(URL, params={"cursor": cursor}, headers=auth)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "bad_cursor"


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 5000}, {"since": "soon"},
                                    {"since": "2026-01-01T00:00:00"}, {"customer_id": "x"}])
def test_bad_query_parameters_are_422(client, auth, params):
    r = client.get(URL, params=params, headers=auth)
    assert r.status_code == 422
    assert r.json()["error"]["fields"]


def test_huge_ids_are_404_or_422_not_500(client, auth):
    huge = 10 ** 30
    for path in (f"/api/v1/customers/{huge}", f"/api/v1/interactions/{huge}",
                 f"/api/v1/customers/{huge}/timeline", f"/api/v1/customers?cursor={huge}",
                 f"{URL}?customer_id={huge}"):
        assert client.get(path, headers=auth).status_code in (404, 422), path


# --- filters ------------------------------------------------------------------------------

def test_filters(client, auth, session, users):
    ann, ben = make_customer(session), make_customer(session)
    base = datetime(2026, 8, 1, tzinfo=UTC)
    make_interaction(session, ann, when=base, channel="chat", thread_id="t-1",
                     bad_experience=True)
    make_interaction(session, ann, when=base + timedelta(days=1), channel="email",
                     author_type="staff", staff_id=users["bob"].id, thread_id="t-1")
    make_interaction(session, ben, when=base + timedelta(days=2), channel="chat",
                     bad_experience=False)
    session.commit()

    def ids(**params) -> int:
        return len(client.get(URL, params=params, headers=auth).json()["items"])

    assert ids(customer_id=ann.id) == 2
    assert ids(channel="chat") == 2
    assert ids(author="staff") == 1
    assert ids(staff_id=users["bob"].id) == 1
    assert ids(thread_id="t-1") == 2
    assert ids(bad_experience="true") == 1
    assert ids(bad_experience="false") == 1
    assert ids(since="2026-08-02T00:00:00Z") == 2
    assert ids(until="2026-08-02T00:00:00+00:00") == 1
    assert ids(since="2026-08-01T00:00:00Z", until="2026-08-04T00:00:00Z",
               channel="chat") == 2
    assert ids(channel="fax") == 0


def test_customer_list_filters_and_cursor(client, auth, session):
    for i in range(5):
        make_customer(session, segment="smb" if i % 2 else "enterprise")
    session.commit()
    smb = client.get("/api/v1/customers", params={"segment": "smb"}, headers=auth).json()
    assert len(smb["items"]) == 2
    pages, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/customers", params=params, headers=auth).json()
        pages += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == sorted(set(pages)) and len(pages) == 5
    one = client.get("/api/v1/customers", params={"email": pages and
                                                  smb["items"][0]["email"].upper()},
                     headers=auth).json()
    assert [c["id"] for c in one["items"]] == [smb["items"][0]["id"]]


# --- single reads and the timeline --------------------------------------------------------

def test_timeline_merges_interactions_and_activity_newest_first(client, auth, session):
    customer = make_customer(session)
    other = make_customer(session)
    base = datetime(2026, 7, 1, tzinfo=UTC)
    make_interaction(session, customer, text="first", when=base)
    make_activity(session, customer, kind="purchase", when=base + timedelta(hours=1))
    make_interaction(session, customer, text="<script>alert(1)</script>",
                     when=base + timedelta(hours=2))
    make_interaction(session, other, when=base + timedelta(hours=3))
    session.commit()
    r = client.get(f"/api/v1/customers/{customer.id}/timeline", headers=auth)
    body = r.json()
    assert body["customer"]["id"] == customer.id
    assert [e["type"] for e in body["entries"]] == ["interaction", "activity", "interaction"]
    assert body["entries"][0]["text"] == "<script>alert(1)</script>"  # JSON keeps text as-is
    earlier = client.get(f"/api/v1/customers/{customer.id}/timeline",
                         params={"before": "2026-07-01T01:30:00Z"}, headers=auth).json()
    assert [e["type"] for e in earlier["entries"]] == ["activity", "interaction"]


def test_timeline_before_needs_an_offset(client, auth, session):
    customer = make_customer(session)
    session.commit()
    r = client.get(f"/api/v1/customers/{customer.id}/timeline",
                   params={"before": "2026-07-01T01:30:00"}, headers=auth)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "query.before"


def test_reads_of_missing_things_are_404(client, auth):
    for path in ("/api/v1/customers/999999", "/api/v1/customers/999999/timeline",
                 "/api/v1/interactions/999999"):
        r = client.get(path, headers=auth)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_interaction_read_back_has_the_posted_fields(client, auth):
    body = interaction_payload(42, subject="Late", thread_id="th", public=True,
                               metadata={"ticket": 42}, direction="inbound")
    created = client.post(URL, json=body, headers=auth).json()
    got = client.get(f"{URL}/{created['id']}", headers=auth).json()
    assert got["subject"] == "Late" and got["thread_id"] == "th" and got["public"] is True
    assert got["metadata"] == {"ticket": 42} and got["occurred_at"] == "2026-10-01T12:00:00Z"
    assert got["source"] == "helpdesk" and got["external_id"] == "msg-42"
