"""`mailreader serve`: the settings, the database and the tokens checked, the port bound, then
uvicorn until SIGTERM.

Everything that can be wrong in the configuration fails here, before systemd hears READY=1:
a wrong key or tokens file, a database at another schema, a port that is taken, each one line
and exit 78. The socket is bound here rather than by uvicorn, which would exit 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from fastapi import FastAPI

from mailreader.api import tokens
from mailreader.api.app import create_app
from mailreader.api.context import Context
from mailreader.errors import ConfigError
from mailreader.ops.sdnotify import Notifier

log = logging.getLogger("mailreader.api")


def serve(settings: Any, listen: str) -> None:
    from mailreader.daemon.app import utc_now
    from mailreader.db.opening import open_database

    known = tokens.load(settings.api.tokens_file)
    engine = open_database(settings)  # SQLite made and migrated; PostgreSQL must be at head
    try:
        sock = bind(listen)
    except BaseException:
        engine.dispose()
        raise
    app = create_app()
    app.state.ctx = Context(engine, known, settings.readings, utc_now)
    notifier = Notifier()
    app.router.lifespan_context = _lifespan(notifier, f"serving on {listen}, {len(known)} tokens")
    config = uvicorn.Config(app, log_config=None, access_log=False, server_header=False, lifespan="on",
                            timeout_graceful_shutdown=30, proxy_headers=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        engine.dispose()


def _lifespan(notifier: Notifier, status: str) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        log.info("%s", status)
        notifier.ready(status)
        beat = asyncio.create_task(_watchdog(notifier))  # proves the event loop turns
        try:
            yield
        finally:
            notifier.stopping()
            beat.cancel()

    return lifespan


async def _watchdog(notifier: Notifier) -> None:
    while True:
        notifier.watchdog()
        await asyncio.sleep(1.0)


def bind(listen: str) -> socket.socket:
    """A listening socket on HOST:PORT ("[::1]:8080" for IPv6); a port that is taken or an
    address not on this machine is a configuration error."""
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET  # a name: resolved by bind, as "localhost"
    # IPPROTO_TCP named, not 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # connections whose socket says TCP, and with it on, a response's body waited for the
    # client's delayed ACK of its headers: 40 ms per request on a kept-alive connection.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, int(port)))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ConfigError("api.listen", f"cannot listen on {listen}: {exc.strerror}") from None
    return sock
