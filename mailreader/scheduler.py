"""`mailreader run`: APScheduler 3 calls `poll_once` on an interval until SIGTERM/SIGINT.

The job runs in the main thread (APScheduler's DebugExecutor), so a signal only
sets a flag: the message in hand is finished, then the scheduler stops and the
process exits 0.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from datetime import datetime
from types import FrameType

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.blocking import BlockingScheduler

from mailreader.pipeline import CycleReport

log = logging.getLogger(__name__)


class Runner:
    def __init__(self, cycle: Callable[[], CycleReport], interval: float,
                 now: Callable[[], datetime]) -> None:
        self._cycle = cycle
        self.stop = threading.Event()
        self._busy = False
        self._scheduler = BlockingScheduler(executors={"default": DebugExecutor()})
        self._scheduler.add_job(
            self._job, "interval", seconds=interval, next_run_time=now(),
            max_instances=1, coalesce=True, id="poll", misfire_grace_time=None,
        )

    def _job(self) -> None:
        self._busy = True
        try:
            report = self._cycle()
            log.info("cycle done fetched=%s outcomes=%s replies_sent=%s errors=%s", report.fetched,
                     dict(report.outcomes), report.replies_sent, len(report.errors))
        except Exception:
            # A cycle never kills the daemon: the next one starts over from the database.
            log.exception("cycle failed")
        finally:
            self._busy = False
        if self.stop.is_set():
            self._scheduler.shutdown(wait=False)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: finishing the message in hand, then stopping", signal.Signals(signum).name)
        self.stop.set()
        if not self._busy:
            self._scheduler.shutdown(wait=False)

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        self._scheduler.start()
        log.info("stopped")
