"""`mailreader serve` under submissions, on SQLite and on PostgreSQL: requests per second and
latency for one client and for several at once, the server's CPU per submission, and what a
replayed key costs (prints figures; not a test).

    .venv/bin/python bench/api.py [--n 2000] [--clients 4] [--only sqlite,postgres]

Each submission is a new reading of its own account (a stranger's: the service counts it,
records it, stores the key and the answer), over one keep-alive connection per client.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from mailreader.db.engine import make_engine  # noqa: E402
from mailreader.db.schema import upgrade  # noqa: E402
from tests.apiserver import ApiServer, free_port, import_accounts, write_config  # noqa: E402
from tests.dbs import PG_URL, _pg_schema_url  # noqa: E402


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, clock ticks of 1/100 s


def _run(server: ApiServer, numbers: list[int], prefix: str, out: list[float]) -> None:
    with httpx.Client(timeout=30) as client:
        for n in numbers:
            started = time.perf_counter()
            r = client.post(f"{server.url}/v1/submissions", headers={
                "Authorization": "Bearer token-submitter", "Idempotency-Key": f"{prefix}-{n}"},
                json={"account": f"5000{n:08d}", "values": {"t1": 1000 + n}, "channel": "sms",
                      "source": f"sms-{n}", "sender": None})
            assert r.status_code == 200 and r.json()["status"] == "recorded", r.text
            out.append(time.perf_counter() - started)


def _round(server: ApiServer, numbers: list[int], clients: int, prefix: str) -> str:
    assert server.proc is not None
    latencies: list[float] = []
    cpu = _cpu(server.proc.pid)
    started = time.perf_counter()
    threads = [threading.Thread(target=_run, args=(server, numbers[i::clients], prefix, latencies))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    cpu = _cpu(server.proc.pid) - cpu
    q = statistics.quantiles(latencies, n=20)
    return (f"{len(numbers) / wall:7.0f} req/s  p50 {q[9] * 1000:5.1f} ms  p95 {q[18] * 1000:5.1f} ms  "
            f"server CPU {cpu / len(numbers) * 1000:4.2f} ms/req")


def bench(name: str, url: str, n: int, clients: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = ApiServer(write_config(Path(tmp), url, port), port, Path(tmp) / "serve.log")
        accounts = "".join(f"5000{i:08d},1,1000\n" for i in range(n))
        import_accounts(server.config, "account,zones,t1\n" + accounts)
        server.start()
        try:
            half = list(range(n // 2))
            print(f"{name:10s} 1 client    {_round(server, half, 1, 'a')}")
            print(f"{name:10s} {clients} clients   {_round(server, list(range(n // 2, n)), clients, 'a')}")
            print(f"{name:10s} replays     {_round(server, half, 1, 'a')}  (every key again)")
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--only", default="sqlite,postgres")
    args = parser.parse_args()
    if "sqlite" in args.only:
        with tempfile.TemporaryDirectory() as tmp:
            bench("sqlite", f"sqlite:///{tmp}/bench.sqlite3", args.n, args.clients)
    if "postgres" in args.only:
        schema = f"b_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            bench("postgres", _pg_schema_url(schema), args.n, args.clients)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
