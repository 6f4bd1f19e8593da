"""Dashboard pages and their JSON twins, on a real database.

Every page renders for a signed-in user, its ``.json`` twin returns the same report dict,
customer text is escaped, and the findings' evidence is highlighted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from amends.timeutil import utcnow
from tests.factories import PASSWORD, make_customer, make_interaction


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its production cost takes ~0.5 s per hash on a busy 2-core machine;
    these tests hash a dozen times, so they use the same algorithm at a low cost."""
    from argon2 import PasswordHasher

    import amends.auth

    monkeypatch.setattr(amends.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                               parallelism=1))


XSS = "<script>alert('x')</script> the <b>parcel</b> never arrived, still waiting"


def analysis(text: str, *, bad: bool = False, score: float = 0.0, severity: int = 0,
             issue: tuple[str, str, str] | None = None, praise: list[str] | None = None,
             tone: dict[str, str] | None = None) -> dict[str, Any]:
    """A minimal analysis in the text engine's shape, with one real evidence span."""
    evidence, issues = [], []
    if issue:
        cat, label, phrase = issue
        at = text.index(phrase)
        span = {"start": at, "end": at + len(phrase), "text": phrase}
        evidence.append(span | {"finding": "issue:" + cat})
        issues.append({"category": cat, "label": label, "score": 0.8,
                       "evidence": [span | {"kind": "phrase"}]})
    signals = {n: {"present": False, "score": 0.0, "evidence": []}
               for n in ("churn_intent", "public_escalation", "legal_threat",
                         "repeat_contact", "urgency", "praise")}
    signals["praise"] = {"present": bool(praise), "score": 0.8 if praise else 0.0,
                         "evidence": [], "names": praise or []}
    tone_out = {k: {"present": True, "score": 0.7, "evidence": []} for k in (tone or {})}
    return {"sentiment": "negative" if score < -0.2 else "positive" if score > 0.2
            else "neutral", "sentiment_score": score, "bad_experience": bad,
            "issues": issues, "signals": signals, "tone": tone_out or None,
            "severity": severity, "evidence": evidence, "emotions": {}}


def analysed(session: Session, customer: Any, text: str, **kw: Any) -> Any:
    fields = {k: kw.pop(k) for k in ("author_type", "staff_id", "thread_id", "when", "channel")
              if k in kw}
    a = analysis(text, **kw)
    return make_interaction(session, customer, text, analysis=a,
                            sentiment_score=a["sentiment_score"], bad_experience=a["bad_experience"],
                            severity=a["severity"], **fields)


@pytest.fixture
def world(session: Session, users: dict[str, Any]) -> dict[str, Any]:
    """Customers owned by bob (Care) and charlie (Billing), one unowned, with findings."""
    bob, charlie = users["bob"], users["charlie"]
    mine = make_customer(session, name="Dana Care", segment="SMB", owner_id=bob.id,
                         value_per_year=1200.0)
    theirs = make_customer(session, name="Erin Billing", segment="Enterprise",
                           owner_id=charlie.id, value_per_year=5000.0)
    shared = make_customer(session, name="Frank Nobody", segment="SMB")
    now = utcnow()
    analysed(session, mine, XSS, bad=True, score=-0.8, severity=70, staff_id=bob.id,
             issue=("delay", "Delay / waiting", "still waiting"), thread_id="t1",
             when=now - timedelta(hours=5))
    analysed(session, mine, "So sorry Dana, I have taken ownership and will fix it today.",
             author_type="staff", staff_id=bob.id, thread_id="t1", score=0.3,
             tone={"empathy": "sorry", "ownership": "taken ownership"},
             when=now - timedelta(hours=3))
    analysed(session, theirs, "Thanks to Bob, he was amazing!", score=0.9, praise=["Bob"],
             when=now - timedelta(days=1))
    analysed(session, theirs, "I was charged twice for one order.", bad=True, score=-0.6,
             severity=55, issue=("billing", "Billing / overcharge", "charged twice"),
             staff_id=charlie.id, when=now - timedelta(days=2))
    analysed(session, shared, "When do you open on Sunday?", score=0.0,
             when=now - timedelta(days=3))
    session.commit()
    return {"mine": mine, "theirs": theirs, "shared": shared, **users}


