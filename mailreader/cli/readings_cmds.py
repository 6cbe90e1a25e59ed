"""`mailreader accounts import` and `mailreader readings show`: the readings service from the shell."""

from __future__ import annotations

from pathlib import Path

import click

from mailreader.cli import App, cli
from mailreader.errors import MailreaderError


@cli.group("accounts")
def accounts() -> None:
    """The account registry exported from billing."""


@accounts.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def accounts_import(app: App, csv_file: Path) -> None:
    """Add or update accounts from a billing CSV (UTF-8 or cp1251).

    Header `account,zones` and optionally `t1,t2,t3,reading_date,digits,surname,email`."""
    from mailreader import db
    from mailreader.accounts_import import AccountsFileError, import_accounts
    from mailreader.db.engine import session_factory
    from mailreader.db.readings_store import SqlReadingsStore
    from mailreader.readings_cli import format_summary

    try:
        with db.transaction(session_factory(app.engine)) as s:
            summary = import_accounts(SqlReadingsStore(s), csv_file)
    except AccountsFileError as exc:
        raise MailreaderError(f"{csv_file}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise MailreaderError(f"{csv_file}: neither UTF-8 nor cp1251: {exc.reason}") from None
    click.echo(format_summary(summary))


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
    from mailreader.app import utc_now
    from mailreader.db.engine import session_factory
    from mailreader.db.readings_store import SqlReadingsStore
    from mailreader.readings import ReadingsService
    from mailreader.readings_cli import format_history

    with db.transaction(session_factory(app.reader)) as s:
        store = SqlReadingsStore(s)
        if store.account(account) is None:
            raise MailreaderError(f"unknown account {account}")
        rows = ReadingsService(store, app.settings.readings, utc_now).history(account, limit)
    click.echo(format_history(rows, as_json))
