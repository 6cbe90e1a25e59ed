"""The courier: a second process of `mailreader run` that sends the outbox, so that
replies leave while the poller decides the next mails.

Sending is mostly waiting for the SMTP server to accept each reply; in one process
that wait stops the deciding, and a thread would compete with it for the interpreter.
The courier runs the very same `outbox.send_due` (one transaction per reply, marked sent
only once accepted, the row locked against other senders), so a crash of either process
leaves what a crash of the single process left: at most the one reply that was accepted
but not yet marked sent goes again, with the same Message-ID. One-cycle commands
(`poll-once`, `reprocess`) still send inline.

The poller starts it as `python -m mailreader.courier.process` and talks to it over two pipes:
the settings (pickled) and then one byte per wake-up ("w") or stop ("q") on its stdin;
one JSON line per round of sending (replies sent, deferred, the server that failed) on
its stdout, which the poller folds into its cycle report (logs, heartbeat, systemd's
STATUS, metrics). End of file on stdin means the poller is gone: the courier stops too.
It imports only what sending needs (no parser, no templates, no IMAP): ~45 MB.

The poller wakes it after every few mails' commits; between wakes it looks for retries
that came due every `RETRY_EVERY` seconds. Its SMTP session stays open while replies keep
coming (closed after 30 s without one).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from mailreader.config import Settings, SmtpSettings
from mailreader.protocols import Sender

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from mailreader.ops.report import CycleReport

log = logging.getLogger("mailreader.courier")  # also when run as __main__

#: Seconds between looks at the outbox when nobody wakes the courier (backed-off retries).
RETRY_EVERY = 5.0
#: Longest wait for a wake-up before the stop flag is looked at again.
WAIT_SLICE = 0.5
#: Seconds without sending after the SMTP server refused our login (the configuration is
#: read at start, so only a fault on the server's side can mend itself meanwhile).
CONFIG_PAUSE = 60.0
#: Seconds a stopping courier is given for the reply in hand before it is killed.
STOP_GRACE = 30.0
_WAKE, _QUIT = b"w", b"q"


class Courier:
    """The poller's handle on the courier process: start, wake, collect, stop."""

    def __init__(self, settings: Settings, *, retry_every: float = RETRY_EVERY) -> None:
        self._settings = settings
        self._retry_every = retry_every
        self._proc: subprocess.Popen[bytes] | None = None
        self._pending = b""
        self._stopping = False

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def start(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "mailreader.courier.process", str(self._retry_every)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        settings = pickle.dumps(self._settings)
        self._proc.stdin.write(struct.pack(">I", len(settings)) + settings)
        self._proc.stdin.flush()
        # Never wait on the courier: a full pipe only means it has wake-ups enough.
        os.set_blocking(self._proc.stdin.fileno(), False)
        os.set_blocking(self._proc.stdout.fileno(), False)
        self._pending = b""
        log.info("courier started pid=%s", self._proc.pid)

    def __call__(self, report: CycleReport) -> None:
        """Hand the outbox over (the cycle's `send_replies` in daemon mode): restart the
        courier if it died, wake it, and fold in what it reported since the last call."""
        proc = self._proc
        if proc is not None and proc.poll() is not None and not self._stopping:
            self.collect(report)
            log.error("courier pid=%s exited with %s; starting a new one", proc.pid, proc.returncode)
            self.start()
        self._send(_WAKE)
        self.collect(report)

    def collect(self, report: CycleReport) -> None:
        """Fold the rounds the courier reported since the last call into `report`."""
        if self._proc is None or self._proc.stdout is None:
            return
        with contextlib.suppress(BlockingIOError, ValueError):  # nothing more / closed
            while chunk := os.read(self._proc.stdout.fileno(), 65536):
                self._pending += chunk
        *lines, self._pending = self._pending.split(b"\n")
        for line in lines:
            done = json.loads(line)
            report.replies_sent += done["sent"]
            report.replies_deferred += done["deferred"]
            for server in ("smtp", "db"):
                error = done[f"{server}_error"]
                if error and not getattr(report, f"{server}_error"):
                    setattr(report, f"{server}_error", error)
                    report.errors.append(error)

    def stop(self, report: CycleReport | None = None) -> None:
        """Let the courier finish the reply in hand and exit (kill it if it does not); what
        it reported meanwhile is folded into `report`."""
        proc, self._stopping = self._proc, True
        if proc is None:
            return
        self._send(_QUIT)
        with contextlib.suppress(OSError):
            assert proc.stdin is not None
            proc.stdin.close()
        try:
            proc.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            log.error("courier pid=%s did not stop within %.0f s; killing it", proc.pid, STOP_GRACE)
            proc.kill()
            proc.wait()
        if report is not None:
            self.collect(report)
        assert proc.stdout is not None
        proc.stdout.close()

    def _send(self, command: bytes) -> None:
        if self._proc is None or self._proc.stdin is None:
            return
        with contextlib.suppress(OSError, ValueError):  # gone: restarted at the next call
            self._proc.stdin.write(command)
            self._proc.stdin.flush()


@dataclass
class _Sending:
    """What `outbox.send_due` needs (`outbox.Sending`), without the poller's imports."""

    settings: Settings
    sessions: sessionmaker[Session]
    open_sender: Callable[[SmtpSettings], AbstractContextManager[Sender]]
    stop_requested: Callable[[], bool]
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    checkpoint: Callable[[str], None] = field(default=lambda step: None)


def serve(settings: Settings, commands: int, out: IO[str], retry_every: float) -> None:
    """The courier's main loop: a round of sending on every wake-up and every
    `retry_every` seconds, until told to stop, signalled, or orphaned."""
    from mailreader.courier.outbox import Connection, send_due
    from mailreader.db.engine import engine_for, session_factory
    from mailreader.errors import ConfigError
    from mailreader.mail.smtp import open_sender
    from mailreader.ops.report import CycleReport, guard

    signalled = False

    def on_signal(_signum: int, _frame: object) -> None:
        # SIGTERM from systemd (the whole control group) or the poller's death: finish the
        # reply in hand, then leave. SIGINT (Ctrl-C reaches the process group) likewise.
        nonlocal signalled
        signalled = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signalled = bool(_EARLY)
    told = False
    # The poller migrated the schema before starting us.
    deps = _Sending(settings, session_factory(engine_for(settings)), open_sender,
                    stop_requested=lambda: signalled or told)
    connection = Connection(deps)
    last_round = quiet_until = 0.0
    try:
        while not deps.stop_requested():
            ready, _, _ = select.select([commands], [], [], WAIT_SLICE)
            woken = False
            if ready:
                data = os.read(commands, 4096)
                told = not data or _QUIT in data  # end of file: the poller is gone
                woken = _WAKE in data
            if deps.stop_requested() or time.monotonic() < quiet_until:
                continue
            if not woken and time.monotonic() - last_round < retry_every:
                continue
            last_round = time.monotonic()
            report = CycleReport()
            try:
                guard(report, "smtp", functools.partial(send_due, deps, report, connection))
            except ConfigError as exc:
                # A refused login: said once per round, in the poller's report too (heartbeat,
                # status); the replies stay queued until the configuration is fixed.
                log.error("cannot send replies: %s (trying again in %.0f s)", exc, CONFIG_PAUSE)
                report.smtp_error = f"config error: {exc}"
                report.errors.append(report.smtp_error)
                quiet_until = time.monotonic() + CONFIG_PAUSE
            if report.replies_sent or report.replies_deferred or report.errors:
                done = {"sent": report.replies_sent, "deferred": report.replies_deferred,
                        "smtp_error": report.smtp_error, "db_error": report.db_error}
                out.write(json.dumps(done) + "\n")
                out.flush()
            connection.close_if_idle()
    finally:
        connection.close()
    log.info("courier stopped")


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM us when the poller dies (prctl PR_SET_PDEATHSIG), besides the
    end of file on stdin, so that a killed daemon leaves no orphan sending."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1


#: Signals that arrived while the courier was starting (its imports take seconds on a busy
#: machine): honoured as soon as it serves, so that a stop during start-up is a clean one.
_EARLY: list[int] = []


def main() -> None:
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda s, _f: _EARLY.append(s))
    from mailreader.ops import log as logsetup

    _die_with_parent()
    # Unbuffered reads of fd 0: the commands after the settings must not sit in a buffer.
    (size,) = struct.unpack(">I", _read_exactly(0, 4))
    settings: Settings = pickle.loads(_read_exactly(0, size))  # from our own parent, over a pipe
    logsetup.setup(settings.log_level, settings.log_format)
    retry_every = float(sys.argv[1]) if len(sys.argv) > 1 else RETRY_EVERY
    serve(settings, 0, sys.stdout, retry_every)


def _read_exactly(fd: int, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            raise SystemExit("mailreader.courier.process: the poller went away before sending the settings")
        data += chunk
    return data


if __name__ == "__main__":
    main()
