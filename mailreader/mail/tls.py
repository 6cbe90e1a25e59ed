"""The TLS context both mail adapters use (kept apart so that neither imports the other)."""

from __future__ import annotations

import ssl


def tls_context(ca_file: object | None) -> ssl.SSLContext:
    """Certificate and host name are verified; ``ca_file`` adds a private CA."""
    ctx = ssl.create_default_context()
    if ca_file is not None:
        ctx.load_verify_locations(cafile=str(ca_file))
    return ctx
