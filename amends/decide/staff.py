"""Staff users and teams."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amends.auth import hash_password
from amends.errors import Conflict, FieldError, ValidationFailed
from amends.models import StaffUser, Team
from amends.models.staff import ROLES

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
