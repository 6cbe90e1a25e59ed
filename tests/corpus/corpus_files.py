"""Shared helpers of the corpus tests: where the corpora are and how a result matches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The evaluation corpora live next to the repository (CI always has them).
SHARED = REPO_ROOT.parent / "shared" / "corpus"
CASES = Path(__file__).resolve().parent / "cases"


def acceptable(expected_file: Path) -> list[dict[str, Any]]:
    """`expected` and every `also_ok` answer of a corpus case."""
    data = json.loads(expected_file.read_text(encoding="utf-8"))
    return [data["expected"], *data.get("also_ok", [])]


def matches(got: dict[str, Any], answers: list[dict[str, Any]]) -> bool:
    """CONTRACT.md: action, reason and submissions (order included) are equal."""
    keys = ("action", "reason", "submissions")
    return any(all(got[k] == a.get(k) for k in keys) for a in answers)
