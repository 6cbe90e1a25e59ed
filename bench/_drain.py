"""Drains the mailbox once (one `poll_once`) and prints seconds, messages and peak RSS as JSON."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from mailreader import config
from mailreader.app import build_deps
from mailreader.pipeline import poll_once


def main() -> None:
    deps = build_deps(config.load(Path(sys.argv[1])))
    started = time.perf_counter()
    report = poll_once(deps)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "fetched": report.fetched, "sent": report.replies_sent,
                      "errors": report.errors,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
