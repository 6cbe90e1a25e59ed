"""Who a mail is from, as far as the utility may rely on it: the sender identity the
readings service checks against an account's registered addresses (README "Security").

With `[trust] authserv_id` set, the From address counts only when the receiving server
authenticated it; mail it found forged is set aside unanswered. Unset, nothing is
authenticated and From is taken as written (the registration check still applies, and
personal replies still go to From alone).
"""

from __future__ import annotations

from dataclasses import dataclass

from mailreader.config import TrustSettings
from parsers import MessageInfo
from parsers.authresults import Authentication, authenticate_raw


@dataclass(frozen=True)
class Sender:
    """`identity`: the address the service may compare with the registered ones (None:
    no identity to rely on); `forged`: the server's verdict when it found the mail forged."""

    identity: str | None
    forged: Authentication | None = None


def sender_of(trust: TrustSettings, raw: bytes, info: MessageInfo) -> Sender:
    if not trust.authserv_ids:
        return Sender(info.from_addr)
    found = authenticate_raw(raw, trust.authserv_ids, info.from_addr)
    if found.result == "fail":
        return Sender(None, forged=found)
    return Sender(info.from_addr if found.result == "pass" else None)
