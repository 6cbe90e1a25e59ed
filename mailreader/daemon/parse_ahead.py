"""Parses a fetched batch ahead in a second process, so that the poller's decisions use
the machine's second core.

`parsers.parse` is pure (bytes in, a `Decision` out, no I/O), and it is the poller's
largest CPU cost. `mailreader run` hands each fetched batch to a worker process
(`python -m mailreader.daemon.parse_ahead`) while it stores the batch and decides the mails
before; when the pipeline asks for a mail's decision, the worker's answer is used. Every
database and IMAP side effect stays in the poller, in the same order, so the crash
guarantees are those of parsing inline: a mail is stored and its attempt counted before
its decision is used, whoever computed it.

Anything unusual falls back to parsing inline, as without a worker: a mail the worker
was not given, a worker that died or answered with an error (the inline parse then
meets the same fault, in the same place as before). A time limit that interrupts the
wait (a mail the worker is stuck on) kills the worker; the next batch starts another.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Sequence
from typing import IO

import parsers
from parsers import Decision

log = logging.getLogger(__name__)

#: Mails sent to the worker and not yet answered, at most: few enough that its answers
#: never fill the pipe back (so neither side can block the other), enough that it always
#: has the next mail at hand.
WINDOW = 8
#: Bytes in flight to the worker, at most (beyond the first mail): what a pipe holds, so
#: that the poller never waits for the worker to read.
WINDOW_BYTES = 60_000
#: After this many dead or stuck workers in one daemon's life, every mail is parsed inline.
MAX_FAILURES = 3
_SIZE = struct.Struct(">I")


def _write(out: IO[bytes], obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_SIZE.pack(len(data)) + data)
    out.flush()


def _read(inp: IO[bytes]) -> object:
    head = inp.read(_SIZE.size)
    if len(head) < _SIZE.size:
        raise EOFError("the other end closed the pipe")
    (size,) = _SIZE.unpack(head)
    data = inp.read(size)
    if len(data) < size:
        raise EOFError("the other end closed the pipe")
    return pickle.loads(data)  # from our own parent or child, over a pipe


class ParseAhead:
    """`Deps.parse` for the daemon (a callable raw -> Decision), plus `ahead(raws)`."""

    def __init__(self, parse: Callable[[bytes], Decision] = parsers.parse) -> None:
        self._parse = parse
        self._proc: subprocess.Popen[bytes] | None = None
        self._order: deque[bytes] = deque()  # given, in order; the first `_sent` are with it
        self._sent = 0
        self.failures = 0

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def start(self) -> None:
        """Start the worker unless one is running (a dead one counts as a failure)."""
        if self._proc is not None and self._proc.poll() is not None:
            self._fail()
        if self.failures < MAX_FAILURES and self._proc is None:
            self._order.clear()
            self._sent = 0
            self._proc = subprocess.Popen([sys.executable, "-m", "mailreader.daemon.parse_ahead"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)

    def ahead(self, raws: Sequence[bytes]) -> None:
        """These mails will be asked for, in this order: start parsing them."""
        self.start()
        if self._proc is None:
            return
        self._order.extend(raws)
        try:
            self._pump()
        except OSError as exc:  # it died meanwhile: these mails are parsed inline
            log.warning("the parse worker failed (%s); parsing inline", exc)
            self._fail()

    def __call__(self, raw: bytes) -> Decision:
        if raw not in self._order:
            return self._parse(raw)
        try:
            while self._order:
                if self._sent == 0:
                    self._pump()
                assert self._proc is not None and self._proc.stdout is not None
                answer = _read(self._proc.stdout)
                head = self._order.popleft()
                self._sent -= 1
                if head == raw:
                    self._pump()
                    if isinstance(answer, Decision):
                        return answer
                    break  # the worker failed on it: meet the same fault here
        except (EOFError, OSError, pickle.UnpicklingError) as exc:  # a dead worker: parse here
            log.warning("the parse worker failed (%s); parsing inline", exc)
            self._fail()
        except BaseException:  # the time limit (or a stop) interrupted the wait
            self._fail()
            raise
        return self._parse(raw)

    def close(self) -> None:
        """Let the worker end (end of file on its stdin), kill it if it does not."""
        self._end(kill=False)

    def _pump(self) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        in_flight = sum(len(self._order[k]) for k in range(self._sent))
        while self._sent < min(WINDOW, len(self._order)):
            raw = self._order[self._sent]
            if self._sent and in_flight + len(raw) > WINDOW_BYTES:
                return
            _write(self._proc.stdin, raw)
            self._sent += 1
            in_flight += len(raw)

    def _fail(self) -> None:
        self.failures += 1
        self._end(kill=True)

    def _end(self, *, kill: bool) -> None:
        proc, self._proc = self._proc, None
        self._order.clear()
        self._sent = 0
        if proc is None:
            return
        if kill:
            with contextlib.suppress(OSError):
                proc.kill()
        for pipe in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The worker: a raw message in, its Decision (or the error's text) out, in order."""
    while True:
        try:
            raw = _read(inp)
        except EOFError:
            return
        try:
            answer: object = parsers.parse(raw)  # type: ignore[arg-type]
        except Exception as exc:  # parse never raises; should it, the poller parses inline
            answer = f"{type(exc).__name__}: {exc}"
        _write(out, answer)


def main() -> None:
    # Die with the poller (prctl PR_SET_PDEATHSIG), besides the end of file on stdin.
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    if os.getppid() == 1:
        return  # the poller is already gone
    serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()
