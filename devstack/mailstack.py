"""The MailStack handle: start a real Dovecot + Postfix on loopback and talk to it.

All state lives under `root` except the sockets and the Postfix queue, which live under a
short /tmp directory (Unix socket paths are limited to 108 bytes); `root/stack.json`
records that directory so another process can stop the stack or read its mailboxes.
"""

from __future__ import annotations

import json
import os
import shutil
import smtplib
import socket
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from imapclient import IMAPClient

from devstack import configs, procs
from devstack.configs import Layout
from devstack.procs import StackError
from devstack.tls import make_certificates

FIXED_PORTS = {"imap": 143, "imaps": 993, "smtp": 25, "submission": 587}
DEFAULT_USERS = {"energy": "energy", configs.SINK_LOCAL: "sink"}
REQUIRED_BINARIES = ("dovecot", "postfix", "openssl")


@dataclass(frozen=True)
class MailStack:
    root: Path
    domain: str
    imap_port: int
    imaps_port: int
    smtp_port: int
    submission_port: int
    ca_file: Path
    short: Path
    tokeninfo_port: int = 0  # the OAuth2 token-info endpoint Dovecot asks (devstack/tokeninfo.py)

    @property
    def layout(self) -> Layout:
        return Layout(self.root, self.short, self.domain)

    @property
    def sink(self) -> str:
        return f"{configs.SINK_LOCAL}@{self.domain}"

    def queued(self) -> int:
        """Messages in Postfix's queue (not yet delivered or discarded)."""
        q = self.layout.postfix_queue
        return sum(1 for d in ("maildrop", "incoming", "active", "deferred", "hold")
                   for f in (q / d).rglob("*") if f.is_file())

    def wait_settled(self, timeout: float = 120.0) -> None:
        """Wait until Postfix has delivered (or discarded) everything it accepted."""
        deadline = time.monotonic() + timeout
        while self.queued():
            if time.monotonic() > deadline:
                raise StackError(f"Postfix still holds {self.queued()} messages after {timeout} s")
            time.sleep(0.05)

    # -- users --------------------------------------------------------------------
    def _users(self) -> dict[str, str]:
        users: dict[str, str] = {}
        if self.layout.passwd.exists():
            for line in self.layout.passwd.read_text().splitlines():
                name, _, rest = line.partition(":")
                users[name] = rest.split(":", 1)[0].removeprefix("{PLAIN}")
        return users

    def add_user(self, local: str, password: str = "secret") -> str:
        address = (local if "@" in local else f"{local}@{self.domain}").lower()
        users = self._users()
        if users.get(address) == password:
            return address
        users[address] = password
        text = "".join(f"{name}:{{PLAIN}}{pw}::::::\n" for name, pw in users.items())
        # Write-then-rename: Dovecot never reads a half-written passwd-file.
        tmp = self.layout.passwd.with_suffix(".tmp")
        tmp.write_text(text)
        tmp.chmod(0o644)
        # Dovecot reloads the file when its mtime (whole seconds) or size changes: two users
        # with names of one length added within a second would look like no change at all.
        stamp = time.time()
        if self.layout.passwd.exists():
            stamp = max(stamp, self.layout.passwd.stat().st_mtime + 1)
        os.utime(tmp, (stamp, stamp))
        os.replace(tmp, self.layout.passwd)
        return address

    def password_of(self, address: str) -> str:
        try:
            return self._users()[address.lower()]
        except KeyError:
            raise StackError(f"{address} is not a user of the stack at {self.root}") from None

    def add_token(self, address: str) -> str:
        """A new OAuth2 bearer token that Dovecot accepts for `address` (XOAUTH2,
        OAUTHBEARER) from now on."""
        import secrets

        path = self.layout.etc / "oauth2-tokens.json"
        tokens = json.loads(path.read_text()) if path.exists() else {}
        token = secrets.token_urlsafe(24)
        tokens[token] = address.lower()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(tokens))
        os.replace(tmp, path)  # the endpoint never reads a half-written file
        return token

    def oauth_provider_down(self, down: bool = True) -> None:
        """Make the token-info endpoint answer 503 (an OAuth2 provider outage), or not."""
        marker = self.layout.etc / "oauth2-down"
        if down:
            marker.touch()
        else:
            marker.unlink(missing_ok=True)

    # -- mail -----------------------------------------------------------------------
    def send(self, raw: bytes, *, mail_from: str, rcpt_to: list[str]) -> None:
        with smtplib.SMTP("127.0.0.1", self.smtp_port, local_hostname="client.test") as smtp:
            smtp.sendmail(mail_from, rcpt_to, raw)

    def deliver_direct(self, address: str, mails: Iterable[bytes]) -> int:
        """Put mails straight into the user's Maildir `new/` (Maildir's own delivery
        protocol: write in tmp/, rename into new/): a backlog of tens of thousands in
        seconds, where IMAP APPEND or SMTP would take minutes. Dovecot indexes them at the
        next SELECT. Returns how many were delivered."""
        local, _, domain = address.lower().partition("@")
        maildir = self.layout.mail / domain / local / "Maildir"
        ids = _mail_ids()
        for sub in ("tmp", "new", "cur"):
            (maildir / sub).mkdir(parents=True, exist_ok=True)
            os.chown(maildir / sub, ids[0], ids[1])
        for parent in (maildir, maildir.parent, maildir.parent.parent):
            os.chown(parent, ids[0], ids[1])
        stamp, host, count = int(time.time()), socket.gethostname(), 0
        # Unique per call too: two deliveries within one second (a bench restoring a small
        # mailbox) must not reuse the names of mails Dovecot has just expunged, which it
        # would not show again.
        call = os.urandom(4).hex()
        for count, raw in enumerate(mails, 1):
            name = f"{stamp}.R{call}M{count}P{os.getpid()}.{host}"
            tmp = maildir / "tmp" / name
            tmp.write_bytes(raw.replace(b"\r\n", b"\n"))  # Maildir files use bare LF
            os.chown(tmp, ids[0], ids[1])
            os.rename(tmp, maildir / "new" / name)
        return count

    def imap(self, address: str, password: str | None = None) -> IMAPClient:
        """A logged-in client on the plain IMAP port (the caller logs out)."""
        client = IMAPClient("127.0.0.1", self.imap_port, ssl=False, timeout=10)
        client.login(address, password if password is not None else self.password_of(address))
        return client

    def fetch_all(
        self, address: str, folder: str = "INBOX", password: str | None = None
    ) -> list[bytes]:
        """Every message of the folder, oldest first; an absent folder is empty."""
        with self.imap(address, password) as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            if not uids:
                return []
            data = client.fetch(uids, [b"BODY.PEEK[]"])
            return [bytes(data[uid][b"BODY[]"]) for uid in sorted(data)]

    def wait_for(
        self, address: str, count: int, folder: str = "INBOX", timeout: float = 10.0
    ) -> list[bytes]:
        """Wait until the folder holds at least `count` messages (delivery is asynchronous)."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.fetch_all(address, folder)
            if len(messages) >= count:
                return messages
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{address}/{folder}: {len(messages)} of {count} messages after {timeout} s;"
                    f" see {self.root / 'log'}"
                )
            time.sleep(0.1)

    def folders(self, address: str) -> list[str]:
        with self.imap(address) as client:
            return sorted(str(name) for _flags, _sep, name in client.list_folders())

    def clear(self, address: str) -> None:
        with self.imap(address) as client:
            for _flags, _sep, name in client.list_folders():
                client.select_folder(name)
                uids = client.search("ALL")
                if uids:
                    client.delete_messages(uids)
                    client.expunge()

    # -- outages ----------------------------------------------------------------------
    def stop_smtp(self) -> None:
        procs.stop_postfix(self.layout)

    def start_smtp(self) -> None:
        procs.start_postfix(self.layout, self.smtp_port)

    def restart_imap(self) -> None:
        procs.stop_dovecot(self.layout)
        procs.start_dovecot(self.layout, self.imap_port)

    def stop(self) -> None:
        procs.stop_postfix(self.layout)
        procs.stop_dovecot(self.layout)
        procs.stop_tokeninfo(self.layout)
        shutil.rmtree(self.short, ignore_errors=True)

    def summary(self) -> str:
        return (
            f"mail stack for {self.domain} on 127.0.0.1: IMAP {self.imap_port},"
            f" IMAPS {self.imaps_port}, SMTP {self.smtp_port},"
            f" submission {self.submission_port}; CA {self.ca_file}; state {self.root}"
        )


def _mail_ids() -> tuple[int, int]:
    """uid and gid of the `mail` user that Dovecot's mail processes run as (mail_uid)."""
    import grp
    import pwd

    return pwd.getpwnam("mail").pw_uid, grp.getgrnam("mail").gr_gid


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ports(ports: Literal["auto", "fixed"] | dict[str, int]) -> dict[str, int]:
    if ports == "auto":
        return {name: _free_port() for name in FIXED_PORTS}
    if ports == "fixed":
        return dict(FIXED_PORTS)
    missing = set(FIXED_PORTS) - set(ports)
    if missing:
        raise StackError(f"ports: missing {sorted(missing)}")
    return dict(ports)


