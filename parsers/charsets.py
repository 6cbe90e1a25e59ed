"""Turn a MIME part's bytes into text whatever charset it declares, or misdeclares.

Order (the brief of CONTRACT.md residents' mail): the declared charset when Python
knows it (after mapping common misspellings), then strict UTF-8, then a detector
(charset-normalizer) restricted to what Russian mail uses, then cp1251 with
replacement.  Never raises.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Misspellings and vendor names seen in real mail, mapped to codecs Python knows.
_ALIASES = {
    "uft-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-purple": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-unknown": "",
    "unknown-8bit": "",
    "unknown": "",
    "x-user-defined": "",
    "fakescii": "",
    "win-1251": "cp1251",
    "windows1251": "cp1251",
    "windows-1251": "cp1251",
    "x-cp1251": "cp1251",
    "cp-1251": "cp1251",
    "win1251": "cp1251",
    "koi8r": "koi8-r",
    "koi8": "koi8-r",
    "x-koi8-r": "koi8-r",
    "ks_c_5601-1987": "cp949",
    "x-mac-cyrillic": "mac-cyrillic",
    "ascii": "utf-8",  # 8-bit bytes under "us-ascii" are usually UTF-8 or cp1251
    "us-ascii": "utf-8",
    "ansi_x3.4-1968": "utf-8",
}
_CLEAN = re.compile(r"[^a-z0-9_\-.:]")
# The charsets a Russian resident's client may have used, for the detector.
_CANDIDATES = ["utf_8", "cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "latin_1"]
# Detection on more than this many bytes costs time and adds nothing.
_DETECT_LIMIT = 16_384


def codec_for(declared: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when it is unusable."""
    if not declared:
        return None
    name = _CLEAN.sub("", declared.strip().strip("\"'").lower())
    name = _ALIASES.get(name, name)
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _detect(data: bytes) -> str | None:
    try:
        best = from_bytes(data[:_DETECT_LIMIT], cp_isolation=_CANDIDATES).best()
    except Exception:  # the detector is a heuristic; its failure is not ours
        return None
    return None if best is None else str(best.encoding)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``; the declared charset wins only if it decodes cleanly."""
    if not data:
        return ""
    codec = codec_for(declared)
    if codec is not None and codec != "utf-8":
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            return data[: exc.start].decode("utf-8")  # cut inside a character by a size cap
    if max(data) < 0x80:
        return data.decode("ascii", "replace")
    guess = _detect(data)
    for name in (guess, "cp1251"):
        if name:
            try:
                return data.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("cp1251", "replace")
