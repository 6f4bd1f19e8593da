"""Staff sign-in for the dashboard: sessions, CSRF, roles and the access helpers.

Who may do what is decided here and nowhere else; pages hide what `Actor.can` refuses and
every route that changes something calls `require` again, so a direct request to a
forbidden URL is refused (403) even though no link leads to it.

Roles::

    admin    everything: settings, users, API keys
    manager  all data; assign owners; approve amends
    agent    own and team customers (and unassigned ones, the shared queue); works cases
    viewer   all data, read only

Sessions live in the ``staff_sessions`` table. The cookie holds a random token (HttpOnly,
SameSite=Lax, Secure when the base URL is https); each session has its own CSRF token that
every form posts back. The sign-in form, which has no session yet, uses a double-submit
cookie signed with the secret key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from fastapi import Depends, Header, Request, Response
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from amends.auth import authenticate_api_key
from amends.config import Settings
from amends.decide.staff import token_digest
from amends.errors import Forbidden, NotFound, Unauthorized
from amends.models import Customer, StaffUser
from amends.models.sessions import StaffSession
from amends.timeutil import utcnow
from amends.web.deps import get_session

SESSION_COOKIE = "amends_session"
LOGIN_CSRF_COOKIE = "amends_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TOUCH_EVERY = timedelta(minutes=5)

# action -> roles allowed. Reading pages is "view"; everything else is a change.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": frozenset({"admin", "manager", "agent", "viewer"}),
    "view_all_customers": frozenset({"admin", "manager", "viewer"}),
    "work_cases": frozenset({"admin", "manager", "agent"}),
    "assign": frozenset({"admin", "manager"}),
    "approve_amends": frozenset({"admin", "manager"}),
    "manage_settings": frozenset({"admin"}),
    "manage_users": frozenset({"admin"}),
    "manage_api_keys": frozenset({"admin"}),
}


@dataclass
class Actor:
    """Whoever makes the request: a signed-in staff member, or an API key (read-only)."""

    role: str
    user_id: int | None = None
    name: str = ""
    email: str = ""
    team_id: int | None = None
    csrf_token: str = ""
    via: str = "session"  # session | api_key
    _team_ids: list[int] | None = field(default=None, repr=False)

    def can(self, action: str) -> bool:
        if self.via == "api_key":
            return action in {"view", "view_all_customers"}
        return self.role in PERMISSIONS.get(action, frozenset())

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"


def require(actor: Actor, action: str) -> None:
    """Refuse (403) what the actor's role may not do."""
    if not actor.can(action):
        raise Forbidden(f"your role ({actor.role}) may not {action.replace('_', ' ')}",
                        code="role_forbidden")


# --- sessions ----------------------------------------------------------------------------

def actor_from_cookie(request: Request, session: Session) -> Actor | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    row = session.scalar(select(StaffSession).where(StaffSession.token_hash == token_digest(raw)))
    now = utcnow()
    if row is None or row.expires_at <= now:
        return None
    user = session.get(StaffUser, row.user_id)
    if user is None or not user.is_active:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        # Touch rarely: page views should not each become a write.
        row.last_seen_at = now
        session.commit()
    return Actor(role=user.role, user_id=user.id, name=user.name, email=user.email,
                 team_id=user.team_id, csrf_token=row.csrf_token)


def signed_in(request: Request, session: Session = Depends(get_session)) -> Actor:
    """Dependency for pages and forms: a staff session, else 401 (the page renderer
    turns that into a redirect to the sign-in page)."""
    actor = actor_from_cookie(request, session)
    if actor is None:
        raise Unauthorized("please sign in", code="sign_in_required")
    request.state.actor = actor
    return actor


