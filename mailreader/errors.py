"""The project's exceptions, sorted by what happens next: stop, retry later, or set aside."""

from __future__ import annotations


class MailreaderError(Exception):
    """Root of every error the daemon raises on purpose."""


class ConfigError(MailreaderError):
    """The configuration is wrong: the daemon cannot start (exit code 78, EX_CONFIG)."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


class RetryLater(MailreaderError):
    """Something outside is unavailable (server down, timeout): nothing changes, try next cycle."""


class MailServerUnavailable(RetryLater, ConnectionError):
    """The IMAP or SMTP server cannot be reached or broke the connection."""


class LeaseLost(RetryLater):
    """Another instance took over the mailbox: stop touching it."""


class DatabaseUnavailable(RetryLater):
    """The database cannot be reached; nothing is changed on the mail server."""


class ReadingsServiceUnavailable(RetryLater, ConnectionError):
    """The remote readings service did not answer, or answered 5xx: its submissions wait."""


class ReadingsServiceRefused(MailreaderError):
    """The remote readings service refused us (401/403, a URL that is not its API, an answer
    we cannot read): our configuration is wrong. Not a `ConfigError`, which stops the daemon:
    mail goes on being decided and its submissions wait, queued, until it is fixed."""


class SubmissionRejected(MailreaderError):
    """The remote readings service refused one submission's body (422): that mail is set aside."""


class PermanentSendError(MailreaderError):
    """The SMTP server refused a reply for good (5xx): retrying will not help."""


class IllegalTransition(MailreaderError):
    """A state change the state machine does not allow (mailreader.db.states): a bug, refused
    before it is written."""


class SetAside(MailreaderError):
    """This message cannot be processed; it goes to the failed folder with the reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


#: sysexits.h EX_CONFIG: systemd's RestartPreventExitStatus= names it.
EXIT_CONFIG = 78
#: sysexits.h EX_DATAERR: the input had bad lines (they were reported and skipped).
EXIT_DATAERR = 65
#: sysexits.h EX_TEMPFAIL: a server or the database was unavailable.
EXIT_TEMPFAIL = 75
