"""A loopback OAuth2 token-info endpoint, so that the stack's Dovecot can validate bearer
tokens (XOAUTH2, OAUTHBEARER) the way it does against a real provider.

    python devstack/tokeninfo.py PORT TOKENS.json PID_FILE    (detaches; stdlib only)

GET /tokeninfo?access_token=T answers 200 {"email": ADDRESS} when TOKENS.json maps T to
ADDRESS (the file is read on every request: tokens are added while it runs), else 401;
503 to everything while a file "oauth2-down" lies beside TOKENS.json.
"""

from __future__ import annotations

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


def handler(tokens: Path) -> type[BaseHTTPRequestHandler]:
    class TokenInfo(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if tokens.with_name("oauth2-down").exists():  # the provider's outage, on demand
                self._answer(503, {"error": "temporarily_unavailable"})
                return
            url = urlsplit(self.path)
            token = (parse_qs(url.query).get("access_token") or [""])[0]
            try:
                known: dict[str, str] = json.loads(tokens.read_text())
            except (OSError, ValueError):
                known = {}
            if url.path == "/tokeninfo" and token in known:
                self._answer(200, {"email": known[token]})
            else:
                self._answer(401, {"error": "invalid_token"})

        def _answer(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            sys.stderr.write(f"tokeninfo: {format % args}\n")

    return TokenInfo


def main() -> None:
    port, tokens, pid_file = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    # Detach like the mail daemons do: the starter returns at once, and this process leads
    # a session of its own (how the stack tells whether it is still running).
    if os.fork():
        os._exit(0)
    os.setsid()
    pid_file.write_text(f"{os.getpid()}\n")  # before the port answers: stop() may come at once
    server = ThreadingHTTPServer(("127.0.0.1", port), handler(tokens))
    server.serve_forever()


if __name__ == "__main__":
    main()
