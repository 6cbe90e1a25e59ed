"""The demo's mail server: start it with the residents' mail delivered, show what they got, stop it.

    python scripts/demo/stack.py start|show|stop STATE_DIR
"""

from __future__ import annotations

import sys
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from devstack import mailstack  # noqa: E402

DEMO = Path(__file__).resolve().parent
RESIDENTS = ("kravchenko", "petrov", "sidorova", "guest")


def start(root: Path) -> None:
    stack = mailstack.start(root, ports="fixed")
    for local in RESIDENTS:
        stack.add_user(local)
    for eml in sorted(DEMO.glob("*.eml")):
        sender = message_from_bytes(eml.read_bytes())["From"].split("<")[1].rstrip(">")
        stack.send(eml.read_bytes(), mail_from=sender, rcpt_to=["energy@mail.test"])
    stack.wait_for("energy@mail.test", len(list(DEMO.glob("*.eml"))))
    print(f"mail server up: IMAP 127.0.0.1:{stack.imap_port}, SMTP 127.0.0.1:{stack.smtp_port}; "
          f"{len(list(DEMO.glob('*.eml')))} residents' mails waiting in energy@mail.test")


def show(root: Path) -> None:
    stack = mailstack.load(root)
    for local in RESIDENTS:
        address = f"{local}@mail.test"
        for raw in stack.wait_for(address, 1, timeout=15):
            msg = message_from_bytes(raw, policy=policy.default)
            body = msg.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
            print(f"──── to {address}: {msg['Subject']}")
            print(body.get_content().strip() if body else "(no text part)")
            print()


def stop(root: Path) -> None:
    if (root / "stack.json").exists():
        mailstack.load(root).stop()


if __name__ == "__main__":
    {"start": start, "show": show, "stop": stop}[sys.argv[1]](Path(sys.argv[2]))
