"""The courier: a second process of `mailreader run` that sends the outbox, so that
replies leave while the poller decides the next mails.

Sending is mostly waiting for the SMTP server to accept each reply; in one process
that wait stops the deciding, and a thread would compete with it for the interpreter.
The courier runs the very same `outbox.send_due` (one transaction per reply, marked sent
only once accepted, the row locked against other senders), so a crash of either process
leaves what a crash of the single process left: at most the one reply that was accepted
but not yet marked sent goes again, with the same Message-ID. One-cycle commands
(`poll-once`, `reprocess`) still send inline.

The poller wakes the courier after every few mails' commits; between wakes it looks for
retries that came due every `RETRY_EVERY` seconds. Its SMTP session stays open while
replies keep coming (closed after 30 s without one). It reports what it sent and which
server failed back to the poller, whose cycle report feeds the logs, the heartbeat,
systemd's STATUS and the metrics.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import queue
import signal
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from typing import TYPE_CHECKING, Any

from mailreader.config import Settings

if TYPE_CHECKING:
    from mailreader.pipeline import CycleReport

log = logging.getLogger(__name__)

#: Seconds between looks at the outbox when nobody wakes the courier (backed-off retries).
RETRY_EVERY = 5.0
#: Longest wait for a wake-up before the stop flags are looked at again.
WAIT_SLICE = 0.5
#: Seconds a stopping courier is given for the reply in hand before it is killed.
STOP_GRACE = 30.0


@dataclass(frozen=True)
class Round:
    """What one round of sending did, as sent back to the poller."""

    sent: int
    deferred: int
    smtp_error: str | None
    db_error: str | None


class Courier:
    """The poller's handle on the courier process: start, wake, collect, stop."""

    def __init__(self, settings: Settings, *, retry_every: float = RETRY_EVERY) -> None:
        self._settings = settings
        self._retry_every = retry_every
        # Spawned, not forked: the child starts with no copy of the parent's database
        # connections, IMAP sockets or scheduler threads.
        self._ctx = mp.get_context("spawn")
        self._wake: Event = self._ctx.Event()
        self._stop: Event = self._ctx.Event()
        self._results: Any = self._ctx.Queue()
        self._proc: BaseProcess | None = None

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def start(self) -> None:
        self._stop.clear()
        self._proc = self._ctx.Process(
            target=serve, name="mailreader-courier", daemon=True,
            args=(self._settings, self._wake, self._stop, self._results, os.getpid(), self._retry_every),
        )
        self._proc.start()
        log.info("courier started pid=%s", self._proc.pid)

    def __call__(self, report: CycleReport) -> None:
        """Hand the outbox over (the pipeline's `send_replies` in daemon mode): restart the
        courier if it died, wake it, and fold in what it reported since the last call."""
        if self._proc is not None and not self._proc.is_alive() and not self._stop.is_set():
            log.error("courier pid=%s exited with %s; starting a new one", self._proc.pid,
                      self._proc.exitcode)
            self.start()
        self._wake.set()
        self.collect(report)

    def collect(self, report: CycleReport) -> None:
        while True:
            try:
                done: Round = self._results.get_nowait()
            except queue.Empty:
                return
            report.replies_sent += done.sent
            report.replies_deferred += done.deferred
            for server, error in (("smtp", done.smtp_error), ("db", done.db_error)):
                if error and not getattr(report, f"{server}_error"):
                    setattr(report, f"{server}_error", error)
                    report.errors.append(error)

    def stop(self, report: CycleReport | None = None) -> None:
        """Let the courier finish the reply in hand and exit (kill it if it does not); what
        it reported meanwhile is folded into `report`."""
        if self._proc is None:
            return
        self._stop.set()
        self._wake.set()
        self._proc.join(STOP_GRACE)
        if self._proc.is_alive():
            log.error("courier pid=%s did not stop within %.0f s; killing it", self._proc.pid, STOP_GRACE)
            self._proc.kill()
            self._proc.join()
        if report is not None:
            self.collect(report)
        self._proc = None
        self._results.close()
        self._results.join_thread()


def serve(settings: Settings, wake: Event, stop: Event, results: Any, parent: int,
          retry_every: float) -> None:
    """The courier process's main loop."""
    from mailreader import log as logsetup
    from mailreader.app import build_deps, open_database
    from mailreader.outbox import Connection
    from mailreader.pipeline import CycleReport, send_inline

    logsetup.setup(settings.log_level, settings.log_format)
    _die_with(parent)

    signalled = False

    def on_signal(_signum: int, _frame: object) -> None:
        # SIGTERM from systemd (the whole control group) or the parent's death: finish the
        # reply in hand, then leave. SIGINT (Ctrl-C reaches the process group) likewise.
        # Only a flag: the handler may interrupt a wait on a multiprocessing lock, and
        # touching one of those from here deadlocks.
        nonlocal signalled
        signalled = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    # The poller migrated the schema before starting us.
    deps = build_deps(settings, engine=open_database(settings, migrate=False),
                      stop_requested=lambda: signalled or stop.is_set() or os.getppid() != parent)
    connection = Connection(deps)
    last_round = time.monotonic()
    try:
        while not deps.stop_requested():
            # Short waits, so that a signal is seen within WAIT_SLICE.
            if not wake.wait(WAIT_SLICE) and time.monotonic() - last_round < retry_every:
                continue
            wake.clear()
            if deps.stop_requested():
                break
            last_round = time.monotonic()
            report = CycleReport()
            send_inline(deps, report, connection)
            if report.replies_sent or report.replies_deferred or report.errors:
                results.put(Round(report.replies_sent, report.replies_deferred, report.smtp_error,
                                  report.db_error))
            connection.close_if_idle()
    finally:
        connection.close()
    log.info("courier stopped")


def _die_with(parent: int) -> None:
    """Ask Linux to SIGTERM us when the poller dies (prctl PR_SET_PDEATHSIG), so that a
    killed daemon leaves no orphan sending beside its successor."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
    if os.getppid() != parent:  # died before the prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)
