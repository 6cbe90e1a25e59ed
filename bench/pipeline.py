"""End-to-end benchmark against the real local Dovecot + Postfix (prints figures; not a test).

    .venv/bin/python bench/pipeline.py [--n 1000] [--rounds 3] [--rss 1000,50000] [--idle 50]

In each round, over the same N fresh residents' mails (the dev corpus's record cases,
repeated); the medians of the rounds are compared, since a shared 2-core machine varies
by 10-20 % from one run to the next:
(a) bare imapclient FETCH of all N: the input limit; (b) `parse` alone; (c) sending N
replies alone over one SMTP connection; (d) end to end, a backlog of N drained by the
daemon as `mailreader run` does it (the poller stores, parses, records, queues and moves;
its courier process sends), until the last reply is accepted. Postfix accepts and queues
every reply, then discards it (devstack's discard_sink). Then peak RSS of the daemon draining
each backlog size in --rss, and with IDLE the latency from SMTP accept to the reply
accepted by the SMTP server, p50/p95 over --idle mails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import smtplib
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import imapclient  # noqa: E402

import parsers  # noqa: E402
import replies  # noqa: E402
from devstack import mailstack  # noqa: E402
from mailreader.config import SmtpSettings  # noqa: E402
from mailreader.smtp import open_sender  # noqa: E402
from replies.model import AccountOutcome, Original, Reply, ReplySettings, ZoneValue  # noqa: E402

ENERGY = "energy@mail.test"
CORPUS = [ROOT.parent / "shared" / "corpus" / "dev", ROOT / "tests" / "corpus" / "cases"]


def corpus() -> list[tuple[bytes, dict[str, object]]]:
    for folder in CORPUS:
        cases = []
        for eml in sorted(folder.glob("*.eml")) if folder.is_dir() else []:
            expected = json.loads(eml.with_suffix(".json").read_text())["expected"]
            if expected["action"] == "record":
                cases.append((eml.read_bytes(), expected))
        if cases:
            return cases
    raise SystemExit("no corpus found")


def personalise(raw: bytes, i: int) -> bytes:
    """A distinct sender (outside the test domain: Postfix files it in the sink) and Message-ID."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    head = re.sub(rb"(?mi)^(Return-Path|Message-ID|From):.*(\r\n[ \t].*)*\r\n?", b"", head + b"\r\n")
    head = (f"From: r{i}@bench.test\r\nMessage-ID: <bench{i}.{os.getpid()}@bench.test>\r\n").encode() + head
    return head.rstrip(b"\r\n") + sep + body


def accounts_csv(cases: list[tuple[bytes, dict[str, object]]], path: Path) -> None:
    lines = {"account,zones"}
    for _, expected in cases:
        for sub in expected["submissions"]:  # type: ignore[attr-defined]
            lines.add(f"{sub['account']},{len(sub['readings'])}")
    path.write_text("\n".join(sorted(lines, key=lambda x: x != "account,zones")) + "\n")


def config_for(stack: mailstack.MailStack, db: Path, **extra: str) -> str:
    more = "".join(f"{k} = {v}\n" for k, v in extra.items())
    return (f'[imap]\nport = {stack.imap_port}\nuser = "{ENERGY}"\npassword = "energy"\nbatch_size = 100\n'
            f'idle = "off"\n[smtp]\nport = {stack.smtp_port}\nfrom = "Энергосбыт <{ENERGY}>"\n'
            f'[database]\nurl = "sqlite:///{db}"\n[readings]\nwindow_start = 1\nwindow_end = 31\n'
            f"[replies]\nmax_per_sender_per_day = 1000000\n{more}")


def bench_fetch(stack: mailstack.MailStack, n: int) -> float:
    c = imapclient.IMAPClient("127.0.0.1", stack.imap_port, ssl=False)
    c.login(ENERGY, "energy")
    c.select_folder("INBOX", readonly=True)
    uids = c.search("ALL")
    t = time.perf_counter()
    for i in range(0, len(uids), 100):
        c.fetch(uids[i:i + 100], [b"BODY.PEEK[]"])
    rate = len(uids) / (time.perf_counter() - t)
    c.logout()
    assert len(uids) == n
    return rate


