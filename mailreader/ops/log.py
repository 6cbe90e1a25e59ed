"""Logging like a daemon: one line per event to stderr (journald adds the time), and
nothing from a resident's mail in the lines above DEBUG (`describe`).

Values in log lines come from mail (a Message-ID, an address, an exception quoting a
header): in the text format a control character is written escaped (``\\n``), so a
value can never start a line of its own, and the lines of a traceback are indented, so
that every line starting at the margin is one this program began."""

from __future__ import annotations

import json
import logging
import re
import sys
from types import TracebackType

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def escape(text: str) -> str:
    """`text` on one line: control characters, line separators and lone surrogates as escapes."""
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def _indent(text: str) -> str:
    return "\n".join("    " + escape(line) for line in text.split("\n"))


class _TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape(record.message)
        return super().formatMessage(record)

    def formatException(self, ei: _ExcInfo) -> str:
        return _indent(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return _indent(stack_info)


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        # JSON escapes every control character; lone surrogates could not be written out.
        return json.dumps(entry, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")


def setup(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if fmt == "json" else _TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The libraries' own chatter (every IMAP command) is for debugging only.
    for noisy in ("imapclient", "apscheduler", "aiosmtplib", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


# What an exception's text may carry from the mail in hand: quoted values (a KeyError's key,
# a DBAPIError's parameters), addresses, words in the residents' script, account numbers.
_QUOTED = re.compile(r"""'[^'\n]*(?:'|$)|"[^"\n]*(?:"|$)""")  # an unclosed quote: to the end
_ADDRESS = re.compile(r"\S+@\S+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+(?:\s+[^\x00-\x7f]+)*")
_DIGITS = re.compile(r"\d{4,}")
_KEEP = 160


def describe(exc: BaseException) -> str:
    """The exception's type and a sanitised first line of its text, safe for the journal at
    INFO and above: whatever may come from a mail (quoted values, addresses, non-ASCII words,
    long numbers) is blanked. The full text and traceback are for DEBUG only."""
    orig = getattr(exc, "orig", None)  # a DBAPIError: the driver's own message, without the SQL
    text = str(orig if isinstance(orig, BaseException) else exc)
    first = text.strip().split("\n", 1)[0]
    first = _QUOTED.sub("'…'", first)
    first = _ADDRESS.sub("<address>", first)
    first = _NON_ASCII.sub("…", first)
    first = _DIGITS.sub("#", first)
    if len(first) > _KEEP:
        first = first[:_KEEP] + "…"
    name = type(exc).__name__
    if isinstance(orig, BaseException):
        name = f"{name} ({type(orig).__name__})"
    return f"{name}: {first}" if first else name
