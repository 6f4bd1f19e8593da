"""Staff users and teams; sign-in, sessions, lock-out and account administration."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from amends.auth import hash_password, verify_password
from amends.errors import Conflict, FieldError, Forbidden, NotFound, Unauthorized, ValidationFailed
from amends.models import StaffUser, Team
from amends.models.sessions import StaffSession
from amends.models.staff import ROLES
from amends.timeutil import utcnow

MIN_PASSWORD = 10


def do_get_or_create_team(session: Session, name: str) -> Team:
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team


def do_create_staff(session: Session, *, email: str, name: str, role: str = "agent",
                    team_name: str | None = None, password: str | None = None) -> StaffUser:
    problems = []
    if role not in ROLES:
        problems.append(FieldError("role", f"must be one of {', '.join(ROLES)}"))
    if "@" not in email:
        problems.append(FieldError("email", "is not a valid email address"))
    if password is not None and len(password) < MIN_PASSWORD:
        problems.append(FieldError("password", f"needs at least {MIN_PASSWORD} characters"))
    if problems:
        raise ValidationFailed("; ".join(f"{p.field} {p.message}" for p in problems),
                               fields=problems)
    email = email.strip().lower()
    if session.scalar(select(func.count()).where(StaffUser.email == email)):
        raise Conflict(f"a staff user with email {email} already exists")
    team = do_get_or_create_team(session, team_name) if team_name else None
    user = StaffUser(email=email, name=name, role=role, team_id=team.id if team else None,
                     password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    return user


# --- sign-in, sessions and account administration (dashboard) ---------------------------

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def do_sign_in(session: Session, *, email: str, password: str,
               now: datetime | None = None) -> StaffUser:
    """Check a password, counting failures; 5 in a row lock the account for 15 minutes.

    The message is the same for an unknown email, a wrong password and a disabled account
    so the form does not reveal which accounts exist; a locked account says so, because
    the owner needs to know why a right password fails.
    """
    now = now or utcnow()
    user = session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    wrong = Unauthorized("that email and password do not match an active account",
                         code="bad_credentials")
    if user is None or not user.is_active:
        verify_password(None, password)  # same work either way: no timing oracle
        raise wrong
    if user.locked_until is not None and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise Forbidden(f"this account is locked after repeated failed sign-ins; try again in "
                        f"{minutes} minutes or ask an admin to reset the password",
                        code="account_locked")
    if not verify_password(user.password_hash, password):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        session.flush()
        raise wrong
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    return user


def do_start_session(session: Session, user: StaffUser, *, ip: str | None = None,
                     user_agent: str | None = None) -> tuple[StaffSession, str]:
    """Open a session; returns it and the raw cookie token (stored only as a digest)."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    row = StaffSession(token_hash=token_digest(raw), user_id=user.id,
                       csrf_token=secrets.token_urlsafe(24), created_at=now, last_seen_at=now,
                       expires_at=now + SESSION_LIFETIME, ip=(ip or "")[:64] or None,
                       user_agent=(user_agent or "")[:300] or None)
    session.add(row)
    session.flush()
    return row, raw


def do_end_session(session: Session, raw_token: str) -> None:
    session.execute(delete(StaffSession).where(StaffSession.token_hash == token_digest(raw_token)))


def do_end_all_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(StaffSession).where(StaffSession.user_id == user_id))


def _get_user(session: Session, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id)
    if user is None:
        raise NotFound(f"no staff user with id {user_id}")
    return user


def do_reset_password(session: Session, user_id: int, new_password: str) -> StaffUser:
    """An admin sets a new password: unlocks the account and signs out its sessions."""
    if len(new_password) < MIN_PASSWORD:
        raise ValidationFailed(f"the password needs at least {MIN_PASSWORD} characters",
                               fields=[FieldError("password",
                                                  f"needs at least {MIN_PASSWORD} characters")])
    user = _get_user(session, user_id)
    user.password_hash = hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    do_end_all_sessions(session, user.id)
    session.flush()
    return user


def do_set_staff_active(session: Session, user_id: int, active: bool, *,
                        acting_user_id: int | None = None) -> StaffUser:
    user = _get_user(session, user_id)
    if not active and user.id == acting_user_id:
        raise Conflict("you cannot disable your own account")
    if not active and user.role == "admin" and _active_admins(session) <= 1:
        raise Conflict("this is the last active admin; make someone else admin first")
    user.is_active = active
    if not active:
        do_end_all_sessions(session, user.id)
    session.flush()
    return user


def do_set_staff_role(session: Session, user_id: int, role: str, *,
                      acting_user_id: int | None = None) -> StaffUser:
    if role not in ROLES:
        raise ValidationFailed(f"role must be one of {', '.join(ROLES)}",
                               fields=[FieldError("role", f"must be one of {', '.join(ROLES)}")])
    user = _get_user(session, user_id)
    if user.role == "admin" and role != "admin":
        if user.id == acting_user_id:
            raise Conflict("you cannot remove your own admin role")
        if _active_admins(session) <= 1:
            raise Conflict("this is the last active admin; make someone else admin first")
    user.role = role
    session.flush()
    return user


def do_unlock_staff(session: Session, user_id: int) -> StaffUser:
    user = _get_user(session, user_id)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()
    return user


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(StaffUser).where(
        StaffUser.role == "admin", StaffUser.is_active.is_(True))) or 0
