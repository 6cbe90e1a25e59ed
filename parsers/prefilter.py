"""Literals a regular expression cannot match without: a cheap test before a regex scan.

`needs(pattern)` reads the pattern's own parse tree and returns strings of which every
match contains at least one ("квартал", or one of "паспорт"/"снилс"/"инн"…), so that
``any(s in text for s in needs)`` being false proves the pattern cannot match ``text``.
The masking of distractors runs some sixty patterns over every resident's text and
most of them name a word the text does not contain: the test costs a fraction of a
scan. Derived from the pattern, never written by hand, so it cannot drift from it;
anything unexpected in the tree (the parser is the standard library's internal
``re._parser``) means "no prefilter", which is always correct, only slower.
"""

from __future__ import annotations

import re
from typing import Any

#: Beyond this many alternatives, testing them all costs about as much as the scan.
MAX_ALTERNATIVES = 12

Needs = tuple[str, ...]


def needs(pattern: re.Pattern[str]) -> Needs | None:
    """Strings of which every match of ``pattern`` contains one, or None if unknown."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        from re import _constants as sre_constants  # type: ignore[attr-defined]
        from re import _parser as sre_parse  # type: ignore[attr-defined]

        found = _sequence(sre_parse.parse(pattern.pattern, pattern.flags).data, sre_constants)
    except Exception:  # another Python's internals: no prefilter, still correct
        return None
    if found is None or len(found) > MAX_ALTERNATIVES:
        return None
    return found


def _sequence(items: list[tuple[Any, Any]], c: Any) -> Needs | None:
    """The best requirement of a sequence: every item of it is part of each match, so
    any one item's requirement holds; consecutive literals form one string."""
    best: Needs | None = None
    run = ""
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            best = _better(best, (run,))
            run = ""
        best = _better(best, _item(op, av, c))
    if run:
        best = _better(best, (run,))
    return best


def _item(op: Any, av: Any, c: Any) -> Needs | None:
    if op is c.SUBPATTERN:  # a group: (group, added flags, removed flags, contents)
        if av[1] or av[2]:
            return None  # inline flags (case) inside: literals may not be literal
        return _sequence(av[3].data, c)
    if op is c.BRANCH:  # one of the alternatives matches: the union of their needs
        alternatives = [_sequence(a.data, c) for a in av[1]]
        if any(a is None for a in alternatives):
            return None
        return tuple(sorted({s for a in alternatives if a is not None for s in a}))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
        return _sequence(av[2].data, c)  # at least once: its contents are in the match
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(av.data, c)
    # Classes, anchors, lookarounds (their text is not part of the match), optional
    # parts, back references: nothing certain.
    return None


def _better(a: Needs | None, b: Needs | None) -> Needs | None:
    """The more useful of two requirements: one short enough to test, then longer
    strings (rarer), then fewer of them (cheaper)."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda n: (len(n) <= MAX_ALTERNATIVES, min(map(len, n)), -len(n)))
