"""End-to-end benchmark against the real local Dovecot + Postfix (prints figures; not a test).

    .venv/bin/python bench/pipeline.py [--n 1000] [--rounds 3] [--rss 1000,50000] [--idle 50]

In each round, over the same N fresh residents' mails (the dev corpus's record cases,
repeated, each mail with its own sender, Message-ID and account numbers, so that every
one records a new reading); the medians of the rounds are compared, since a shared
2-core machine varies by 10-20 % from one run to the next:
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
import base64
import email
import email.policy
import json
import os
import quopri
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
from mailreader.mail.smtp import open_sender  # noqa: E402
from replies.model import AccountOutcome, Original, Reply, ReplySettings, ZoneValue  # noqa: E402

ENERGY = "energy@mail.test"
CORPUS = [ROOT.parent / "shared" / "corpus" / "dev", ROOT / "tests" / "corpus" / "cases"]


Case = tuple[bytes, list[tuple[str, int]]]  # a mail, and its (account, zones) per submission


def corpus() -> list[Case]:
    for folder in CORPUS:
        cases = []
        for eml in sorted(folder.glob("*.eml")) if folder.is_dir() else []:
            expected = json.loads(eml.with_suffix(".json").read_text())["expected"]
            if expected["action"] == "record":
                subs = [(sub["account"], len(sub["readings"])) for sub in expected["submissions"]]
                cases.append((eml.read_bytes(), subs))
        if cases:
            return cases
    raise SystemExit("no corpus found")


def account_for(old: str, k: int, i: int) -> str:
    """Mail i's own account for its k-th submission: 12 digits, none shared."""
    return f"{old[:2]}{k}{i:09d}"


def personalise(case: Case, i: int) -> bytes:
    """Mail i: a distinct sender (outside the test domain: Postfix files it in the sink),
    Message-ID and account numbers, so that every mail records a new reading, as in a real
    backlog where each resident writes once a month."""
    raw = with_accounts(case[0], {old: account_for(old, k, i) for k, (old, _) in enumerate(case[1])})
    head, sep, body = raw.partition(b"\r\n\r\n")
    head = re.sub(rb"(?mi)^(Return-Path|Message-ID|From):.*(\r\n[ \t].*)*\r\n?", b"", head + b"\r\n")
    head = (f"From: r{i}@bench.test\r\nMessage-ID: <bench{i}.{os.getpid()}@bench.test>\r\n").encode() + head
    return head.rstrip(b"\r\n") + sep + body


def _digits(account: str) -> re.Pattern[bytes]:
    # The account as the resident wrote it: its digits, perhaps grouped by spaces or dashes.
    return re.compile(rb"(?<!\d)" + rb"([ \-]?)".join(d.encode() for d in account) + rb"(?!\d)")


def _renamed(data: bytes, renames: dict[str, str]) -> bytes:
    for old, new in renames.items():
        digits = [new[j].encode() for j in range(12)]

        def put(m: re.Match[bytes], digits: list[bytes] = digits) -> bytes:
            # The resident's grouping stays: the separators between the digits are kept.
            return digits[0] + b"".join(sep + d for sep, d in zip(m.groups(), digits[1:], strict=True))

        data = _digits(old).sub(put, data)
    return data


def with_accounts(raw: bytes, renames: dict[str, str]) -> bytes:
    """The mail with its account numbers replaced: in the raw bytes where they stand as
    digits, else inside base64 or quoted-printable parts (decoded, replaced, re-encoded)."""
    done = _renamed(raw, renames)
    if done != raw:
        return done
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    for part in msg.walk():
        if part.is_multipart():
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or (new := _renamed(data, renames)) == data:
            continue
        cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        if cte == "base64":
            part.set_payload(base64.encodebytes(new).decode("ascii"))
        elif cte == "quoted-printable":
            part.set_payload(quopri.encodestring(new).decode("ascii"))
        else:
            part.set_payload(new.decode("ascii", "surrogateescape"))
    return msg.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n"))


def usable(cases: list[Case]) -> list[Case]:
    """The cases that still read as their own accounts once renamed (checked on a sample)."""
    keep = []
    for case in cases:
        mail = personalise(case, 123_456)
        d = parsers.parse(mail)
        want = [account_for(old, k, 123_456) for k, (old, _) in enumerate(case[1])]
        if d.action == "record" and [sub.account for sub in d.submissions] == want:
            keep.append(case)
    return keep


