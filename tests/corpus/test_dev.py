"""The dev corpora: every case in the repository copy, and dev and dev2 whole when present."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_files import CASES, SHARED, acceptable, matches

from parsers import parse

DEV = SHARED / "dev"
DEV2 = SHARED / "dev2"


def _results(folder: Path) -> tuple[list[str], list[str]]:
    """Names of cases that differ, and of those that record something wrong."""
    wrong: list[str] = []
    wrong_records: list[str] = []
    for eml in sorted(folder.glob("*.eml")):
        got = parse(eml.read_bytes()).to_json()
        if not matches(got, acceptable(eml.with_suffix(".json"))):
            wrong.append(f"{eml.name}: {got}")
            if got["action"] == "record":
                wrong_records.append(eml.name)
    return wrong, wrong_records


@pytest.mark.parametrize("eml", sorted(CASES.glob("*.eml")), ids=lambda p: p.stem)
def test_repository_case(eml: Path) -> None:
    got = parse(eml.read_bytes()).to_json()
    assert matches(got, acceptable(eml.with_suffix(".json"))), got


def test_repository_copy_is_representative() -> None:
    names = [p.stem for p in CASES.glob("*.eml")]
    assert len(names) >= 30
    assert all(CASES.joinpath(f"{n}.json").exists() for n in names)


@pytest.mark.parametrize("folder", [DEV, DEV2], ids=["dev", "dev2"])
def test_whole_dev_corpus(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"corpus not found at {folder}: only the repository copy was checked")
    total = len(list(folder.glob("*.eml")))
    wrong, wrong_records = _results(folder)
    assert wrong_records == []
    assert (total - len(wrong)) / total >= 0.99, "\n".join(wrong)
