"""The pure core: raw RFC 5322 bytes in, a `Decision` out (see corpus CONTRACT.md).

Nothing in this package performs I/O, reads the clock or logs.  ``parse`` and
``read_info`` never raise: a message that cannot be understood is ignored (left for
people), never answered.  How a message is decided, stage by stage, is
`parsers.pipeline`.
"""

from __future__ import annotations

from parsers.classify import NOT_READINGS
from parsers.headers import info_of
from parsers.message import parse_bytes, parse_headers
from parsers.model import Decision, MessageInfo, Submission


def parse(raw: bytes) -> Decision:
    """Decide what the daemon does with one raw message; never raises."""
    from parsers.pipeline import run  # the stages, kept out of import cycles

    try:
        return run(parse_bytes(raw)).decision
    except Exception:  # last resort: an unreadable mail is left for people, not lost
        return NOT_READINGS


def explain(raw: bytes) -> str:
    """``parse`` explained: each number of the resident's text, its role and rule, the decision."""
    from parsers.decide import Trace
    from parsers.explanation import render
    from parsers.pipeline import run

    try:
        trace = run(parse_bytes(raw))
    except Exception:
        trace = Trace(NOT_READINGS, "the message could not be read")
    return render(trace)


def read_info(raw: bytes) -> MessageInfo:
    """The identifying headers of one raw message, decoded and cleaned; never raises."""
    try:
        # The header section alone: same headers as a full parse (checked on the wild corpus).
        return info_of(parse_headers(raw))
    except Exception:  # the daemon still files the mail, without these headers
        return MessageInfo(None, "", None, None, None)


__all__ = ["Decision", "MessageInfo", "Submission", "explain", "parse", "read_info"]
