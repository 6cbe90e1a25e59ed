"""The courier: sends the outbox from a thread of its own while the cycle goes on.

An SMTP round trip is mostly waiting for the server. Sent from this thread, the replies of
one batch leave while the main thread parses and records the next, instead of adding their
round trips to the time a backlog takes. Each reply is still locked, sent and marked sent
in a transaction of its own (`outbox.send_due`): the thread changes only *when* that
happens, never what is recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Courier:
    """Runs `send` in a background thread each time it is nudged, and once more at close."""

    def __init__(self, send: Callable[[], None]) -> None:
        self._send = send
        self._wake = threading.Event()
        self._closing = False
        self._abandoned = False
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def nudge(self) -> None:
        """New replies were committed: send them soon (the thread starts on first use)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="courier", daemon=True)
            self._thread.start()
        self._wake.set()

    def close(self) -> None:
        """Send what is due one last time and wait for it; what the thread did not expect
        (a bug, never a server being down: `send` notes those) is raised here."""
        if self._thread is None:
            self._send()
            return
        self._closing = True
        self._wake.set()
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Stop without another send (the cycle failed or the process is exiting): a reply
        being sent is finished, the rest stays queued for the next cycle."""
        self._abandoned = True
        if self._thread is not None:
            self._wake.set()
            self._thread.join()

    def _run(self) -> None:
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._abandoned:
                    return
                # Read before sending: a close() that comes during this send wakes the
                # loop again, so the last send always starts after close() was called.
                closing = self._closing
                self._send()
                if closing:
                    return
        except BaseException as exc:  # handed to close(), which the main thread calls
            self._error = exc
