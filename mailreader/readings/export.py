"""Writes exported submissions for billing: CSV (any delimiter and encoding) or JSON lines.

Pure formatting: one submission in, one encoded line out, nothing held back, so a million
rows take the memory of one. An encoding that cannot represent a value (cp1251
and a Message-ID in Chinese, RFC 6532) is an error naming the row and the field, never a
silently replaced character: billing would store the wrong source.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import BinaryIO, Protocol
from zoneinfo import ZoneInfo

from mailreader.errors import ExportEncodingError

FIELDS = ("account", "period", "t1", "t2", "t3", "received_at", "channel", "source", "status")
FORMATS = ("csv", "jsonl")

Record = dict[str, str | int | None]


class ExportRow(Protocol):
    @property
    def account(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def values(self) -> tuple[tuple[str, int], ...]: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def channel(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def status(self) -> str: ...


def fields(row: ExportRow, tz: ZoneInfo) -> Record:
    """The row as FIELDS: absent registers are None, the time ISO 8601 with tz's offset."""
    values = dict(row.values)
    return {"account": row.account, "period": row.period,
            "t1": values.get("t1"), "t2": values.get("t2"), "t3": values.get("t3"),
            "received_at": row.received_at.astimezone(tz).isoformat(timespec="seconds"),
            "channel": row.channel, "source": row.source, "status": row.status}


def write(rows: Iterable[ExportRow], out: BinaryIO, *, fmt: str, tz: ZoneInfo, encoding: str = "utf-8",
          delimiter: str = ",", tick: Callable[[], None] = lambda: None) -> int:
    """Write every row to `out`; returns how many. `tick` is called after each row."""
    lines = encode(rows, fmt=fmt, tz=tz, encoding=encoding, delimiter=delimiter)
    if fmt == "csv":
        out.write(next(lines))
    count = 0
    for line in lines:
        out.write(line)
        count += 1
        tick()
    return count


def encode(rows: Iterable[ExportRow], *, fmt: str, tz: ZoneInfo, encoding: str = "utf-8",
           delimiter: str = ",") -> Iterator[bytes]:
    """The export as encoded lines, pulled one at a time (the CLI writes them to a file, the
    HTTP API streams them): CSV's header line first, then one line per row."""
    buffer = io.StringIO()
    line = _csv_line(buffer, delimiter) if fmt == "csv" else _jsonl_line(buffer)
    if fmt == "csv":
        csv.writer(buffer, delimiter=delimiter).writerow(FIELDS)
        yield _take(buffer).encode("ascii")  # ASCII: every encoding has it
    for number, row in enumerate(rows, 1):
        record = fields(row, tz)
        line(record)
        try:
            yield _take(buffer).encode(encoding)
        except UnicodeEncodeError as exc:
            raise _unwritable(exc, number, record, encoding) from None


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _csv_line(text: io.StringIO, delimiter: str) -> Callable[[Record], object]:
    writer = csv.writer(text, delimiter=delimiter)
    return lambda record: writer.writerow(["" if v is None else v for v in record.values()])


def _jsonl_line(text: io.StringIO) -> Callable[[Record], object]:
    return lambda record: text.write(json.dumps(record, ensure_ascii=False) + "\n")


def _unwritable(exc: UnicodeEncodeError, number: int, record: Record, encoding: str) -> ExportEncodingError:
    field = next((k for k, v in record.items() if isinstance(v, str) and not _encodes(v, encoding)), "?")
    return ExportEncodingError(f"row {number} (account {record['account']}): {field} has "
                               f"{exc.object[exc.start:exc.end]!r}, which {encoding} cannot write")


def _encodes(value: str, encoding: str) -> bool:
    try:
        value.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
