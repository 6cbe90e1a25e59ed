"""The pure core: raw RFC 5322 bytes in, a `Decision` out (see corpus CONTRACT.md).

Nothing in this package performs I/O, reads the clock or logs.
"""

from parsers.model import Decision, MessageInfo, Submission


def parse(raw: bytes) -> Decision:
    """Decide what the daemon does with one raw message."""
    return Decision(action="ignore", reason="not_readings")


def read_info(raw: bytes) -> MessageInfo:
    """The identifying headers of one raw message, decoded; never raises."""
    return MessageInfo(None, "", None, None, None)


__all__ = ["Decision", "MessageInfo", "Submission", "parse", "read_info"]