def bench_parse(mails: list[bytes]) -> float:
    t = time.perf_counter()
    for m in mails:
        parsers.parse(m)
    return len(mails) / (time.perf_counter() - t)


def bench_send(stack: mailstack.MailStack, n: int) -> float:
    settings = ReplySettings(from_addr=f"Энергосбыт <{ENERGY}>")
    outcome = AccountOutcome("121000000000", "recorded", (ZoneValue("t1", 563),), "2026-11")
    reply = Reply("result", (outcome,))
    raws = [replies.render_bytes(reply, Original(f"r{i}@bench.test", "Показания", f"<b{i}@bench.test>"),
                                 settings, message_id=f"<reply{i}.{os.getpid()}@mail.test>",
                                 date=datetime.now(UTC))
            for i in range(n)]
    t = time.perf_counter()
    with open_sender(SmtpSettings(port=stack.smtp_port, from_addr=ENERGY)) as sender:
        for i, raw in enumerate(raws):
            sender.send(raw, envelope_from="", to=f"r{i}@bench.test")
    return n / (time.perf_counter() - t)


def drain(cfg: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "_drain.py"), str(cfg)], cwd=ROOT,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode:
        raise SystemExit(f"the drain failed:\n{proc.stderr}")
    out = proc.stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def prepare(stack: mailstack.MailStack, tmp: Path, mails: Iterable[bytes], csv: Path, tag: str) -> Path:
    stack.clear(ENERGY)
    stack.deliver_direct(ENERGY, mails)
    db = tmp / f"{tag}.sqlite3"
    cfg = tmp / f"{tag}.toml"
    cfg.write_text(config_for(stack, db))
    subprocess.run([sys.executable, "-m", "mailreader", "--config", str(cfg), "accounts", "import", str(csv)],
                   cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return cfg


def idle_latency(stack: mailstack.MailStack, tmp: Path, csv: Path, count: int,
                 case: bytes) -> tuple[float, float]:
    # The inbox is empty after a drain; clearing 50,000 filed mails would only cost time.
    db = tmp / "idle.sqlite3"
    cfg = tmp / "idle.toml"
    cfg.write_text(config_for(stack, db).replace('idle = "off"', 'idle = "on"') +
                   "[schedule]\npoll_interval = 600\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "mailreader", "--config", str(cfg), "accounts", "import", str(csv)],
                   cwd=ROOT, check=True, capture_output=True, env=env)
    proc = subprocess.Popen([sys.executable, "-m", "mailreader", "--config", str(cfg), "run"], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lat: list[float] = []
    try:
        time.sleep(3)
        conn = sqlite3.connect(db)
        smtp = smtplib.SMTP("127.0.0.1", stack.smtp_port, local_hostname="bench")
        for i in range(count):
            mail = personalise(case, 10_000_000 + i)
            smtp.sendmail(f"r{10_000_000 + i}@bench.test", [ENERGY], mail)
            accepted = time.time()
            while True:
                row = conn.execute("SELECT sent_at FROM outbox WHERE state='sent' ORDER BY id DESC LIMIT 1"
                                   " OFFSET 0").fetchone()
                done = conn.execute("SELECT count(*) FROM outbox WHERE state='sent'").fetchone()[0]
                if done > i and row:
                    sent = datetime.fromisoformat(row[0]).replace(tzinfo=UTC).timestamp()
                    lat.append(sent - accepted)
                    break
                if time.time() - accepted > 30:
                    raise SystemExit("IDLE: no reply within 30 s")
                time.sleep(0.01)
            time.sleep(0.2)
        smtp.quit()
    finally:
        proc.terminate()
        proc.wait(30)
    lat.sort()
    return statistics.median(lat), lat[int(0.95 * (len(lat) - 1))]


def one_round(stack: mailstack.MailStack, tmp: Path, csv: Path, cases: list[tuple[bytes, dict[str, object]]],
              n: int, r: int) -> dict[str, float]:
    """(a)-(d) over the same N fresh mails; prints the round's figures."""
    mails = [personalise(cases[i % len(cases)][0], r * 100_000 + i) for i in range(n)]
    cfg = prepare(stack, tmp, mails, csv, f"e2e{r}")
    # Each stage alone: Postfix first finishes with the replies of the stage before.
    stack.wait_settled()
    a = bench_fetch(stack, n)
    b = bench_parse(mails)
    c = bench_send(stack, n)
    stack.wait_settled()
    d = drain(cfg)
    rate_d = d["fetched"] / d["seconds"]
    cpu = {k: d[k] * 1000 / d["fetched"] for k in ("cpu_s", "courier_cpu_s", "machine_cpu_s")}
    print(f"round {r + 1}: (a) {a:.0f}  (b) {b:.0f}  (c) {c:.0f}  (d) {rate_d:.0f} msg/s "
          f"[{d['fetched']:.0f} mails, {d['sent']:.0f} replies in {d['seconds']:.1f} s; CPU per mail: "
          f"poller {cpu['cpu_s']:.2f} ms, courier {cpu['courier_cpu_s']:.2f} ms, whole machine "
          f"{cpu['machine_cpu_s']:.2f} ms on {os.cpu_count()} cores]  "
          f"ratio {rate_d / min(a, b, c):.2f}", flush=True)
    return {"a": a, "b": b, "c": c, "d": rate_d}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of (a)-(d); medians are reported")
    ap.add_argument("--rss", default="1000,50000", help="backlog sizes for peak RSS ('' to skip)")
    ap.add_argument("--idle", type=int, default=50, help="mails for the IDLE latency (0 to skip)")
    args = ap.parse_args()
    cases = corpus()
    with tempfile.TemporaryDirectory(prefix="mrbench-", dir="/tmp") as tmpdir:
        tmp = Path(tmpdir)
        tmp.chmod(0o755)  # Dovecot's mail processes must reach the stack below it
        csv = tmp / "accounts.csv"
        accounts_csv(cases, csv)
        # Replies are accepted and queued by Postfix, then discarded: in production they
        # leave for the residents' servers, and filing them here would only load the machine.
        stack = mailstack.start(tmp / "stack", discard_sink=True)
        try:
            print(f"N = {args.n} residents' mails (the dev corpus's {len(cases)} record cases, repeated); "
                  f"{args.rounds} rounds, each over fresh mails")
            rounds = [one_round(stack, tmp, csv, cases, args.n, r) for r in range(args.rounds)]
            print("stage                         median msg/s  (all rounds)")
            names = {"a": "(a) imapclient FETCH", "b": "(b) parse", "c": "(c) send replies (1 conn)",
                     "d": "(d) end to end (drain)"}
            med = {k: statistics.median(r[k] for r in rounds) for k in names}
            for k, name in names.items():
                print(f"{name:29s} {med[k]:9.0f}     ({', '.join(f'{r[k]:.0f}' for r in rounds)})")
            ratios = [r["d"] / min(r["a"], r["b"], r["c"]) for r in rounds]
            on_medians = med["d"] / min(med["a"], med["b"], med["c"])
            print(f"(d) / slowest of (a)-(c): {on_medians:.2f} on the medians "
                  f"(per round: {', '.join(f'{x:.2f}' for x in ratios)})")
            for size in [int(x) for x in args.rss.split(",") if x]:
                big = (personalise(cases[i % len(cases)][0], 1_000_000 + i) for i in range(size))
                cfg = prepare(stack, tmp, big, csv, f"rss{size}")
                stack.wait_settled()
                r = drain(cfg)
                rate = r["fetched"] / r["seconds"]
                print(f"peak RSS draining {size:6d}: {r['rss_mb'] + r['courier_rss_mb']:6.1f} MB (poller "
                      f"{r['rss_mb']:.1f} + courier {r['courier_rss_mb']:.1f}; {r['fetched']:.0f} mails "
                      f"in {r['seconds']:.0f} s, {rate:.0f} msg/s)")
            if args.idle:
                p50, p95 = idle_latency(stack, tmp, csv, args.idle, cases[0][0])
                print(f"IDLE: SMTP accept → reply accepted over {args.idle} mails: "
                      f"p50 {p50:.2f} s, p95 {p95:.2f} s")
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
