"""Whether the From address is authenticated, as the receiving server recorded it in
Authentication-Results (RFC 8601); the only user of the authres library.

Which instances are believed: only those carrying one of our own authserv-ids, and of
those only the topmost group, from the first one (reading down from the top) to the next
Received field. A receiving server adds its result above everything the message arrived
with (trace fields are prepended, RFC 5321 §4.4), so its own header comes first; a
sender who writes "Authentication-Results: <our id>; dmarc=pass" into the message puts
it below that, beyond at least one Received field, where it is ignored. RFC 8601 §5
also requires the border server to delete such forged instances; reading only the
topmost group keeps us safe when it does not, as long as it adds its own header to
every message it accepts (without one, the first instance met would be believed).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import authres
import authres.arc
import authres.dmarc

_CONTEXT = authres.FeatureContext(authres.dmarc, authres.arc)

Result = Literal["pass", "fail", "none"]


@dataclass(frozen=True)
class Authentication:
    """`pass`: the From domain is authenticated (DMARC pass, or an aligned DKIM or SPF
    pass); `fail`: the server found it forged (DMARC fail, or without a DMARC verdict an
    aligned DKIM or SPF fail and no pass); `none`: neither (no result of ours, no policy,
    errors). `detail` lists the results that decided, for the record."""

    result: Result
    detail: str


def authenticate_raw(raw: bytes, authserv_ids: Collection[str], from_addr: str | None) -> Authentication:
    """`authenticate` over a raw message's header section."""
    from parsers.message import parse_headers

    return authenticate(parse_headers(raw).raw_items(), authserv_ids, from_addr)


def authenticate(headers: Iterable[tuple[str, str]], authserv_ids: Collection[str],
                 from_addr: str | None) -> Authentication:
    """The verdict on `from_addr` from the message's header fields, in order."""
    ids = {i.lower() for i in authserv_ids}
    results = [r for h in trusted_instances(headers, ids) for r in h.results]
    domain = _domain(from_addr)
    if domain is None:
        return Authentication("none", "no From address")
    if not results:
        return Authentication("none", "no Authentication-Results of " + ", ".join(sorted(ids)))
    return _verdict(results, domain)


def trusted_instances(headers: Iterable[tuple[str, str]], ids: Collection[str]) -> list[Any]:
    """The parsed topmost group of Authentication-Results fields carrying one of `ids`."""
    found: list[Any] = []
    for name, value in headers:
        lname = name.strip().lower()
        if lname == "received" and found:
            break
        if lname != "authentication-results" or not _may_be_ours(value, ids):
            continue
        parsed = _parse(value)
        if parsed is not None and str(parsed.authserv_id).lower() in ids:
            found.append(parsed)
    return found


def _may_be_ours(value: str, ids: Collection[str]) -> bool:
    """Whether one of `ids` occurs before the first ';', where the authserv-id stands: a
    cheap test that spares parsing other servers' fields (authres takes about a
    millisecond per field); the parse then checks the id itself."""
    head = value.partition(";")[0].lower()
    return any(i in head for i in ids)


def _parse(value: str) -> Any:
    """One header's value parsed; None when it is not valid RFC 8601 (then it says nothing)."""
    try:
        return _CONTEXT.parse_value(" ".join(value.split()))
    except Exception:  # authres raises its own errors, and may meet anything in a header
        return None


def _verdict(results: list[Any], domain: str) -> Authentication:
    dmarc: list[str] = []
    passes: list[str] = []
    fails: list[str] = []
    for r in results:
        method, result = str(r.method).lower(), str(r.result).lower()
        if method == "dmarc":
            said = _prop(r, "header", "from")
            if said is None or said.lower().rstrip(".") == domain:  # about this From
                dmarc.append(result)
            continue
        if method == "dkim":
            signer = _prop(r, "header", "d") or _domain(_prop(r, "header", "i"))
        elif method == "spf":
            signer = _domain(_prop(r, "smtp", "mailfrom"))
        else:
            continue
        if signer is None or not aligned(signer, domain):
            continue  # a third party's signature or envelope says nothing about From
        word = f"{method}={result} ({signer})"
        if result == "pass":
            passes.append(word)
        elif result == "fail":
            fails.append(word)
    # The server's DMARC verdict decides when it has one: it is the same test with the
    # organisational domains it knows (RFC 7489 §3.1) and the domain owner's policy.
    if "pass" in dmarc:
        return Authentication("pass", f"dmarc=pass ({domain})")
    if "fail" in dmarc:
        return Authentication("fail", f"dmarc=fail ({domain})")
    if passes:
        return Authentication("pass", "; ".join(passes))
    if fails:
        return Authentication("fail", "; ".join(fails))
    return Authentication("none", f"no pass or fail for {domain}")


def _prop(result: Any, ptype: str, name: str) -> str | None:
    for p in getattr(result, "properties", ()):
        if str(p.type).lower() == ptype and str(p.name).lower() == name and p.value:
            return str(p.value)
    return None


def _domain(address: str | None) -> str | None:
    """The domain of an address, or of a bare domain; lower-case, no trailing dot."""
    if not address:
        return None
    domain = address.rpartition("@")[2].strip().strip("<>").lower().rstrip(".")
    return domain if "." in domain else None


def aligned(signer: str, domain: str) -> bool:
    """Relaxed identifier alignment (RFC 7489 §3.1), without the public suffix list: the
    same domain, or one a subdomain of the other. Two sibling subdomains of one
    organisation do not count (stricter than DMARC); a bare top-level domain never
    counts, and a parent that is a public suffix (msk.ru, co.uk) only would if its
    registry signed mail, which no registry does."""
    signer, domain = signer.lower().rstrip("."), domain.lower().rstrip(".")
    if "." not in signer or "." not in domain:
        return False
    return signer == domain or signer.endswith("." + domain) or domain.endswith("." + signer)
