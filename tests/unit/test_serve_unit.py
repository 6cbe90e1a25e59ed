"""systemd/mailreader-serve.service: what ops rely on, `systemd-analyze verify`, and the same
hardening as the daemon's unit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.systemd_units import service_settings as _service
from tests.systemd_units import verify

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "systemd" / "mailreader-serve.service"
DAEMON = ROOT / "systemd" / "mailreader.service"


def _hardening(path: Path) -> list[str]:
    text = path.read_text()
    return text[text.index("# Hardening:"):text.index("[Install]")].splitlines()


def test_the_unit_serves_as_ops_expect() -> None:
    svc = _service(UNIT)
    assert svc["ExecStart"] == ["/opt/mailreader/bin/mailreader serve"]
    assert svc["Type"] == ["notify"] and "WatchdogSec" in svc
    assert svc["RestartPreventExitStatus"] == ["78"] and svc["Restart"] == ["on-failure"]
    # The daemon's user and state directory: with SQLite, one database file for both.
    daemon = _service(DAEMON)
    for key in ("DynamicUser", "User", "Group", "StateDirectory", "ConfigurationDirectory"):
        assert svc[key] == daemon[key], key
    # The credential's name is the tokens file's: mailreader reads $CREDENTIALS_DIRECTORY/<name> first.
    assert svc["LoadCredential"] == ["api-tokens.toml:/etc/mailreader/api-tokens.toml"]
    assert "mailreader-serve.service" in (ROOT / "scripts" / "install.sh").read_text()


def test_hardened_exactly_as_the_daemon() -> None:
    assert _hardening(UNIT) == _hardening(DAEMON)


def test_systemd_analyze_verify_is_clean(tmp_path: Path) -> None:
    done = verify(UNIT, tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_hardening_rating_at_most_2() -> None:
    out = subprocess.run(["systemd-analyze", "security", "--offline=yes", str(UNIT)],
                         capture_output=True, text=True, timeout=60, check=False).stdout
    line = next(x for x in out.splitlines() if "Overall exposure level" in x)
    assert float(line.split(":")[1].split()[0]) <= 2.0, line
