"""`mailreader accounts import` and `mailreader readings show`: the readings service from the shell."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mailreader.cli import App, cli
from mailreader.errors import EXIT_DATAERR, MailreaderError


@cli.group("accounts")
def accounts() -> None:
    """The account registry exported from billing."""


def _import_help() -> str:
    from mailreader.readings.accounts_import import COLUMNS

    width = max(map(len, COLUMNS))
    # \b keeps click from re-wrapping the column list.
    columns = "\n".join(f"  {name.ljust(width)}  {text}" for name, text in COLUMNS.items())
    return ("Add or update accounts from billing's CSV (UTF-8 or cp1251; ',', ';' or TAB).\n\n"
            "The first line names the columns, in any order:\n\n\b\n" + columns + "\n\n"
            "A column the file lacks keeps what an earlier import stored. The last readings are "
            "given for every zone of the meter or for none. A bad line, or an account on two "
            "lines, is reported with its line number and not imported; the other lines are. "
            "Exit 0 when every line was imported, 65 (EX_DATAERR) when any was rejected.")


@accounts.command("import", help=_import_help())
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every line and report; change nothing.")
@click.pass_obj
def accounts_import(app: App, csv_file: Path, dry_run: bool) -> None:
    from mailreader import db
    from mailreader.db.engine import session_factory
    from mailreader.db.readings_store import SqlReadingsStore
    from mailreader.errors import AccountsFileError
    from mailreader.readings.accounts_import import import_accounts
    from mailreader.readings.formatting import format_summary

    try:
        with db.transaction(session_factory(app.engine)) as s:
            summary = import_accounts(SqlReadingsStore(s), csv_file)
            if dry_run:
                s.rollback()
    except AccountsFileError as exc:
        raise MailreaderError(f"{csv_file}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise MailreaderError(f"{csv_file}: neither UTF-8 nor cp1251: {exc.reason}") from None
    click.echo(format_summary(summary) + (" (dry run: nothing changed)" if dry_run else ""))
    if summary.rejected:
        sys.exit(EXIT_DATAERR)


@cli.group("readings")
def readings() -> None:
    """Recorded meter readings."""


@readings.command("show")
@click.argument("account")
@click.option("--json", "as_json", is_flag=True, help="A JSON list, newest first.")
@click.option("--limit", default=12, show_default=True, help="How many submissions.")
@click.pass_obj
def readings_show(app: App, account: str, as_json: bool, limit: int) -> None:
    """The last readings of ACCOUNT: period, zones, channel, source message and time."""
    from mailreader import db
    from mailreader.daemon.app import utc_now
    from mailreader.db.engine import session_factory
    from mailreader.db.readings_store import SqlReadingsStore
    from mailreader.readings.formatting import format_history
    from mailreader.readings.service import ReadingsService

    with db.transaction(session_factory(app.reader)) as s:
        store = SqlReadingsStore(s)
        if store.account(account) is None:
            raise MailreaderError(f"unknown account {account}")
        rows = ReadingsService(store, app.settings.readings, utc_now).history(account, limit)
    click.echo(format_history(rows, as_json, app.settings.readings.timezone))
