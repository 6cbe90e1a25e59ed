"""The FastAPI application: routes, error answers, health, one log line per request.

Why FastAPI on uvicorn: the request bodies are validated from typed classes, a field that does
not fit is a 422 naming it, and the OpenAPI document is generated from the same classes (so
the one checked in at docs/openapi.json is tested, not hand-kept); uvicorn is the ASGI server
it is built and tested with. The routes are plain `def`s: SQLAlchemy blocks, and FastAPI runs
them in its thread pool, so the process keeps the project's one concurrency model.
"""

from __future__ import annotations

import logging
import time
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mailreader import db
from mailreader.api.context import Context, context
from mailreader.api.routes import router
from mailreader.api.schemas import Health, Problem
from mailreader.errors import MailreaderError, RetryLater

log = logging.getLogger("mailreader.api")
VERSION = "1"
#: A submission is a few hundred bytes; FastAPI reads a body whole before it checks the token.
MAX_BODY = 64 * 1024


def create_app() -> FastAPI:
    """The application; `serve` sets `app.state.ctx` (a Context) before it answers."""
    # No Swagger UI or ReDoc: they load scripts from the internet and are open to anyone.
    app = FastAPI(title="mailreader readings service", version=VERSION, docs_url=None, redoc_url=None,
                  description="Submit meter readings through the utility's rules, read an account's "
                  "history, export for billing. Bearer tokens with scopes submit, read, export.")
    app.include_router(router)
    app.add_api_route("/v1/health", health, methods=["GET"], response_model=Health,
                      responses={503: {"model": Health, "description": "The database does not answer"}})
    app.add_exception_handler(MailreaderError, _failed)
    app.add_middleware(_BodyLimit)
    app.add_middleware(_LogLine)
    return app


def health(ctx: Annotated[Context, Depends(context)]) -> JSONResponse:
    """Is the service up and its database reachable? No token needed."""
    try:
        db.ping(ctx.engine)
    except MailreaderError as exc:
        log.warning("health: database unreachable: %s", exc)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
    return JSONResponse({"status": "ok", "database": "ok"})


def _failed(_request: Request, exc: Exception) -> JSONResponse:
    """Expected failures as one line: an unavailable database is 503 (retry with the same key)."""
    if isinstance(exc, RetryLater):
        log.warning("unavailable: %s", exc)
        return JSONResponse(Problem(detail="the database is unavailable, try again later").model_dump(),
                            503, headers={"Retry-After": "5"})
    log.error("failed: %s", exc)
    return JSONResponse(Problem(detail="internal error").model_dump(), 500)


class _HttpMiddleware:
    """An ASGI middleware that acts on HTTP requests only: lifespan (and any other) scopes
    pass through to the application untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class _LogLine(_HttpMiddleware):
    """One INFO line per request: method, route (its template: an account number in a path is
    not logged), status, token name, a submission's outcome (the service's status) and
    whether it was a replay, milliseconds."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.monotonic()
        status: list[int] = [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                replayed = any(k.lower() == b"idempotent-replayed" for k, _ in message.get("headers", []))
                scope.setdefault("state", {})["replayed"] = replayed
            await send(message)

        try:
            await self._app(scope, receive, sending)
        finally:
            state: dict[str, Any] = scope.get("state", {})
            route = getattr(scope.get("route"), "path", None) or "-"
            outcome = f" outcome={state['outcome']}" if "outcome" in state else ""
            log.info("%s %s status=%d token=%s%s%s ms=%d", scope["method"], route, status[0],
                     state.get("token", "-"), outcome, " replayed" if state.get("replayed") else "",
                     (time.monotonic() - started) * 1000)


class _BodyLimit(_HttpMiddleware):
    """413 for a body over MAX_BODY, by its Content-Length or as it arrives."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY:
            await _too_large(send)
            return
        seen = 0

        async def receiving() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:  # FastAPI passes an HTTPException on as it is: a 413
                raise HTTPException(413, f"the body is over {MAX_BODY} bytes")
            return message

        await self._app(scope, receiving, send)


async def _too_large(send: Send) -> None:
    await JSONResponse(Problem(detail=f"the body is over {MAX_BODY} bytes").model_dump(), 413)(
        {"type": "http"}, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}
