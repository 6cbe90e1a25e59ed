"""devstack: a real Dovecot + Postfix on loopback for integration tests and the demo."""

from devstack.mailstack import MailStack, start

__all__ = ["MailStack", "start"]
