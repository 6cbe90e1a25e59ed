"""`mailreader serve` binds its own socket: one that asyncio treats as TCP."""

from __future__ import annotations

import socket

import pytest

from mailreader.api.serve import bind
from mailreader.errors import ConfigError


def test_the_socket_says_tcp_so_asyncio_turns_nagle_off() -> None:
    # asyncio sets TCP_NODELAY only on sockets whose proto is IPPROTO_TCP; with proto 0 every
    # response on a kept-alive connection waited 40 ms for the client's delayed ACK.
    sock = bind("127.0.0.1:0")
    try:
        assert sock.proto == socket.IPPROTO_TCP and sock.family == socket.AF_INET
        client = socket.create_connection(sock.getsockname())
        accepted, _ = sock.accept()
        assert accepted.proto == socket.IPPROTO_TCP
        accepted.close()
        client.close()
    finally:
        sock.close()


def test_ipv6_and_an_address_not_here() -> None:
    sock = bind("[::1]:0")
    assert sock.family == socket.AF_INET6
    sock.close()
    with pytest.raises(ConfigError) as caught:
        bind("192.0.2.1:8080")  # TEST-NET-1: never this machine's
    assert caught.value.key == "api.listen" and "cannot listen on 192.0.2.1:8080" in caught.value.problem
