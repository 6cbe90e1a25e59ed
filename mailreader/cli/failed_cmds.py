"""The commands for mail set aside: failed list, show, export, discard, and reprocess."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from email import message_from_bytes
from typing import TYPE_CHECKING

import click

from mailreader.cli import App, cli
from mailreader.errors import MailreaderError, RetryLater
from mailreader.ops.report import CycleReport

if TYPE_CHECKING:
    from mailreader.db.models import Message


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
    from mailreader.daemon.reprocess import headers_only
    from mailreader.ops.display import printable, when

    tz = app.settings.readings.timezone
    m = _row(app, row_id)
    click.echo(f"id: {m.id}\nstate: {m.state}\nreason: {printable(m.reason)}\n"
               f"attempts: {m.attempts}\nreceived: {when(m.received_at, tz)}\n"
               f"decided: {when(m.decided_at, tz) or '-'}\nsize: {m.size} bytes"
               f"{' (only the headers are stored)' if headers_only(m) else ''}\n"
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
    from mailreader.readings.periods import local_midnight

    if bool(ids) == all_:
        raise click.UsageError("give message ids or --all")
    if since is not None and not all_:
        raise click.UsageError("--since goes with --all")
    # A date an operator types means her local day.
    start = local_midnight(since.date(), app.settings.readings.timezone) if since else None
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
