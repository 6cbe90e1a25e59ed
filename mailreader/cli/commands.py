"""The daemon's ops commands: poll-once, run, check-config, purge, status, db upgrade."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import click

from mailreader.cli import App, cli
from mailreader.errors import EXIT_TEMPFAIL, MailreaderError, RetryLater
from mailreader.ops.report import CycleReport

if TYPE_CHECKING:
    from mailreader.config import Settings
    from mailreader.daemon.deps import Deps
    from mailreader.daemon.scheduler import Runner


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
        from mailreader.db.submissions import pending
        from mailreader.db.times import utc

        now = deps.now()
        try:
            with db.transaction(deps.sessions) as s:
                depth = q.outbox_depth(s)[0]
                queued = pending(s.connection())
            oldest = utc(queued.oldest)
            submissions = (queued.count, (now - oldest).total_seconds() if oldest else 0.0)
        except MailreaderError:
            depth, submissions = -1, (-1, 0.0)
        metrics.observe(report, seconds, depth, now.timestamp(), submissions)

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
    from mailreader.db.opening import check_database
    from mailreader.mail.imap import open_mailbox
    from mailreader.mail.smtp import open_sender

    settings = app.settings
    database = check_database(settings)
    with open_mailbox(settings.imap):
        pass
    with open_sender(settings.smtp):
        pass
    smtp_login = f"{settings.smtp.user}@" if settings.smtp.user else ""
    readings = ""
    if settings.remote_readings is not None:
        from mailreader.readings.client import ReadingsClient

        client = ReadingsClient(settings.remote_readings)
        try:
            client.health()  # without the token: the service's first answer is its health
        finally:
            client.close()
        readings = f", readings service {settings.remote_readings.url} answers"
    click.echo(f"configuration ok: imap {settings.imap.user}@{settings.imap.host}:{settings.imap.port}"
               f" ({settings.imap.security}, logged in, {settings.imap.mailbox} selected), smtp "
               f"{smtp_login}{settings.smtp.host}:{settings.smtp.port} ({settings.smtp.security}, "
               f"{'logged in' if settings.smtp.user else 'no login'}), database {database}{readings}")


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
    from mailreader.db.engine import engine_for
    from mailreader.db.opening import opening
    from mailreader.db.schema import current, head, upgrade

    engine = engine_for(app.settings)
    with opening(engine):
        before = current(engine)
        upgrade(engine)
    engine.dispose()
    click.echo(f"database at {head()} (was {before or 'empty'})")
