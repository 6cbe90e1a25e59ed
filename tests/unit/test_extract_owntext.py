"""The extraction side's own guard against quoted text that reached the body."""

from __future__ import annotations

from parsers.owntext import forwarded_text, split_own


def test_quote_lines_and_signature_are_dropped() -> None:
    own, fwd = split_own("л/с 1 показания 2\n> старое 3\n-- \nИван, тел. 4")
    assert own == "л/с 1 показания 2" and fwd == ""


def test_attribution_line_ends_own_text() -> None:
    body = "Новые 4521\n\nпт, 23 окт. 2026 г. в 10:15, ПАО <energy@example.ru>:\nстарое 4398"
    assert split_own(body)[0] == "Новые 4521\n"


def test_outlook_header_block_ends_own_text() -> None:
    body = "Показания 6230\nFrom: ПАО <energy@example.ru>\nSent: Tuesday\nстарое 6011"
    assert split_own(body)[0] == "Показания 6230"


def test_a_single_from_like_line_is_the_residents_text() -> None:
    assert split_own("От: Иванова\nпоказания 4521")[0] == "От: Иванова\nпоказания 4521"


def test_inline_forward_is_returned_apart_without_headers() -> None:
    marker = "-------- Пересылаемое сообщение --------"
    body = f"Повторно отправляю\n{marker}\nОт: Анна\nДата: 21.11\nЛ/с 5"
    own, fwd = split_own(body)
    assert own == "Повторно отправляю"
    assert fwd == "Л/с 5"


def test_forwarded_headers_are_dropped() -> None:
    assert forwarded_text("Subject: Показания\nTo: <a@b.ru>\n\nЛ/с 5") == "\nЛ/с 5"


def test_a_bare_quoted_reply_of_ours_ends_own_text() -> None:
    body = (
        "Извините, вот: ЛС 240012345678 4521\n"
        "Мы получили ваше письмо, но не нашли в нём номер лицевого счёта\n"
        "  121000000000*0563"
    )
    assert split_own(body)[0] == "Извините, вот: ЛС 240012345678 4521"
