"""The identifying headers of a message (`read_info`), decoded and never raising.

This is the one place where header values enter the daemon: each is decoded with a
bounded cost, normalised and cut to what the database holds (`parsers.clean`).
Addresses are bare (``user@host``): the reply goes to Reply-To when present, else to
From (RFC 5322 §3.6.2).  Return-Path is kept apart because the null reverse-path
``<>`` marks a bounce (RFC 5321 §4.5.5).
"""

from __future__ import annotations

import re
from email.message import Message
from email.utils import getaddresses

from parsers import clean
from parsers.model import MessageInfo
from parsers.subject import decode_subject, undo_surrogates

_MSG_ID = re.compile(r"<[^<>\s]{1,998}>")
_BARE_ADDR = re.compile(r"[^\s<>\"(),;:]{1,64}@[^\s<>\"(),;:]{1,255}")
#: Ids kept from References and In-Reply-To: the thread's root and its nearest ancestors
#: (a reply passes on no more, see replies.MAX_REFERENCES).
MAX_REFERENCES = 20
#: Characters of an id header scanned: a References of a few hundred ancestors.
MAX_IDS_RAW = 65_536


def _raw(msg: Message, name: str) -> object:
    try:
        return msg.get(name)
    except Exception:  # an unreadable header is as good as none
        return None


def _value(msg: Message, name: str, limit: int) -> str | None:
    """An unstructured header decoded (RFC 2047, bounded) and normalised."""
    value = _raw(msg, name)
    if value is None:
        return None
    if isinstance(value, str):
        value = clean.bounded(value)
    return clean.text(decode_subject(value)[: clean.MAX_RAW], limit)


def _address(msg: Message, name: str) -> str | None:
    value = _value(msg, name, clean.MAX_RAW)
    if not value:
        return None
    try:
        pairs = getaddresses([value])
    except Exception:  # fall back to the first thing that looks like an address
        pairs = []
    for _, addr in pairs:
        if "@" in addr:
            return clean.address(addr)
    found = _BARE_ADDR.search(value)
    return clean.address(found.group()) if found else None


def _return_path(msg: Message) -> str | None:
    value = _value(msg, "Return-Path", clean.MAX_ADDRESS + 2)
    if value is None:
        return None
    return value.strip("<>").strip()


def _id_text(msg: Message, name: str) -> str:
    """A msg-id header's text: raw 8-bit read as UTF-8 (RFC 6532), never RFC 2047-decoded
    (RFC 2047 §5: an encoded-word must not appear in a msg-id), controls made spaces."""
    value = _raw(msg, name)
    if value is None:
        return ""
    text = undo_surrogates(str(value)[:MAX_IDS_RAW]) if isinstance(value, str) else decode_subject(value)
    return clean.text(text[:MAX_IDS_RAW], MAX_IDS_RAW)


def _ids(msg: Message, name: str) -> list[str]:
    return _MSG_ID.findall(_id_text(msg, name))


def _references(msg: Message) -> tuple[str, ...]:
    refs = _ids(msg, "References")
    for extra in _ids(msg, "In-Reply-To"):
        if extra not in refs:
            refs.append(extra)
    if len(refs) > MAX_REFERENCES:
        refs = refs[:1] + refs[-(MAX_REFERENCES - 1) :]
    return tuple(refs)


def info_of(msg: Message) -> MessageInfo:
    """The `MessageInfo` of a parsed message, every value clean (see `parsers.clean`)."""
    ids = _ids(msg, "Message-ID")
    message_id = ids[0] if ids else (clean.text(_id_text(msg, "Message-ID"), clean.MAX_MESSAGE_ID) or None)
    from_addr = _address(msg, "From")
    return MessageInfo(
        message_id=message_id,
        subject=_value(msg, "Subject", clean.MAX_SUBJECT) or "",
        from_addr=from_addr,
        reply_to=_address(msg, "Reply-To") or from_addr,
        return_path=_return_path(msg),
        references=_references(msg),
        date=_value(msg, "Date", clean.MAX_DATE) or None,
    )
