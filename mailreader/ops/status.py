"""`mailreader status`: is the daemon healthy? One report for people and for monitoring,
read from the heartbeat that every poller cycle writes (`write_heartbeat`)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mailreader import db
from mailreader.db import messages as q
from mailreader.db.models import Heartbeat
from mailreader.db.submissions import REFUSED, Pending
from mailreader.db.submissions import pending as pending_submissions
from mailreader.db.times import utc
from mailreader.errors import ConfigError, DatabaseUnavailable, MailreaderError
from mailreader.ops.display import printable, when
from mailreader.ops.report import CycleReport
from mailreader.readings.periods import local_today

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import Session, sessionmaker

    from mailreader.daemon.deps import Deps

#: Replies older than this in the outbox mean SMTP has been failing for too long.
OUTBOX_STALE = timedelta(hours=1)
#: This many failed cycles in a row is a stall, however short the poll interval.
STALL_CYCLES = 3
#: A message undecided for longer than this (and three poll intervals) blocks the mailbox:
#: a stored message is decided in the cycle that stored it, or retried in the next.
UNDECIDED_STALE = timedelta(minutes=10)
#: A submission queued for the remote readings service longer than this: the service has
#: been down (or refusing us) for too long; its retries back off to five minutes apart.
SUBMISSION_STALE = timedelta(minutes=15)


def write_heartbeat(sessions: sessionmaker[Session], mailbox: str, now: datetime,
                    report: CycleReport) -> None:
    """The poller's note of its cycle: when, what it did, and how long it has been failing
    (and at which mail) when it has; a database that is gone is noted on the report."""
    summary = json.dumps({"fetched": report.fetched, "outcomes": dict(report.outcomes),
                          "replies_sent": report.replies_sent})
    try:
        with db.transaction(sessions) as s:
            hb = s.get(Heartbeat, mailbox)
            if hb is None:
                hb = Heartbeat(name=mailbox, last_cycle_at=now)
                s.add(hb)
            hb.last_cycle_at, hb.summary = now, summary
            hb.last_error = "; ".join(report.errors) or None
            if report.ok:
                hb.last_success_at = now
                hb.failures, hb.failing_since, hb.failing_at = 0, None, None
            else:
                hb.failures = (hb.failures or 0) + 1
                hb.failing_since = hb.failing_since or now
                hb.failing_at = report.at
    except DatabaseUnavailable as exc:
        report.db_error = str(exc)


@dataclass
class Status:
    healthy: bool = True
    problems: list[str] = field(default_factory=list)
    last_cycle_at: str | None = None
    last_success_at: str | None = None
    last_error: str | None = None
    today: dict[str, int] = field(default_factory=dict)
    failed: int = 0
    outbox_depth: int = 0
    outbox_oldest: str | None = None
    # Submissions queued for the remote readings service ([readings] backend = "http").
    submissions_pending: int = 0
    submissions_oldest: str | None = None
    reachable: dict[str, bool] = field(default_factory=dict)

    def problem(self, text: str) -> None:
        self.healthy = False
        self.problems.append(text)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def collect(deps: Deps, *, probe: bool = True) -> Status:
    st = Status()
    now = deps.now()
    settings = deps.settings
    try:
        with db.transaction(deps.sessions) as s:
            hb = s.get(Heartbeat, settings.imap.mailbox)
            undecided = q.oldest_undecided(s, settings.imap.mailbox)
            st.today = q.outcomes_since(s, local_today(now, settings.readings.timezone))
            st.failed = q.failed_count(s)
            depth, oldest = q.outbox_depth(s)
            queued = pending_submissions(s.connection())
        st.reachable["database"] = True
    except MailreaderError as exc:
        st.reachable["database"] = False
        st.problem(f"database unreachable: {exc}")
        hb, depth, oldest, undecided, queued = None, 0, None, None, None
    _stalls(st, hb, undecided, now, settings.poll_interval)
    tz = settings.readings.timezone
    if hb is not None:
        st.last_cycle_at = when(hb.last_cycle_at, tz)
        st.last_success_at = when(hb.last_success_at, tz)
        st.last_error = hb.last_error
        last_ok = utc(hb.last_success_at)
        if last_ok is None or now - last_ok > timedelta(seconds=3 * settings.poll_interval + 60):
            st.problem("no successful cycle recently")
    elif st.reachable["database"]:
        st.problem("no cycle has run yet")
    st.outbox_depth = depth
    if oldest is not None:
        st.outbox_oldest = when(oldest, tz)
        aware = utc(oldest)
        if aware is not None and now - aware > OUTBOX_STALE:
            st.problem(f"oldest queued reply waits since {st.outbox_oldest}")
    if queued is not None:
        _submissions(st, queued, now, tz)
    if probe:
        _probe(deps, st)
    return st


def _submissions(st: Status, queued: Pending, now: datetime, tz: str) -> None:
    st.submissions_pending = queued.count
    if queued.oldest is None:
        return
    st.submissions_oldest = when(queued.oldest, tz)
    error = queued.last_error or ""
    if error.startswith(REFUSED):
        st.problem(f"the readings service refuses us, {queued.count} submissions wait: "
                   f"{error[len(REFUSED):]}")
        return
    aware = utc(queued.oldest)
    if aware is not None and now - aware > SUBMISSION_STALE:
        st.problem(f"oldest submission to the readings service waits since {st.submissions_oldest} "
                   f"({queued.attempts} attempts): {error or 'not sent yet'}")


def _stalls(st: Status, hb: Heartbeat | None, undecided: tuple[int, int, datetime, int] | None,
            now: datetime, interval: float) -> None:
    """A mailbox that makes no progress: cycles failing in a row (however recent the last
    success), or one message left undecided while cycles go on."""
    if hb is not None and hb.failures >= STALL_CYCLES:
        since = utc(hb.failing_since)
        st.problem(f"the last {hb.failures} cycles failed, since "
                   f"{since.isoformat() if since else '?'}"
                   + (f", at {hb.failing_at}" if hb.failing_at else "") + f": {hb.last_error or '?'}")
    if undecided is not None:
        row_id, uid, stored_at, attempts = undecided
        at = utc(stored_at)
        bound = max(UNDECIDED_STALE, timedelta(seconds=3 * interval + 60))
        if at is not None and now - at > bound:
            st.problem(f"stalled: message row={row_id} uid={uid} undecided since {at.isoformat()} "
                       f"after {attempts} attempts (`mailreader failed show {row_id}`)")


def _probe(deps: Deps, st: Status) -> None:
    logins: list[tuple[str, Callable[[], AbstractContextManager[object]]]] = [
        ("imap", lambda: deps.open_mailbox(deps.settings.imap)),
        ("smtp", lambda: deps.open_sender(deps.settings.smtp))]
    for name, connect in logins:
        try:
            with connect():
                pass
            st.reachable[name] = True
        except ConfigError as exc:  # it answered, and refused us (or the password file is unreadable)
            st.reachable[name] = False
            st.problem(f"{name.upper()} login: config error: {exc}")
        except MailreaderError as exc:
            st.reachable[name] = False
            st.problem(f"{name.upper()} unreachable: {exc}")
    remote = deps.settings.remote_readings
    if remote is not None:
        from mailreader.readings.client import ReadingsClient

        client = ReadingsClient(remote)
        try:
            client.health()
            st.reachable["readings"] = True
        except MailreaderError as exc:
            st.reachable["readings"] = False
            st.problem(f"readings service unreachable: {exc}")
        finally:
            client.close()


def render(st: Status) -> str:
    lines = [f"health: {'ok' if st.healthy else 'UNHEALTHY'}"]
    lines += [f"  problem: {printable(p)}" for p in st.problems]
    lines.append(f"last cycle: {st.last_cycle_at or 'never'}; last success: {st.last_success_at or 'never'}")
    today = ", ".join(f"{k}={v}" for k, v in sorted(st.today.items())) or "none"
    lines.append(f"today: {today}")
    lines.append(f"failed: {st.failed}; outbox: {st.outbox_depth} queued"
                 + (f", oldest {st.outbox_oldest}" if st.outbox_oldest else ""))
    if st.submissions_pending or st.submissions_oldest:
        lines.append(f"readings service: {st.submissions_pending} submissions queued"
                     + (f", oldest {st.submissions_oldest}" if st.submissions_oldest else ""))
    lines.append("reachable: " + ", ".join(f"{k}={'yes' if v else 'NO'}" for k, v in st.reachable.items()))
    return "\n".join(lines)
