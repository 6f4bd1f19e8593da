from tests.factories import interaction_payload


def test_post_and_read_back(client, auth):
    r = client.post("/api/v1/interactions", json=interaction_payload(1), headers=auth)
    assert r.status_code == 201, r.text
    r = client.get("/api/v1/interactions", headers=auth)
    assert [i["external_id"] for i in r.json()["items"]] == ["msg-1"]


def test_users_fixture(users):
    assert users["alice"].role == "admin"
