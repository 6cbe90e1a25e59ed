"""Imports the account registry from billing's CSV export (UTF-8 or cp1251), in batches.

Header `account,zones` plus any of `t1,t2,t3,reading_date,digits,surname,email` (COLUMNS
says what each holds); a re-import updates the accounts it names. Bad lines are reported
with their numbers and never imported, never guessed at; the good lines are imported.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from mailreader.errors import AccountsFileError
from mailreader.readings.service import ZONES, Account, ReadingsStore

MAX_SURNAME = 200  # the column's width (db.readings_models)
#: Every column, with what it holds: the source of `accounts import --help`. A new
#: column is added here, read in parse_line, and stored by the readings store.
COLUMNS = {
    "account": "required; the personal account, 12 digits",
    "zones": "required; 1 (single-rate), 2 (day, night) or 3 (peak, night, semi-peak)",
    "t1": "the last reading billing holds, whole kWh: single-rate, day or peak",
    "t2": "the last night reading (zones 2 and 3)",
    "t3": "the last semi-peak reading (zones 3)",
    "reading_date": "the date of those readings, YYYY-MM-DD or DD.MM.YYYY",
    "digits": "how many digits the meter shows before the comma (1-12)",
    "surname": f"the holder's surname, for operators only (up to {MAX_SURNAME} characters)",
    "email": "addresses registered for the account, separated by ';'",
}
REQUIRED = ("account", "zones")
OPTIONAL = tuple(c for c in COLUMNS if c not in REQUIRED)
MAX_ADDRESS = 254  # RFC 5321 §4.5.3.1.3 path limit, less the brackets
BATCH = 5000
MAX_ERRORS_KEPT = 1000  # a wholly wrong file must not fill memory with a million messages

_ACCOUNT = re.compile(r"\d{12}")
_EMAIL = re.compile(r"[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    rejected: int
    errors: tuple[LineError, ...] = ()  # the first MAX_ERRORS_KEPT rejected lines
    encoding: str = "utf-8"

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "rejected": self.rejected,
            "encoding": self.encoding,
            "errors": [{"line": e.line, "message": e.message} for e in self.errors],
        }


def import_accounts(
    store: ReadingsStore, path: Path | str, *, now: Callable[[], datetime] | None = None,
    batch: int = BATCH,
) -> ImportSummary:
    """Add or update every good line of the CSV at `path`; the caller commits (or, for a
    dry run, rolls back). An account on several lines is rejected on each of them."""
    at = (now or (lambda: datetime.now(UTC)))()
    encoding = detect_encoding(Path(path))
    repeated = _repeated_accounts(Path(path), encoding)
    added = updated = rejected = 0
    errors: list[LineError] = []
    with open(path, encoding=encoding, newline="") as fh:
        columns, rows = _rows(fh)
        pending: list[Account] = []
        for line, fields in rows:
            try:
                account = parse_line(fields)
                lines = repeated.get(account.account)
                if lines:
                    others = " and ".join(str(n) for n in lines)
                    raise ValueError(f"account {account.account} is on lines {others}: "
                                     "none of them is imported")
            except ValueError as exc:
                rejected += 1
                if len(errors) < MAX_ERRORS_KEPT:
                    errors.append(LineError(line, str(exc)))
                continue
            pending.append(account)
            if len(pending) >= batch:
                a, u = store.upsert_accounts(pending, columns, at)
                added, updated, pending = added + a, updated + u, []
        if pending:
            a, u = store.upsert_accounts(pending, columns, at)
            added, updated = added + a, updated + u
    return ImportSummary(added, updated, rejected, tuple(errors), encoding)


def _repeated_accounts(path: Path, encoding: str) -> dict[str, list[int]]:
    """Accounts named on more than one line, with those lines (a first pass over the file:
    which of two rows billing meant cannot be told, so neither is imported)."""
    seen: dict[str, list[int]] = {}
    with open(path, encoding=encoding, newline="") as fh:
        _, rows = _rows(fh)
        for line, fields in rows:
            account = fields.get("account", "")
            if account:
                seen.setdefault(account, []).append(line)
    return {a: lines for a, lines in seen.items() if len(lines) > 1}


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else cp1251.

    Cyrillic in cp1251 is practically never valid UTF-8, so a strict decode of every
    byte is a sharper test than statistical guessing for this two-way choice.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with open(path, "rb") as fh:
            head = fh.read(3)
            bom = head == codecs.BOM_UTF8
            decoder.decode(b"" if bom else head)
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1251"
    except OSError as exc:
        raise AccountsFileError(f"{path}: {exc.strerror or exc}") from exc
    return "utf-8-sig" if bom else "utf-8"


def _rows(fh: TextIO) -> tuple[frozenset[str], Iterator[tuple[int, dict[str, str]]]]:
    first = fh.readline()
    if not first.strip():
        raise AccountsFileError("the file is empty: a header 'account,zones,...' is expected")
    # Spreadsheets in a Russian locale export with ';' (',' is the decimal mark there).
    delimiter = max((",", ";", "\t"), key=first.count)
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise AccountsFileError(f"header lacks {', '.join(missing)}: got {','.join(header)}")
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if unknown:
        raise AccountsFileError(f"unknown columns {', '.join(unknown)}")
    reader = csv.reader(fh, delimiter=delimiter)

    def numbered() -> Iterator[tuple[int, dict[str, str]]]:
        for fields in reader:
            line = reader.line_num + 1  # +1: the header was read before the reader started
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                yield line, {"": f"{len(fields)} fields, the header has {len(header)}"}
                continue
            yield line, dict(zip(header, (f.strip() for f in fields), strict=True))

    return frozenset(header), numbered()


def parse_line(f: dict[str, str]) -> Account:
    """One line's account, or ValueError saying what is wrong with it."""
    if "" in f:
        raise ValueError(f[""])
    for column, text in f.items():
        if _CONTROL.search(text):
            # A NUL or an escape: PostgreSQL refuses NUL in text, terminals obey escapes.
            raise ValueError(f"{column} contains a control character")
    account = f["account"]
    if not _ACCOUNT.fullmatch(account):
        raise ValueError(f"account {account!r} is not 12 digits")
    zones = _int(f, "zones")
    if zones not in (1, 2, 3):
        raise ValueError(f"zones {f['zones']!r} is not 1, 2 or 3")
    digits = _int(f, "digits")
    if digits is not None and not 1 <= digits <= 12:
        raise ValueError(f"digits {digits} is not between 1 and 12")
    last: list[tuple[str, int]] = []
    for i, zone in enumerate(ZONES):
        value = _int(f, zone)
        if value is None:
            continue
        if i >= zones:
            raise ValueError(f"{zone} given for a meter with {zones} zone(s)")
        if value < 0 or (digits is not None and value >= 10**digits):
            raise ValueError(f"{zone} {value} does not fit the meter")
        last.append((zone, value))
    if last and len(last) != zones:
        needed = ", ".join(ZONES[:zones])
        missing = ", ".join(z for z in ZONES[:zones] if z not in dict(last))
        raise ValueError(f"zones={zones} needs all of {needed} or none: {missing} missing")
    surname = f.get("surname") or None
    if surname is not None and len(surname) > MAX_SURNAME:
        raise ValueError(f"surname is longer than {MAX_SURNAME} characters")
    emails = frozenset(e.strip().lower() for e in f.get("email", "").split(";") if e.strip())
    bad = sorted(e for e in emails if not _EMAIL.fullmatch(e) or len(e) > MAX_ADDRESS)
    if bad:
        raise ValueError(f"e-mail {bad[0][:60]!r} is not an address")
    return Account(account, zones, digits, tuple(last), _date(f.get("reading_date", "")),
                   surname, emails)


def _int(f: dict[str, str], key: str) -> int | None:
    raw = f.get(key, "")
    if raw == "":
        return None
    # Billing prints whole kWh; a decimal part is the red window, not counted (as bills do).
    whole = re.fullmatch(r"(\d+)(?:[.,]\d*)?", raw.replace(" ", "").replace("\u00a0", ""))
    if whole is None:
        raise ValueError(f"{key} {raw!r} is not a number")
    return int(whole.group(1))


@lru_cache(maxsize=4096)  # an export carries few distinct dates; strptime is slow
def _date(raw: str) -> date | None:
    if raw == "":
        return None
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", raw)
    try:
        if dotted:
            return date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise ValueError(f"reading_date {raw!r} is neither YYYY-MM-DD nor DD.MM.YYYY")
