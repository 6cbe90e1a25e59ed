"""The courier thread: sends after every nudge, always once more at close, and hands on
what it did not expect."""

from __future__ import annotations

import threading
import time

import pytest

from mailreader.courier import Courier


def test_close_without_nudge_sends_in_the_caller() -> None:
    calls: list[str] = []
    Courier(lambda: calls.append(threading.current_thread().name)).close()
    assert calls == [threading.current_thread().name]


def test_nudged_sends_run_in_the_courier_thread_and_one_follows_close() -> None:
    names: list[str] = []
    closed = threading.Event()
    after_close: list[bool] = []

    def send() -> None:
        names.append(threading.current_thread().name)
        after_close.append(closed.is_set())

    courier = Courier(send)
    courier.nudge()
    courier.nudge()
    closed.set()
    courier.close()
    assert names and set(names) == {"courier"}
    assert after_close[-1] is True  # the last send started after close() was called


def test_a_send_that_is_running_when_close_comes_is_followed_by_another() -> None:
    started, release = threading.Event(), threading.Event()
    calls = 0

    def send() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            started.set()
            release.wait(5)

    courier = Courier(send)
    courier.nudge()
    assert started.wait(5)
    closer = threading.Thread(target=courier.close)
    closer.start()
    release.set()
    closer.join(5)
    assert not closer.is_alive()
    assert calls == 2


def test_an_unexpected_error_in_the_thread_is_raised_by_close() -> None:
    def send() -> None:
        raise KeyError("bug")

    courier = Courier(send)
    courier.nudge()
    with pytest.raises(KeyError, match="bug"):
        courier.close()


def test_abandon_sends_nothing_more() -> None:
    started, release = threading.Event(), threading.Event()
    calls = 0

    def send() -> None:
        nonlocal calls
        calls += 1
        started.set()
        release.wait(5)

    courier = Courier(send)
    courier.nudge()
    assert started.wait(5)
    courier.nudge()  # more replies committed while the first send runs
    closer = threading.Thread(target=courier.abandon)
    closer.start()
    deadline = time.monotonic() + 5
    while not courier._abandoned and time.monotonic() < deadline:  # abandon() has begun
        time.sleep(0.001)
    release.set()
    closer.join(5)
    assert not closer.is_alive()
    assert calls == 1


def test_abandon_before_any_nudge_sends_nothing() -> None:
    calls: list[int] = []
    Courier(lambda: calls.append(1)).abandon()
    assert calls == []
