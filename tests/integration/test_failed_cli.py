"""Failed mail from the shell: list, show, export, discard, reprocess --all --since."""

from __future__ import annotations

import dataclasses
import json
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.integration.helpers import ENERGY, make_daemon, resident_mail, text_of
from tests.world import fake_parse

pytestmark = pytest.mark.integration


def test_export_discard_and_reprocess_since(mailstack: Any, energy: Any, db_url: str, tmp_path: Path,
                                            resident: str) -> None:
    d = make_daemon(mailstack, db_url, tmp_path, pipeline={"max_attempts": 1},
                    readings={"window_start": 1, "window_end": 31})
    try:
        d.import_accounts(tmp_path, "account,zones,t1\n121000000000,1,100\n121000000001,1,100\n")
        raws = [resident_mail(resident, f"BOOM 12100000000{i}*0{700 + i}") for i in range(2)]
        for raw in raws:
            mailstack.send(raw, mail_from=resident, rcpt_to=[ENERGY])
        mailstack.wait_for(ENERGY, 2)
        d.deps = dataclasses.replace(d.deps, parse=fake_parse)
        d.poll()
        listed = json.loads(d.cli("failed", "list", "--json").stdout)
        assert len(listed) == 2
        exported = d.cli("failed", "export", str(listed[0]["id"]))
        assert exported.exit_code == 0
        # Postfix may deliver the two in either order: find which one this is.
        sent = {message_from_bytes(raw)["Message-ID"]: raw for raw in raws}
        got = message_from_bytes(exported.stdout_bytes)
        assert got["Message-ID"] in sent
        assert sent[got["Message-ID"]].split(b"\n\n", 1)[1].strip() in exported.stdout_bytes
        assert d.cli("failed", "discard", str(listed[0]["id"])).exit_code == 0
        assert [row["id"] for row in json.loads(d.cli("failed", "list", "--json").stdout)] == \
            [listed[1]["id"]]
        assert d.cli("failed", "discard", "999999").exit_code == 1
        # Nothing was received after tomorrow: --since then finds nothing to do.
        assert "reprocessed 0" in d.cli("reprocess", "--all", "--since", "2099-01-01").stdout
        result = d.cli("reprocess", "--all", "--since", "2020-01-01")
        assert result.exit_code == 0 and "reprocessed 1: processed=1" in result.stdout
        assert json.loads(d.cli("failed", "list", "--json").stdout) == []
        assert d.cli("reprocess").exit_code == 2  # neither ids nor --all
    finally:
        d.engine.dispose()


def test_too_large_mail_is_recovered_after_raising_the_limit(
        mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str) -> None:
    """The recovery path of README "Failed mail", against the real Dovecot."""
    small = make_daemon(mailstack, db_url, tmp_path, imap={"max_message_size": 3000},
                        readings={"window_start": 1, "window_end": 31})
    try:
        small.import_accounts(tmp_path, "account,zones,t1\n121000000000,1,100\n")
        body = "121000000000*0700\n\n" + "\n".join(f"строка подписи номер {i}" for i in range(200))
        raw = resident_mail(resident, body)
        mailstack.send(raw, mail_from=resident, rcpt_to=[ENERGY])
        mailstack.wait_for(ENERGY, 1)
        assert small.poll().outcomes == {"set_aside/too_large": 1}
        [row] = json.loads(small.cli("failed", "list", "--json").stdout)
        assert row["reason"] == "too_large"
        exported = small.cli("failed", "export", str(row["id"]))
        assert exported.exit_code == 1 and exported.stdout_bytes == b""
        assert "only its headers are stored" in exported.stderr
        refused = small.cli("reprocess", str(row["id"]))
        assert refused.exit_code == 1
        assert "over [imap] max_message_size = 3000: raise it" in refused.stderr
        assert len(mailstack.fetch_all(ENERGY, "Failed")) == 1
    finally:
        small.engine.dispose()
    big = make_daemon(mailstack, db_url, tmp_path, imap={"max_message_size": 100_000},
                      readings={"window_start": 1, "window_end": 31})
    try:
        result = big.cli("reprocess", str(row["id"]))
        assert result.exit_code == 0, result.output
        assert f"{row['id']}: processed" in result.stdout
        assert mailstack.fetch_all(ENERGY, "Failed") == []
        [filed] = mailstack.fetch_all(ENERGY, "Processed")
        whole = big.cli("failed", "export", str(row["id"]))
        assert whole.exit_code == 0 and whole.stdout_bytes == filed
        assert big.cli("readings", "show", "121000000000").stdout.count("t1=700") == 1
        replies = [text_of(m) for m in mailstack.wait_for(resident, 2)]
        assert "слишком" in replies[0] and "приняты" in replies[1]
    finally:
        big.engine.dispose()


def test_reprocess_refuses_what_is_not_failed(mailstack: Any, energy: Any, db_url: str, tmp_path: Path,
                                              resident: str) -> None:
    d = make_daemon(mailstack, db_url, tmp_path, readings={"window_start": 1, "window_end": 31})
    try:
        d.import_accounts(tmp_path, "account,zones,t1\n121000000000,1,100\n")
        mailstack.send(resident_mail(resident, "121000000000*0700"), mail_from=resident, rcpt_to=[ENERGY])
        mailstack.wait_for(ENERGY, 1)
        d.poll()
        assert len(mailstack.wait_for(resident, 1)) == 1
        with d.engine.connect() as c:
            row_id = c.execute(text("SELECT id FROM messages")).scalar_one()
        result = d.cli("reprocess", str(row_id))
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr == (f"mailreader: reprocess refused: {row_id}: processed, not failed "
                                 "(--force runs it again)\n")
        missing = d.cli("reprocess", "424242")
        assert missing.exit_code == 1 and "424242: no such message" in missing.stderr
        forced = d.cli("reprocess", "--force", str(row_id))
        assert forced.exit_code == 0 and f"{row_id}: processed" in forced.stdout
        assert "replies sent=0" in forced.stdout  # unchanged: the resident is not mailed again
        assert len(mailstack.fetch_all(resident)) == 1
    finally:
        d.engine.dispose()
