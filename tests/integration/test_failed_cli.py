"""Failed mail from the shell: list, show, export, discard, reprocess --all --since."""

from __future__ import annotations

import json
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from tests.integration.helpers import ENERGY, make_daemon, resident_mail
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
        d.deps.parse = fake_parse
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
