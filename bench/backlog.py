"""A real month's backlog drained by `mailreader run`, on SQLite and on PostgreSQL, against
fetchmail fetching the same mailbox and doing nothing else (prints figures; not a test).

    .venv/bin/python bench/backlog.py [--n 10000] [--rounds 3] [--seed 1] [--only fetchmail,sqlite,postgres]

The mailbox holds N residents' mails from bench/realistic.py (mean ≈ 14.6 KiB: HTML and
plain alternatives, cp1251/koi8-r/utf-8, quoted-printable/base64, ~5 % with a meter photo,
some robots), every account in the registry, so that most mails record a reading and are
answered. Each round runs, one after the other on the same restored mailbox: `fetchmail
--bsmtp FILE` fetching all of it and keeping it on the server (when fetchmail is
installed), then the two processes of `mailreader run` (bench/_drain.py: the poller stores,
parses, records, queues and moves; its courier sends) on a fresh SQLite file, then on a
fresh PostgreSQL schema, each until the last reply is accepted by Postfix (devstack's
discard_sink: it accepts, queues and discards). Medians over the rounds are compared, since
a busy 2-core machine varies from one run to the next. Before each round the load average
is printed; for every run, CPU per mail of each process from /proc (the poller, its
courier, fetchmail, the stack's Dovecot and Postfix, and the PostgreSQL backends serving
this run), statements and transactions per mail in the poller, and peak RSS; at the end, the
time it all took and a Markdown table of the medians for the README.

A round of 10,000 mails takes about 3 minutes on a quiet 2-core machine (fetchmail ~10 s,
each drain ~60-90 s, restoring the mailbox ~10 s before each run); a loaded one takes
several times as long.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
import realistic  # noqa: E402
from pipeline import ENERGY, drain  # noqa: E402

from devstack import mailstack, procs  # noqa: E402

PG = os.environ.get("MAILREADER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TICK = os.sysconf("SC_CLK_TCK")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()


def _tree_cpu(master: int | None) -> float:
    """CPU seconds of a master process and all its descendants, those it already reaped
    included (proc(5): utime, stime, cutime, cstime)."""
    if master is None:
        return 0.0
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent[int(entry.name)] = int(_stat(int(entry.name))[1])
            except (OSError, IndexError):
                continue
    tree, todo = set(), [master]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [child for child, p in parent.items() if p == pid and child not in tree]
    total = 0
    for pid in tree:
        try:
            f = _stat(pid)
        except OSError:
            continue
        total += sum(int(x) for x in f[11:15])
    return total / TICK


def _pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


class StackCpu:
    """CPU of the stack's Dovecot and Postfix over one run."""

    def __init__(self, stack: mailstack.MailStack) -> None:
        lay = stack.layout
        self._pids = {"dovecot": _pid(procs.dovecot_pid_file(lay)),
                      "postfix": _pid(procs.postfix_pid_file(lay))}
        self._start = self._now()

    def _now(self) -> dict[str, float]:
        return {name: _tree_cpu(pid) for name, pid in self._pids.items()}

    def spent(self) -> dict[str, float]:
        now = self._now()
        return {name: now[name] - self._start[name] for name in now}


class PgBackends(threading.Thread):
    """Samples the CPU of the PostgreSQL backends with this run's application_name."""

    def __init__(self, app: str) -> None:
        super().__init__(daemon=True)
        self._app, self.cpu, self.seen = app, {}, 0
        self._done = threading.Event()

    def run(self) -> None:
        with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
            while not self._done.is_set():
                for (pid,) in conn.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                                           (self._app,)).fetchall():
                    try:
                        f = _stat(pid)
                    except OSError:
                        continue
                    self.cpu[pid] = (int(f[11]) + int(f[12])) / TICK
                time.sleep(0.2)

    def finish(self) -> float:
        self._done.set()
        self.join(10)
        self.seen = len(self.cpu)
        return sum(self.cpu.values())


