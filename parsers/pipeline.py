"""The order in which a message is decided: six stages, each a function of its own module.

1. classify (`parsers.classify`): ignore machine mail and mail whose subject does not
   name readings, else hand on the mail's texts;
2. own text (`parsers.owntext`): the resident's own text, the forwarded one after it;
3. candidates with roles (`parsers.candidates`): every number of the text read, with its
   role (account, value, label, a named non-reading, or none) and the rule that gave it;
4. assignment (`parsers.assign`): each value given its account and register;
5. consistency checks (`parsers.checks`): doubts, corrections, one value per register,
   the zone count, numbers without a role;
6. decision (`parsers.decide`): record, or refuse and say what was seen.
"""

from __future__ import annotations

from email.message import Message

from parsers.assign import assign
from parsers.candidates import find_candidates
from parsers.checks import check
from parsers.classify import Parts, classify
from parsers.decide import Trace, decide
from parsers.model import Decision
from parsers.owntext import own_text

_IGNORED = {
    "not_readings": "the subject does not name readings",
    "auto_generated": "the message is automatic (a robot, a bounce or an autoreply)",
}


def run(msg: Message) -> Trace:
    """Stage 1, then stages 2 to 6 (`read`) on what it hands on."""
    parts = classify(msg)
    if isinstance(parts, Decision):
        return Trace(parts, _IGNORED.get(parts.reason or "", ""))
    return read(parts)


def read(parts: Parts) -> Trace:
    """Stages 2 to 6 on a resident's mail; never raises (what cannot be read is refused)."""
    try:
        sources = own_text(parts)
        found = find_candidates(sources)
        assigned = assign(found)
        verdict = check(found, assigned)
        return decide(found, verdict)
    except Exception:  # a wrong record is worse than a refusal: never guess
        return Trace(Decision(action="reject", reason="ambiguous"), "the text could not be read")


def extract(subject: str, body: str, forwarded: str = "", signature: str = "") -> Decision:
    """The decision on a mail's texts, as stage 1 hands them on (tests of the reading rules)."""
    return read(Parts(subject, body, forwarded, signature)).decision
