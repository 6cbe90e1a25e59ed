"""The identifying headers of a message (`read_info`), decoded and never raising.

Addresses are bare (``user@host``): the reply goes to Reply-To when present, else to
From (RFC 5322 §3.6.2).  Return-Path is kept apart because the null reverse-path
``<>`` marks a bounce (RFC 5321 §4.5.5).
"""

from __future__ import annotations

import re
from email.message import Message
from email.utils import getaddresses

from parsers.model import MessageInfo
from parsers.subject import decode_subject

_MSG_ID = re.compile(r"<[^<>\s]{1,998}>")
_BARE_ADDR = re.compile(r"[^\s<>\"(),;:]{1,64}@[^\s<>\"(),;:]{1,255}")


def _value(msg: Message, name: str) -> str | None:
    try:
        value = msg.get(name)
    except Exception:  # an unreadable header is as good as none
        return None
    return None if value is None else decode_subject(value).strip()


def _address(msg: Message, name: str) -> str | None:
    value = _value(msg, name)
    if not value:
        return None
    try:
        pairs = getaddresses([value])
    except Exception:  # fall back to the first thing that looks like an address
        pairs = []
    for _, addr in pairs:
        if "@" in addr:
            return addr.strip()
    found = _BARE_ADDR.search(value)
    return found.group() if found else None


def _return_path(msg: Message) -> str | None:
    value = _value(msg, "Return-Path")
    if value is None:
        return None
    inner = value.strip().strip("<>").strip()
    return inner


def _ids(msg: Message, name: str) -> list[str]:
    value = _value(msg, name) or ""
    return _MSG_ID.findall(value)


def info_of(msg: Message) -> MessageInfo:
    """The `MessageInfo` of a parsed message."""
    ids = _ids(msg, "Message-ID")
    message_id = ids[0] if ids else (_value(msg, "Message-ID") or None)
    references = _ids(msg, "References")
    for extra in _ids(msg, "In-Reply-To"):
        if extra not in references:
            references.append(extra)
    from_addr = _address(msg, "From")
    return MessageInfo(
        message_id=message_id,
        subject=_value(msg, "Subject") or "",
        from_addr=from_addr,
        reply_to=_address(msg, "Reply-To") or from_addr,
        return_path=_return_path(msg),
        references=tuple(references),
        date=_value(msg, "Date") or None,
    )
