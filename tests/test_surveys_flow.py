"""One-click surveys end to end: real SMTP (aiosmtpd), links followed over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from amends import hooks, jobs
from amends.decide.surveys import do_invite, do_record_click, do_settle
from amends.models import Interaction, Job, OutboxMessage
from amends.models.surveys import SurveyClick, SurveyInvitation, SurveyResponse
from amends.surveys import tokens
from amends.timeutil import utcnow
from tests import test_surveys_support as support
from tests.factories import make_customer
from tests.test_surveys_support import HUMAN, html_links, make_survey, parts, path_of

# The shared fixtures of the survey tests.
admin_auth = support.admin_auth
sclient = support.sclient
smtp = support.smtp
ssettings = support.ssettings

ANSWERED: list[int] = []


def record_hook(session: Any, response_id: int) -> None:
    ANSWERED.append(response_id)


@pytest.fixture(autouse=True)
def answered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Answers reach the `survey_answered` hook; the recovery rules behind it are tested
    by their own suite, so here the hook only records."""
    ANSWERED.clear()
    monkeypatch.setitem(hooks.HOOKS, "survey_answered",
                        ["tests.test_surveys_flow:record_hook"])
    return ANSWERED


def _send(session: Any, session_factory: Any, survey: Any, customer: Any,
          context_id: str = "T-1", **kw: Any) -> Any:
    result = do_invite(session, survey=survey, customer_id=customer.id,
                       context_type="conversation", context_id=context_id, **kw)
    session.commit()
    jobs.run_pending(session_factory)
    return result


def _response(session: Any, invitation_id: int) -> SurveyResponse | None:
    session.expire_all()
    return session.scalar(select(SurveyResponse)
                          .where(SurveyResponse.invitation_id == invitation_id))


