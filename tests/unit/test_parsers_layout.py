"""The parser's layout as STYLE.md wants it: the stages in order, small modules, a pure core."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import parsers.pipeline

PARSERS = Path(parsers.pipeline.__file__).resolve().parent
#: STYLE.md: modules "under ~300 lines".
MAX_LINES = 300
STAGES = ["own_text", "find_candidates", "assign", "check", "decide"]


def test_the_pipeline_calls_the_stages_in_their_order() -> None:
    calls = [
        n.func.id
        for n in ast.walk(ast.parse(inspect.getsource(parsers.pipeline.read)))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    ]
    assert [c for c in calls if c in STAGES] == STAGES
    assert "classify(msg)" in inspect.getsource(parsers.pipeline.run)


def test_each_module_is_small_and_names_its_job() -> None:
    for path in sorted(PARSERS.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= MAX_LINES, path.name
        assert ast.get_docstring(ast.parse(source)), path.name


def test_the_core_imports_no_daemon_side() -> None:
    for path in sorted(PARSERS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        banned = ("mailreader", "replies", "sqlalchemy", "imapclient", "aiosmtplib", "logging")
        assert not [n for n in names if n.split(".")[0] in banned], path.name
