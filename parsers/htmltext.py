"""HTML mail to plain text: quote containers out, struck-out text out, blocks on lines.

The HTML tree is cleaned before inscriptis renders it, because once flattened a quote
can no longer be told from the resident's words: ``<blockquote>`` (also Apple's
``type=cite``), Gmail ``gmail_quote``, Outlook ``divRplyFwdMsg``/``appendonsend`` (the
quote is the marker and everything after it), Thunderbird ``moz-cite-prefix``, and the
Yandex/Mail.ru quote classes.  A container that is a forwarded message is rendered
and returned apart, since forwarded text may count (CONTRACT.md "Readings").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_engine import Inscriptis
from inscriptis.model.config import ParserConfig
from lxml import etree
from lxml import html as lxml_html

from parsers.quoting import FORWARD_MARKER

_CONFIG = ParserConfig(css=CSS_PROFILES["strict"])
MAX_LAYOUT_ELEMENTS = 1500
_BLOCK_TAGS = frozenset(
    "p div br tr li ul ol table tbody thead h1 h2 h3 h4 h5 h6 pre hr dd dt dl section "  # noqa: SIM905
    "article header footer address center form".split()
)
_DROPPED_TAGS = ("s", "del", "strike", "script", "style", "head", "title")
_QUOTE_CLASS = re.compile(
    r"gmail_quote|gmail_attr|moz-cite-prefix|yahoo_quoted|mail-quote|quote_collapse"
    r"|yandex_quote|protonmail_quote|zmail_extra",
    re.IGNORECASE,
)
# Outlook marks where the quoted message starts; the rest of its parent is the quote.
_FROM_HERE_IDS = ("divrplyfwdmsg", "appendonsend", "divtagdefaultwrapper_quote")


@dataclass(frozen=True)
class HtmlText:
    """Rendered text without quotes, and the text of forwarded containers."""

    text: str
    forwarded: tuple[str, ...] = ()


def _plain_render(node: etree._Element) -> str:
    """A linear-time rendering: text in order, a line break at every block element."""
    out: list[str] = []
    for el in node.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            out.append("\n")
        if el.text and isinstance(el.tag, str):
            out.append(el.text)
        if el.tail and el is not node:
            out.append(el.tail)
    return "".join(out)


def _render(node: etree._Element) -> str:
    # inscriptis lays out tables and CSS at a cost that grows fast with the tree;
    # a newsletter-sized tree gets the plain rendering instead.
    if sum(1 for _ in node.iter()) > MAX_LAYOUT_ELEMENTS:
        return _plain_render(node)
    try:
        return str(Inscriptis(node, _CONFIG).get_text())
    except Exception:  # a rendering failure must not lose the mail: fall back
        return _plain_render(node)


def _is_quote(el: etree._Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag.lower() == "blockquote":
        return True
    return bool(_QUOTE_CLASS.search(str(el.get("class") or "")))


def _is_forward(el: etree._Element, text: str) -> bool:
    previous = el.getprevious()
    before = "" if previous is None else " ".join(previous.itertext())[-300:]
    return bool(FORWARD_MARKER.search(text[:600]) or FORWARD_MARKER.search(before))


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None and isinstance(el, lxml_html.HtmlElement):
        el.drop_tree()  # keeps the tail text, which belongs to the parent
    elif parent is not None:
        parent.remove(el)


def _rest_of_document(el: etree._Element, root: etree._Element) -> list[etree._Element]:
    """``el`` and everything after it in document order, as whole subtrees."""
    doomed = [el]
    node = el
    while node is not root and node.getparent() is not None:
        doomed.extend(node.itersiblings())
        node = node.getparent()
    return doomed


def _mark_quote(el: etree._Element) -> None:
    """Replace a quote container by one '>' line: the plain-text rules then know that
    a marked quote stood here and that text after it is the resident's again."""
    parent = el.getparent()
    if parent is None:
        return
    mark = lxml_html.Element("div")
    mark.text = ">"
    mark.tail = el.tail
    parent.replace(el, mark)


def _cut_from(el: etree._Element, root: etree._Element, forwarded: list[str], hint: bool) -> None:
    """Remove ``el`` and all that follows (Outlook: the quote runs to the end)."""
    doomed = _rest_of_document(el, root)
    text = "\n".join(_render(x) for x in doomed if isinstance(x.tag, str))
    if hint or FORWARD_MARKER.search(text[:600]):
        forwarded.append(text)
    for x in doomed:
        _remove(x)


def _strip(root: etree._Element, forwarded: list[str], hint: bool) -> None:
    for el in list(root.iter(*_DROPPED_TAGS)):
        _remove(el)
    for el in root.iter():
        if isinstance(el.tag, str) and str(el.get("id") or "").lower() in _FROM_HERE_IDS:
            _cut_from(el, root, forwarded, hint)
            break  # everything after the first marker is gone
    # Depth-first in document order, never descending into a quote: nested quotes
    # leave with their container, and the walk stays linear however deep the tree.
    stack = list(reversed(root))
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        if not _is_quote(el):
            stack.extend(reversed(el))
            continue
        if hint or _is_forward(el, _plain_render(el)):
            forwarded.append(_render(el))
            _remove(el)
        else:
            _mark_quote(el)


def html_to_text(html: str, forward_hint: bool = False) -> HtmlText:
    """The visible text of ``html`` without quotes; forwarded containers apart.

    With ``forward_hint`` (the subject says Fwd) every quote container is a forward:
    Outlook marks a forward exactly as it marks a reply.
    """
    if not html.strip():
        return HtmlText("")
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return HtmlText(re.sub(r"<[^>]{0,2000}>", " ", html))
    forwarded: list[str] = []
    _strip(root, forwarded, forward_hint)
    return HtmlText(_render(root), tuple(forwarded))
