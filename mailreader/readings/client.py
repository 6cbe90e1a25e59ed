"""The remote readings backend's HTTP client: one submission sent to a readings service
speaking mailreader's API (`POST {url}/v1/submissions`), its answer read back as a
`SubmitResult`, its failures translated at this edge into what happens next.

The only httpx user. Synchronous, as the daemon is: the poller sends between batches.

    200            the answer (a replayed Idempotency-Key gives the first one again)
    401, 403, 404  ReadingsServiceRefused: our configuration is wrong (token, URL)
    400, 422       SubmissionRejected: this submission's body is wrong
    408, 409, 425, 429, 5xx, no answer, a timeout
                   ReadingsServiceUnavailable: retry later
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from mailreader.config import RemoteReadingsSettings
from mailreader.config.credentials import credential_path, read_secret
from mailreader.errors import (
    ConfigError,
    ReadingsServiceRefused,
    ReadingsServiceUnavailable,
    SubmissionRejected,
)
from mailreader.readings.service import ZONES, SubmitResult

# httpx logs every request at INFO: one line per submission would drown the one line per
# mail the journal is for. Failures are logged by mailreader/submitter.py, once per outage.
logging.getLogger("httpx").setLevel(logging.WARNING)

_RETRY = frozenset({408, 409, 425, 429})
_BAD_BODY = frozenset({400, 422})


@dataclass(frozen=True)
class Answer:
    """The service's answer to one submission, and whether it was a replay of the first."""

    result: SubmitResult
    replayed: bool
    body: dict[str, Any]  # the JSON as received, kept with the queued submission


class ReadingsClient:
    """Submissions over one keep-alive connection pool; the token file is read again
    whenever it changes, so a rotated token needs no restart."""

    def __init__(self, settings: RemoteReadingsSettings, *, transport: httpx.BaseTransport | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self._settings = settings
        self._env = os.environ if env is None else env
        self._token: tuple[float, str] | None = None  # (the file's mtime, its content)
        self._http = httpx.Client(base_url=settings.url.rstrip("/"), transport=transport,
                                  timeout=httpx.Timeout(settings.timeout, connect=min(settings.timeout, 5.0)),
                                  headers={"User-Agent": "mailreader"})

    def close(self) -> None:
        self._http.close()

    def token(self) -> str:
        """The token file's stripped content, read again when its mtime changed."""
        path = self._settings.token_file
        try:
            mtime = credential_path(path, self._env).stat().st_mtime
        except OSError:
            mtime = -1.0  # read_secret below names the problem
        if self._token is None or self._token[0] != mtime:
            try:
                token = read_secret("readings.token_file", path, self._env)
            except ConfigError as exc:  # gone since the start: the mail goes on, the submissions wait
                raise ReadingsServiceRefused(str(exc)) from None
            if not token:
                raise ReadingsServiceRefused(f"readings.token_file: {path} is empty")
            self._token = (mtime, token)
        return self._token[1]

    def submit(self, body: Mapping[str, Any], key: str) -> Answer:
        """POST one submission with its idempotency key; its answer or the error to act on."""
        headers = {"Authorization": f"Bearer {self.token()}", "Idempotency-Key": key}
        try:
            response = self._http.post("/v1/submissions", json=dict(body), headers=headers)
        except httpx.TimeoutException as exc:
            raise ReadingsServiceUnavailable(f"readings service: timed out ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise ReadingsServiceUnavailable(f"readings service: {_first_line(exc)}") from None
        code = response.status_code
        if code == 200:
            data = _json(response)
            result = result_from_json(data)
            if result.account != body.get("account"):
                raise ReadingsServiceRefused(f"readings service answered for account {result.account!r}, "
                                             f"not the one submitted")
            replayed = response.headers.get("Idempotent-Replayed", "").lower() == "true"
            return Answer(result, replayed, data)
        detail = _detail(response)
        if code in _BAD_BODY:
            raise SubmissionRejected(f"readings service refused the submission ({code}): {detail}")
        if code >= 500 or code in _RETRY:
            raise ReadingsServiceUnavailable(f"readings service: HTTP {code}: {detail}")
        hint = {401: "readings.token_file: the token was not accepted",
                403: "readings.token_file: the token may not submit readings",
                404: "readings.url: no readings API there"}.get(code, "readings.url: an unexpected answer")
        raise ReadingsServiceRefused(f"{hint} (HTTP {code} from {self._settings.url}): {detail}")

    def health(self) -> str:
        """`GET /v1/health` (no token): the service's own words, or the error to act on."""
        try:
            response = self._http.get("/v1/health")
        except httpx.TransportError as exc:
            raise ReadingsServiceUnavailable(f"readings service: {_first_line(exc)}") from None
        if response.status_code != 200:
            raise ReadingsServiceUnavailable(f"readings service health: HTTP {response.status_code}")
        return _detail(response)


def result_from_json(data: Any) -> SubmitResult:
    """An answer's JSON as a `SubmitResult`, checked field by field: a reply is rendered
    from it, so an answer that does not fit is refused here, never half-read."""
    if not isinstance(data, dict):
        raise ReadingsServiceRefused("readings service: the answer is not a JSON object")

    def field(name: str, kinds: tuple[type, ...], optional: bool = False) -> Any:
        if name not in data:
            raise ReadingsServiceRefused(f"readings service: the answer has no {name!r}")
        value = data[name]
        if value is None and optional:
            return None
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise ReadingsServiceRefused(f"readings service: the answer's {name!r} is {value!r}")
        return value

    status = field("status", (str,))
    consumption = field("consumption", (dict,), optional=True)
    return SubmitResult(
        account=field("account", (str,)),
        status=status,
        values=_zones(field("values", (dict,)), "values"),
        consumption=None if consumption is None else _zones(consumption, "consumption"),
        period=field("period", (str,), optional=True),
        meter_zones=field("meter_zones", (int,), optional=True),
        window_opens=field("window_opens", (str,), optional=True),
        registered=field("registered", (bool,)),
        previous=_zones(field("previous", (dict,)), "previous"),
        meter_digits=field("meter_digits", (int,), optional=True),
    )


def result_to_json(result: SubmitResult) -> dict[str, Any]:
    """The wire form of a `SubmitResult` (what the API answers; `result_from_json` reads it)."""
    return {
        "account": result.account, "status": result.status, "values": dict(result.values),
        "consumption": None if result.consumption is None else dict(result.consumption),
        "period": result.period, "meter_zones": result.meter_zones, "window_opens": result.window_opens,
        "registered": result.registered, "previous": dict(result.previous),
        "meter_digits": result.meter_digits,
    }


def _zones(value: dict[str, Any], name: str) -> tuple[tuple[str, int], ...]:
    if set(value) - set(ZONES) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value.values()):
        raise ReadingsServiceRefused(f"readings service: the answer's {name!r} is {value!r}")
    return tuple((z, value[z]) for z in ZONES if z in value)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise ReadingsServiceRefused("readings service: the answer is not JSON") from None


def _detail(response: httpx.Response) -> str:
    """What the service said, on one short line (an error body may be anything)."""
    return " ".join(response.text.split())[:300] or response.reason_phrase


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:300]
