"""The wire format of API v1: what a request may carry and what an answer holds.

Validation is pydantic's, through FastAPI: a field that does not fit is a 422 whose `detail`
names it (`["body", "values", "t1"]`), and the OpenAPI document is generated from these
classes, so the two cannot drift. Bounds follow the columns the values are stored in.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from mailreader.readings.service import Reading, SubmitResult

#: No control characters: they cannot be stored (a NUL, in PostgreSQL) or shown safely.
_TEXT = r"^[^\x00-\x1f\x7f]+$"
Zone = Literal["t1", "t2", "t3"]
Value = Annotated[StrictInt, Field(ge=0, le=999_999_999_999)]

STATUSES = ("recorded, updated, unchanged (accepted); unknown_account, zone_mismatch, lower_than_last, "
            "implausible, too_long, outside_window, stranger_limit, registered_in_force (refused)")


class SubmissionIn(BaseModel):
    """One reading from a channel other than mail, judged by the same rules."""

    model_config = ConfigDict(extra="forbid")

    account: str = Field(pattern=r"^[0-9]{12}$", description="The personal account, 12 digits.",
                         examples=["100293847165"])
    values: dict[Zone, Value] = Field(min_length=1, description="The meter's registers: t1 (day or "
                                      "single rate), t2 (night), t3 (semi-peak).")
    channel: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,15}$",
                         description="Where it came from: email, sms, web, phone, viber ...")
    source: str = Field(min_length=1, max_length=998, pattern=_TEXT,
                        description="The channel's reference: a Message-ID, an SMS id ...")
    sender: str | None = Field(default=None, min_length=1, max_length=320, pattern=_TEXT,
                               description="The submitter's verified identity on the channel (an "
                               "e-mail address): registered for the account, it lifts the limits on "
                               "strangers. null when the channel has none.")

    def canonical(self) -> dict[str, Any]:
        """What identifies the request for its idempotency key."""
        return {**self.model_dump(), "values": dict(sorted(self.values.items()))}


class SubmissionOut(BaseModel):
    """The readings service's answer, as its SubmitResult; accepted or refused, `status` says."""

    account: str
    status: str = Field(description=STATUSES)
    values: dict[str, int]
    consumption: dict[str, int] | None = Field(description="Per zone, since the last reading; null "
                                               "when it is not to be shown to this sender.")
    period: str | None = Field(description="YYYY-MM: the billing month counted.")
    meter_zones: int | None
    window_opens: str | None = Field(description="YYYY-MM-DD: outside_window, when it opens; on an "
                                     "accepted reading, it was counted for the next period.")
    registered: bool = Field(description="The sender is registered for the account: only then may "
                             "the details (consumption, a refusal's reason) be shown to them.")
    previous: dict[str, int] = Field(description="lower_than_last: the lower zones with the value "
                                     "compared with.")
    meter_digits: int | None

    @classmethod
    def of(cls, r: SubmitResult) -> SubmissionOut:
        return cls(account=r.account, status=r.status, values=dict(r.values),
                   consumption=dict(r.consumption) if r.consumption is not None else None,
                   period=r.period, meter_zones=r.meter_zones, window_opens=r.window_opens,
                   registered=r.registered, previous=dict(r.previous), meter_digits=r.meter_digits)


class ReadingOut(BaseModel):
    """One stored submission (Reading.to_json); times ISO 8601 in UTC."""

    period: str
    readings: dict[str, int]
    channel: str
    source: str
    recorded_at: str
    superseded: bool
    superseded_at: str | None
    registered: bool

    @classmethod
    def of(cls, r: Reading) -> ReadingOut:
        return cls.model_validate(r.to_json())


class HistoryOut(BaseModel):
    account: str
    readings: list[ReadingOut] = Field(description="Newest first, superseded ones included.")


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


class Problem(BaseModel):
    """401, 403, 404, 503: what went wrong, in one line."""

    detail: str
