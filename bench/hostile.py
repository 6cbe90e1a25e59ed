"""Benchmark (not a test): how long `parse` takes on the largest and most hostile bodies.

    .venv/bin/python bench/hostile.py [--rounds N]

Prints the slowest of N rounds (seconds) of `parsers.parse` for each body: 5 M letters
of text, 5 MB of HTML, nested forwards, many attributions, one long line, many quotes,
deep HTML (the bodies tests/unit/test_message.py bounds at 10 s, so that super-linear
behaviour fails there, while the speed itself is read here). The aim: under 1 s each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers import parse

ACCOUNT = "Л/с 240012345678, показания 4521\n"
BODIES: dict[str, tuple[str, str]] = {
    "5 M letters of text": ("text/plain", ACCOUNT + "я" * 5_000_000),
    "5 MB of HTML": ("text/html", "<div>Л/с 240012345678</div>" + "<p><b>x</b> y</p>" * 300_000),
    "nested forwards": ("text/plain", "-------- Пересылаемое сообщение --------\n" * 100_000),
    "many attributions": ("text/plain", "On Mon a@b.cc wrote:\n> x\n" * 150_000),
    "one long line": ("text/plain", "a@a." * 1_200_000),
    "many quotes": ("text/html", "<p>Л/с 240012345678</p>" + "<blockquote>q</blockquote>" * 20_000),
    "deep HTML": ("text/html", "<div>" * 50_000 + "x" + "</div>" * 50_000),
}


def mail(ctype: str, body: str) -> bytes:
    head = (f"From: a@b.ru\nSubject: Показания\nMIME-Version: 1.0\n"
            f"Content-Type: {ctype}; charset=utf-8\n\n")
    return head.encode() + body.encode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    for name, (ctype, body) in BODIES.items():
        raw = mail(ctype, body)
        worst = 0.0
        for _ in range(args.rounds):
            started = time.perf_counter()
            decision = parse(raw)
            worst = max(worst, time.perf_counter() - started)
        print(f"{name:<20} {len(raw) / 1e6:6.2f} MB  {worst:6.3f} s  "
              f"({decision.action}/{decision.reason})")


if __name__ == "__main__":
    main()
