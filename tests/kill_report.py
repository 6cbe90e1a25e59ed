"""Collects the kill matrix of the fault-injection suite and prints it after the run."""

from __future__ import annotations

from collections import Counter

import pytest

_MATRIX: Counter[str] = Counter()


@pytest.fixture(scope="session")
def kill_matrix() -> Counter[str]:
    return _MATRIX


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _MATRIX:
        return
    terminalreporter.section("kill matrix (SIGKILL at a step boundary, then restart)")
    for key in sorted(_MATRIX):
        terminalreporter.write_line(f"{key}: {_MATRIX[key]}")