def test_email_links_record_change_and_comment(session, session_factory, ssettings, smtp,
                                               sclient, admin_auth, users, answered):
    created = sclient.post("/api/v1/surveys", headers=admin_auth, json={
        "key": "after-chat", "name": "After chat", "kind": "thermometer",
        "question": "How was your chat with us?", "follow_up": "What made it so?",
        "brand_name": "Acme <Shop>", "brand_colour": "#aa3300"})
    assert created.status_code == 201, created.text
    customer = make_customer(session, name="Dana <b>Scully</b>", email="dana@example.com")
    session.commit()
    sent = sclient.post("/api/v1/surveys/after-chat/invitations", headers=admin_auth, json={
        "customer": {"id": customer.id}, "context_type": "conversation", "context_id": "T-9",
        "staff_email": users["bob"].email, "channel": "chat"})
    assert sent.status_code == 201 and sent.json()["status"] == "scheduled", sent.text
    jobs.run_pending(session_factory)
    jobs.run_pending(session_factory)  # a second worker pass sends nothing more

    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["To"] == "dana@example.com"
    assert "Acme" in mail["From"] and "amends@localhost" in mail["From"]
    assert "Acme <Shop>" in mail["Subject"]
    assert mail["List-Unsubscribe"].startswith("<http://testserver/s/u/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(mail)
    assert "<b>Scully</b>" not in html and "Dana &lt;b&gt;Scully&lt;/b&gt;" in html
    assert "<script" not in html and "<img" not in html  # buttons need no images, no JS
    links = html_links(html)
    for label in ("Delighted", "Satisfied", "Unhappy", "Very unhappy"):
        assert links[label].startswith("http://testserver/s/a/")
        assert links[label] in text  # the plain-text part carries the same links

    page = sclient.get(path_of(links["Unhappy"]), headers=HUMAN)
    assert page.status_code == 200
    assert "Unhappy" in page.text and "What made it so?" in page.text
    assert "#aa3300" in page.text and "Acme &lt;Shop&gt;" in page.text
    invitation = session.scalar(select(SurveyInvitation))
    assert _response(session, invitation.id) is None  # pending until it settles
    do_settle(session, invitation.id, now=utcnow() + timedelta(seconds=11))
    session.commit()
    response = _response(session, invitation.id)
    assert response.option == "unhappy" and response.bad_experience
    assert response.staff_id == users["bob"].id and response.identity_verified
    assert answered == [response.id]

    # A comment submitted from the thank-you page; it becomes an analysed interaction.
    posted = sclient.post(path_of(links["Unhappy"]), headers=HUMAN,
                          data={"comment": "Waited <i>40 minutes</i> for a reply."})
    assert posted.status_code == 200 and "we read every comment" in posted.text
    response = _response(session, invitation.id)
    assert response.comment == "Waited <i>40 minutes</i> for a reply."
    note = session.get(Interaction, response.comment_interaction_id)
    assert note.channel == "survey_comment" and note.author_type == "customer"
    assert note.source == "survey" and note.thread_id == "T-9"
    assert note.customer_id == customer.id and note.meta["response_id"] == response.id
    assert session.scalar(select(func.count()).select_from(Job).where(
        Job.kind == "analyse_interactions")) >= 1

    # Later the customer changes their mind with another link in the email.
    sclient.get(path_of(links["Delighted"]), headers=HUMAN)
    sclient.post(path_of(links["Delighted"]), headers=HUMAN, data={"comment": ""})
    response = _response(session, invitation.id)
    assert response.option == "delighted" and not response.bad_experience
    assert [h["option"] for h in response.history] == ["unhappy", "delighted"]
    assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    assert answered[-1] == response.id

    listed = sclient.get("/api/v1/surveys/after-chat/responses", headers=admin_auth).json()
    assert listed["items"][0]["option"] == "delighted"
    assert listed["items"][0]["channel"] == "chat"


def test_bad_tokens_get_one_friendly_page(session, session_factory, ssettings, sclient):
    survey = make_survey(session, rules={"frequency_days": 0})
    ann, ben = make_customer(session), make_customer(session)
    inv_a = _send(session, session_factory, survey, ann, "A").invitation
    inv_b = _send(session, session_factory, survey, ben, "B").invitation
    inv_a2 = _send(session, session_factory, survey, ann, "A2").invitation
    key = ssettings.secret_key

    def token(inv: Any, option: str = "satisfied", expires: int | None = None,
              customer: int | None = None, secret: str = key) -> str:
        return tokens.answer_token(secret, tokens.AnswerToken(
            inv.id, inv.survey_id, customer or inv.customer_id, option,
            expires or int((utcnow() + timedelta(days=1)).timestamp())))

    good = token(inv_a)
    body, mac = good.split(".")
    fields = body.split("-")
    tampered_option = "-".join(fields[:3] + ["delighted"] + fields[4:]) + "." + mac
    other_invitation = "-".join([tokens._b36(inv_b.id)] + fields[1:]) + "." + mac
    flipped = body + "." + ("A" if mac[0] != "A" else "B") + mac[1:]
    bad_pages = [
        sclient.get(f"/s/a/{t}", headers=HUMAN) for t in (
            "nonsense", tampered_option, other_invitation, flipped,
            token(inv_a, secret="another-secret-key-0123456789"),  # forged elsewhere
            token(inv_a2, customer=ben.id),  # signed, but names another customer
            token(inv_a, option="maybe"), good[:-3], "x" * 500)]
    assert {p.status_code for p in bad_pages} == {404}
    assert len({p.text for p in bad_pages}) == 1  # nothing tells the cases apart
    assert "doesn&#39;t work" in bad_pages[0].text and "Traceback" not in bad_pages[0].text
    expired = sclient.get(f"/s/a/{token(inv_a, expires=int(utcnow().timestamp()) - 5)}",
                          headers=HUMAN)
    assert expired.status_code == 410 and "closed" in expired.text
    # Tokens of A never touch B, even for the same customer.
    assert session.scalar(select(func.count()).select_from(SurveyClick)) == 0
    assert sclient.get(f"/s/a/{good}", headers=HUMAN).status_code == 200
    clicks = list(session.scalars(select(SurveyClick)))
    assert [c.invitation_id for c in clicks] == [inv_a.id]
    posted = sclient.post(f"/s/a/{tampered_option}", headers=HUMAN, data={"comment": "hi"})
    assert posted.status_code == 404


def test_scanner_burst_is_not_counted_but_the_person_is(session, session_factory, ssettings,
                                                        sclient, answered):
    survey = make_survey(session)
    customer = make_customer(session)
    invitation = _send(session, session_factory, survey, customer).invitation
    links = {o: tokens.answer_token(ssettings.secret_key, tokens.AnswerToken(
        invitation.id, survey.id, customer.id, o, int(invitation.expires_at.timestamp())))
        for o in ("delighted", "satisfied", "unhappy", "very_unhappy")}
    # A scanner opens every link within a second; the page still looks normal to it.
    for option in links:
        assert sclient.get(f"/s/a/{links[option]}", headers=HUMAN).status_code == 200
    # A known scanner signature is marked at once.
    sclient.get(f"/s/a/{links['unhappy']}",
                headers={"User-Agent": "Mozilla/5.0 (compatible; Barracuda Sentinel)"})
    sclient.get(f"/s/a/{links['satisfied']}", headers={"User-Agent": "python-requests/2.31"})
    now = utcnow()
    do_settle(session, invitation.id, now=now + timedelta(seconds=11))
    session.commit()
    verdicts = [c.verdict for c in session.scalars(select(SurveyClick).order_by(SurveyClick.id))]
    assert verdicts == ["burst"] * 4 + ["scanner", "scanner"]
    assert _response(session, invitation.id) is None and answered == []

    # The person clicks the option the scanner also clicked, minutes later: it counts.
    later = now + timedelta(minutes=5)
    do_record_click(session, invitation=invitation, option="very_unhappy", ip="203.0.113.9",
                    user_agent=HUMAN["User-Agent"], now=later)
    do_settle(session, invitation.id, now=later + timedelta(seconds=11))
    session.commit()
    response = _response(session, invitation.id)
    assert response.option == "very_unhappy" and response.bad_experience
    assert answered == [response.id]


def test_a_person_inside_a_burst_counts_by_submitting_the_page(session, session_factory,
                                                               ssettings, sclient):
    survey = make_survey(session, kind="nps")
    customer = make_customer(session)
    invitation = _send(session, session_factory, survey, customer).invitation

    def link(option: str) -> str:
        return "/s/a/" + tokens.answer_token(ssettings.secret_key, tokens.AnswerToken(
            invitation.id, survey.id, customer.id, option,
            int(invitation.expires_at.timestamp())))

    for option in ("0", "5", "10"):
        sclient.get(link(option), headers=HUMAN)
    assert sclient.post(link("9"), headers=HUMAN, data={}).status_code == 200
    response = _response(session, invitation.id)
    assert response.option == "9" and response.score == 9 and not response.bad_experience
    do_settle(session, invitation.id, now=utcnow() + timedelta(seconds=11))
    session.commit()
    assert _response(session, invitation.id).option == "9"  # the burst changes nothing
    # A scanner's POST is ignored.
    sclient.post(link("2"), headers={"User-Agent": "Proofpoint URL Defense"})
    assert _response(session, invitation.id).option == "9"


def test_settle_job_counts_a_lone_click(session, session_factory, ssettings, sclient):
    survey = make_survey(session, kind="csat")
    customer = make_customer(session)
    invitation = _send(session, session_factory, survey, customer).invitation
    token = tokens.answer_token(ssettings.secret_key, tokens.AnswerToken(
        invitation.id, survey.id, customer.id, "2", int(invitation.expires_at.timestamp())))
    sclient.get(f"/s/a/{token}", headers=HUMAN)
    settle = session.scalar(select(Job).where(Job.kind == "survey_settle_clicks"))
    assert settle is not None and settle.run_after > utcnow()
    session.expire_all()
    session.get(Job, settle.id).run_after = utcnow() - timedelta(seconds=1)
    session.get(SurveyClick, session.scalar(select(SurveyClick.id))).clicked_at = (
        utcnow() - timedelta(seconds=30))
    session.commit()
    jobs.run_pending(session_factory)
    session.expire_all()
    assert session.get(Job, settle.id).status == "done", session.get(Job, settle.id).last_error
    response = _response(session, invitation.id)
    assert response.option == "2" and response.bad_experience


def test_oversize_comment_is_refused_clearly(session, session_factory, ssettings, sclient):
    survey = make_survey(session)
    customer = make_customer(session)
    invitation = _send(session, session_factory, survey, customer).invitation
    token = tokens.answer_token(ssettings.secret_key, tokens.AnswerToken(
        invitation.id, survey.id, customer.id, "satisfied",
        int(invitation.expires_at.timestamp())))
    long = "<b>x</b>" * 300
    page = sclient.post(f"/s/a/{token}", headers=HUMAN, data={"comment": long})
    assert page.status_code == 413
    assert "2400 characters long; the limit is 2000" in page.text
    assert "<b>x</b>" not in page.text and "&lt;b&gt;x&lt;/b&gt;" in page.text
    huge = sclient.post(f"/s/a/{token}", headers=HUMAN, data={"comment": "y" * 40_000})
    assert huge.status_code == 413 and "the limit is 2000" in huge.text
    assert _response(session, invitation.id) is None
    assert session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_frequency_limit_and_opt_out_hold(session, session_factory, ssettings, smtp, sclient):
    survey = make_survey(session)
    other = make_survey(session, key="orders", kind="csat")
    customer = make_customer(session)
    first = _send(session, session_factory, survey, customer, "T-1")
    assert first.status == "scheduled"
    again = do_invite(session, survey=survey, customer_id=customer.id,
                      context_type="conversation", context_id="T-1")
    assert again.status == "existing"
    limited = do_invite(session, survey=other, customer_id=customer.id, context_type="order",
                        context_id="O-1")
    assert limited.status == "skipped" and "frequency" in limited.reason
    assert len(smtp.messages) == 1

    unsubscribe = smtp.messages[0]["List-Unsubscribe"].strip("<>")
    page = sclient.get(path_of(unsubscribe))  # a scanner's GET changes nothing
    assert page.status_code == 200 and "Unsubscribe" in page.text
    session.expire_all()
    assert not customer.survey_opt_out
    one_click = sclient.post(path_of(unsubscribe), data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    session.expire_all()
    assert customer.survey_opt_out
    later = do_invite(session, survey=other, customer_id=customer.id, context_type="order",
                      context_id="O-2", now=utcnow() + timedelta(days=30))
    assert later.status == "skipped" and "opted out" in later.reason
    assert sclient.post("/s/u/1-1.AAAAAAAAAAAAAAAAAAAAAA").status_code == 404


def test_opt_out_stops_an_invitation_already_scheduled(session, session_factory, ssettings,
                                                      smtp):
    from amends.decide.surveys import do_opt_out

    survey = make_survey(session)
    customer = make_customer(session)
    result = do_invite(session, survey=survey, customer_id=customer.id,
                       context_type="conversation", context_id="T-5",
                       delay=timedelta(minutes=1))
    do_opt_out(session, customer.id)
    session.commit()
    session.get(Job, session.scalar(select(Job.id).where(
        Job.kind == "survey_send_invitation"))).run_after = utcnow()
    session.commit()
    jobs.run_pending(session_factory)
    session.expire_all()
    assert session.get(SurveyInvitation, result.invitation.id).status == "skipped"
    assert smtp.messages == []


def test_refused_recipient_is_retried_reported_and_sent_once(session, session_factory,
                                                             ssettings, smtp, sclient,
                                                             admin_auth):
    from amends.notify.outbox import deliver_due

    survey = make_survey(session)
    customer = make_customer(session, email="nobody@example.com")
    smtp.refuse.add("nobody@example.com")
    _send(session, session_factory, survey, customer)
    listed = sclient.get(f"/api/v1/surveys/{survey.key}/invitations", headers=admin_auth).json()
    delivery = listed["items"][0]["delivery"]
    assert delivery["status"] == "failed" and "refused" in delivery["last_error"]
    assert delivery["attempts"] == 1 and smtp.messages == []
    smtp.refuse.clear()
    later = utcnow() + timedelta(days=1)  # past the backoff
    deliver_due(session_factory, ssettings, now=later)
    deliver_due(session_factory, ssettings, now=later + timedelta(days=1))
    jobs.run_pending(session_factory)
    assert len(smtp.messages) == 1
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    listed = sclient.get(f"/api/v1/surveys/{survey.key}/invitations", headers=admin_auth).json()
    assert listed["items"][0]["delivery"]["status"] == "sent"


def test_public_pages_are_rate_limited(session, session_factory, settings, sclient, ssettings):
    from fastapi.testclient import TestClient

    from amends.web.app import create_app
    from tests.test_surveys_support import survey_settings_from

    tight = survey_settings_from(ssettings, survey_rate_ip_per_minute=3)
    with TestClient(create_app(tight, session_factory)) as client:
        codes = [client.get("/s/a/nonsense").status_code for _ in range(5)]
    assert codes == [404, 404, 404, 429, 429]


def test_opt_out_cancels_an_email_still_retrying(session, session_factory, ssettings, smtp):
    from amends.decide.surveys import do_opt_out
    from amends.notify.outbox import deliver_due

    survey = make_survey(session)
    customer = make_customer(session, email="later@example.com")
    smtp.refuse.add("later@example.com")
    _send(session, session_factory, survey, customer)
    smtp.refuse.clear()
    do_opt_out(session, customer.id)
    session.commit()
    deliver_due(session_factory, ssettings, now=utcnow() + timedelta(days=2))
    assert smtp.messages == []
    message = session.scalar(select(OutboxMessage))
    session.refresh(message)
    assert message.status == "dead" and "opted out" in message.last_error