def restore(stack: mailstack.MailStack, raws: list[bytes]) -> None:
    """The same mailbox again: every folder emptied, the backlog written into the Maildir,
    indexed by Dovecot, and Postfix done with the replies of the run before."""
    stack.clear(ENERGY)
    stack.deliver_direct(ENERGY, raws)
    with stack.imap(ENERGY) as client:
        client.select_folder("INBOX")
        assert len(client.search("ALL")) == len(raws)
    stack.wait_settled(600)


def config(stack: mailstack.MailStack, url: str) -> str:
    return (f'[imap]\nport = {stack.imap_port}\nuser = "{ENERGY}"\npassword = "energy"\nidle = "off"\n'
            f'[smtp]\nport = {stack.smtp_port}\nfrom = "Энергосбыт <{ENERGY}>"\n[database]\nurl = "{url}"\n'
            "[readings]\nwindow_start = 1\nwindow_end = 31\n"
            # A month's residents, most never answered before: none of them is capped here.
            "[trust]\nnew_recipients_per_hour = 1000000000\n")


def _cli(cfg: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "mailreader", "--config", str(cfg), *args], cwd=ROOT, check=True,
                   capture_output=True, env=ENV)


def run_mailreader(stack: mailstack.MailStack, tmp: Path, csv: Path, run: str, n: int) -> dict[str, float]:
    """One drain; `run` is the database (sqlite, postgres), '-inline' after it parses in
    the poller instead of the parse worker (to compare)."""
    kind, _, mode = run.partition("-")
    app = f"mrbench-{uuid.uuid4().hex[:8]}"
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    if kind == "sqlite":
        (tmp / "bench.sqlite3").unlink(missing_ok=True)
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{PG}?options=-csearch_path%3D{schema}&application_name={app}"
    cfg = tmp / f"{kind}.toml"
    cfg.write_text(config(stack, url))
    try:
        if kind == "postgres":
            _cli(cfg, "db", "upgrade")
        _cli(cfg, "accounts", "import", str(csv))
        backends = PgBackends(app)
        if kind == "postgres":
            backends.start()
        cpu = StackCpu(stack)
        os.environ["MRBENCH_INLINE"] = "1" if mode == "inline" else "0"
        d = drain(cfg)
        stack_cpu = cpu.spent()
        pg = backends.finish() if kind == "postgres" else 0.0
    finally:
        if kind == "postgres":
            with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    if d["fetched"] != n:
        raise SystemExit(f"{kind}: drained {d['fetched']} of {n}")
    return {"rate": n / d["seconds"], "seconds": d["seconds"], "poller_seconds": d["poller_seconds"],
            "sent": d["sent"], "poller": d["cpu_s"],
            "courier": d["courier_cpu_s"],
            "worker": d.get("parse_cpu_s", 0.0),
            "dovecot": stack_cpu["dovecot"], "postfix": stack_cpu["postfix"],
            "postgres": pg, "machine": d["machine_cpu_s"], "rss": d["rss_mb"],
            "courier_rss": d["courier_rss_mb"], "worker_rss": d.get("parse_rss_mb", 0.0),
            "statements": d.get("statements", 0), "transactions": d.get("transactions", 0),
            "checkouts": d.get("checkouts", 0),
            "outcomes": d.get("outcomes", {})}


def run_fetchmail(stack: mailstack.MailStack, tmp: Path, n: int) -> dict[str, float]:
    home = tmp / "fetchmail"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(mode=0o700)
    rc = home / "fetchmailrc"
    rc.write_text(f'set no syslog\npoll 127.0.0.1 service {stack.imap_port} protocol IMAP\n'
                  f'  user "{ENERGY}" password "energy" keep fetchall sslproto \'\'\n')
    rc.chmod(0o600)
    out = home / "mail.bsmtp"
    cpu = StackCpu(stack)
    machine0 = _machine_busy()
    started = time.perf_counter()
    proc = subprocess.Popen(["fetchmail", "-f", str(rc), "--bsmtp", str(out), "--nodetach", "--silent"],
                            env={**os.environ, "FETCHMAILHOME": str(home)}, stderr=subprocess.PIPE)
    peak = HighWater(proc.pid)
    peak.start()
    _, status, usage = os.wait4(proc.pid, 0)
    peak.join()
    seconds = time.perf_counter() - started
    machine = _machine_busy() - machine0
    stack_cpu = cpu.spent()
    proc.returncode = os.waitstatus_to_exitcode(status)
    fetched = out.read_bytes().count(b"\nMAIL FROM:") + out.read_bytes().startswith(b"MAIL FROM:")
    if proc.returncode != 0 or fetched != n:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"fetchmail exited {proc.returncode} with {fetched} of {n} mails: {err}")
    size = out.stat().st_size
    out.unlink()
    return {"rate": n / seconds, "seconds": seconds, "fetchmail": usage.ru_utime + usage.ru_stime,
            "dovecot": stack_cpu["dovecot"], "postfix": stack_cpu["postfix"], "machine": machine,
            "rss": peak.mb, "bytes": size}


