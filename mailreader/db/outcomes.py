"""What became of a mail, named as the resident was told: one name for logs, `status`
and the metrics, derived in one place.

    recorded / updated / unchanged   readings accepted (every account in the mail)
    partial                          some accounts accepted, some refused (reason: the refusals)
    refused                          told «не приняты» (reason: why, e.g. unknown_account)
    ignored                          not answered (reason: auto_generated, not_readings)
    set_aside                        in the failed folder (reason: too_large, poison, timeout,
                                     internal_error)
    duplicate                        the same mail again, answered once already
    retry                            this attempt failed; the next cycle tries again
    submitted                        sent on to a remote readings service; answered when it
                                     answers (then one of the first four)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from mailreader.db.states import MessageState
from mailreader.readings.service import ACCEPTED

#: The `reason` column holds at most this many characters (models.Message.reason).
REASON_MAX = 64


class Outcome(StrEnum):
    RECORDED = "recorded"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    PARTIAL = "partial"
    REFUSED = "refused"
    IGNORED = "ignored"
    SET_ASIDE = "set_aside"
    DUPLICATE = "duplicate"
    RETRY = "retry"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class MailOutcome:
    outcome: Outcome
    reason: str | None = None

    def __str__(self) -> str:
        """`refused/unknown_account`, `recorded`: the key of logs, `status` and summaries."""
        return f"{self.outcome}/{self.reason}" if self.reason else str(self.outcome)


def of_results(statuses: Iterable[str]) -> MailOutcome:
    """A `record` mail's outcome from its accounts' statuses (the readings service's)."""
    seen = set(statuses)
    refused = sorted(seen - set(ACCEPTED))
    accepted = [s for s in ACCEPTED if s in seen]
    if not refused:
        # Several accounts accepted differently: the strongest change names the mail.
        return MailOutcome(Outcome(accepted[0]) if accepted else Outcome.UNCHANGED)
    return MailOutcome(Outcome.PARTIAL if accepted else Outcome.REFUSED, _joined(refused))


def _joined(reasons: list[str]) -> str:
    out = ""
    for r in reasons:  # whole names only, within the column
        joined = f"{out}+{r}" if out else r
        if len(joined) > REASON_MAX:
            break
        out = joined
    return out


def outcome(state: str, action: str | None, reason: str | None,
            stored: str | None = None) -> MailOutcome:
    """The outcome of a messages row (its state, the parser's action, its reason and the
    stored outcome of a `record` mail): the one place that says it, for the log line of
    each mail, the cycle's counts (metrics) and `status`."""
    if state == MessageState.STORED:
        return MailOutcome(Outcome.RETRY)
    if state == MessageState.DUPLICATE:
        return MailOutcome(Outcome.DUPLICATE)
    if state == MessageState.SUBMITTED:
        return MailOutcome(Outcome.SUBMITTED)
    if state in (MessageState.FAILED, MessageState.DISCARDED):
        return MailOutcome(Outcome.SET_ASIDE, reason)
    if state == MessageState.IGNORED:
        return MailOutcome(Outcome.IGNORED, reason)
    if action == "reject":
        return MailOutcome(Outcome.REFUSED, reason)
    if stored is not None:
        return MailOutcome(Outcome(stored), reason)
    return MailOutcome(Outcome.RECORDED)  # decided before outcomes were stored
