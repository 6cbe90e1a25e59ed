"""Header values made safe to keep: bounded decoding, normalised text, cut to what is stored.

Everything the daemon keeps or passes on from a mail's headers (the database row, log
lines, the reply's headers, IMAP searches) comes from `MessageInfo`, built in
`parsers.headers` with these functions; nothing a sender wrote reaches storage or a
protocol without going through them.

- **Bounded cost.** The standard library's RFC 2047 `decode_header` is quadratic in the
  number of encoded words (a From of 200,000 words, 2.8 MB of ASCII, took over four
  minutes), so a value is cut to `MAX_RAW` characters and `MAX_WORDS` encoded words
  *before* it is decoded. No resident's Subject or name needs more.
- **Normalised.** Lone surrogates (a UTF-7 word can decode to one) become U+FFFD: neither
  SQLite nor PostgreSQL nor a UTF-8 reply can hold them. Control characters (NUL, which
  PostgreSQL text refuses; CR and LF, which start a new log line or header; the C1 range
  and the Unicode line separators) become spaces. Bidi overrides and isolates are dropped:
  they only reorder what an operator sees (a Subject that reads backwards in
  `failed list`).
- **Cut to fit** the columns that hold them (`messages.message_id` 998, `from_addr` 320).
"""

from __future__ import annotations

import re

#: Characters of one raw header value looked at (a long Subject is a few hundred).
MAX_RAW = 16_384
#: RFC 2047 encoded words decoded per value: a 1,000-character Subject needs about 25.
MAX_WORDS = 128
#: The longest Subject kept; the reply cuts it much shorter anyway.
MAX_SUBJECT = 1000
#: RFC 5322 §2.1.1: no line of a header over 998 characters; the message_id column.
MAX_MESSAGE_ID = 998
#: RFC 5321 §4.5.3.1.1-2: a local part of 64 octets, a domain of 255; the address columns.
MAX_LOCAL, MAX_DOMAIN, MAX_ADDRESS = 64, 255, 320
MAX_DATE = 200

_ENCODED_WORD = re.compile(r"=\?[^?\s]{1,64}\?[bBqQ]\?")
# C0 and C1 controls, DEL, and what str.splitlines() and log viewers take for line breaks.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Whitespace (a control character became a space above) and angle brackets never occur
# in an address that getaddresses() took apart.
_ADDRESS_UNSAFE = re.compile(r"[\s<>]")


def bounded(value: str) -> str:
    """At most `MAX_RAW` characters and `MAX_WORDS` encoded words of a raw header value,
    cut before the first word over the limit: what is left is safe to RFC 2047-decode."""
    value = value[:MAX_RAW]
    if value.count("=?") <= MAX_WORDS:
        return value
    for n, word in enumerate(_ENCODED_WORD.finditer(value)):
        if n == MAX_WORDS:
            return value[: word.start()]
    return value


def text(value: str, limit: int) -> str:
    """`value` normalised (see the module's docstring), stripped, at most `limit` characters."""
    if not (value.isascii() and value.isprintable()):
        value = _SURROGATE.sub("\ufffd", value)
        value = _BIDI.sub("", _CONTROL.sub(" ", value))
    return value.strip()[:limit].rstrip()


def address(value: str | None) -> str | None:
    """A bare ``local@domain`` as it may be stored and answered, or None: normalised, no
    whitespace or angle brackets, a local part and a domain within RFC 5321's limits."""
    if not value:
        return None
    clean = text(value, MAX_ADDRESS + 1)
    local, at, domain = clean.rpartition("@")
    if (not at or not local or not domain or len(clean) > MAX_ADDRESS or len(local) > MAX_LOCAL
            or len(domain) > MAX_DOMAIN or _ADDRESS_UNSAFE.search(clean)):
        return None
    return clean
