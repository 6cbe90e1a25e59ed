"""Benchmark (not a test): how fast `parse` is beside a bare compat32 walk of the same bytes.

    .venv/bin/python bench/parse.py [CORPUS_DIR] [--rounds N] [--profile]

Prints messages/s of `parsers.parse` and of `parsers.read_info` (the headers every
fetched mail is stored with), of a bare standard-library walk
(``message_from_bytes`` + decoding every text part), their ratio, the cost of the
alternatives considered (mail-parser, flufl.bounce's ``scan_message``), and with
``--profile`` the top entries of a cProfile run of `parse`.
"""

from __future__ import annotations

import argparse
import cProfile
import email
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers import parse, read_info

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def bare_walk(raw: bytes) -> int:
    """What any parser must at least do: parse and decode every text part."""
    msg = email.message_from_bytes(raw)
    size = 0
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            data = part.get_payload(decode=True)
            if isinstance(data, bytes):
                size += len(data.decode(part.get_content_charset() or "utf-8", "replace"))
    return size


def mail_parser(raw: bytes) -> object:
    import mailparser  # only measured here; parse does not use it

    return mailparser.parse_from_bytes(raw).text_plain


def flufl_scan(raw: bytes) -> object:
    from flufl.bounce import scan_message  # only measured here; parse does not use it

    try:
        return scan_message(email.message_from_bytes(raw))
    except Exception:  # it raises on some From headers; we measure time only
        return None


def rate(func: Callable[[bytes], object], messages: list[bytes], rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for raw in messages:
            func(raw)
    return rounds * len(messages) / (time.perf_counter() - started)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    messages = [p.read_bytes() for p in sorted(args.corpus.glob("*.eml"))]
    if not messages:
        print(f"no .eml files in {args.corpus}", file=sys.stderr)
        return 2
    parse(messages[0])  # imports and first-use caches out of the measurement
    ours = rate(parse, messages, args.rounds)
    bare = rate(bare_walk, messages, args.rounds)
    print(f"{len(messages)} messages x {args.rounds} rounds")
    print(f"parse:             {ours:8.0f} msg/s")
    print(f"read_info:         {rate(read_info, messages, args.rounds):8.0f} msg/s")
    print(f"bare compat32:     {bare:8.0f} msg/s   (parse is {bare / ours:.1f}x slower)")
    logging_off()
    if _installed("mailparser", "flufl.bounce"):
        print(f"mail-parser:       {rate(mail_parser, messages, 1):8.0f} msg/s   (not used)")
        print(f"flufl.bounce scan: {rate(flufl_scan, messages, 1):8.0f} msg/s   (not used)")
    else:
        print("mail-parser, flufl.bounce: not installed, not compared (.venv/bin/pip install -e '.[bench]')")
    if args.profile:
        profile(messages)
    return 0


def _installed(*modules: str) -> bool:
    """The libraries compared against are the `bench` extra's, not the daemon's."""
    import importlib.util

    try:
        return all(importlib.util.find_spec(m) is not None for m in modules)
    except ModuleNotFoundError:  # a dotted name whose parent is missing
        return False


def logging_off() -> None:
    """mail-parser and flufl.bounce log every odd message; keep the report readable."""
    import logging

    logging.disable(logging.CRITICAL)


def profile(messages: list[bytes]) -> None:
    prof = cProfile.Profile()
    prof.enable()
    for raw in messages * 3:
        parse(raw)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(12)
    stats.sort_stats("cumulative").print_stats("parsers/", 15)
    print(out.getvalue())


if __name__ == "__main__":
    raise SystemExit(main())
