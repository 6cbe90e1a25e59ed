"""Authentication-Results (RFC 8601): which instances are believed, and what they say
about the From address."""

from __future__ import annotations

import pytest

from parsers.authresults import aligned, authenticate, authenticate_raw

OURS = frozenset({"mx.example.ru"})
FROM = "anna@mail.ru"


def verdict(*results: str, ids: frozenset[str] = OURS, from_addr: str | None = FROM) -> str:
    headers = [("Authentication-Results", r) for r in results]
    return authenticate(headers, ids, from_addr).result


@pytest.mark.parametrize(("results", "expected"), [
    ("mx.example.ru; dkim=pass header.d=mail.ru; spf=pass smtp.mailfrom=anna@mail.ru; "
     "dmarc=pass (p=reject) header.from=mail.ru", "pass"),
    ("mx.example.ru; dmarc=pass header.from=mail.ru", "pass"),
    ("mx.example.ru; dmarc=pass", "pass"),  # no header.from: about this message's From
    ("mx.example.ru; dkim=fail; spf=fail; dmarc=fail", "fail"),  # the probe's header
    ("mx.example.ru; dmarc=fail header.from=mail.ru", "fail"),
    ("mx.example.ru; none", "none"),
    ("mx.example.ru; spf=softfail smtp.mailfrom=mail.ru", "none"),
    ("mx.example.ru; dmarc=temperror header.from=mail.ru", "none"),
    ("mx.example.ru; dmarc=none header.from=mail.ru; spf=neutral smtp.mailfrom=mail.ru", "none"),
    # Without a DMARC verdict, an aligned DKIM or SPF result decides.
    ("mx.example.ru; dkim=pass header.d=mail.ru header.s=s1", "pass"),
    ("mx.example.ru; dkim=pass header.i=@news.mail.ru", "pass"),  # a subdomain of From's
    ("mx.example.ru; spf=pass smtp.mailfrom=bounce@mail.ru", "pass"),
    ("mx.example.ru; spf=fail smtp.mailfrom=anna@mail.ru", "fail"),
    ("mx.example.ru; dkim=fail header.d=mail.ru", "fail"),
    # A third party's pass or fail says nothing about From.
    ("mx.example.ru; dkim=pass header.d=evil.test; spf=pass smtp.mailfrom=x@evil.test", "none"),
    ("mx.example.ru; dkim=fail header.d=list.example.org; spf=fail smtp.mailfrom=list.example.org", "none"),
    # A DMARC verdict on another From (a second From field) is not this From's.
    ("mx.example.ru; dmarc=pass header.from=evil.test", "none"),
    # The server's DMARC verdict outranks the alignment we work out.
    ("mx.example.ru; dkim=pass header.d=mail.ru; dmarc=fail header.from=mail.ru", "fail"),
    ("mx.example.ru; spf=fail smtp.mailfrom=mail.ru; dkim=pass header.d=mail.ru", "pass"),
    ("not a header at all;;;", "none"),
])
def test_results(results: str, expected: str) -> None:
    assert verdict(results) == expected


def test_a_foreign_authserv_id_is_ignored() -> None:
    assert verdict("mx.evil.test; dmarc=pass header.from=mail.ru") == "none"
    assert verdict("mx.google.com; dmarc=pass header.from=mail.ru",
                   "mx.example.ru; dmarc=fail header.from=mail.ru") == "fail"
    # The id is compared case-insensitively; any of several ids counts.
    assert verdict("MX.Example.RU; dmarc=pass") == "pass"
    both = frozenset({"mx1.example.ru", "mx2.example.ru"})
    assert verdict("mx2.example.ru; dmarc=pass", ids=both) == "pass"


def test_several_headers_of_ours_are_read_together() -> None:
    # One milter per method, each its own field, all above the first Received.
    assert verdict("mx.example.ru; spf=softfail smtp.mailfrom=mail.ru",
                   "mx.example.ru; dkim=pass header.d=mail.ru") == "pass"
    assert verdict("mx.example.ru; spf=none smtp.mailfrom=mail.ru",
                   "mx.example.ru; dmarc=fail header.from=mail.ru") == "fail"


def test_only_the_topmost_group_is_believed() -> None:
    headers = [
        ("Return-Path", "<x@evil.test>"),
        ("Received", "from mx.example.ru by imap.example.ru with LMTP"),
        ("Authentication-Results", "mx.example.ru; dmarc=fail header.from=mail.ru"),
        ("Received", "from evil.test by mx.example.ru with ESMTP"),
        # Written by the sender: below our server's own header and its Received.
        ("Authentication-Results", "mx.example.ru; dmarc=pass header.from=mail.ru"),
        ("From", FROM),
    ]
    assert authenticate(headers, OURS, FROM).result == "fail"
    forged_only = [h for i, h in enumerate(headers) if i != 2]
    # Without our server's header the sender's one would be the topmost: this is why the
    # border server must add its own to every message (RFC 8601 §5).
    assert authenticate(forged_only, OURS, FROM).result == "pass"


def test_no_from_address_is_never_authenticated() -> None:
    assert verdict("mx.example.ru; dmarc=pass", from_addr=None) == "none"
    assert verdict("mx.example.ru; dmarc=pass", from_addr="nodomain") == "none"


def test_from_raw_bytes_with_folded_headers() -> None:
    raw = (b"Received: from a by b\r\nAuthentication-Results: mx.example.ru;\r\n"
           b"\tdkim=pass header.d=mail.ru header.s=s1;\r\n\tdmarc=pass (p=none) header.from=mail.ru\r\n"
           b"From: Anna <anna@mail.ru>\r\n\r\nbody\r\n")
    found = authenticate_raw(raw, OURS, FROM)
    assert found.result == "pass" and "dmarc=pass" in found.detail


@pytest.mark.parametrize(("signer", "domain", "expected"), [
    ("mail.ru", "mail.ru", True),
    ("MAIL.ru.", "mail.ru", True),
    ("news.mail.ru", "mail.ru", True),
    ("mail.ru", "news.mail.ru", True),
    ("a.mail.ru", "b.mail.ru", False),  # siblings: stricter than DMARC's relaxed mode
    ("evilmail.ru", "mail.ru", False),
    ("ru", "mail.ru", False),
])
def test_alignment(signer: str, domain: str, expected: bool) -> None:
    assert aligned(signer, domain) is expected


def test_a_comment_before_our_id_still_finds_our_field() -> None:
    # CFWS may precede the authserv-id (RFC 8601 §2.2): the cheap test before parsing
    # must not skip such a field of ours.
    assert verdict("(checked by rspamd) mx.example.ru; dmarc=pass header.from=mail.ru") == "pass"
    assert verdict("mx.example.ru.evil.test; dmarc=pass header.from=mail.ru") == "none"
