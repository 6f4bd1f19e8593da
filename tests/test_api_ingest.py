"""Ingest through HTTP: single and bulk records, idempotency, per-record errors, limits."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from amends.models import ActivityEvent, Customer, Interaction, Job
from tests.factories import interaction_payload, make_customer

URL = "/api/v1/interactions"


def count(session: Any, model: Any, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)))


def activity_payload(n: int = 0, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"customer": {"external_id": f"shop-{n % 3}"}, "kind": "purchase",
                               "occurred_at": "2026-10-02T08:30:00+02:00", "amount": 19.5,
                               "source": "shop", "external_id": f"order-{n}"}
    payload.update(overrides)
    return payload


def fields_of(body: dict[str, Any]) -> list[str]:
    return [f["field"] for f in body["error"].get("fields", [])]


def result_fields(result: dict[str, Any]) -> list[str]:
    return [e["field"] for e in result.get("errors", [])]


# --- single records -----------------------------------------------------------------------

def test_single_interaction_created_then_duplicate(client, auth, session):
    first = client.post(URL, json=interaction_payload(1), headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "created"
    again = client.post(URL, json=interaction_payload(1), headers=auth)
    assert again.status_code == 200
    assert again.json() == {"id": first.json()["id"], "status": "duplicate"}
    assert count(session, Interaction, Interaction.source == "helpdesk") == 1
    stored = session.get(Interaction, first.json()["id"])
    assert stored.text == "Message number 1: where is my parcel?"
    assert stored.occurred_at.isoformat() == "2026-10-01T12:00:00+00:00"


def test_new_interactions_queue_analysis(client, auth, session):
    client.post(URL, json=interaction_payload(2), headers=auth)
    payloads = session.scalars(select(Job.payload).where(Job.kind == "analyse_interactions"))
    assert any(p["ids"] for p in payloads)


def test_same_external_id_from_another_source_is_a_new_record(client, auth, session):
    client.post(URL, json=interaction_payload(3), headers=auth)
    other = client.post(URL, json=interaction_payload(3, source="chatbot"), headers=auth)
    assert other.status_code == 201
    assert count(session, Interaction, Interaction.external_id == "msg-3") == 2


def test_content_derived_id_makes_a_blind_retry_harmless(client, auth, session):
    body = interaction_payload(4)
    del body["external_id"]
    first = client.post(URL, json=body, headers=auth)
    second = client.post(URL, json=body, headers=auth)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["status"] == "duplicate"
    changed = client.post(URL, json={**body, "text": "a different message"}, headers=auth)
    assert changed.status_code == 201
    ids = session.scalars(select(Interaction.external_id)
                          .where(Interaction.source == "helpdesk")).all()
    assert len(ids) == 2 and all(i.startswith("auto:") for i in ids)


def test_single_activity_and_customer(client, auth, session):
    r = client.post("/api/v1/activity", json=activity_payload(1), headers=auth)
    assert r.status_code == 201, r.text
    assert client.post("/api/v1/activity", json=activity_payload(1),
                       headers=auth).json()["status"] == "duplicate"
    event = session.get(ActivityEvent, r.json()["id"])
    assert event.amount == 19.5 and event.occurred_at.hour == 6  # stored in UTC

    c = client.post("/api/v1/customers", json={"external_id": "crm-9", "name": "Dana",
                                              "email": "Dana@Example.COM", "segment": "smb",
                                              "attributes": {"plan": "pro"}}, headers=auth)
    assert c.status_code == 201, c.text
    u = client.post("/api/v1/customers", json={"external_id": "crm-9", "segment": "enterprise",
                                              "attributes": {"seats": 40}}, headers=auth)
    assert u.status_code == 200 and u.json() == {"id": c.json()["id"], "status": "updated"}
    got = client.get(f"/api/v1/customers/{c.json()['id']}", headers=auth).json()
    assert got["segment"] == "enterprise" and got["name"] == "Dana"
    assert got["email"] == "Dana@example.com"  # domain lower-cased, local part kept
    assert got["attributes"] == {"plan": "pro", "seats": 40}


def test_customer_found_by_email_takes_the_external_id(client, auth, session):
    first = client.post("/api/v1/customers", json={"email": "eve@example.com"}, headers=auth)
    second = client.post("/api/v1/customers", json={"email": "eve@example.com",
                                                   "external_id": "crm-eve"}, headers=auth)
    assert second.json() == {"id": first.json()["id"], "status": "updated"}
    third = client.post("/api/v1/customers", json={"external_id": "crm-eve", "name": "Eve"},
                        headers=auth)
    assert third.json()["id"] == first.json()["id"]
    assert count(session, Customer, Customer.email_key == "eve@example.com") == 1


def test_customer_null_for_a_required_column_is_not_a_500(client, auth):
    r = client.post("/api/v1/customers", json={"external_id": "crm-null", "status": None,
                                              "survey_opt_out": None}, headers=auth)
    assert r.status_code in (200, 201, 422), r.text
    if r.status_code != 422:
        got = client.get(f"/api/v1/customers/{r.json()['id']}", headers=auth).json()
        assert got["status"] == "active" and got["survey_opt_out"] is False


def test_customer_owner_by_staff_email(client, auth, users):
    r = client.post("/api/v1/customers", json={"external_id": "crm-o",
                                              "owner_email": "BOB@example.org"}, headers=auth)
    assert r.status_code == 201, r.text
    got = client.get(f"/api/v1/customers/{r.json()['id']}", headers=auth).json()
    assert got["owner_id"] == users["bob"].id
    bad = client.post("/api/v1/customers", json={"external_id": "crm-p",
                                                "owner_email": "nobody@example.org"}, headers=auth)
    assert bad.status_code == 422 and fields_of(bad.json()) == ["body.owner_email"]


def test_staff_email_links_the_staff_member(client, auth, session, users):
    body = interaction_payload(5, author="staff", direction="outbound",
                               staff_email="charlie@example.org")
    r = client.post(URL, json=body, headers=auth)
    assert r.status_code == 201, r.text
    assert session.get(Interaction, r.json()["id"]).staff_id == users["charlie"].id
    unknown = client.post(URL, json=interaction_payload(6, author="staff",
                                                        staff_email="temp@example.org"),
                          headers=auth)
    assert session.get(Interaction, unknown.json()["id"]).meta["staff_email"] == \
        "temp@example.org"


# --- unknown customers ----------------------------------------------------------------------

def test_unknown_customer_created_by_email_and_by_external_id(client, auth, session):
    by_email = interaction_payload(7, customer={"email": "New.Person@Example.com",
                                                "name": "New Person"})
    by_ext = interaction_payload(8, customer={"external_id": "fresh-1"})
    for body in (by_email, by_ext):
        assert client.post(URL, json=body, headers=auth).status_code == 201
    person = session.scalar(select(Customer).where(Customer.email_key == "new.person@example.com"))
    assert person.name == "New Person"
    assert count(session, Customer, Customer.external_id == "fresh-1") == 1


def test_customer_referenced_many_times_in_one_batch_is_created_once(client, auth, session):
    items = [interaction_payload(100 + i, customer={"external_id": "many", "email":
                                                    "many@example.com"}) for i in range(20)]
    items += [interaction_payload(200 + i, customer={"email": "only-mail@example.com"})
              for i in range(20)]
    r = client.post(f"{URL}/bulk", json={"items": items}, headers=auth)
    assert r.json()["created"] == 40, r.text
    assert count(session, Customer, Customer.external_id == "many") == 1
    assert count(session, Customer, Customer.email_key == "only-mail@example.com") == 1


def test_same_email_with_and_without_external_id_creates_no_orphan(client, auth, session):
    before = count(session, Customer)
    items = [interaction_payload(300, customer={"external_id": "x-1", "email": "pat@example.com"}),
             interaction_payload(301, customer={"email": "pat@example.com"})]
    r = client.post(f"{URL}/bulk", json={"items": items}, headers=auth)
    assert r.json()["created"] == 2, r.text
    assert count(session, Customer) == before + 1
    ids = {session.get(Interaction, x["id"]).customer_id for x in r.json()["results"]}
    assert len(ids) == 1


def test_unknown_amends_customer_id_is_a_named_error(client, auth):
    r = client.post(URL, json=interaction_payload(9, customer={"id": 987654}), headers=auth)
    assert r.status_code == 422
    assert fields_of(r.json()) == ["body.customer.id"]


def test_known_customer_by_amends_id(client, auth, session):
    customer = make_customer(session)
    session.commit()
    r = client.post(URL, json=interaction_payload(10, customer={"id": customer.id}), headers=auth)
    assert r.status_code == 201
    assert session.get(Interaction, r.json()["id"]).customer_id == customer.id


# --- bulk ---------------------------------------------------------------------------------

def test_bulk_mixed_batch_lands_good_records_and_names_bad_ones(client, auth, session):
    items: list[Any] = [interaction_payload(i) for i in range(400, 405)]
    items += [
        interaction_payload(405, channel="carrier_pigeon"),
        {k: v for k, v in interaction_payload(406).items() if k != "text"},
        interaction_payload(407, occurred_at="yesterday"),
        interaction_payload(408, occurred_at="2026-10-01T12:00:00"),  # no offset
        interaction_payload(409, occurred_at="2099-01-01T00:00:00Z"),
        interaction_payload(410, public="very"),
        interaction_payload(411, text="x" * 20_001),
        interaction_payload(401),  # same source + external_id as items.1
        "not an object",
        interaction_payload(412, customer={}),
        interaction_payload(413, surprise=1),
        interaction_payload(414, text="nul \x00 byte"),
        interaction_payload(415, metadata={"deep": {"v": "nul\x00"}}),
    ]
    r = client.post(f"{URL}/bulk", json={"items": items}, headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["created"], body["errors"], body["duplicates"]) == (5, 13, 0)
    results = body["results"]
    assert [x["index"] for x in results] == list(range(len(items)))
    expected = {5: "items.5.channel", 6: "items.6.text", 7: "items.7.occurred_at",
                8: "items.8.occurred_at", 9: "items.9.occurred_at", 10: "items.10.public",
                11: "items.11.text", 12: "items.12.external_id", 13: "items.13",
                14: "items.14.customer", 15: "items.15.surprise", 16: "items.16.text",
                17: "items.17.metadata"}
    for index, field in expected.items():
        assert results[index]["status"] == "error"
        assert any(f.startswith(field) for f in result_fields(results[index])), results[index]
    assert "duplicate of items.1" in results[12]["errors"][0]["message"]
    assert "limit is 20000" in results[11]["errors"][0]["message"]
    assert count(session, Interaction, Interaction.source == "helpdesk") == 5


def test_bulk_resend_creates_nothing(client, auth, session):
    items = [interaction_payload(i) for i in range(500, 530)]
    first = client.post(f"{URL}/bulk", json={"items": items}, headers=auth).json()
    second = client.post(f"{URL}/bulk", json={"items": items}, headers=auth).json()
    assert first["created"] == 30 and second["created"] == 0 and second["duplicates"] == 30
    assert [x["id"] for x in first["results"]] == [x["id"] for x in second["results"]]
    assert count(session, Interaction, Interaction.source == "helpdesk") == 30


def test_bulk_repeat_without_external_id_is_a_duplicate_not_an_error(client, auth):
    item = interaction_payload(600)
    del item["external_id"]
    r = client.post(f"{URL}/bulk", json={"items": [item, item]}, headers=auth).json()
    assert (r["created"], r["duplicates"], r["errors"]) == (1, 1, 0)


def test_bulk_all_bad_is_422(client, auth, session):
    r = client.post(f"{URL}/bulk", json={"items": [{"channel": "email"}, 5]}, headers=auth)
    assert r.status_code == 422
    assert r.json()["errors"] == 2
    assert count(session, Interaction) == 0


def test_bulk_activity_and_customers(client, auth, session):
    acts = [activity_payload(i) for i in range(5)] + [activity_payload(9, kind="Bad Kind!"),
                                                       activity_payload(10, amount="lots")]
    r = client.post("/api/v1/activity/bulk", json={"items": acts}, headers=auth).json()
    assert (r["created"], r["errors"]) == (5, 2)
    assert result_fields(r["results"][5]) == ["items.5.kind"]
    assert result_fields(r["results"][6]) == ["items.6.amount"]
    again = client.post("/api/v1/activity/bulk", json={"items": acts}, headers=auth).json()
    assert (again["created"], again["duplicates"]) == (0, 5)

    people = [{"external_id": f"b-{i}", "email": f"b{i}@example.com"} for i in range(4)]
    people.append({"name": "no key"})
    people.append({"external_id": "b-5", "email": "b0@example.com"})  # email taken by b-0
    r = client.post("/api/v1/customers/bulk", json={"items": people}, headers=auth).json()
    assert (r["created"], r["errors"]) == (4, 2), r
    assert result_fields(r["results"][4]) == ["items.4"]
    assert result_fields(r["results"][5]) == ["items.5.email"]
    assert count(session, Customer, Customer.external_id.like("b-%")) == 4


def test_customer_batch_with_the_same_external_id_twice_names_the_repeat(client, auth):
    people = [{"external_id": "twin", "name": "One"}, {"external_id": "twin", "name": "Two"}]
    r = client.post("/api/v1/customers/bulk", json={"items": people}, headers=auth).json()
    assert r["created"] == 1 and r["errors"] == 1, r
    assert result_fields(r["results"][1]) == ["items.1.external_id"]


# --- limits and malformed bodies ---------------------------------------------------------

@pytest.fixture
def small_app(settings, session_factory):
    from fastapi.testclient import TestClient

    from amends.web.app import create_app

    small = dataclasses.replace(settings, max_batch=3, max_text_chars=50, max_body_bytes=4096)
    with TestClient(create_app(small, session_factory)) as c:
        yield c


def test_oversize_batch_is_413_and_writes_nothing(small_app, auth, session):
    items = [interaction_payload(i) for i in range(700, 704)]
    r = small_app.post(f"{URL}/bulk", json={"items": items}, headers=auth)
    assert r.status_code == 413
    assert "at most 3" in r.json()["error"]["message"]
    assert fields_of(r.json()) == ["items"]
    assert count(session, Interaction) == 0


def test_text_limit_follows_the_setting(small_app, auth):
    r = small_app.post(URL, json=interaction_payload(710, text="y" * 51), headers=auth)
    assert r.status_code == 422
    assert r.json()["error"]["fields"] == [
        {"field": "body.text", "message": "text is 51 characters; the limit is 50"}]


def test_body_over_the_byte_limit_is_413(small_app, auth):
    items = [interaction_payload(i, text="z" * 45) for i in range(720, 723)]
    items[0]["metadata"] = {"padding": "p" * 5000}
    r = small_app.post(f"{URL}/bulk", json={"items": items}, headers=auth)
    assert r.status_code == 413
    assert "limit is 4096" in r.json()["error"]["message"]


def test_empty_batch_is_422(client, auth):
    r = client.post(f"{URL}/bulk", json={"items": []}, headers=auth)
    assert r.status_code == 422 and fields_of(r.json()) == ["items"]


@pytest.mark.parametrize("raw", [b"{not json", b'{"items": [1, 2,]}', b"\xff\xfe{}",
                                 b'{"customer": "\xc3\x28"}'])
def test_malformed_json_is_400(client, auth, raw):
    for path in (URL, f"{URL}/bulk", "/api/v1/customers"):
        r = client.post(path, content=raw,
                        headers={**auth, "Content-Type": "application/json"})
        assert r.status_code == 400, (path, r.text)
        # FastAPI reports undecodable bytes apart from JSON syntax errors.
        assert r.json()["error"]["code"] in ("malformed_json", "http_error")
        assert r.json()["error"]["message"]


@pytest.mark.parametrize("body,field", [([1, 2], "body"), ({"items": "nope"}, "body.items")])
def test_wrong_shaped_body_names_the_field(client, auth, body, field):
    path = URL if field == "body" else f"{URL}/bulk"
    r = client.post(path, json=body, headers=auth)
    assert r.status_code == 422
    assert field in fields_of(r.json())


def test_lone_surrogate_and_non_finite_numbers_are_refused_not_500(client, auth, session):
    raw = json.dumps(interaction_payload(730)).replace("Message", "\\ud800Message").encode()
    r = client.post(URL, content=raw, headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 422 and fields_of(r.json()) == ["body.text"], r.text
    nan = json.dumps(interaction_payload(731)).replace('"source"', '"metadata": {"x": NaN}, '
                                                                   '"source"').encode()
    r = client.post(URL, content=nan, headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 422 and fields_of(r.json()) == ["body.metadata"], r.text
    assert count(session, Interaction) == 0


def test_every_write_route_refuses_unknown_fields_with_their_name(client, auth):
    r = client.post("/api/v1/activity", json=activity_payload(1, colour="red"), headers=auth)
    assert r.status_code == 422 and fields_of(r.json()) == ["body.colour"]
    assert r.json()["error"]["fields"][0]["message"] == "unknown field"


def test_bad_records_leave_no_trace_not_even_their_new_customers(client, auth, session):
    customers = count(session, Customer)
    items = [interaction_payload(800, customer={"email": "ghost1@example.com"}, channel="fax"),
             interaction_payload(801, customer={"external_id": "ghost-2"}, occurred_at="bad"),
             interaction_payload(802, customer={"external_id": "ghost-3"}),
             interaction_payload(802, customer={"external_id": "ghost-4"})]  # repeat of 802
    r = client.post(f"{URL}/bulk", json={"items": items}, headers=auth).json()
    assert (r["created"], r["errors"]) == (1, 3)
    assert count(session, Customer) == customers + 1
    assert count(session, Customer, Customer.external_id == "ghost-4") == 0
    assert count(session, Job, Job.kind == "analyse_interactions") == 1


def test_chunked_body_over_the_limit_is_413(small_app, auth):
    big = json.dumps({"items": [interaction_payload(900, metadata={"p": "q" * 8000})]}).encode()

    def chunks():
        for i in range(0, len(big), 1000):
            yield big[i:i + 1000]

    r = small_app.post(f"{URL}/bulk", content=chunks(),
                       headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413, r.text
