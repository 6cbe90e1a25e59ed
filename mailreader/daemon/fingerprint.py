"""The content hash that recognises the same mail delivered twice.

Every delivery prepends its own trace fields (RFC 5321 §4.4: Received,
Return-Path) and the delivery agent adds Delivered-To and the like, so two
deliveries of one mail differ there and nowhere else.
"""

from __future__ import annotations

import hashlib
import re

_TRACE = frozenset(
    name.encode()
    for name in (
        "received", "return-path", "delivered-to", "x-original-to", "x-delivered-to",
        "envelope-to", "x-envelope-from", "x-envelope-to", "authentication-results",
        "arc-authentication-results", "arc-seal", "arc-message-signature", "received-spf",
        "x-spam-status", "x-spam-score", "x-spam-flag", "x-spam-level", "x-virus-scanned",
    )
)
_BODY_SPLIT = re.compile(rb"\r?\n\r?\n")
_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:")


def content_hash(raw: bytes) -> str:
    """SHA-256 of the message without trace header fields, line ends normalised."""
    raw = raw.replace(b"\r\n", b"\n")
    m = _BODY_SPLIT.search(raw)
    head, body = (raw[: m.start()], raw[m.end():]) if m else (raw, b"")
    kept: list[bytes] = []
    keep = True
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):  # a folded continuation belongs to the field above
            if keep:
                kept.append(line)
            continue
        field = _FIELD.match(line)
        keep = not (field and field.group(1).lower() in _TRACE)
        if keep:
            kept.append(line)
    digest = hashlib.sha256(b"\n".join(kept))
    digest.update(b"\n\n")
    digest.update(body)
    return digest.hexdigest()
