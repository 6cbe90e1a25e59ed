"""The v1 routes: submit a reading, an account's history, the export for billing."""

from __future__ import annotations

import codecs
import hashlib
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from mailreader import db
from mailreader.api import export
from mailreader.api.auth import scoped
from mailreader.api.context import Context, context
from mailreader.api.schemas import HistoryOut, Problem, ReadingOut, SubmissionIn, SubmissionOut
from mailreader.api.tokens import Token
from mailreader.db.engine import session_factory
from mailreader.db.idempotency import KeyReused, submit_once
from mailreader.db.readings_store import SqlReadingsStore
from mailreader.readings.service import ReadingsService

router = APIRouter(prefix="/v1")
Ctx = Annotated[Context, Depends(context)]
_AUTH: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No token, or an unknown one"},
    403: {"model": Problem, "description": "The token lacks the scope"},
    503: {"model": Problem, "description": "The database is unavailable: try again later"}}
REPLAYED = "Idempotent-Replayed"
#: Printable ASCII, as the Idempotency-Key draft's sf-string allows.
_KEY = r"^[\x20-\x7e]+$"


def unprocessable(loc: tuple[str, ...], msg: str, kind: str = "value_error") -> RequestValidationError:
    """A 422 in FastAPI's own shape, naming the field."""
    return RequestValidationError([{"loc": loc, "msg": msg, "type": kind}])


@router.post("/submissions", response_model=SubmissionOut, responses={
    **_AUTH, 200: {"description": "Accepted or refused, as `status` says; a replay of the key's first "
                   f"answer carries `{REPLAYED}: true`",
                   "headers": {REPLAYED: {"schema": {"type": "string", "enum": ["true"]},
                                          "description": "This is the stored first answer of the key"}}},
    400: {"model": Problem, "description": "The body is not JSON at all"},
    413: {"model": Problem, "description": "The body is over 64 KiB"},
    422: {"description": "A field that does not fit, named in `detail[].loc`; or the "
          "Idempotency-Key was used before with a different body (type idempotency_key_reused)"}})
def submit(request: Request, body: SubmissionIn, ctx: Ctx, token: Annotated[Token, Depends(scoped("submit"))],
           idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200,
                                                  pattern=_KEY, description=(
        "Unique per submission and token: the same key with the same body returns the first "
        "answer and records nothing again"))]) -> Response:
    """Submit one reading through the utility's rules, exactly once per Idempotency-Key."""
    canonical = json.dumps(body.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    fingerprint = hashlib.sha256(canonical.encode()).hexdigest()

    def run(store: SqlReadingsStore) -> str:
        values = {str(zone): value for zone, value in body.values.items()}
        result = ReadingsService(store, ctx.readings, ctx.now).submit(
            body.account, values, channel=body.channel, source=body.source, sender=body.sender)
        return SubmissionOut.of(result).model_dump_json()

    try:
        answer = submit_once(ctx.engine, token.name, idempotency_key, fingerprint, run, ctx.now)
    except KeyReused:
        raise unprocessable(("header", "Idempotency-Key"), "was used before with a different body",
                            "idempotency_key_reused") from None
    headers = {REPLAYED: "true"} if answer.replayed else {}
    request.state.outcome = json.loads(answer.response)["status"]  # for the request's log line
    return Response(answer.response, media_type="application/json", headers=headers)


@router.get("/accounts/{account}/readings", response_model=HistoryOut, responses={
    **_AUTH, 404: {"model": Problem, "description": "No such account"}})
def history(ctx: Ctx, _token: Annotated[Token, Depends(scoped("read"))],
            account: Annotated[str, Path(pattern=r"^[0-9]{12}$", examples=["100293847165"])],
            limit: Annotated[int, Query(ge=1, le=1000)] = 12) -> HistoryOut:
    """The account's last submissions, newest first, superseded ones included."""
    with db.transaction(session_factory(ctx.engine)) as s:
        store = SqlReadingsStore(s)
        if store.account(account) is None:
            raise HTTPException(404, f"unknown account {account}")
        rows = ReadingsService(store, ctx.readings, ctx.now).history(account, limit)
    return HistoryOut(account=account, readings=[ReadingOut.of(r) for r in rows])


@router.get("/export", response_class=StreamingResponse, responses={
    **_AUTH, 200: {"description": export.DESCRIPTION,
                   "content": {export.CSV: {"schema": {"type": "string"}},
                               export.JSONL: {"schema": {"type": "string"}}}}})
def export_route(
    ctx: Ctx, _token: Annotated[Token, Depends(scoped("export"))],
    period: Annotated[str | None, Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
                                        description="YYYY-MM: the submissions in force")] = None,
    since: Annotated[int | None, Query(ge=0, description="CURSOR: every submission committed after "
                                       "it, in commit order (0: all)")] = None,
    fmt: Annotated[Literal["csv", "jsonl"], Query(alias="format")] = "csv",
    encoding: Annotated[str, Query(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$",
                                   description="For CSV or JSON lines, e.g. cp1251")] = "utf-8",
    delimiter: Annotated[str, Query(min_length=1, max_length=1, pattern=r"^[\t\x20\x21\x23-\x7e]$",
                                    description="CSV field separator, e.g. ; (ASCII)")] = ",",
) -> StreamingResponse:
    """The same rows as `mailreader readings export`, streamed; the last line is the cursor."""
    if (period is None) == (since is None):
        raise unprocessable(("query", "period"), "give either period or since, not both")
    try:
        encoding = codecs.lookup(encoding).name
    except LookupError:
        raise unprocessable(("query", "encoding"), f"unknown encoding {encoding!r}") from None
    if not _ascii_compatible(encoding):
        raise unprocessable(("query", "encoding"), f"{encoding} cannot write the CSV header and cursor")
    return export.stream(ctx, period=period, since=since, fmt=fmt, encoding=encoding, delimiter=delimiter)


def _ascii_compatible(encoding: str) -> bool:
    sample = "account,period,cursor:0123456789;#{}\"\r\n"
    try:
        return sample.encode(encoding) == sample.encode("ascii")
    except UnicodeError:
        return False
