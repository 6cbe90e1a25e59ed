"""HTML mail to text: blocks on lines, quote containers and struck-out text removed."""

from __future__ import annotations

import pytest

from parsers.htmltext import MAX_LAYOUT_ELEMENTS, html_to_text

OWN = "<div>Л/с 240012345678</div><div>Показания 4521</div>"
OLD = "Лицевой счет: 240031415927<br>Показания: 5120"


def test_blocks_become_lines() -> None:
    lines = [x.strip() for x in html_to_text(OWN + "<p>a<br>b</p>").text.split("\n") if x.strip()]
    assert lines == ["Л/с 240012345678", "Показания 4521", "a", "b"]


@pytest.mark.parametrize("tag", ["s", "del", "strike"])
def test_struck_out_text_is_dropped(tag: str) -> None:
    text = html_to_text(f"<p>Показания <{tag}>4512</{tag}> 4521 кВт</p>").text
    assert "4512" not in text and "4521 кВт" in text


@pytest.mark.parametrize(
    "quote",
    [
        f"<blockquote>{OLD}</blockquote>",
        f'<blockquote type="cite">{OLD}</blockquote>',
        f'<div class="gmail_quote"><div class="gmail_attr">Пт, 23 окт. 2026 г.:</div>'
        f'<blockquote class="gmail_quote">{OLD}</blockquote></div>',
        f'<div class="moz-cite-prefix">23.10.2026 10:15:</div><blockquote>{OLD}</blockquote>',
        f'<div id="appendonsend"></div><hr><div id="divRplyFwdMsg">From: E</div><div>{OLD}</div>',
        f'<div class="yandex_quote">{OLD}</div>',
        f'<div class="mail-quote-collapse">{OLD}</div>',
    ],
)
def test_quote_containers_are_dropped(quote: str) -> None:
    converted = html_to_text(f"<html><body>{OWN}{quote}</body></html>")
    assert "240012345678" in converted.text and "4521" in converted.text
    assert "240031415927" not in converted.text and "5120" not in converted.text
    assert converted.forwarded == ()


def test_text_after_a_quote_container_is_kept() -> None:
    converted = html_to_text(f"<div><blockquote>{OLD}</blockquote>после цитаты 777</div>")
    assert "после цитаты 777" in converted.text and "5120" not in converted.text


def test_gmail_forward_container_is_forwarded() -> None:
    html = (
        '<div>Повторно отправляю</div><div class="gmail_quote"><div class="gmail_attr">'
        "---------- Forwarded message ---------<br>От: Анна &lt;a@b.ru&gt;</div>"
        "<div>Л/с 240017171717</div><div>Показания 2290</div></div>"
    )
    converted = html_to_text(html)
    assert converted.text.strip() == "Повторно отправляю"
    assert "240017171717" in converted.forwarded[0]


def test_apple_forward_blockquote_is_forwarded() -> None:
    html = (
        "<div>См. ниже</div><div>Начало переадресованного сообщения:</div>"
        '<blockquote type="cite"><div>Л/с 240017171717, 2290</div></blockquote>'
    )
    converted = html_to_text(html)
    assert "240017171717" not in converted.text
    assert "240017171717" in converted.forwarded[0]


def test_large_tree_uses_the_linear_rendering() -> None:
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(MAX_LAYOUT_ELEMENTS))
    text = html_to_text(f"<p>Л/с 240012345678</p><table>{rows}</table>").text
    assert "Л/с 240012345678" in text and "\n1499" in text


@pytest.mark.parametrize("html", ["", "   ", "<", "<html", "<<<>>>", "\x00<p>x</p>", "<?xml?>"])
def test_malformed_html_does_not_raise(html: str) -> None:
    assert isinstance(html_to_text(html).text, str)


def test_outlook_forward_is_forwarded_under_a_forward_subject() -> None:
    html = (
        '<div>Пересылаю</div><div id="divRplyFwdMsg">From: Анна<br>Sent: Monday</div>'
        "<div>Л/с 240017171717, 2290</div>"
    )
    assert html_to_text(html).forwarded == ()
    converted = html_to_text(html, forward_hint=True)
    assert converted.text.strip() == "Пересылаю"
    assert "240017171717" in converted.forwarded[0]


def test_outlook_marker_cuts_everything_after_it_at_every_level() -> None:
    html = (
        f'<body><div class="WordSection1"><div>{OWN}</div>'
        '<div><div id="divRplyFwdMsg">From: E<br>Sent: Monday</div></div>'
        f"<p>{OLD}</p></div><div>{OLD}</div></body>"
    )
    text = html_to_text(html).text
    assert "240012345678" in text and "240031415927" not in text and "5120" not in text


def test_reply_below_a_removed_quote_is_kept() -> None:
    html = (
        '<div class="moz-cite-prefix">20.11.2026 09:01, ПАО пишет:</div>'
        f'<blockquote type="cite">{OLD}</blockquote><div>Показания 4620</div>'
    )
    text = html_to_text(html).text
    assert "4620" in text and "5120" not in text
