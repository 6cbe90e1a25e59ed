"""`mailreader readings export`: the submissions of a period, or since a cursor, for billing."""

from __future__ import annotations

import codecs
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click

from mailreader.cli import App
from mailreader.cli.readings_cmds import readings
from mailreader.errors import MailreaderError

if TYPE_CHECKING:
    from mailreader.db.readings_export import Export

_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _encoding(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}") from None


@readings.command("export")
@click.option("--period", help="YYYY-MM: the submissions in force for this billing period.")
@click.option("--since", type=click.IntRange(min=0), metavar="CURSOR",
              help="Every submission committed after CURSOR (0: from the start), in commit order.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--encoding", default="utf-8", show_default=True, callback=_encoding,
              help="cp1251 for 1C-style imports; a value it cannot write is an error.")
@click.option("--delimiter", default=",", show_default=True, help="CSV field separator, e.g. ';'.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (complete or not at all) instead of standard output.")
@click.pass_obj
def readings_export(app: App, period: str | None, since: int | None, fmt: str, encoding: str,
                    delimiter: str, output: Path | None) -> None:
    """Submissions for billing, oldest first: account, period, t1, t2, t3, received_at,
    channel, source (the mail's Message-ID), status (recorded | updated).

    Standard error ends with `cursor N`: pass N to the next `--since` to get exactly the
    submissions committed since, none twice; apply them in the order given (the last one
    for an account and period is the one in force)."""
    from zoneinfo import ZoneInfo

    from mailreader import db
    from mailreader.db.readings_export import Export
    from mailreader.readings.export import write

    if (period is None) == (since is None):
        raise click.UsageError("give either --period YYYY-MM or --since CURSOR")
    if period is not None and not _PERIOD.fullmatch(period):
        raise click.BadParameter(f"{period!r} is not YYYY-MM", param_hint="--period")
    if len(delimiter) != 1:
        raise click.BadParameter("one character", param_hint="--delimiter")
    tz = ZoneInfo(app.settings.readings.timezone)
    export = Export(app.reader, period=period, since=since)
    started = time.monotonic()
    with db.translated(), _target(output) as out, _progress(export) as tick:
        count = write(export, out, fmt=fmt, tz=tz, encoding=encoding, delimiter=delimiter, tick=tick)
    click.echo(f"mailreader: exported {count} submissions in {time.monotonic() - started:.1f} s",
               err=True)
    click.echo(f"cursor {export.cursor}", err=True)


@contextmanager
def _target(output: Path | None) -> Iterator[BinaryIO]:
    if output is None:
        yield sys.stdout.buffer
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, output)
    except OSError as exc:
        raise MailreaderError(f"{output}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def _progress(export: Export) -> Iterator[Callable[[], None]]:
    """A bar on standard error when it is a terminal (and a count of the rows first)."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=export.count(), label="exporting", file=sys.stderr,
                           update_min_steps=1000) as bar:
        yield lambda: bar.update(1)
