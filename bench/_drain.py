"""Drains the mailbox as `mailreader run` does (one cycle of the poller, the courier process
sending beside it) and prints seconds until the last reply was accepted, messages, replies,
CPU time and peak RSS of each process as JSON."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from mailreader import config, db
from mailreader.app import build_deps
from mailreader.courier import Courier
from mailreader.db import messages as q
from mailreader.pipeline import poll_once


def main() -> None:
    settings = config.load(Path(sys.argv[1]))
    deps = build_deps(settings)
    courier = Courier(settings)
    courier.start()
    deps.courier = courier
    time.sleep(2)  # the courier's start-up (imports) is not part of the drain
    started = time.perf_counter()
    report = poll_once(deps)
    while True:  # until the courier has sent every reply the cycle queued
        with db.transaction(deps.sessions) as s:
            if q.outbox_depth(s)[0] == 0:
                break
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    courier_rss = _peak_rss_mb(courier.pid)
    courier.stop(report)
    own = resource.getrusage(resource.RUSAGE_SELF)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "fetched": report.fetched, "sent": report.replies_sent,
                      "errors": report.errors, "cpu_s": own.ru_utime + own.ru_stime,
                      "courier_cpu_s": child.ru_utime + child.ru_stime,
                      "rss_mb": own.ru_maxrss / 1024, "courier_rss_mb": courier_rss}))


def _peak_rss_mb(pid: int | None) -> float:
    """VmHWM of a running process. Not getrusage(RUSAGE_CHILDREN): that counts the child
    between fork and exec too, when it still shares every page of this process."""
    status = Path(f"/proc/{pid}/status").read_text()
    kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kb) / 1024


if __name__ == "__main__":
    main()
