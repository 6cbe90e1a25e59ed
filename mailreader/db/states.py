"""The states a mail, its server copy and its reply go through, named once, with the moves
a message may make between them (mailreader.db.transitions makes them).

The stored strings are these enums' values: a `StrEnum` compares equal to its string, so
a row read back (a plain `str`) and a state name are one thing.

    message   stored ──> processed | ignored | duplicate | failed      (decided, one commit)
              stored ──> submitted ──> processed | failed     (a remote readings service's
                                        answers came, or it refused a submission's body)
              failed ──> discarded                                     (`failed discard`)
              any decided ──> stored                                   (`reprocess`)
    server    pending ──> moved | gone; left (nothing to do on the server)
    reply     queued ──> sent | dead; queued again after a failed try (later)
    remote submission  queued ──> answered | rejected | cancelled | replaced
"""

from __future__ import annotations

from enum import StrEnum


class MessageState(StrEnum):
    #: The raw bytes are in the database; nothing decided yet (or tried again after a crash).
    STORED = "stored"
    #: Decided: readings recorded and the reply queued, in one transaction.
    PROCESSED = "processed"
    #: Not ours (auto-generated, or not about readings): left in the mailbox for people.
    IGNORED = "ignored"
    #: The same mail (Message-ID and content hash) was decided before: `duplicate_of` names it.
    DUPLICATE = "duplicate"
    #: Set aside with a `SetAsideReason`; ops reprocess it or give up on it.
    FAILED = "failed"
    #: Given up on by ops (`mailreader failed discard`): no longer in the failed list.
    DISCARDED = "discarded"
    #: Decided, its readings queued for a remote readings service ([readings] backend =
    #: "http"); processed once every answer is in (mailreader/daemon/submitter.py).
    SUBMITTED = "submitted"


class ServerState(StrEnum):
    """What is left to do with the server copy once the message's state is committed."""

    PENDING = "pending"  # to be moved to the row's target_folder
    MOVED = "moved"
    LEFT = "left"  # stays in the mailbox
    GONE = "gone"  # its UIDVALIDITY changed: the UID names nothing any more


class ReplyState(StrEnum):
    QUEUED = "queued"  # waiting, or retrying after a failed try
    SENT = "sent"  # the SMTP server accepted it
    DEAD = "dead"  # refused for good, or given up after repeated failures


class SubmissionState(StrEnum):
    """A reading queued for a remote readings service ([readings] backend = "http")."""

    QUEUED = "queued"  # to be sent, or sent again after `next_attempt_at`
    ANSWERED = "answered"  # the service answered 200: the reply is rendered from its answer
    REJECTED = "rejected"  # the service refused the body (422): the message was set aside
    CANCELLED = "cancelled"  # never sent: another submission of the same message was rejected
    REPLACED = "replaced"  # the message was decided again (`reprocess`): an earlier decision's


class SetAsideReason(StrEnum):
    """Why a mail is in the failed folder (the `reason` of a failed row)."""

    TOO_LARGE = "too_large"  # over [imap] max_message_size: only its headers are stored
    BAD_HEADERS = "bad_headers"  # its headers could not be stored
    POISON = "poison"  # it kept killing the process: gave up after repeated attempts
    TIMEOUT = "timeout"  # deciding it took longer than [pipeline] message_timeout
    INTERNAL_ERROR = "internal_error"  # deciding it raised, at the last attempt
    UNAUTHENTICATED = "unauthenticated"  # its sender is forged: neither recorded nor answered
    SUBMISSION_REJECTED = "submission_rejected"  # the remote readings service refused its body (422)


#: The moves a message may make; any other is a bug, refused (IllegalTransition).
TRANSITIONS: dict[MessageState, frozenset[MessageState]] = {
    MessageState.STORED: frozenset({MessageState.PROCESSED, MessageState.IGNORED,
                                    MessageState.DUPLICATE, MessageState.FAILED,
                                    MessageState.SUBMITTED}),
    MessageState.SUBMITTED: frozenset({MessageState.PROCESSED, MessageState.FAILED}),
    MessageState.FAILED: frozenset({MessageState.DISCARDED, MessageState.STORED}),
    MessageState.DISCARDED: frozenset({MessageState.STORED}),
    MessageState.PROCESSED: frozenset({MessageState.STORED}),
    MessageState.IGNORED: frozenset({MessageState.STORED}),
    MessageState.DUPLICATE: frozenset({MessageState.STORED}),
}

#: A later copy of a mail in one of these states is a duplicate of it.
ORIGINALS = (MessageState.PROCESSED, MessageState.SUBMITTED, MessageState.IGNORED, MessageState.FAILED)
#: Decided for good: nothing reads their raw bytes again, so the purge may drop them. Never
#: `stored` (undecided) nor `failed` (waiting for ops to reprocess it).
DECIDED_FOR_GOOD = (MessageState.PROCESSED, MessageState.IGNORED, MessageState.DUPLICATE,
                    MessageState.DISCARDED)
#: Run again by `reprocess` without --force: mail set aside, or given up on.
RUNNABLE = (MessageState.FAILED, MessageState.DISCARDED)
#: Answered already: a forced `reprocess` replies again only when readings changed.
ANSWERED = (MessageState.PROCESSED, MessageState.DUPLICATE)
#: Replies whose bytes are done with: accepted by the server, or given up.
FINISHED_REPLIES = (ReplyState.SENT, ReplyState.DEAD)


def legal(current: str, new: MessageState) -> bool:
    """Whether a message in state `current` may move to `new`."""
    return new in TRANSITIONS.get(MessageState(current), frozenset())
