"""The OpenAPI document against the running server: schemathesis sends what the document allows
(and what it forbids) to every operation, with a token that has every scope, and checks each
answer: a documented status, the documented content type, headers and schema, no 5xx, 4xx for
data the document forbids, 401 without the token.

Bounded to 10 examples per operation and phase (about 230 requests, 15-20 s on this machine):
enough to reach every route, field bound and error path, within the minute a test may take on
a loaded 2-core machine. `positive_data_acceptance` is left out: two rules of the API reject a
request the document cannot call invalid, on purpose (period and since are exclusive; an
Idempotency-Key used again with another body is a 422).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.apiserver import ApiServer, import_accounts

ROOT = Path(__file__).resolve().parents[2]
ST = Path(sys.executable).with_name("st")


def test_the_openapi_document_holds_for_the_running_server(serve_api: Callable[..., ApiServer],
                                                           db_url: str) -> None:
    server = serve_api(db_url)
    import_accounts(server.config, "account,zones,t1\n100293847165,1,1000\n")  # the documents' example
    served = server.get("/openapi.json", token=None)
    checked_in = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert served.json() == checked_in, (
        "the API changed: review it, then `python -m mailreader.api.openapi > docs/openapi.json`")
    done = subprocess.run(
        [str(ST), "run", f"{server.url}/openapi.json", "-H", "Authorization: Bearer token-all",
         "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--max-examples", "10",
         "--workers", "1", "--seed", "1", "--request-timeout", "20", "--no-color"],
        capture_output=True, text=True, timeout=300, check=False, cwd=server.config.parent)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "4 passed" in done.stdout  # every operation was reached in the fuzzing phase
