"""Reading systemd unit files the way the unit tests need them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def service_settings(path: Path) -> dict[str, list[str]]:
    """The [Service] section's settings, each with every value it is given."""
    found: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line and not line.startswith("#") and section == "Service":
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def verify(unit: Path, root: Path) -> subprocess.CompletedProcess[str]:
    """`systemd-analyze verify` of the unit as shipped, in a root of its own holding the
    system's units and an executable where ExecStart's program is (verify checks it exists)."""
    program = root / service_settings(unit)["ExecStart"][0].split()[0].lstrip("/")
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    (root / "etc/systemd/system").mkdir(parents=True)
    shutil.copy(unit, root / "etc/systemd/system" / unit.name)
    return subprocess.run(["systemd-analyze", "verify", f"--root={root}", unit.name],
                          capture_output=True, text=True, timeout=60, check=False)
