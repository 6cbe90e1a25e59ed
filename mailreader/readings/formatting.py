"""Text the CLI prints for readings: `readings show` history and the import summary.

Pure formatting; the click wiring lives with the rest of the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from mailreader.ops.display import printable, when
from mailreader.readings.accounts_import import ImportSummary
from mailreader.readings.service import Reading

MAX_ERRORS_SHOWN = 50


def format_history(rows: Sequence[Reading], as_json: bool, timezone: str = "UTC") -> str:
    """Newest first; one line per submission, or a JSON list. Times in `timezone` (the
    utility's), with the offset; the source (a Message-ID from mail) escaped for a terminal."""
    if as_json:
        data = [{**r.to_json(), "recorded_at": when(r.recorded_at, timezone),
                 "superseded_at": when(r.superseded_at, timezone)} for r in rows]
        return json.dumps(data, ensure_ascii=False, indent=2)
    if not rows:
        return "no readings"
    lines = []
    for r in rows:
        values = " ".join(f"{z}={v}" for z, v in r.values)
        mark = f"  superseded {when(r.superseded_at, timezone)}" if r.superseded_at else ""
        lines.append(f"{r.period}  {values}  {printable(r.channel)}  {when(r.recorded_at, timezone)}  "
                     f"{printable(r.source)}{mark}")
    return "\n".join(lines)


def format_summary(summary: ImportSummary) -> str:
    """The counts on one line, then the first rejected lines with their numbers."""
    lines = [f"added={summary.added} updated={summary.updated} rejected={summary.rejected} "
             f"encoding={summary.encoding}"]
    lines += [f"line {e.line}: {printable(e.message)}" for e in summary.errors[:MAX_ERRORS_SHOWN]]
    hidden = summary.rejected - min(len(summary.errors), MAX_ERRORS_SHOWN)
    if hidden > 0:
        lines.append(f"... and {hidden} more rejected lines")
    return "\n".join(lines)
