"""Reading systemd unit files the way the unit tests need them."""

from __future__ import annotations

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
