"""`mailreader parse FILE...`: the pure core on files, exactly as corpus CONTRACT.md says."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from mailreader.cli import cli


def answer(path: str) -> dict[str, Any]:
    import parsers

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return {"error": f"cannot read: {exc.strerror or exc}"}
    try:
        return parsers.parse(raw).to_json()
    except Exception as exc:  # the contract: every file answered, the others still are
        return {"error": f"{type(exc).__name__}: {exc}"}


def explained(path: str) -> str:
    import parsers

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return f"error: cannot read: {exc.strerror or exc}"
    return parsers.explain(raw)


@cli.command("parse")
@click.argument("files", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, help='One JSON object per line with a "file" key, even for one file.')
@click.option(
    "--explain",
    "explain",
    is_flag=True,
    help="Instead of JSON: each number of the resident's text, its role and rule, and the decision.",
)
def parse_command(files: tuple[str, ...], jsonl: bool, explain: bool) -> None:
    """Print what the daemon would do with each raw message (no config, no network)."""
    if explain:
        for n, path in enumerate(files):
            click.echo(("\n" if n else "") + f"== {path}\n" + explained(path))
        return
    ok = True
    for path in files:
        result = answer(path)
        ok = ok and "error" not in result
        if len(files) == 1 and not jsonl:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            click.echo(json.dumps({"file": path, **result}, ensure_ascii=False))
        sys.stdout.flush()
    if not ok:
        sys.exit(1)
