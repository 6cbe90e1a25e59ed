"""`GET /v1/export`: the CLI's export (mailreader.db.readings_export and
mailreader.readings.export), streamed over HTTP with its cursor as the last line.

The cursor is known only when the last row has been read (a period's is the end of the table
in the export's own snapshot), after the status and headers have gone, so it ends the body:
`{"cursor": N}` in JSON lines, `#cursor<delimiter>N` in CSV. A body without that line was
cut short (the server stopped, a value the encoding cannot write): pull again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain
from zoneinfo import ZoneInfo

from fastapi.responses import StreamingResponse

from mailreader.api.context import Context
from mailreader.db import translated
from mailreader.db.readings_export import Export
from mailreader.readings.export import encode

CSV = "text/csv"
JSONL = "application/x-ndjson"
#: Bytes per chunk sent: one thread hop and one write per chunk, not per row.
CHUNK = 64 * 1024
DESCRIPTION = ("One line per submission, oldest first (the columns of `mailreader readings export`); "
               'the last line is the cursor for the next `since` pull: `{"cursor": N}` in JSON lines, '
               "`#cursor<delimiter>N` in CSV. Without it the body was cut short.")


def stream(ctx: Context, *, period: str | None, since: int | None, fmt: str, encoding: str,
           delimiter: str) -> StreamingResponse:
    """The response; its first chunk is read here, so that a database that does not answer
    is a 503 before any byte is sent rather than a body cut short."""
    export = Export(ctx.engine, period=period, since=since)
    lines = encode(export, fmt=fmt, tz=ZoneInfo(ctx.readings.timezone), encoding=encoding,
                   delimiter=delimiter)
    chunks = _chunks(chain(lines, _cursor(export, fmt, encoding, delimiter)))
    with translated():
        first = next(chunks)
    media = f"{CSV}; charset={encoding}" if fmt == "csv" else JSONL
    return StreamingResponse(chain([first], _translated(chunks)), media_type=media)


def _cursor(export: Export, fmt: str, encoding: str, delimiter: str) -> Iterator[bytes]:
    """The cursor line, made once every row has been read."""
    if fmt == "csv":
        yield f"#cursor{delimiter}{export.cursor}\r\n".encode(encoding)
    else:
        yield (json.dumps({"cursor": export.cursor}) + "\n").encode(encoding)


def _chunks(lines: Iterator[bytes]) -> Iterator[bytes]:
    buffer: list[bytes] = []
    size = 0
    for line in lines:
        buffer.append(line)
        size += len(line)
        if size >= CHUNK:
            yield b"".join(buffer)
            buffer, size = [], 0
    yield b"".join(buffer)


def _translated(chunks: Iterator[bytes]) -> Iterator[bytes]:
    with translated():
        yield from chunks
