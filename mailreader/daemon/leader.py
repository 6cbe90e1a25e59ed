"""The poller lease: one instance at a time polls a mailbox, however many share the
database; the others only send replies. Taken at every cycle's start, renewed between
mails, given up on a clean stop."""

from __future__ import annotations

import logging
import os
import socket
import time

from mailreader.daemon.deps import Deps
from mailreader.db import lease
from mailreader.errors import DatabaseUnavailable, LeaseLost

log = logging.getLogger(__name__)


def _dead_here(holder: str) -> bool:
    """A holder on this host whose process is gone (killed, crashed): no need to wait."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _lease_name(deps: Deps) -> str:
    return f"poller:{deps.settings.imap.user}:{deps.settings.imap.mailbox}"


def hold_lease(deps: Deps, *, force: bool = False) -> bool:
    """Take or renew the poller lease; renewed at most every third of its lifetime."""
    now = time.monotonic()
    if not force and now - deps.lease_renewal.at < deps.lease_ttl / 3:
        return True
    ok = lease.acquire(deps.sessions, _lease_name(deps), deps.instance, deps.now(), deps.lease_ttl,
                       is_dead=_dead_here)
    if ok:
        deps.lease_renewal.at = now
    return ok


def release_lease(deps: Deps) -> None:
    """Give the mailbox up on a clean stop, so that another instance takes over at once
    instead of after the lease runs out; a database that is gone leaves it to expire."""
    try:
        lease.release(deps.sessions, _lease_name(deps), deps.instance)
    except DatabaseUnavailable as exc:
        log.warning("could not release the poller lease (it expires by itself): %s", exc)


def still_leader(deps: Deps) -> None:
    """Raise `LeaseLost` when another instance has taken the mailbox over."""
    if not hold_lease(deps):
        raise LeaseLost("another instance holds the mailbox lease")