class HighWater(threading.Thread):
    """A child's VmHWM, read until it exits. Not wait4's ru_maxrss: a child starts from the
    peak of the process that forked it (exec keeps it), here this bench holding N mails."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self._pid, self.mb = pid, 0.0

    def run(self) -> None:
        while True:
            try:
                status = Path(f"/proc/{self._pid}/status").read_text()
            except OSError:
                return
            kb = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
            if kb is None:  # a zombie: it has exited
                return
            self.mb = max(self.mb, int(kb) / 1024)
            time.sleep(0.05)


def _machine_busy() -> float:
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / TICK


def show(kind: str, r: dict[str, float], n: int) -> None:
    per = lambda k: r.get(k, 0.0) * 1000 / n  # noqa: E731
    procs_ = ["fetchmail"] if kind == "fetchmail" else ["poller", "courier"]
    procs_ += (["worker"] if r.get("worker") else []) + ["dovecot", "postfix"]
    procs_ += ["postgres"] if kind.startswith("postgres") else []
    cpu = ", ".join(f"{p} {per(p):.2f}" for p in procs_)
    rss = f"{r['rss']:.1f} MB"
    if kind != "fetchmail":
        rss = (f"{r['rss'] + r['courier_rss']:.1f} MB (poller {r['rss']:.1f} + courier {r['courier_rss']:.1f}"
               f"; parse worker {r['worker_rss']:.1f})")
    extra = ""
    if kind != "fetchmail":
        extra = (f"; poller per mail: statements {r['statements'] / n:.1f}, transactions "
                 f"{r['transactions'] / n:.2f}, pool checkouts {r['checkouts'] / n:.2f}; "
                 f"{r['sent']:.0f} replies; {dict(r['outcomes'])}")  # type: ignore[call-overload]
    took = f"{r['seconds']:.1f} s"
    if "poller_seconds" in r:
        took += f", the poller's cycle {r['poller_seconds']:.1f} s"
    print(f"  {kind:9s} {r['rate']:6.1f} msg/s ({took})  CPU ms/mail: {cpu}; whole machine "
          f"{per('machine'):.2f}  peak RSS {rss}{extra}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="fetchmail,sqlite,postgres", help="which runs, in this order")
    args = ap.parse_args()
    kinds = [k for k in args.only.split(",") if k]
    if "fetchmail" in kinds and shutil.which("fetchmail") is None:
        print("fetchmail is not installed (apt-get install fetchmail): measuring mailreader alone")
        kinds.remove("fetchmail")
    raws = [m.raw for m in realistic.mails(args.seed, args.n)]
    print(f"N = {args.n} mails of bench/realistic.py seed {args.seed}: mean "
          f"{statistics.mean(map(len, raws)) / 1024:.1f} KiB, "
          f"{sum(len(r) > 100_000 for r in raws)} with a photo; "
          f"{args.rounds} rounds of {', '.join(kinds)}; {os.cpu_count()} cores", flush=True)
    results: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    loads: list[str] = []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mrbacklog-", dir="/tmp") as tmpdir:
        tmp = Path(tmpdir)
        tmp.chmod(0o755)  # Dovecot's mail processes must reach the stack below it
        csv = tmp / "accounts.csv"
        realistic.accounts_csv(args.seed, args.n, csv)
        stack = mailstack.start(tmp / "stack", discard_sink=True)
        try:
            for r in range(args.rounds):
                load = " ".join(f"{x:.2f}" for x in os.getloadavg())
                loads.append(f"{os.getloadavg()[0]:.1f}")
                print(f"round {r + 1}: load average {load}", flush=True)
                for kind in kinds:
                    restore(stack, raws)
                    res = (run_fetchmail(stack, tmp, args.n) if kind == "fetchmail"
                           else run_mailreader(stack, tmp, csv, kind, args.n))
                    results[kind].append(res)
                    show(kind, res, args.n)
        finally:
            stack.stop()
    med = {k: statistics.median(x["rate"] for x in v) for k, v in results.items()}
    print("\nrun        median msg/s  (rounds)                 ratio to fetchmail")
    for k, v in results.items():
        ratio = f"{med[k] / med['fetchmail']:.2f}" if "fetchmail" in med else "-"
        rates = ", ".join(f"{x['rate']:.1f}" for x in v)
        print(f"{k:10s} {med[k]:9.1f}     ({rates:24s}) {ratio}")
    print(json.dumps({k: [{a: b for a, b in x.items() if a != "outcomes"} for x in v]
                      for k, v in results.items()}))
    took = time.perf_counter() - began
    print(f"\n{took:.0f} s for the {args.rounds} rounds, restoring the mailbox included\n")
    print(markdown(results, med, args.n, loads))


#: The README's columns: who spends the CPU, per mail, medians over the rounds.
CPU_COLUMNS = ("poller", "worker", "courier", "postfix", "dovecot", "postgres")


def markdown(results: dict[str, list[dict[str, float]]], med: dict[str, float], n: int,
             loads: list[str]) -> str:
    """The run as the README's table: medians of each figure over the rounds."""
    def mid(v: list[dict[str, float]], key: str) -> float:
        return statistics.median(x.get(key, 0.0) for x in v)

    lines = [f"N = {n:,}, {len(loads)} rounds, load average (1 min) {' / '.join(loads)} at the start of each "
             "round; CPU and RSS are medians over the rounds",
             "",
             "| run | median msg/s | rounds | × fetchmail | CPU ms per mail: poller + parse worker, courier, "
             "Postfix, Dovecot, PostgreSQL | poller round trips per mail | peak RSS MB: poller + courier "
             "(parse worker) |",
             "|---|---|---|---|---|---|---|"]
    for kind, v in results.items():
        rates = " / ".join(f"{x['rate']:.1f}" for x in v)
        ratio = f"{med[kind] / med['fetchmail']:.2f}" if "fetchmail" in med else "-"
        per = {k: mid(v, k) * 1000 / n for k in (*CPU_COLUMNS, "fetchmail")}
        if kind == "fetchmail":
            name = "fetchmail `--bsmtp`, fetch only"
            cpu = f"fetchmail {per['fetchmail']:.2f}, Dovecot {per['dovecot']:.2f}"
            trips, rss = "-", f"{mid(v, 'rss'):.0f}"
        else:
            db_, _, mode = kind.partition("-")
            name = f"`mailreader run`, {'SQLite' if db_ == 'sqlite' else 'PostgreSQL'}" + (
                ", parse inline" if mode == "inline" else "")
            cpu = (f"{per['poller']:.2f}" + (f" + {per['worker']:.2f}" if per["worker"] else "") +
                   f", {per['courier']:.2f}, {per['postfix']:.2f}, {per['dovecot']:.2f}" +
                   (f", {per['postgres']:.2f}" if db_ == "postgres" else ""))
            # On PostgreSQL each statement is a round trip, and each transaction a BEGIN and a COMMIT.
            trips = f"{(mid(v, 'statements') + 2 * mid(v, 'transactions')) / n:.1f}"
            rss = (f"{mid(v, 'rss'):.0f} + {mid(v, 'courier_rss'):.0f} = "
                   f"{mid(v, 'rss') + mid(v, 'courier_rss'):.0f}" +
                   (f" ({mid(v, 'worker_rss'):.0f})" if mid(v, "worker_rss") else ""))
        lines.append(f"| {name} | {med[kind]:.1f} | {rates} | {ratio} | {cpu} | {trips} | {rss} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
