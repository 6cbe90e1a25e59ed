"""The layers hold: which package may import which library and which part of ours.

Read from the source (every import statement, also one inside a function), so a broken
rule fails here before anything runs. An import under `if TYPE_CHECKING:` names a type
for mypy and loads nothing: it counts for the pure core (which names nothing of ours) but
not for the one-library-per-adapter rules."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("mailreader", "parsers", "replies")


@dataclass(frozen=True)
class Import:
    importer: str  # the importing module, dotted
    target: str  # the imported module (or, for `from m import n`, m.n as well as m)
    runtime: bool  # False under `if TYPE_CHECKING:`
    line: int


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST, runtime: bool) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking(child.test):
            for stmt in child.body:
                yield stmt, False
                yield from _walk(stmt, False)
            for stmt in child.orelse:
                yield stmt, runtime
                yield from _walk(stmt, runtime)
            continue
        yield child, runtime
        yield from _walk(child, runtime)


@cache
def imports() -> tuple[Import, ...]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _module(path)
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node, runtime in _walk(tree, True):
                if isinstance(node, ast.Import):
                    found += [Import(module, a.name, runtime, node.lineno) for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:  # relative: resolved against the importing package
                        anchor = module.split(".")[: -node.level + (path.name == "__init__.py")]
                        base = ".".join([*anchor, base] if base else anchor)
                    found.append(Import(module, base, runtime, node.lineno))
                    found += [Import(module, f"{base}.{a.name}", runtime, node.lineno) for a in node.names]
    return tuple(found)


def _under(name: str, prefix: str) -> bool:
    return not prefix or name == prefix or name.startswith(prefix + ".")


def _broken(importers: str, libraries: tuple[str, ...], *, allowed: tuple[str, ...] = (),
            runtime_only: bool = True) -> list[str]:
    return sorted({f"{i.importer}:{i.line} imports {i.target}" for i in imports()
                   if any(_under(i.target, lib) for lib in libraries)
                   and _under(i.importer, importers) and not any(_under(i.importer, a) for a in allowed)
                   and (i.runtime or not runtime_only)})


def test_the_module_graph_was_read() -> None:
    # The rules below mean something only if the imports were found.
    assert any(i.importer == "mailreader.mail.imap" and i.target == "imapclient" for i in imports())
    assert any(i.importer == "mailreader.daemon.cycle" for i in imports())


@pytest.mark.parametrize("core", ["parsers", "replies"])
def test_the_pure_core_imports_nothing_of_the_daemon_nor_its_libraries(core: str) -> None:
    assert _broken(core, ("mailreader", "sqlalchemy", "alembic", "imapclient", "aiosmtplib", "apscheduler",
                          "logging", "httpx"), runtime_only=False) == []


@pytest.mark.parametrize(("library", "adapter"), [
    ("imapclient", "mailreader.mail.imap"),
    ("aiosmtplib", "mailreader.mail.smtp"),
    ("sqlalchemy", "mailreader.db"),
    ("alembic", "mailreader.db"),
    ("httpx", "mailreader.readings.client"),
    ("fastapi", "mailreader.api"),
    ("uvicorn", "mailreader.api"),
    ("apscheduler", "mailreader.daemon.scheduler"),
    ("prometheus_client", "mailreader.ops.metrics"),
])
def test_one_library_one_adapter(library: str, adapter: str) -> None:
    assert _broken("", (library,), allowed=(adapter,)) == []


def test_storage_imports_of_ours_only_itself_the_errors_and_the_readings_values() -> None:
    # db/ stores the readings service's values (it implements its ReadingsStore), nothing else.
    assert sorted({f"{i.importer}:{i.line} imports {i.target}" for i in imports()
                   if i.runtime and _under(i.importer, "mailreader.db") and _under(i.target, "mailreader")
                   and not any(_under(i.target, ok) for ok in (
                       "mailreader.db", "mailreader.errors", "mailreader.readings.service"))}) == []


@pytest.mark.parametrize("lower", ["mailreader.db", "mailreader.mail", "mailreader.readings",
                                   "mailreader.config", "mailreader.ops", "mailreader.protocols",
                                   "mailreader.errors"])
def test_the_lower_layers_never_load_the_processes_above_them(lower: str) -> None:
    # The daemon, the courier, the API and the CLI are built on these, never the reverse.
    above = ("mailreader.daemon", "mailreader.courier", "mailreader.api", "mailreader.cli")
    assert _broken(lower, above) == []


def test_the_benchmark_only_libraries_are_never_imported() -> None:
    # mail-parser and flufl.bounce are the `bench` extra's: bench/parse.py compares with them.
    assert _broken("", ("mailparser", "flufl"), runtime_only=False) == []


def _closure(start: str) -> set[str]:
    """Every module of ours `start` may load, and every library: the runtime imports,
    followed (a function's import too: it runs when the function does)."""
    ours = {i.importer for i in imports()}
    seen: set[str] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        # Importing a.b.c runs a/__init__ and a/b/__init__ first.
        parents = [".".join(module.split(".")[:n]) for n in range(1, module.count(".") + 1)]
        todo += [p for p in parents if p in ours]
        for i in imports():
            if i.importer != module or not i.runtime:
                continue
            if not any(_under(i.target, p) for p in PACKAGES):
                todo.append(i.target.split(".")[0])  # a library: named by its top package
            elif i.target in ours:
                todo.append(i.target)  # a module of ours (`from a import b`: b is a module)
            elif i.target.rpartition(".")[0] in ours:
                todo.append(i.target.rpartition(".")[0])  # `from a import name`: module a
    return seen


def test_the_courier_never_loads_the_parser_the_templates_imap_or_the_daemon() -> None:
    loads = _closure("mailreader.courier.process")
    assert "mailreader.courier.outbox" in loads and "aiosmtplib" in loads  # it was followed
    assert sorted(m for m in loads if any(_under(m, f) for f in (
        "parsers", "replies", "jinja2", "imapclient", "mailreader.daemon", "mailreader.mail.imap"))) == []
