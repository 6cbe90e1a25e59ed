"""Every exception of the project, sorted by what happens next: stop, retry later, or
(for one mail) set aside. parsers/ and replies/ raise none of their own.

    BaseException
    └── MessageTimeout             one mail took longer than [pipeline] message_timeout
    Exception
    └── MailreaderError            root of every error raised on purpose
        ├── ConfigError            the configuration (or a login) is wrong: exit 78
        ├── RetryLater             something outside is unavailable: try the next cycle (75)
        │   ├── MailServerUnavailable    (also a ConnectionError) IMAP or SMTP
        │   │   └── IdleUnsupported      the IMAP server offers no IDLE
        │   ├── DatabaseUnavailable      nothing is changed on the mail server
        │   ├── LeaseLost                another instance polls the mailbox now
        │   └── ReadingsServiceUnavailable   (also a ConnectionError) the remote readings
        │                                    service did not answer: its submissions wait
        ├── ReadingsServiceRefused the remote readings service refused us: our configuration
        ├── SubmissionRejected     the remote readings service refused one submission (422)
        ├── PermanentSendError     the SMTP server refused a reply for good (5xx)
        ├── IllegalTransition      a state change the state machine does not allow: a bug
        ├── AccountsFileError      (also a ValueError) an accounts file that cannot be imported
        └── ExportEncodingError    a value the export's encoding cannot write

A mail that cannot be processed is not an exception that travels: the daemon notes the
error on its row and sets it aside (mailreader/daemon/message.py).
"""

from __future__ import annotations


class MessageTimeout(BaseException):
    """One message took longer than [pipeline] message_timeout.

    A BaseException, as KeyboardInterrupt is: the alarm may go off anywhere, and the
    parser's catch-alls (``except Exception``, which turn an unreadable part into no
    text) would otherwise swallow it and go on, deciding the slow mail on whatever
    was read so far. Only the daemon catches it, by name."""


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


class IdleUnsupported(MailServerUnavailable):
    """The server does not offer IDLE (RFC 2177)."""


class DatabaseUnavailable(RetryLater):
    """The database cannot be reached; nothing is changed on the mail server."""


class LeaseLost(RetryLater):
    """Another instance took over the mailbox: stop touching it."""


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


class AccountsFileError(MailreaderError, ValueError):
    """The accounts file as a whole cannot be imported (unreadable, or the header is wrong)."""


class ExportEncodingError(MailreaderError):
    """A value the chosen encoding cannot write."""


#: sysexits.h EX_CONFIG: systemd's RestartPreventExitStatus= names it.
EXIT_CONFIG = 78
#: sysexits.h EX_DATAERR: the input had bad lines (they were reported and skipped).
EXIT_DATAERR = 65
#: sysexits.h EX_TEMPFAIL: a server or the database was unavailable.
EXIT_TEMPFAIL = 75
