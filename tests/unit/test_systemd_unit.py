"""The systemd unit: the settings ops rely on, `systemd-analyze verify`, its hardening rating."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.systemd_units import service_settings, verify

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "systemd" / "mailreader.service"


def _service(path: Path = UNIT) -> dict[str, list[str]]:
    return service_settings(path)


def test_unit_runs_the_daemon_as_ops_expect() -> None:
    svc = _service()
    assert svc["ExecStart"][0].endswith(" run")
    assert svc["Type"] == ["notify"] and "WatchdogSec" in svc
    assert svc["RestartPreventExitStatus"] == ["78"] and svc["Restart"] == ["on-failure"]
    assert svc["StateDirectory"] == ["mailreader"] and svc["DynamicUser"] == ["yes"]
    configparser.ConfigParser(strict=False, interpolation=None).read(UNIT)


def test_the_unit_starts_what_install_sh_installs_with_the_secrets_the_config_names() -> None:
    svc = _service()
    install = (ROOT / "scripts" / "install.sh").read_text()
    assert svc["ExecStart"] == ["/opt/mailreader/bin/mailreader run"]  # the default config path
    assert 'venv="$root/opt/mailreader"' in install and '"$venv/bin/pip" install' in install
    # The credential's name is the file's: mailreader reads $CREDENTIALS_DIRECTORY/<name> first.
    for name in ("imap-password", "smtp-password"):
        assert f"{name}:/etc/mailreader/{name}" in svc["LoadCredential"]
        assert f"/etc/mailreader/{name}" in install


def test_systemd_analyze_verify_is_clean(tmp_path: Path) -> None:
    done = verify(UNIT, tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_hardening_rating_at_most_2() -> None:
    out = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(UNIT)],
        capture_output=True, text=True, timeout=60, check=False,
    ).stdout
    level = re.search(r"Overall exposure level for \S+: ([\d.]+)", out)
    assert level is not None, out[-500:]
    assert float(level.group(1)) <= 2.0


def test_install_sh_writes_a_valid_config_naming_the_secret_files(tmp_path: Path) -> None:
    import tomllib

    from mailreader.config import parse_settings

    script = (ROOT / "scripts" / "install.sh").read_text()
    awk = script[script.index("    awk '"):script.index(" config.example.toml >")].strip()
    done = subprocess.run(["bash", "-c", f"{awk} config.example.toml"], cwd=ROOT, capture_output=True,
                          text=True, timeout=30, check=True)
    settings = parse_settings(tomllib.loads(done.stdout), {})
    assert settings.imap.password_file == "/etc/mailreader/imap-password"
    assert settings.smtp.password_file == "/etc/mailreader/smtp-password"
    assert settings.state_dir == Path("/var/lib/mailreader")
