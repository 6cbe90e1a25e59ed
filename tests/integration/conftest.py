"""Fixtures of the integration layer: a real Dovecot + Postfix on loopback for the session.

Missing Dovecot or Postfix binaries fail the tests (scripts/test.sh installs them); they
are never skipped.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack import mailstack as ms

ENERGY = "energy@mail.test"


@pytest.fixture(scope="session")
def mailstack() -> Iterator[ms.MailStack]:
    try:
        ms.check_binaries()
    except Exception as exc:
        pytest.fail(f"the integration tests need Dovecot and Postfix (scripts/setup.sh): {exc}")
    # Dovecot's mail processes run as "mail": every parent of the root must be searchable,
    # which pytest's private tmp directories are not.
    root = Path(tempfile.mkdtemp(prefix="mailreader-stack-", dir="/tmp"))
    os.chmod(root, 0o755)
    stack = ms.start(root)
    try:
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def resident(mailstack: ms.MailStack) -> str:
    """A fresh resident with a mailbox of their own."""
    return mailstack.add_user(f"r{uuid.uuid4().hex[:10]}")


@pytest.fixture
def energy(mailstack: ms.MailStack) -> str:
    """The utility's mailbox, emptied before the test."""
    mailstack.clear(ENERGY)
    return ENERGY
