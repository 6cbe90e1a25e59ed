"""The identifying headers of a message (`read_info`), decoded and never raising.

This is the one place where header values enter the daemon: each is decoded with a
bounded cost, normalised and cut to what the database holds (`parsers.clean`).
Addresses are bare addr-specs (``user@host``), read from the header as written: an
encoded word is only ever part of a display name (RFC 2047 §5 (3) forbids one inside an
addr-spec), so the address is taken before anything is decoded, and a display name
that decodes to something like an address is never mistaken for one.  The reply goes to
Reply-To when present, else to From (RFC 5322 §3.6.2).  Return-Path is kept apart
because the null reverse-path ``<>`` marks a bounce (RFC 5321 §4.5.5).
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
_ANGLE_ADDR = re.compile(r"<\s*([^\s<>\"(),;:]{1,64}@[^\s<>\"(),;:]{1,255})\s*>")


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


def _undecoded(msg: Message, name: str) -> str | None:
    """The first `name` header as written: raw 8-bit bytes decoded (an internationalised
    address, RFC 6532), encoded words left as they are."""
    try:
        for key, value in msg.raw_items():
            if key.lower() == name.lower():
                return undo_surrogates(clean.bounded(str(value)))
    except Exception:  # an unreadable header is as good as none
        return None
    return None


def _address(msg: Message, name: str) -> str | None:
    """The addr-spec of the header's mailbox.

    When the header names several, an angle-addr wins over a bare one: in
    ``resident@example.ru <other@example.org>`` the mailbox a client writes to is the
    one in angle brackets, the rest is a (malformed) display name."""
    value = _undecoded(msg, name)
    if not value:
        return None
    try:
        found = [addr.strip() for _, addr in getaddresses([value]) if "@" in addr]
    except Exception:  # fall back to what looks like an address
        found = []
    if len(found) == 1:
        return clean.address(found[0])
    angle = _ANGLE_ADDR.findall(value)
    if angle:
        return clean.address(str(angle[-1]))
    if found:
        return clean.address(found[0])
    bare = _BARE_ADDR.search(value)
    return clean.address(bare.group()) if bare else None


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