def sign_in(client: Any, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/app/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/app/login", data={"email": email, "password": password,
                                                "csrf_token": token, "next": "/app/overview"},
                           follow_redirects=False)
    return response


def csrf_of(client: Any, path: str = "/app/overview") -> str:
    return client.get(path).text.split('name="csrf_token" value="')[1].split('"')[0]


@pytest.fixture
def alice(client: Any, world: dict[str, Any]) -> Any:
    assert sign_in(client, "alice@example.org").status_code == 303
    return client


PAGES = ["/app/overview", "/app/customers", "/app/themes", "/app/team", "/app/settings"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_and_has_a_json_twin(alice: Any, path: str) -> None:
    html = alice.get(path)
    assert html.status_code == 200, html.text[:500]
    assert html.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in html.headers
    twin = alice.get(path + ".json")
    assert twin.status_code == 200
    assert twin.headers["content-type"].startswith("application/json")
    by_accept = alice.get(path, headers={"Accept": "application/json"}).json()
    for data in (by_accept, twin.json()):
        data.pop("since", None), data.pop("until", None)  # the clock moved on
    assert by_accept == {k: v for k, v in twin.json().items() if k not in ("since", "until")}


def test_overview_counts_bad_experiences_and_value_at_risk(alice: Any) -> None:
    data = alice.get("/app/overview.json").json()
    k = data["kpis"]
    assert k["messages"] == 4  # customer-authored only
    assert k["bad_experiences"] == 2
    assert k["bad_rate"] == pytest.approx(0.5)
    assert k["value_at_risk"] == pytest.approx(6200.0)
    assert sum(b["count"] for b in data["thermometer"]) == 4
    assert {x["customer_name"] for x in data["recent_bad"]} == {"Dana Care", "Erin Billing"}
    assert [x["customer_name"] for x in data["feed"]["items"]][-1] == "Frank Nobody"


def test_overview_filters_by_segment_and_refuses_a_bad_period(alice: Any) -> None:
    smb = alice.get("/app/overview.json?segment=SMB").json()
    assert smb["kpis"]["messages"] == 2 and smb["kpis"]["bad_experiences"] == 1
    bad = alice.get("/app/overview.json?period=2y")
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0]["field"] == "query.period"
    page = alice.get("/app/overview?period=2y")
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]


