"""The courier process stays small: it never loads the parser, the reply templates or IMAP.

Run in a fresh interpreter, as `mailreader run` starts it: the module is imported and
serves one round (the poller already gone: end of file on its commands), so that what
`serve` imports on its way counts too."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

FORBIDDEN = ("parsers", "replies", "imapclient", "jinja2", "mailreader.daemon", "mailreader.mail.imap")

SCRIPT = textwrap.dedent("""
    import io, json, os, sys
    import mailreader.courier.process as courier
    from mailreader.config import parse_settings

    settings = parse_settings({"imap": {"user": "energy@example.ru"}, "smtp": {"from": "energy@example.ru"},
                               "database": {"url": sys.argv[1]}}, {})
    read, write = os.pipe()
    os.close(write)  # the poller is gone: the courier stops at once
    courier.serve(settings, read, io.StringIO(), 5.0)
    print(json.dumps(sorted(sys.modules)))
""")


def test_the_courier_imports_neither_parser_nor_replies_nor_imap(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'courier.sqlite3'}"
    done = subprocess.run([sys.executable, "-c", SCRIPT, url], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    modules = json.loads(done.stdout.splitlines()[-1])
    assert "mailreader.courier.outbox" in modules  # it did load what sending needs
    loaded = [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert loaded == []
