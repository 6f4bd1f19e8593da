"""Pages that appear as other features land: at risk, cases (worked end to end), leads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.test_dashboard_auth import ROLES, _post, clients, staff  # noqa: F401
from tests.test_dashboard_pages import cheap_password_hashing, csrf_of  # noqa: F401

pytest.importorskip("amends.report.recovery")


@pytest.mark.parametrize("path", ["/app/at-risk", "/app/cases", "/app/leads", "/app/surveys"])
def test_feature_pages_render_with_json_twins(clients: dict[str, TestClient],  # noqa: F811
                                              path: str) -> None:
    for role, client in clients.items():
        assert client.get(path).status_code == 200, (role, path)
        assert client.get(path + ".json").status_code == 200, (role, path)
    nav = clients["viewer"].get("/app/overview").text
    assert f'href="{path}"' in nav


def test_work_a_case_from_the_customer_page(clients: dict[str, TestClient],  # noqa: F811
                                            staff: dict[str, Any]) -> None:  # noqa: F811
    bob, customer = clients["agent"], staff["care_customer"].id
    opened = _post(bob, f"/app/customers/{customer}/open-case",
                   {"title": "Refund <b>never</b> arrived", "severity": "60"})
    assert opened.status_code == 303, opened.text[:400]
    case_url = opened.headers["location"].split("?")[0]
    case_id = int(case_url.rsplit("/", 1)[1])
    page = bob.get(case_url)
    assert page.status_code == 200 and "Refund &lt;b&gt;never&lt;/b&gt; arrived" in page.text
    assert _post(bob, f"/app/cases/{case_id}/acknowledge").status_code == 303
    detail = bob.get(case_url + ".json").json()
    assert detail["case"]["status"] == "acknowledged"
    if detail["steps"]:
        step = detail["steps"][0]["id"]
        assert _post(bob, f"/app/cases/{case_id}/step", {"step_id": str(step)}
                     ).status_code == 303
        assert bob.get(case_url + ".json").json()["steps"][0]["done"] is True
    assert _post(bob, f"/app/cases/{case_id}/note", {"text": "Called, left a message"}
                 ).status_code == 303
    assert _post(bob, f"/app/cases/{case_id}/draft", {"kind": "apology"}).status_code == 303
    assert bob.get(case_url + ".json").json()["drafts"]
    # Agents work cases but do not reassign them or approve amends.
    assert _post(bob, f"/app/cases/{case_id}/assign", {"owner_id": str(staff["maria"].id)}
                 ).status_code == 403
    assert _post(bob, f"/app/cases/{case_id}/approve", {"entry_id": "1"}).status_code == 403
    assert _post(clients["viewer"], f"/app/cases/{case_id}/note", {"text": "x"}
                 ).status_code == 403
    assert _post(clients["manager"], f"/app/cases/{case_id}/assign",
                 {"owner_id": str(staff["maria"].id)}).status_code == 303
    board = bob.get("/app/cases.json").json()
    assert case_id in [c["id"] for col in board["columns"].values() for c in col]
    assert _post(bob, f"/app/cases/{case_id}/explode").status_code == 404
    assert _post(bob, f"/app/cases/{case_id}/step", {"step_id": "x"}).status_code == 422


def test_agents_cannot_open_other_teams_cases(clients: dict[str, TestClient],  # noqa: F811
                                              staff: dict[str, Any]) -> None:  # noqa: F811
    opened = _post(clients["admin"], f"/app/customers/{staff['billing_customer'].id}/open-case",
                   {"title": "Billing problem"})
    assert opened.status_code == 303
    path = re.sub(r"\?.*", "", opened.headers["location"])
    assert clients["agent"].get(path).status_code == 404
    assert clients["viewer"].get(path).status_code == 200
