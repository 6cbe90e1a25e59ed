"""`mailreader run`: APScheduler 3 calls `poll_once` on an interval until SIGTERM/SIGINT.

The poll job runs in the main thread (APScheduler's DebugExecutor), so a signal
only sets a flag: the message in hand is finished, then the scheduler stops and
the process exits 0. With IMAP IDLE a watcher thread only *triggers* the job
early when the server announces new mail; all work stays in the main thread.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from types import FrameType

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.schedulers.blocking import BlockingScheduler

from mailreader.errors import ConfigError, MailServerUnavailable
from mailreader.ops.log import describe
from mailreader.ops.report import CycleReport
from mailreader.ops.sdnotify import Notifier

log = logging.getLogger(__name__)

JOB = "poll"


class Runner:
    def __init__(self, cycle: Callable[[], CycleReport], interval: float,
                 now: Callable[[], datetime], notifier: Notifier | None = None,
                 observe: Callable[[CycleReport, float], None] | None = None) -> None:
        self._cycle = cycle
        self._now = now
        self._notifier = notifier or Notifier({})
        self._observe = observe
        self.stop = threading.Event()
        #: A configuration error met by a cycle (a login refused since the start): `run`
        #: stops and exits 78, since restarting will not help.
        self.fatal: ConfigError | None = None
        self._busy = False
        self._ready = False
        self._stopping = threading.Lock()
        self._scheduler = BlockingScheduler(executors={"default": DebugExecutor()})
        self._scheduler.add_job(
            self._job, "interval", seconds=interval, next_run_time=now(),
            max_instances=1, coalesce=True, id=JOB, misfire_grace_time=None,
        )
        # WATCHDOG=1 also between cycles, in case poll_interval exceeds WatchdogSec/2.
        self._scheduler.add_job(self._notifier.watchdog, "interval", seconds=5, id="watchdog")

    def add_daily(self, name: str, job: Callable[[], object], first_in: float = 600.0) -> None:
        """Run `job` once a day in the main thread, between cycles, the first time `first_in`
        seconds after start (a daemon restarted often still runs it); a failure is logged
        and waits for the next day."""
        def guarded() -> None:
            try:
                job()
            except Exception as exc:
                log.error("%s failed: %s", name, describe(exc))
                log.debug("%s failed", name, exc_info=True)

        self._scheduler.add_job(guarded, "interval", days=1, id=name, max_instances=1, coalesce=True,
                                next_run_time=self._now() + timedelta(seconds=first_in),
                                misfire_grace_time=None)

    def trigger(self) -> None:
        """Run the poll job now (thread-safe): new mail was announced."""
        if not self.stop.is_set():
            self._scheduler.modify_job(JOB, next_run_time=self._now())

    def _job(self) -> None:
        self._busy = True
        started = time.monotonic()
        try:
            report = self._cycle()
            status = (f"last cycle {self._now():%Y-%m-%d %H:%M:%S}: fetched {report.fetched}, "
                      f"replies {report.replies_sent}" + (f", errors: {report.errors[0]}" if report.errors
                                                          else ""))
            log.info("cycle done fetched=%s outcomes=%s replies_sent=%s errors=%s", report.fetched,
                     dict(report.outcomes), report.replies_sent, len(report.errors))
            if self._observe is not None:
                self._observe(report, time.monotonic() - started)
            # Ready once a cycle has run: a server that does not answer is retried by the
            # daemon (STATUS says which), not by systemd killing it at TimeoutStartSec and
            # restarting it; a configuration error never gets here (exit 78 before READY=1).
            if not self._ready:
                self._ready = True
                self._notifier.ready(status)
            else:
                self._notifier.status(status)
        except ConfigError as exc:
            self.fatal = exc
            self.stop.set()
        except Exception as exc:
            # A cycle never kills the daemon: the next one starts over from the database. The
            # text may quote a mail: sanitised here, the traceback only at DEBUG.
            log.error("cycle failed: %s", describe(exc))
            log.debug("cycle failed", exc_info=True)
        finally:
            self._busy = False
        if self.stop.is_set():
            self._request_shutdown()

    def _shutdown(self) -> None:
        with self._stopping:
            if self._scheduler.state == STATE_STOPPED:
                return
            self._notifier.stopping()
            self._scheduler.shutdown(wait=False)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: finishing the message in hand, then stopping", signal.Signals(signum).name)
        self.stop.set()
        if not self._busy:
            self._request_shutdown()

    def _request_shutdown(self) -> None:
        # Never from the job or the handler themselves: the main thread is then inside the
        # scheduler, holding its job-store lock; a thread waits for the lock, so the job
        # store is shut down only after the scheduler has finished with it.
        threading.Thread(target=self._shutdown, name="shutdown").start()

    def run(self, watcher: Callable[[], object] | None = None) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        if watcher is not None:
            threading.Thread(target=watcher, name="imap-idle", daemon=True).start()
        self._scheduler.start()
        log.info("stopped")


def idle_loop(wait: Callable[[float], bool], close: Callable[[], None], trigger: Callable[[], None],
              stop: threading.Event, required: bool) -> None:
    """Keep an IDLE connection and trigger a cycle on every push; reconnect with backoff.

    When the server lacks IDLE (or it keeps failing and is not required) polling
    alone carries on: the interval job never stops."""
    from mailreader.errors import IdleUnsupported

    backoff = 1.0
    while not stop.is_set():
        try:
            if wait(5.0):
                trigger()
            backoff = 1.0
        except IdleUnsupported as exc:
            (log.error if required else log.info)("%s: polling only", exc)
            return
        except ConfigError as exc:
            # The poll cycle meets the same refusal and stops the daemon (exit 78).
            log.error("IDLE stopped: config error: %s", exc)
            return
        except MailServerUnavailable as exc:
            # Polling goes on meanwhile, so a lost IDLE only delays mail to the next poll.
            log.warning("IDLE connection lost (%s); reconnecting in %.0f s", exc, backoff)
            stop.wait(backoff)
            backoff = min(backoff * 2, 60.0)
    close()
