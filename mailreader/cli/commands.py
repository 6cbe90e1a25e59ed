"""The daemon's ops commands: poll-once, run, check-config, failed …, reprocess."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from email import message_from_bytes
from typing import TYPE_CHECKING

import click

from mailreader.cli import App, cli
from mailreader.errors import EXIT_TEMPFAIL, MailreaderError, RetryLater
from mailreader.ops.report import CycleReport

if TYPE_CHECKING:
    from mailreader.config import Settings
    from mailreader.daemon.deps import Deps
    from mailreader.daemon.scheduler import Runner
    from mailreader.db.models import Message


def _summary(report: CycleReport) -> str:
    outcomes = " ".join(f"{k}={v}" for k, v in sorted(report.outcomes.items())) or "none"
    return (f"fetched={report.fetched} outcomes: {outcomes}; replies sent={report.replies_sent} "
            f"deferred={report.replies_deferred}")


@cli.command("poll-once")
@click.pass_obj
def poll_once_cmd(app: App) -> None:
    """Run one cycle now: fetch, decide, record, reply, move."""
    from mailreader.daemon.cycle import poll_once

    report = poll_once(app.deps())
    click.echo(_summary(report))
    for err in report.errors:
        click.echo(f"mailreader: unavailable, retrying next cycle: {err}", err=True)
    if report.errors:
        sys.exit(EXIT_TEMPFAIL)


@cli.command("run")
@click.pass_obj
def run_cmd(app: App) -> None:
    """Run as a daemon: a cycle every [schedule] poll_interval seconds (and on IMAP IDLE
    pushes) until SIGTERM; notifies systemd (Type=notify, watchdog). Replies leave from a
    second process, the courier, while the next mails are decided."""
    from mailreader.courier.process import Courier
    from mailreader.daemon.app import utc_now
    from mailreader.daemon.cycle import poll_once
    from mailreader.daemon.leader import release_lease
    from mailreader.daemon.parse_ahead import ParseAhead
    from mailreader.daemon.scheduler import Runner
    from mailreader.ops.sdnotify import Notifier

    settings = app.settings
    _preflight(settings)
    notifier = Notifier()
    holder: dict[str, Runner] = {}
    courier = Courier(settings)
    parse = ParseAhead()  # started at the first batch: an idle daemon needs no worker
    deps = app.deps(stop_requested=lambda: holder["r"].stop.is_set(),
                    # Every step of every message proves the main loop is alive.
                    checkpoint=lambda _step: notifier.watchdog(),
                    courier=courier, parse=parse, parse_ahead=parse.ahead)
    runner = Runner(lambda: poll_once(deps), settings.poll_interval, utc_now, notifier,
                    observe=_metrics(app, deps))
    holder["r"] = runner
    if settings.keep_raw_days:
        from mailreader.ops.retention import purge

        runner.add_daily("purge", lambda: purge(deps.sessions, deps.now, settings.keep_raw_days))
    courier.start()
    try:
        runner.run(watcher=_idle_watcher(settings, runner))
    finally:
        parse.close()
        courier.stop()
        release_lease(deps)
    if runner.fatal is not None:
        raise runner.fatal


def _preflight(settings: Settings) -> None:
    """Log in to IMAP and SMTP once before anything starts: a refused login (or an unreadable
    password file) stops `run` here with exit 78, before READY=1, instead of failing every cycle.
    A server that does not answer just now is no reason not to start: polling retries it."""
    import logging

    from mailreader.errors import RetryLater
    from mailreader.mail.imap import open_mailbox
    from mailreader.mail.smtp import open_sender

    logins: list[tuple[str, Callable[[], AbstractContextManager[object]]]] = [
        ("IMAP", lambda: open_mailbox(settings.imap)), ("SMTP", lambda: open_sender(settings.smtp))]
    for name, connect in logins:
        try:
            with connect():
                pass
        except RetryLater as exc:
            logging.getLogger("mailreader.run").warning("%s unavailable at start, retrying: %s", name, exc)


def _metrics(app: App, deps: Deps) -> Callable[[CycleReport, float], None] | None:
    if not app.settings.metrics_listen:
        return None
    from mailreader import db
    from mailreader.db import messages as q
    from mailreader.ops.metrics import Metrics

    metrics = Metrics()
    metrics.serve(app.settings.metrics_listen)

    def observe(report: CycleReport, seconds: float) -> None:
        try:
            with db.transaction(deps.sessions) as s:
                depth = q.outbox_depth(s)[0]
        except MailreaderError:
            depth = -1
        metrics.observe(report, seconds, depth, deps.now().timestamp())

    return observe


def _idle_watcher(settings: Settings, runner: Runner) -> Callable[[], None] | None:
    if settings.imap.idle == "off":
        return None
    from mailreader.daemon.scheduler import idle_loop
    from mailreader.mail.imap import ImapWatcher

    watcher = ImapWatcher(settings.imap)
    return lambda: idle_loop(watcher.wait, watcher.close, runner.trigger, runner.stop,
                             required=settings.imap.idle == "on")


@cli.command("check-config")
@click.pass_obj
def check_config(app: App) -> None:
    """Validate the configuration, log in to IMAP and SMTP and reach the database, creating
    nothing (exit 78 on a bad key or a refused login, 75 on a server that does not answer)."""
    from mailreader.daemon.app import check_database
    from mailreader.mail.imap import open_mailbox
    from mailreader.mail.smtp import open_sender

    settings = app.settings
    database = check_database(settings)
    with open_mailbox(settings.imap):
        pass
    with open_sender(settings.smtp):
        pass
    smtp_login = f"{settings.smtp.user}@" if settings.smtp.user else ""
    click.echo(f"configuration ok: imap {settings.imap.user}@{settings.imap.host}:{settings.imap.port}"
               f" ({settings.imap.security}, logged in, {settings.imap.mailbox} selected), smtp "
               f"{smtp_login}{settings.smtp.host}:{settings.smtp.port} ({settings.smtp.security}, "
               f"{'logged in' if settings.smtp.user else 'no login'}), database {database}")


@cli.group("failed")
def failed() -> None:
    """Mail set aside: list, show, export, discard."""


def _row(app: App, row_id: int) -> Message:
    from mailreader import db
    from mailreader.db.engine import session_factory
    from mailreader.db.models import Message

    with db.transaction(session_factory(app.reader)) as s:
        msg = s.get(Message, row_id)
        if msg is None:
            raise MailreaderError(f"no message with id {row_id}")
        return msg


def local_midnight(day: datetime, settings: Settings) -> datetime:
    """The start of `day` in the utility's time zone ([readings] timezone), in UTC: a date an
    operator types means her local day, and times are stored in UTC."""
    from zoneinfo import ZoneInfo

    return day.replace(tzinfo=ZoneInfo(settings.readings.timezone)).astimezone(UTC)


def _failed_rows(app: App, since: datetime | None = None) -> list[Message]:
    from mailreader import db
    from mailreader.db import messages as q
    from mailreader.db.engine import session_factory

    with db.transaction(session_factory(app.reader)) as s:
        return list(q.failed(s, since))


@failed.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
@click.pass_obj
def failed_list(app: App, as_json: bool) -> None:
    """Every message set aside, with its reason (times in [readings] timezone)."""
    from mailreader.ops.display import printable, when

    tz = app.settings.readings.timezone
    rows = _failed_rows(app)
    if as_json:
        click.echo(json.dumps([
            {"id": m.id, "uid": m.uid, "message_id": m.message_id, "from": m.from_addr,
             "subject": m.subject, "reason": m.reason, "error": m.error, "attempts": m.attempts,
             "received_at": when(m.received_at, tz)} for m in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no failed messages")
    for m in rows:
        # Columns are TAB-separated; a TAB (or an escape) inside mail data is shown escaped.
        click.echo("\t".join([str(m.id), when(m.received_at, tz) or "", printable(m.reason),
                              printable(m.from_addr), printable(m.subject)]))


@failed.command("show")
@click.argument("row_id", type=int)
@click.pass_obj
def failed_show(app: App, row_id: int) -> None:
    """Reason, error and decoded headers of one message (times in [readings] timezone)."""
    from mailreader.ops.display import printable, when

    tz = app.settings.readings.timezone
    m = _row(app, row_id)
    click.echo(f"id: {m.id}\nstate: {m.state}\nreason: {printable(m.reason)}\n"
               f"attempts: {m.attempts}\nreceived: {when(m.received_at, tz)}\n"
               f"decided: {when(m.decided_at, tz) or '-'}\nsize: {m.size} bytes"
               f"{' (only the headers are stored)' if m.reason == 'too_large' else ''}\n"
               f"location: {printable(m.mailbox)} uidvalidity={m.uidvalidity} uid={m.uid}\n"
               f"server: {m.server_state} {printable(m.target_folder)}\n"
               f"error: {printable(m.error) or '-'}\n")
    if m.purged_at is not None:
        click.echo(f"raw bytes purged on {when(m.purged_at, tz)} ([storage] keep_raw_days)")
        return
    for name, value in _decoded_headers(m.raw):
        click.echo(f"{printable(name)}: {printable(value)}")


def _decoded_headers(raw: bytes) -> list[tuple[str, str]]:
    """The header section with RFC 2047 words decoded; a header that cannot be decoded is
    shown as it is stored."""
    from email import policy

    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    msg = message_from_bytes(head + b"\r\n\r\n", policy=policy.default)
    out = []
    for name, value in msg.raw_items():
        try:
            text = str(policy.default.header_factory(name, value))
        except Exception:  # a malformed header: show it undecoded rather than fail
            text = str(value)
        out.append((name, re.sub(r"\r?\n(?=[ \t])", "", text)))  # unfolded (RFC 5322 §2.2.3)
    return out


@failed.command("export")
@click.argument("row_id", type=int)
@click.pass_obj
def failed_export(app: App, row_id: int) -> None:
    """Write the stored raw message to stdout (`> file.eml`).

    A mail set aside as too large has only its headers stored: that is an error (exit 1)
    naming the way to get it whole (`reprocess` fetches it again from the server)."""
    from mailreader.daemon.reprocess import headers_only
    from mailreader.ops.retention import refuse_if_purged

    msg = _row(app, row_id)
    refuse_if_purged(msg.id, msg.purged_at)
    if headers_only(msg):
        raise MailreaderError(
            f"message {row_id} was over [imap] max_message_size ({msg.size} bytes): only its "
            f"headers are stored; the whole mail is in {msg.target_folder or 'the mailbox'} on the "
            f"server. Raise max_message_size and run `mailreader reprocess {row_id}`")
    sys.stdout.buffer.write(msg.raw)


@failed.command("discard")
@click.argument("row_id", type=int)
@click.pass_obj
def failed_discard(app: App, row_id: int) -> None:
    """Give up on a failed message: it stays stored but leaves the failed list."""
    from mailreader import db
    from mailreader.db import transitions
    from mailreader.db.engine import session_factory

    with db.unit(session_factory(app.reader)) as s:
        if not transitions.discard(s, row_id):
            raise MailreaderError(f"no failed message with id {row_id}")
    click.echo(f"discarded {row_id}")


@cli.command("reprocess")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="Every failed message.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="With --all: only mail received on or after this date (the utility's time zone).")
@click.option("--force", is_flag=True,
              help="Also run mail that is not failed (processed, ignored, a duplicate); the resident "
                   "is answered again only when readings changed.")
@click.pass_obj
def reprocess_cmd(app: App, ids: tuple[int, ...], all_: bool, since: datetime | None,
                  force: bool) -> None:
    """Run failed messages again from their stored bytes and move the server copies.

    A mail set aside as too large is fetched again from the server first (raise
    [imap] max_message_size before). Exit 1 when an id is unknown or not failed (nothing
    is run then), or when a message could not be run (the others are)."""
    from mailreader.daemon.reprocess import check, reprocess

    if bool(ids) == all_:
        raise click.UsageError("give message ids or --all")
    if since is not None and not all_:
        raise click.UsageError("--since goes with --all")
    start = local_midnight(since, app.settings) if since else None
    todo = list(ids) or [m.id for m in _failed_rows(app, start)]
    deps = app.deps(mode="existing")
    check(deps, todo, force=force)
    report = CycleReport()
    states: dict[str, int] = {}
    errors: list[str] = []
    with click.progressbar(todo, label="reprocessing", file=sys.stderr,
                           show_pos=True) if len(todo) > 20 else _plain(todo) as bar:
        for row_id in bar:
            try:
                state = reprocess(deps, row_id, report)
            except RetryLater:
                raise
            except MailreaderError as exc:
                errors.append(f"{row_id}: {exc}")
                state = "not run"
            states[state] = states.get(state, 0) + 1
            if len(todo) <= 20:
                click.echo(f"{row_id}: {state}")
    from mailreader.courier import outbox

    outbox.send_due(deps, report)
    summary = ", ".join(f"{k}={v}" for k, v in sorted(states.items())) or "nothing to do"
    click.echo(f"reprocessed {len(todo)}: {summary}; replies sent={report.replies_sent}")
    for err in errors:
        click.echo(f"mailreader: {err}", err=True)
    if errors:
        sys.exit(1)


class _plain:
    def __init__(self, items: list[int]) -> None:
        self.items = items

    def __enter__(self) -> list[int]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


@cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Say what would be dropped; change nothing.")
@click.pass_obj
def purge_cmd(app: App, dry_run: bool) -> None:
    """Drop the raw bytes of decided mail older than [storage] keep_raw_days (the daemon does
    it daily); rows, decisions and readings stay. Undecided, failed and still-answering mail
    is never touched."""
    from mailreader.daemon.app import utc_now
    from mailreader.db.engine import session_factory
    from mailreader.ops.retention import purge

    days = app.settings.keep_raw_days
    if days == 0:
        click.echo("storage.keep_raw_days = 0: raw mail is kept forever; nothing to purge")
        return
    done = purge(session_factory(app.engine), utc_now, days, dry_run=dry_run)
    assert done.cutoff is not None
    verb = "would purge" if dry_run else "purged"
    click.echo(f"{verb} the raw bytes of {done.messages} messages ({done.bytes / 2**20:.1f} MiB) "
               f"and {done.replies} replies, decided before {done.cutoff:%Y-%m-%d %H:%M} UTC "
               f"(keep_raw_days = {days})")


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable.")
@click.option("--no-probe", is_flag=True, help="Do not connect to the IMAP and SMTP servers.")
@click.pass_obj
def status_cmd(app: App, as_json: bool, no_probe: bool) -> None:
    """Health for people and monitoring: exit 0 healthy, 1 unhealthy."""
    from mailreader.ops.status import collect, render

    st = collect(app.deps(mode="existing"), probe=not no_probe)
    click.echo(json.dumps(st.to_json(), ensure_ascii=False, indent=2) if as_json else render(st))
    sys.exit(0 if st.healthy else 1)


@cli.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.pass_obj
def db_upgrade(app: App) -> None:
    """Apply the migrations (explicit for PostgreSQL; SQLite is upgraded on start)."""
    from mailreader.daemon.app import opening
    from mailreader.db.engine import engine_for
    from mailreader.db.schema import current, head, upgrade

    engine = engine_for(app.settings)
    with opening(engine):
        before = current(engine)
        upgrade(engine)
    engine.dispose()
    click.echo(f"database at {head()} (was {before or 'empty'})")