def check_binaries() -> None:
    missing = [b for b in REQUIRED_BINARIES if shutil.which(b, path=os.defpath + ":/usr/sbin")
               is None]  # fmt: skip
    if missing:
        raise StackError(
            f"missing {', '.join(missing)}: install dovecot-core dovecot-imapd dovecot-lmtpd"
            " postfix openssl (scripts/install-mailstack.sh does it)"
        )


def _check_searchable(root: Path) -> None:
    # Dovecot's mail processes run as the user "mail", which must reach root/mail.
    for parent in [root, *root.parents]:
        if not parent.stat().st_mode & 0o001:
            raise StackError(f"{parent} is not searchable by others (chmod o+x it)")


def _write_configs(stack: MailStack, *, discard_sink: bool = False) -> None:
    lay = stack.layout
    tls = make_certificates(lay.root / "tls", lay.domain)
    for directory in (lay.etc / "dovecot", lay.postfix_dir, lay.log, lay.mail):
        directory.mkdir(parents=True, exist_ok=True)
    shutil.chown(lay.mail, "mail", "mail")
    lay.dovecot_conf.write_text(
        configs.dovecot_conf(lay, tls, stack.imap_port, stack.imaps_port)
    )
    (lay.etc / "dovecot" / "dovecot-oauth2.conf.ext").write_text(configs.oauth2_conf(stack.tokeninfo_port))
    (lay.postfix_dir / "main.cf").write_text(configs.postfix_main_cf(lay, tls, discard_sink=discard_sink))
    (lay.postfix_dir / "master.cf").write_text(
        configs.postfix_master_cf(stack.smtp_port, stack.submission_port)
    )
    (lay.postfix_dir / "sink.regexp").write_text(configs.sink_regexp(lay.domain))


