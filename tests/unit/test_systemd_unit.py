"""The systemd unit: the settings ops rely on, and its hardening rating."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[2] / "systemd" / "mailreader.service"


def _service() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    section = ""
    for line in UNIT.read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line and not line.startswith("#") and section == "Service":
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def test_unit_runs_the_daemon_as_ops_expect() -> None:
    svc = _service()
    assert svc["ExecStart"][0].endswith(" run")
    assert svc["Type"] == ["notify"] and "WatchdogSec" in svc
    assert svc["RestartPreventExitStatus"] == ["78"] and svc["Restart"] == ["on-failure"]
    assert svc["StateDirectory"] == ["mailreader"] and svc["DynamicUser"] == ["yes"]
    configparser.ConfigParser(strict=False, interpolation=None).read(UNIT)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_hardening_rating_at_most_2() -> None:
    out = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(UNIT)],
        capture_output=True, text=True, timeout=60, check=False,
    ).stdout
    level = re.search(r"Overall exposure level for \S+: ([\d.]+)", out)
    assert level is not None, out[-500:]
    assert float(level.group(1)) <= 2.0
