"""Request-scoped dependencies: the database session, settings and API-key checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from amends.auth import authenticate_api_key
from amends.config import Settings
from amends.errors import FieldError, ValidationFailed
from amends.ingest.schemas import storable_problem
from amends.models import ApiKey


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.close()


def _raw_key(authorization: str | None, x_api_key: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return x_api_key


def require_scope(scope: str) -> Callable[..., ApiKey]:
    """A dependency that admits an API key with `scope` (sent as a Bearer token or X-API-Key)."""

    def dependency(session: Session = Depends(get_session),
                   authorization: str | None = Header(default=None),
                   x_api_key: str | None = Header(default=None)) -> ApiKey:
        key = authenticate_api_key(session, _raw_key(authorization, x_api_key), scope)
        if session.dirty:
            session.commit()  # last_used_at (touched at most once a minute)
        return key

    return dependency


def client_ip(request: Request) -> str:
    """The caller's address; behind a trusted reverse proxy, the first X-Forwarded-For hop.

    Only trust the header when AMENDS_TRUST_PROXY_HEADERS says a proxy sets it, or any
    client could pick its own address and dodge the per-address rate limits.
    """
    if get_settings(request).trust_proxy_headers:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "unknown"


def storable_params(request: Request) -> None:
    """Refuse path and query values the database cannot hold or compare (a NUL, a lone
    surrogate) with a 422 naming each one; PostgreSQL would otherwise fail the query (a 500).

    Used as a router-level dependency, so it runs before the route's own dependencies.
    """
    fields = [FieldError(f"{where}.{name}", problem)
              for where, items in (("path", request.path_params.items()),
                                   ("query", request.query_params.multi_items()))
              for name, value in items if (problem := storable_problem(value))]
    if fields:
        raise ValidationFailed("a parameter holds characters that cannot be stored",
                               fields=fields)
