"""`mailreader accounts import` on both databases: rejected lines named and the exit 65,
--dry-run, duplicate accounts, zone/value consistency, values PostgreSQL would refuse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mailreader.cli import cli
from mailreader.db.engine import make_engine
from mailreader.db.schema import upgrade

GOOD = "121000000001,1,1000,Иванова\n"
BAD = (
    "121000000002,2,5000,Петров\n"                     # line 3: zones=2 with t1 only
    "121000000003,1,700,Сидо\x00рова\n"                 # line 4: a NUL
    "121000000004,1,800," + "Я" * 201 + "\n"          # line 5: longer than the column
    "121000000005,1,900,Первая\n"                      # line 6 and 7: one account twice
    "121000000005,1,901,Вторая\n"
)


@pytest.fixture
def config(db_url: str, tmp_path: Path) -> Iterator[Path]:
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    path = tmp_path / "m.toml"
    path.write_text(f'[imap]\nuser = "e@x.ru"\n[smtp]\nfrom = "e@x.ru"\n[database]\nurl = "{db_url}"\n')
    yield path


def _import(config: Path, tmp_path: Path, text: str, *extra: str) -> Result:
    csv = tmp_path / "a.csv"
    csv.write_text("account,zones,t1,surname\n" + text, encoding="utf-8")
    return CliRunner().invoke(cli, ["--config", str(config), "accounts", "import", str(csv), *extra])


def _known(config: Path, account: str) -> bool:
    result = CliRunner().invoke(cli, ["--config", str(config), "readings", "show", account])
    return result.exit_code == 0


def test_bad_lines_are_named_the_good_ones_imported_and_the_exit_is_65(config: Path,
                                                                       tmp_path: Path) -> None:
    result = _import(config, tmp_path, GOOD + BAD)
    assert result.exit_code == 65, result.output
    assert result.stdout.splitlines() == [
        "added=1 updated=0 rejected=5 encoding=utf-8",
        "line 3: zones=2 needs all of t1, t2 or none: t2 missing",
        "line 4: surname contains a control character",
        "line 5: surname is longer than 200 characters",
        "line 6: account 121000000005 is on lines 6 and 7: none of them is imported",
        "line 7: account 121000000005 is on lines 6 and 7: none of them is imported",
    ]
    assert _known(config, "121000000001")
    assert not any(_known(config, f"12100000000{i}") for i in range(2, 6))


def test_dry_run_reports_and_changes_nothing(config: Path, tmp_path: Path) -> None:
    result = _import(config, tmp_path, GOOD + BAD, "--dry-run")
    assert result.exit_code == 65
    assert result.stdout.startswith("added=1 updated=0 rejected=5")
    assert "(dry run: nothing changed)" in result.stdout
    assert not _known(config, "121000000001")
    clean = _import(config, tmp_path, GOOD, "--dry-run")
    assert clean.exit_code == 0 and not _known(config, "121000000001")
    assert _import(config, tmp_path, GOOD).exit_code == 0 and _known(config, "121000000001")


def test_help_explains_every_column() -> None:
    from mailreader.readings.accounts_import import COLUMNS

    text = CliRunner().invoke(cli, ["accounts", "import", "--help"]).output
    for name, meaning in COLUMNS.items():
        assert name in text and meaning.split(";")[0].split(",")[0] in text, name
    assert "65" in text and "--dry-run" in text