def test_customer_page_escapes_text_and_highlights_evidence(alice: Any,
                                                            world: dict[str, Any]) -> None:
    page = alice.get(f"/app/customers/{world['mine'].id}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;parcel&lt;/b&gt;" in page.text
    assert '<mark class="ev issue" title="issue: delay">still waiting</mark>' in page.text
    data = alice.get(f"/app/customers/{world['mine'].id}.json").json()
    first = next(e for e in data["timeline"] if e.get("author") == "customer")
    assert first["text"] == XSS
    span = first["spans"][0]
    assert XSS[span["start"]:span["end"]] == "still waiting"
    assert [s["title"] for s in data["next_steps"]] == ["Nothing urgent"]  # bob replied


def test_next_steps_follow_an_unanswered_complaint(alice: Any, session: Session,
                                                   world: dict[str, Any]) -> None:
    analysed(session, world["shared"], "Still no refund, this is the third time I ask.",
             bad=True, score=-0.7, severity=60)
    session.commit()
    data = alice.get(f"/app/customers/{world['shared'].id}.json").json()
    titles = [s["title"] for s in data["next_steps"]]
    assert titles == ["Reply to the last complaint", "Assign an owner"]


def test_customers_list_search_and_bad_filter(alice: Any) -> None:
    names = [c["name"] for c in alice.get("/app/customers.json").json()["items"]]
    assert names == ["Dana Care", "Erin Billing", "Frank Nobody"]
    found = alice.get("/app/customers.json?q=erin").json()["items"]
    assert [c["name"] for c in found] == ["Erin Billing"]
    bad = alice.get("/app/customers.json?bad=1").json()["items"]
    assert {c["name"] for c in bad} == {"Dana Care", "Erin Billing"}
    assert alice.get("/app/customers.json?page=0").status_code == 422


def test_themes_and_drill_down(alice: Any) -> None:
    data = alice.get("/app/themes.json").json()
    assert {t["category"]: t["count"] for t in data["themes"]} == {"delay": 1, "billing": 1}
    delay = next(t for t in data["themes"] if t["category"] == "delay")
    assert delay["phrases"] == [{"phrase": "still waiting", "count": 1}]
    drill = alice.get("/app/themes/delay.json").json()
    assert [m["customer_name"] for m in drill["messages"]] == ["Dana Care"]
    page = alice.get("/app/themes/delay")
    assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text
    assert alice.get("/app/themes/nothing-here").status_code == 404


def test_team_praise_tone_and_response_time(alice: Any, world: dict[str, Any]) -> None:
    data = alice.get("/app/team.json").json()
    bob = next(m for m in data["members"] if m["name"] == "Bob Teammate")
    assert bob["praise"] == 1 and bob["replies"] == 1 and bob["complaints"] == 1
    assert bob["tone"]["empathy"] == 1 and bob["tone"]["ownership"] == 1
    assert bob["response_seconds"] == pytest.approx(2 * 3600, rel=0.01)
    person = alice.get(f"/app/team/{world['bob'].id}.json").json()
    assert [m["text"] for m in person["praise"]] == ["Thanks to Bob, he was amazing!"]
    assert alice.get(f"/app/team/{world['bob'].id}").status_code == 200
    assert alice.get("/app/team/999999").status_code == 404


def test_live_feed_json_and_event_stream(alice: Any, session: Session,
                                         world: dict[str, Any]) -> None:
    start = alice.get("/app/live.json").json()
    last = start["last_id"]
    new = analysed(session, world["shared"], "<img src=x onerror=alert(1)> hello")
    session.commit()
    after = alice.get(f"/app/live.json?after={last}").json()
    assert [i["id"] for i in after["items"]] == [new.id]
    with alice.stream("GET", f"/app/live?after={last}&max_seconds=0.5") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        body = "".join(stream.iter_text())
    assert f"id: {new.id}\nevent: interaction\n" in body
    assert '"snippet": "<img src=x onerror=alert(1)> hello"' in body  # JSON, shown via textContent


def test_json_twin_accepts_a_read_api_key(client: Any, world: dict[str, Any],
                                          auth: dict[str, str]) -> None:
    assert client.get("/app/overview.json", headers=auth).status_code == 200
    assert client.get("/app/overview.json").status_code == 401
    bad = client.get("/app/overview.json", headers={"Authorization": "Bearer amk_nope_x"})
    assert bad.status_code == 401


def test_pages_redirect_to_sign_in_and_come_back(client: Any, world: dict[str, Any]) -> None:
    response = client.get("/app/themes?period=7d", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/app/login?next=/app/themes%3Fperiod%3D7d"
    page = client.get("/app/login?next=/app/themes")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    done = client.post("/app/login", data={"email": "alice@example.org", "password": PASSWORD,
                                           "csrf_token": token, "next": "/app/themes"},
                       follow_redirects=False)
    assert done.headers["location"] == "/app/themes"


def test_unknown_pages_get_a_friendly_html_error(alice: Any) -> None:
    page = alice.get("/app/customers/987654")
    assert page.status_code == 404 and "Not found" in page.text
    assert alice.get("/app/customers/987654.json").json()["error"]["code"] == "not_found"
