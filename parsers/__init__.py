"""The pure core: raw RFC 5322 bytes in, a `Decision` out (see corpus CONTRACT.md).

Nothing in this package performs I/O, reads the clock or logs.
"""

from parsers.model import Decision, MessageInfo, Submission


def parse(raw: bytes) -> Decision:
    """Decide what the daemon does with one raw message."""
    return Decision(action="ignore", reason="not_readings")


def read_info(raw: bytes) -> MessageInfo:
    """The identifying headers of one raw message, decoded; never raises."""
    from email import message_from_bytes
    from email.utils import parseaddr

    m = message_from_bytes(raw)
    rp = m.get("Return-Path")
    return MessageInfo(
        message_id=m.get("Message-ID"),
        subject=str(m.get("Subject", "")),
        from_addr=parseaddr(str(m.get("From", "")))[1] or None,
        reply_to=parseaddr(str(m.get("Reply-To") or m.get("From", "")))[1] or None,
        return_path=None if rp is None else parseaddr(str(rp))[1],
        references=tuple(str(m.get("References", "")).split()) + ((m["Message-ID"],) if False else ()),
    )


__all__ = ["Decision", "MessageInfo", "Submission", "parse", "read_info"]
