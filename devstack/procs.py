"""Starts and stops the Dovecot and Postfix master processes of one stack, by pid file.

Both daemons detach with setsid(), so every process they spawn shares the master's
session id: stopping waits until no live process of that session is left.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from devstack.configs import Layout


class StackError(RuntimeError):
    """The mail stack could not be started or stopped; the message says what to look at."""


def _run(argv: list[str], what: str, log: Path) -> None:
    # The daemons detach but keep the descriptors they were given: output goes to a file,
    # never to a pipe that would stay open (and make us wait) as long as they run.
    out = log.with_suffix(".start")
    with out.open("w") as fh:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=fh, stderr=fh, check=False)
    if done.returncode != 0:
        raise StackError(f"{what} failed (exit {done.returncode}): {out.read_text().strip()}; see {log}")


def _session_alive(sid: int) -> bool:
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # Fields after the parenthesised command: state ppid pgrp session ...
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            return True
    return False


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _terminate(pid_file: Path, timeout: float = 10.0) -> None:
    pid = _read_pid(pid_file)
    if pid is None or not _session_alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _session_alive(pid):
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    pid_file.unlink(missing_ok=True)


def wait_banner(port: int, prefix: bytes, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                if sock.recv(512).startswith(prefix):
                    return
        except OSError as exc:
            last = exc
        time.sleep(0.05)
    raise StackError(f"nothing answered on 127.0.0.1:{port} within {timeout} s ({last})")


def dovecot_pid_file(lay: Layout) -> Path:
    return lay.dovecot_base / "master.pid"


def postfix_pid_file(lay: Layout) -> Path:
    return lay.postfix_queue / "pid" / "master.pid"


def start_dovecot(lay: Layout, imap_port: int) -> None:
    _run(["dovecot", "-c", str(lay.dovecot_conf)], "dovecot", lay.log / "dovecot.log")
    wait_banner(imap_port, b"* OK")
    deadline = time.monotonic() + 5
    while not (lay.dovecot_base / "lmtp").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def stop_dovecot(lay: Layout) -> None:
    _terminate(dovecot_pid_file(lay))


def start_postfix(lay: Layout, smtp_port: int) -> None:
    # A new queue: Postfix creates its directories with the right owners itself.
    lay.postfix_queue.mkdir(parents=True, exist_ok=True)
    data = lay.postfix_queue.parent / "postfix-data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.chown(data, "postfix")
    _run(["postfix", "-c", str(lay.postfix_dir), "post-install", "create-missing"],
         "postfix post-install", lay.log / "postfix.log")
    _run(["postfix", "-c", str(lay.postfix_dir), "start"], "postfix start", lay.log / "postfix.log")
    wait_banner(smtp_port, b"220")


def stop_postfix(lay: Layout) -> None:
    # Signalling the master directly: "postfix stop" polls for up to five seconds.
    _terminate(postfix_pid_file(lay))


def tokeninfo_pid_file(lay: Layout) -> Path:
    return lay.short / "tokeninfo.pid"


def start_tokeninfo(lay: Layout, port: int) -> None:
    """The OAuth2 token-info endpoint: a detached process of its own, so that another
    process can stop the stack, as with Dovecot and Postfix."""
    script = Path(__file__).with_name("tokeninfo.py")
    _run([sys.executable, str(script), str(port), str(lay.etc / "oauth2-tokens.json"),
          str(tokeninfo_pid_file(lay))], "the token-info endpoint", lay.log / "tokeninfo.log")
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError as exc:
            if time.monotonic() > deadline:
                raise StackError(f"the token-info endpoint did not start on {port}: {exc}") from exc
            time.sleep(0.05)


def stop_tokeninfo(lay: Layout) -> None:
    _terminate(tokeninfo_pid_file(lay))
