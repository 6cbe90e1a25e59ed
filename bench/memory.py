"""Peak memory of one cycle over big mail, against the real local Dovecot + Postfix (prints
figures; not a test).

    .venv/bin/python bench/memory.py [--n 50] [--size 9900000] [--budgets 0,33554432]

N residents' mails of SIZE bytes each (a short text asking to record a reading and a base64
attachment, as a photo of the meter would be) are put in the mailbox; then `mailreader
poll-once` drains them with `[imap] batch_size = 50` and each `[imap] batch_bytes` in
BUDGETS (0: no byte budget, batches cut by count only, as before the budget existed), and
the peak RSS of that process (its own, from wait4) is printed with the time it took.
--code DIR runs another checkout's mailreader instead, on its defaults (no batch_bytes key:
a version from before it would refuse it), to compare with.
"""

from __future__ import annotations

import argparse
import base64
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devstack import mailstack  # noqa: E402

ENERGY = "energy@mail.test"
NO_BUDGET = 1 << 40


def big_mail(i: int, size: int) -> bytes:
    head = (f"From: Resident {i} <r{i}@bench.test>\r\nTo: {ENERGY}\r\nSubject: Показания\r\n"
            f"Message-ID: <big{i}.{os.getpid()}@bench.test>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Лицевой счёт 121000000000, показания 563. Фото счётчика во вложении.\r\n--b\r\n"
            'Content-Type: image/jpeg; name="meter.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
            ).encode()
    tail = b"\r\n--b--\r\n"
    n = (size - len(head) - len(tail)) * 3 // 4 * 76 // 78  # base64 lines of 76 + CRLF
    body = base64.encodebytes(os.urandom(n)).replace(b"\n", b"\r\n")
    return head + body + tail


def config(stack: mailstack.MailStack, db: Path, budget: int | None) -> str:
    key = "" if budget is None else f"batch_bytes = {budget or NO_BUDGET}\n"
    return (f'[imap]\nport = {stack.imap_port}\nuser = "{ENERGY}"\npassword = "energy"\n'
            f'batch_size = 50\n{key}idle = "off"\n'
            f'[smtp]\nport = {stack.smtp_port}\nfrom = "Энергосбыт <{ENERGY}>"\n'
            f'[database]\nurl = "sqlite:///{db}"\n[readings]\nwindow_start = 1\nwindow_end = 31\n')


def peak_rss(cfg: Path, code: Path) -> tuple[float, float, str]:
    """(peak RSS in MiB, seconds, last line of output) of one `poll-once` run from `code`."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mailreader", "--config", str(cfg), "poll-once"],
                            cwd=code, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(code)})
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 75):
        raise SystemExit(f"poll-once failed ({proc.returncode}): {out}")
    return usage.ru_maxrss / 1024, seconds, out.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--size", type=int, default=9_900_000)
    ap.add_argument("--budgets", default=f"0,{32 * 1024 * 1024}")
    ap.add_argument("--code", type=Path, default=ROOT,
                    help="the checkout whose mailreader runs (another version, to compare)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mrmem-", dir="/tmp") as tmpdir:
        tmp = Path(tmpdir)
        tmp.chmod(0o755)  # Dovecot's mail processes must reach the stack below it
        stack = mailstack.start(tmp / "stack", discard_sink=True)
        try:
            size = len(big_mail(0, args.size))
            print(f"{args.n} mails of {size:,} bytes ({args.n * size / 2**20:.0f} MiB), "
                  "batch_size = 50, SQLite")
            other = args.code.resolve() != ROOT
            budgets: list[int | None] = [None] if other else [int(b) for b in args.budgets.split(",")]
            for budget in budgets:
                stack.clear(ENERGY)
                # Made one at a time and not kept: a child's peak RSS starts from its parent's
                # size when it is forked (exec keeps the high-water mark).
                stack.deliver_direct(ENERGY, (big_mail(i, args.size) for i in range(args.n)))
                db = tmp / f"b{budget}.sqlite3"
                cfg = tmp / f"b{budget}.toml"
                cfg.write_text(config(stack, db, budget))
                rss, seconds, summary = peak_rss(cfg, args.code.resolve())
                name = (f"{args.code}, its defaults" if budget is None else f"batch_bytes = {budget:,}"
                        if budget else "no byte budget (count only)")
                print(f"{name:32s} peak RSS {rss:7.1f} MiB  {seconds:5.1f} s  ({summary})")
                db.unlink()
                stack.wait_settled()
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