def signed_in_or_key(request: Request, session: Session = Depends(get_session),
                     authorization: str | None = Header(default=None),
                     x_api_key: str | None = Header(default=None)) -> Actor:
    """Dependency for JSON twins: a staff session, or an API key with the read scope."""
    raw = (authorization[7:].strip() if authorization and
           authorization.lower().startswith("bearer ") else x_api_key)
    if raw:
        key = authenticate_api_key(session, raw, "read")
        session.commit()
        return Actor(role="viewer", name=f"API key {key.name}", via="api_key")
    return signed_in(request, session)


def set_session_cookie(response: Response, raw_token: str, settings: Settings) -> None:
    response.set_cookie(SESSION_COOKIE, raw_token, httponly=True, samesite="lax",
                        secure=settings.base_url.startswith("https://"), path="/",
                        max_age=12 * 3600)


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=settings.base_url.startswith("https://"))


# --- CSRF --------------------------------------------------------------------------------

def check_csrf(actor: Actor, sent: str | None) -> None:
    """Every state-changing form posts the session's CSRF token back."""
    if not sent or not actor.csrf_token or not hmac.compare_digest(sent, actor.csrf_token):
        raise Forbidden("the form has expired or did not come from this site; reload the "
                        "page and try again", code="csrf_failed")


def _sign(value: str, settings: Settings) -> str:
    return hmac.new(settings.secret_key.encode(), value.encode(), hashlib.sha256).hexdigest()


def new_login_csrf(settings: Settings) -> tuple[str, str]:
    """(form token, cookie value): the cookie is the token plus its HMAC."""
    token = secrets.token_urlsafe(24)
    return token, f"{token}.{_sign(token, settings)}"


def check_login_csrf(cookie: str | None, sent: str | None, settings: Settings) -> None:
    ok = False
    if cookie and sent and "." in cookie:
        token, sig = cookie.rsplit(".", 1)
        ok = (hmac.compare_digest(sig, _sign(token, settings))
              and hmac.compare_digest(token, sent))
    if not ok:
        raise Forbidden("the sign-in form has expired; reload the page and try again",
                        code="csrf_failed")


# --- access helpers ----------------------------------------------------------------------

def team_member_ids(session: Session, actor: Actor) -> list[int]:
    """The actor and their teammates (cached on the actor for the request)."""
    if actor._team_ids is None:
        ids = {actor.user_id} if actor.user_id is not None else set()
        if actor.team_id is not None:
            ids |= set(session.scalars(select(StaffUser.id)
                                       .where(StaffUser.team_id == actor.team_id)))
        actor._team_ids = sorted(i for i in ids if i is not None)
    return actor._team_ids


def customer_scope(session: Session, actor: Actor) -> ColumnElement[bool] | None:
    """A WHERE condition limiting customers to what the actor may see (None: all)."""
    if actor.can("view_all_customers"):
        return None
    return or_(Customer.owner_id.in_(team_member_ids(session, actor)),
               Customer.owner_id.is_(None))


def get_customer_for_user(session: Session, actor: Actor, customer_id: int) -> Customer:
    """The customer if the actor may see it; otherwise 404 (not 403: no existence leak)."""
    customer = session.get(Customer, customer_id)
    if customer is None or not may_see_customer(session, actor, customer):
        raise NotFound(f"no customer with id {customer_id}")
    return customer


def may_see_customer(session: Session, actor: Actor, customer: Customer) -> bool:
    if actor.can("view_all_customers") or customer.owner_id is None:
        return True
    return customer.owner_id in team_member_ids(session, actor)


def get_staff_for_user(session: Session, actor: Actor, staff_id: int) -> StaffUser:
    """Staff profiles are visible to every signed-in role (praise is meant to be shared)."""
    require(actor, "view")
    user = session.get(StaffUser, staff_id)
    if user is None:
        raise NotFound(f"no staff user with id {staff_id}")
    return user


def actor_dict(actor: Actor) -> dict[str, Any]:
    return {"role": actor.role, "user_id": actor.user_id, "name": actor.name, "via": actor.via,
            "may": sorted(a for a in PERMISSIONS if actor.can(a))}
