"""Drains the mailbox as `mailreader run` does (one cycle of the poller, the courier process
sending beside it) and prints seconds until the last reply was accepted, messages, replies,
CPU time and peak RSS of each process as JSON."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from mailreader import config, db
from mailreader.courier.process import Courier
from mailreader.daemon.app import build_deps
from mailreader.daemon.cycle import poll_once
from mailreader.daemon.parse_ahead import ParseAhead
from mailreader.db import messages as q

#: The poller's statements, committed transactions and pool checkouts: on PostgreSQL its round
#: trips are the statements, a BEGIN and a COMMIT per transaction, and a ping per checkout
#: where the engine pings before use.
COUNTS = {"statements": 0, "transactions": 0, "checkouts": 0}


def _counted(key: str) -> None:
    COUNTS[key] += 1


def main() -> None:
    event.listen(Engine, "before_cursor_execute", lambda *a, **k: _counted("statements"))
    event.listen(Engine, "commit", lambda *a, **k: _counted("transactions"))
    event.listen(Pool, "checkout", lambda *a, **k: _counted("checkouts"))
    settings = config.load(Path(sys.argv[1]))
    courier = Courier(settings)
    courier.start()
    parse = ParseAhead()  # as `mailreader run` does
    if os.environ.get("MRBENCH_INLINE") != "1":
        parse.start()
        deps = build_deps(settings, courier=courier, parse=parse, parse_ahead=parse.ahead)
    else:
        deps = build_deps(settings, courier=courier)
    time.sleep(2)  # the courier's start-up (imports) is not part of the drain
    # CPU is counted from here on, for both processes: start-up is not the drain's.
    cpu0, courier_cpu0, machine0 = _cpu_self(), _cpu_of(courier.pid), _machine_busy()
    parse_cpu0 = _cpu_of(parse.pid) if parse.pid else 0.0
    COUNTS.update(statements=0, transactions=0, checkouts=0)
    started = time.perf_counter()
    report = poll_once(deps)
    polled = time.perf_counter() - started  # the poller is done; the courier may not be
    counted = dict(COUNTS)  # the poller's own; not the waiting below
    while True:  # until the courier has sent every reply the cycle queued
        with db.transaction(deps.sessions) as s:
            if q.outbox_depth(s)[0] == 0:
                break
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    cpu, courier_cpu = _cpu_self() - cpu0, _cpu_of(courier.pid) - courier_cpu0
    machine = _machine_busy() - machine0
    courier_rss = _peak_rss_mb(courier.pid)
    parse_cpu = _cpu_of(parse.pid) - parse_cpu0 if parse.pid else 0.0
    parse_rss = _peak_rss_mb(parse.pid) if parse.pid else 0.0
    courier.stop(report)
    parse.close()
    print(json.dumps({"seconds": seconds, "poller_seconds": polled, "fetched": report.fetched,
                      "sent": report.replies_sent,
                      "errors": report.errors, "cpu_s": cpu, "courier_cpu_s": courier_cpu,
                      "machine_cpu_s": machine,
                      "rss_mb": _peak_rss_mb(os.getpid()), "courier_rss_mb": courier_rss,
                      "parse_cpu_s": parse_cpu, "parse_rss_mb": parse_rss,
                      "outcomes": dict(report.outcomes), **counted}))


def _cpu_self() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all cores, every process), proc(5) /proc/stat."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait


def _cpu_of(pid: int | None) -> float:
    """User + system CPU seconds of a running process (proc(5): fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int | None) -> float:
    """VmHWM of a running process (this one's too). Not getrusage: a process's ru_maxrss
    starts from its parent's peak when it was forked (vfork) and exec'd: the bench holding a
    backlog of N mails in memory made the poller seem to grow with N."""
    status = Path(f"/proc/{pid}/status").read_text()
    kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kb) / 1024


if __name__ == "__main__":
    main()