def accounts_csv(cases: list[Case], indices: Iterable[int], path: Path) -> None:
    """The accounts the mails of these indices name (mail i is cases[i % len(cases)])."""
    with path.open("w") as out:
        out.write("account,zones\n")
        for i in indices:
            for k, (old, zones) in enumerate(cases[i % len(cases)][1]):
                out.write(f"{account_for(old, k, i)},{zones}\n")


def config_for(stack: mailstack.MailStack, db: Path, **extra: str) -> str:
    more = "".join(f"{k} = {v}\n" for k, v in extra.items())
    return (f'[imap]\nport = {stack.imap_port}\nuser = "{ENERGY}"\npassword = "energy"\nbatch_size = 100\n'
            f'idle = "off"\n[smtp]\nport = {stack.smtp_port}\nfrom = "Энергосбыт <{ENERGY}>"\n'
            f'[database]\nurl = "sqlite:///{db}"\n[readings]\nwindow_start = 1\nwindow_end = 31\n'
            # Every mail comes from an address of its own: none of it is capped here.
            f"[trust]\nnew_recipients_per_hour = 1000000000\n"
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


FIRST_IDLE = 10_000_000  # mail indices of the IDLE latency run


def idle_latency(stack: mailstack.MailStack, tmp: Path, count: int, case: Case) -> tuple[float, float]:
    # The inbox is empty after a drain; clearing 50,000 filed mails would only cost time.
    db = tmp / "idle.sqlite3"
    cfg = tmp / "idle.toml"
    cfg.write_text(config_for(stack, db).replace('idle = "off"', 'idle = "on"') +
                   "[schedule]\npoll_interval = 600\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    csv = tmp / "idle.csv"
    accounts_csv([case], range(FIRST_IDLE, FIRST_IDLE + count), csv)
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
            mail = personalise(case, FIRST_IDLE + i)
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


def one_round(stack: mailstack.MailStack, tmp: Path, cases: list[Case], n: int, r: int) -> dict[str, float]:
    """(a)-(d) over the same N fresh mails; prints the round's figures."""
    indices = range(r * 100_000, r * 100_000 + n)
    mails = [personalise(cases[i % len(cases)], i) for i in indices]
    csv = tmp / f"e2e{r}.csv"
    accounts_csv(cases, indices, csv)
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
    every = corpus()
    cases = usable(every)
    with tempfile.TemporaryDirectory(prefix="mrbench-", dir="/tmp") as tmpdir:
        tmp = Path(tmpdir)
        tmp.chmod(0o755)  # Dovecot's mail processes must reach the stack below it
        # Replies are accepted and queued by Postfix, then discarded: in production they
        # leave for the residents' servers, and filing them here would only load the machine.
        stack = mailstack.start(tmp / "stack", discard_sink=True)
        try:
            print(f"N = {args.n} residents' mails ({len(cases)} of the dev corpus's {len(every)} record "
                  f"cases that read right with their accounts renamed, repeated; each mail names "
                  f"accounts of its own); {args.rounds} rounds, each over fresh mails")
            rounds = [one_round(stack, tmp, cases, args.n, r) for r in range(args.rounds)]
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
                indices = range(1_000_000, 1_000_000 + size)
                csv = tmp / f"rss{size}.csv"
                accounts_csv(cases, indices, csv)
                big = (personalise(cases[i % len(cases)], i) for i in indices)
                cfg = prepare(stack, tmp, big, csv, f"rss{size}")
                stack.wait_settled()
                r = drain(cfg)
                rate = r["fetched"] / r["seconds"]
                print(f"peak RSS draining {size:6d}: {r['rss_mb'] + r['courier_rss_mb']:6.1f} MB (poller "
                      f"{r['rss_mb']:.1f} + courier {r['courier_rss_mb']:.1f}; {r['fetched']:.0f} mails "
                      f"in {r['seconds']:.0f} s, {rate:.0f} msg/s)")
            if args.idle:
                p50, p95 = idle_latency(stack, tmp, args.idle, cases[0])
                print(f"IDLE: SMTP accept → reply accepted over {args.idle} mails: "
                      f"p50 {p50:.2f} s, p95 {p95:.2f} s")
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
