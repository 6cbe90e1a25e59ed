"""`run`'s scheduler: SIGTERM during a cycle or between cycles stops it cleanly."""

from __future__ import annotations

import os
import signal
import threading
from datetime import UTC, datetime

import pytest

from mailreader.daemon.scheduler import Runner
from mailreader.ops.report import CycleReport
from mailreader.ops.sdnotify import Notifier


def _now() -> datetime:
    return datetime.now(UTC)


def test_sigterm_in_the_middle_of_a_cycle_lets_it_finish_then_stops() -> None:
    finished: list[bool] = []

    def cycle() -> CycleReport:
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the message is in hand
        finished.append(True)
        return CycleReport()

    runner = Runner(cycle, interval=0.05, now=_now, notifier=Notifier({}))
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        runner.run()  # returns instead of raising, after the cycle in hand
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert finished == [True] and runner.stop.is_set()


def test_sigterm_between_cycles_stops() -> None:
    cycles: list[int] = []

    def cycle() -> CycleReport:
        cycles.append(1)
        return CycleReport()

    runner = Runner(cycle, interval=3600, now=_now, notifier=Notifier({}))
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGTERM))
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    timer.start()
    try:
        runner.run()
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert cycles == [1] and runner.stop.is_set()


def test_a_config_error_in_a_cycle_stops_the_daemon() -> None:
    # A login refused since the start (a password changed on the server): restarting will not
    # help, so `run` stops and exits 78 instead of failing every cycle forever.
    from mailreader.errors import ConfigError

    cycles: list[int] = []

    def cycle() -> CycleReport:
        cycles.append(1)
        raise ConfigError("imap.user", "login refused by 127.0.0.1")

    runner = Runner(cycle, interval=0.05, now=_now, notifier=Notifier({}))
    guard = threading.Timer(5.0, lambda: os.kill(os.getpid(), signal.SIGTERM))  # main never stopped
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    guard.start()
    try:
        runner.run()
    finally:
        guard.cancel()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert cycles == [1]
    assert runner.fatal is not None and runner.fatal.key == "imap.user"


def test_ready_after_the_first_cycle_even_when_a_server_did_not_answer() -> None:
    class Recorder(Notifier):
        def __init__(self) -> None:
            super().__init__({})
            self.sent: list[str] = []

        def ready(self, status: str) -> None:
            self.sent.append(f"READY {status}")

        def status(self, status: str) -> None:
            self.sent.append(f"STATUS {status}")

    def cycle() -> CycleReport:
        os.kill(os.getpid(), signal.SIGTERM)  # one cycle is enough
        return CycleReport(errors=["IMAP 127.0.0.1:993: Connection refused"])

    notifier = Recorder()
    runner = Runner(cycle, interval=3600, now=_now, notifier=notifier)
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        runner.run()
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert len(notifier.sent) == 1 and notifier.sent[0].startswith("READY last cycle")
    assert notifier.sent[0].endswith("errors: IMAP 127.0.0.1:993: Connection refused")


def test_a_daily_job_runs_in_the_main_thread_and_a_failing_one_is_only_logged(
        caplog: pytest.LogCaptureFixture) -> None:
    ran: list[str] = []

    def boom() -> None:
        raise RuntimeError("purge broke on 'ivan@example.org'")

    def purge() -> None:
        ran.append(threading.current_thread().name)
        os.kill(os.getpid(), signal.SIGTERM)

    runner = Runner(CycleReport, interval=3600, now=_now, notifier=Notifier({}))
    runner.add_daily("boom", boom, first_in=0.1)
    runner.add_daily("purge", purge, first_in=0.4)
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        runner.run()
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert ran == [threading.main_thread().name]
    assert "boom failed: RuntimeError: purge broke on '…'" in caplog.text
