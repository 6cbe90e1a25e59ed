"""Decides whether and what to answer (RFC 3834 rules and per-sender limits).

Pure: the pipeline passes what was decided, who wrote, and which replies this
sender already got today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mailreader.readings.service import ACCEPTED, MAX_METER_VALUE, SubmitResult
from parsers import MessageInfo
from replies.model import AccountOutcome, Reply, ZoneValue


@dataclass(frozen=True)
class Planned:
    reply: Reply
    reason_key: str | None  # set for refusals: at most one per sender per reason per day
    # The reply tells something only a registered sender may learn (consumption, why a
    # reading was refused, the meter): it goes to the From address, never to Reply-To.
    personal: bool = False


def answerable(info: MessageInfo, own: frozenset[str], *, personal: bool = False) -> str | None:
    """The address to answer, or None when RFC 3834 §2 says not to answer at all:
    a null Return-Path (bounces, RFC 5321 §4.5.5) or mail from ourselves (loops).

    Reply-To when present, else From (RFC 5322 §3.6.2); a `personal` reply goes to From
    alone: the address the account's registration was checked against. Reply-To is
    whatever the writer typed, so answering it would hand a resident's data to anyone
    who names the resident in From."""
    if info.return_path == "":
        return None
    chosen = info.from_addr if personal else (info.reply_to or info.from_addr)
    to = _ascii_address((chosen or "").strip())
    if to is None or to.lower() in own:
        return None
    local = to.split("@", 1)[0].lower()
    if local in ("mailer-daemon", "postmaster") or local.replace("-", "").replace("_", "") in (
        "noreply", "donotreply"
    ):
        return None
    return to


def _ascii_address(address: str) -> str | None:
    """The address as a 7-bit reply can carry it: an internationalised domain in its
    IDNA form (RFC 5890, user@почта.рф -> user@xn--80a1acny.xn--p1ai); None when that is
    impossible (no "@", a local part beyond ASCII, which needs SMTPUTF8, RFC 6531)."""
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or not local.isascii():
        return None
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return f"{local}@{domain}"


#: Outcomes that tell nothing about what is stored for the account, shown to anyone.
_PUBLIC = ("unknown_account", "outside_window")


def outcome(result: SubmitResult) -> AccountOutcome:
    """What the reply says about one account's submission.

    A sender not registered for the account learns nothing about what is stored: an
    accepted reading is "recorded" (not "unchanged", which would confirm a guess, nor
    "updated", which would tell that someone sent one), every refusal that depends on
    the stored readings or the meter is the one generic "not_accepted", and no meter
    type or consumption is shown."""
    consumption = dict(result.consumption) if result.consumption is not None else {}
    previous, digits = dict(result.previous), result.meter_digits
    status, zones = result.status, result.meter_zones
    if not result.registered:
        # Nor the last value a refusal compares with, nor the meter's digits; a value no
        # meter shows (seven digits) is refused as too long whatever the account.
        previous, digits = {}, None
        if status not in _PUBLIC and not _too_long_anywhere(result):
            status, zones = ("recorded" if status in ACCEPTED else "not_accepted"), None
            consumption = {}
    return AccountOutcome(
        account=result.account,
        status=status,
        values=tuple(ZoneValue(z, v, consumption.get(z), previous.get(z)) for z, v in result.values),
        period=result.period,
        meter_zones=zones,
        window_opens=result.window_opens,
        meter_digits=digits,
    )


def _too_long_anywhere(result: SubmitResult) -> bool:
    return result.status == "too_long" and any(v > MAX_METER_VALUE for _, v in result.values)


def plan(kind: str, results: Sequence[SubmitResult] = (), candidates: Sequence[str] = ()) -> Planned:
    """The reply for a parse rejection / failure `kind`, or for `result` with per-account results;
    an ambiguous refusal names the `candidates` values seen."""
    if kind != "result":
        return Planned(Reply(kind=kind, candidates=tuple(candidates)), reason_key=kind)
    accounts = tuple(outcome(r) for r in results)
    refused = sorted({a.status for a in accounts if a.status not in ACCEPTED})
    all_refused = len(refused) > 0 and all(a.status not in ACCEPTED for a in accounts)
    key = "result:" + ",".join(refused) if all_refused else None
    personal = any(r.registered for r in results)
    return Planned(Reply(kind="result", accounts=accounts), reason_key=key, personal=personal)


def limit(planned: Planned, sent_today: Sequence[tuple[str, str | None]], max_per_day: int) -> Reply | None:
    """Apply the per-sender limits: at most `max_per_day` replies a day, then one
    "no more replies today" notice (as Mailman does); at most one refusal per reason
    per day (as Discourse does)."""
    kinds = [k for k, _ in sent_today]
    if "daily_limit" in kinds:
        return None
    if len(kinds) >= max_per_day:
        return Reply(kind="daily_limit")
    if planned.reason_key is not None and planned.reason_key in {r for _, r in sent_today}:
        return None
    return planned.reply
