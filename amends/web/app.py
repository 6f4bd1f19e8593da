"""The FastAPI app factory: settings, database, error rendering and routers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

import amends
from amends.config import Settings, load_settings
from amends.errors import AmendsError, ConfigError, FieldError, PayloadTooLarge

log = logging.getLogger("amends.web")


def create_app(settings: Settings | None = None,
               session_factory: Callable[[], Session] | None = None,
               *, check_schema: bool = True) -> FastAPI:
    """Build the app. Tests pass their own session factory (bound to a rolled-back connection)."""
    settings = settings or load_settings()
    if session_factory is None:
        from amends.db import make_engine, make_session_factory, schema_is_current

        engine = make_engine(settings.database_url)
        if check_schema and not schema_is_current(engine):
            raise ConfigError("the database schema is not at the latest migration: "
                              "run `amends migrate` first", code="schema_not_current")
        session_factory = make_session_factory(engine)

    app = FastAPI(title="Amends", version=amends.__version__,
                  description="Catch bad customer experiences as they happen, make amends "
                              "fast, and prove whether the customer stayed.")
    app.state.settings = settings
    from amends import runtime

    runtime.use_settings(settings)
    app.state.session_factory = session_factory
    _install_error_handlers(app)
    _install_body_limit(app, settings.max_body_bytes)

    from amends.web import api

    app.include_router(api.router)
    for module in _feature_modules():
        module.install(app) if hasattr(module, "install") else app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        # People open the base address; the dashboard asks them to sign in if needed.
        return RedirectResponse("/app/overview", status_code=303)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": amends.__version__}

    return app


# Feature routers, each in its own module; a module may define `install(app)` instead of
# `router` when it needs more (templates, error pages, middleware).
FEATURE_ROUTERS = ["amends.web.pages", "amends.web.surveys", "amends.web.cases",
                   "amends.web.health", "amends.web.intake"]


def _feature_modules() -> list[Any]:
    import importlib

    modules = []
    for name in FEATURE_ROUTERS:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules


def error_response(exc: AmendsError) -> JSONResponse:
    return JSONResponse(exc.to_dict(), status_code=exc.status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AmendsError)
    async def amends_error(request: Request, exc: AmendsError) -> Any:
        renderer = getattr(app.state, "html_error_renderer", None)
        if renderer is not None and not request.url.path.startswith("/api/"):
            return renderer(request, exc)
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = []
        malformed = False
        for err in exc.errors():
            malformed |= err.get("type") == "json_invalid"
            path = ".".join(str(p) for p in err.get("loc", ()))
            fields.append(FieldError(path or "body", str(err.get("msg", "invalid"))))
        if malformed:
            return error_response(AmendsError("the body is not valid JSON", "malformed_json",
                                              fields, 400))
        return error_response(AmendsError("the request is not valid", "validation_error",
                                          fields, 422))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        err = AmendsError(str(exc.detail), code, [], exc.status_code)
        renderer = getattr(app.state, "html_error_renderer", None)
        if renderer is not None and not request.url.path.startswith("/api/"):
            return renderer(request, err)
        return error_response(err)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(AmendsError("something went wrong on our side; it has been "
                                          "logged", "internal_error", [], 500))


def _install_body_limit(app: FastAPI, limit: int) -> None:
    app.add_middleware(BodyLimit, limit=limit)


class BodyLimit:
    """Refuse bodies over `limit` bytes with 413, whether sized or chunked.

    A declared Content-Length is checked at once; a chunked body is read up to the limit
    before the app sees it (FastAPI reads whole bodies anyway), so an endless stream can
    neither exhaust memory nor reach a route.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"").decode()
        if length.isascii() and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, send, int(length))
            return
        if length or b"chunked" not in headers.get(b"transfer-encoding", b""):
            await self.app(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                await self._refuse(scope, send, size)
                return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Any, send: Any, size: int) -> None:
        response = error_response(PayloadTooLarge(
            f"the body is {size} bytes or more; the limit is {self.limit}"))
        await response(scope, None, send)  # type: ignore[arg-type]