def start(
    root: Path,
    *,
    ports: Literal["auto", "fixed"] | dict[str, int] = "auto",
    domain: str = "mail.test",
    discard_sink: bool = False,
) -> MailStack:
    """Start Dovecot and Postfix with all state under `root`; returns once both answer.

    With `discard_sink`, mail for outside addresses is accepted and discarded instead of
    being filed in the sink mailbox (benchmarks: the replies' local delivery is not what
    they measure)."""
    check_binaries()
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    _check_searchable(root)
    short = Path(tempfile.mkdtemp(prefix="ms-", dir="/tmp"))
    short.chmod(0o755)
    chosen = _ports(ports)
    stack = MailStack(
        root=root, domain=domain, imap_port=chosen["imap"], imaps_port=chosen["imaps"],
        smtp_port=chosen["smtp"], submission_port=chosen["submission"],
        ca_file=root / "tls" / "ca.pem", short=short, tokeninfo_port=_free_port(),
    )  # fmt: skip
    _write_configs(stack, discard_sink=discard_sink)
    for local, password in DEFAULT_USERS.items():
        stack.add_user(local, password)
    (root / "stack.json").write_text(json.dumps({"short": str(short), "domain": domain, **chosen,
                                                 "tokeninfo": stack.tokeninfo_port}))
    try:
        procs.start_tokeninfo(stack.layout, stack.tokeninfo_port)
        procs.start_dovecot(stack.layout, stack.imap_port)
        procs.start_postfix(stack.layout, stack.smtp_port)
    except BaseException:
        stack.stop()
        raise
    return stack


def load(root: Path) -> MailStack:
    """The handle of a stack started earlier (possibly by another process) in `root`."""
    root = Path(root).resolve()
    try:
        state = json.loads((root / "stack.json").read_text())
    except FileNotFoundError:
        raise StackError(f"no mail stack was started in {root}") from None
    return MailStack(
        root=root, domain=state["domain"], imap_port=state["imap"],
        imaps_port=state["imaps"], smtp_port=state["smtp"],
        submission_port=state["submission"], ca_file=root / "tls" / "ca.pem",
        short=Path(state["short"]), tokeninfo_port=state.get("tokeninfo", 0),
    )  # fmt: skip
