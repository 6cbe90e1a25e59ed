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
# The single-byte Cyrillic tables residents' clients use, and Latin labels that
# old clients put on them.
_SINGLE_BYTE = ("cp1251", "koi8-r")
_LATIN = ("iso8859-1", "cp1252", "iso8859-15")
_COMMON = frozenset("оеаинтсрвл")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# The Cyrillic letters whose lower case is one of the common ones (each letter and its
# capital), and the Cyrillic capitals.
_COMMON_BOTH_CASES = tuple(sorted(c for c in map(chr, range(0x400, 0x500)) if c.lower() in _COMMON))
_CYRILLIC_UPPER = re.compile("[" + "".join(c for c in map(chr, range(0x400, 0x500)) if c.isupper()) + "]")
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


def russian_score(text: str) -> float:
    """How much ``text`` reads as Russian, about 0.5-1 when it does, lower when not.

    Two signs: the ten commonest Russian letters make up well over half of a real
    text, and capitals stand only at a word's start.  Cyrillic decoded with the wrong
    single-byte table (cp1251 bytes read as KOI8-R or the reverse) permutes the
    alphabet and swaps the case ("оНЙЮГЮМХЪ"); read as Latin-1 it has no Cyrillic.
    """
    text = text[:_DETECT_LIMIT]
    # Counted by the string methods rather than character by character (a score is
    # taken for each candidate table of every single-byte part).
    letters = len(_CYRILLIC.findall(text))
    if not letters:
        return 0.0
    common = sum(text.count(c) for c in _COMMON_BOTH_CASES)
    inner_caps = sum(1 for m in _CYRILLIC_UPPER.finditer(text) if text[m.start() - 1 : m.start()].islower())
    return (common - 2 * inner_caps) / letters


def _best_cyrillic(data: bytes, declared: str | None) -> str | None:
    """cp1251 or KOI8-R when one of them plainly reads as Russian, else None."""
    scores = {name: russian_score(data.decode(name, "replace")) for name in _SINGLE_BYTE}
    best = max(scores, key=lambda name: scores[name])
    if scores[best] < 0.4:
        return None
    if declared in scores and scores[declared] >= scores[best] - 0.2:
        return declared  # the declaration holds unless another table reads far better
    return best


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: the declared charset, UTF-8, the Cyrillic table that reads as
    Russian, the detector, cp1251 -- never raising."""
    if not data:
        return ""
    codec = codec_for(declared)
    if codec in _SINGLE_BYTE or codec in _LATIN:
        # Russian mail is often sent as cp1251/KOI8-R under a wrong or Latin label.
        chosen = _best_cyrillic(data, codec) if max(data) >= 0x80 else codec
        codec = chosen or codec
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
    for name in (_best_cyrillic(data, None), _detect(data), "cp1251"):
        if name:
            try:
                return data.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("cp1251", "replace")
