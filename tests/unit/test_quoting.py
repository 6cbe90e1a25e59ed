"""The resident's own text: quotes, attributions, header blocks, signatures, forwards."""

from __future__ import annotations

import pytest

from parsers.quoting import MAX_TEXT, OwnText, split_text

CONFIRMATION = (
    "Уважаемый абонент!\n\nВаши показания приняты.\nЛицевой счет: 240031415927\n"
    "Показания: Т1 = 5120 кВт·ч\n\nЭто письмо сформировано автоматически, отвечать на него "
    "не нужно.\n"
)
NEW = "Показания 4521, л/с 240012345678"


def _quoted(text: str) -> str:
    return "\n".join("> " + line for line in text.split("\n"))


@pytest.mark.parametrize(
    "introduction",
    [
        "пт, 23 окт. 2026 г. в 10:15, ПАО «Энергосбыт» <energy@es.krasnoyarsk.ru>:",
        "On Fri, Oct 23, 2026 at 10:15 AM Energy <energy@es.krasnoyarsk.ru> wrote:",
        "23.10.2026 10:15, Иван Петров пишет:",
        "24 окт. 2026 г., в 17:20, ПАО <energy@es.krasnoyarsk.ru> написал(а):",
        "Вы писали 22 октября 2026 г., 12:00:",
        "Здравствуйте, Иван.",  # no introduction at all: the '>' lines still go
    ],
)
def test_quote_after_introduction(introduction: str) -> None:
    own = split_text(f"{NEW}\n\n{introduction}\n\n{_quoted(CONFIRMATION)}\n").own
    assert "240012345678" in own
    assert "240031415927" not in own and "5120" not in own
    assert "10:15" not in own or introduction.startswith("Здравствуйте")


def test_wrapped_attribution_is_cut_whole() -> None:
    text = f"{NEW}\n\nпт, 23 окт. 2026 г. в 10:15, ПАО «Энергосбыт» <\nenergy@es.ru>:\n\n> 1"
    assert split_text(text).own.strip() == NEW


@pytest.mark.parametrize(
    "block",
    [
        "-----Original Message-----\nFrom: Energy <e@es.ru>\nSent: Tuesday\nTo: me\n"
        "Subject: Показания приняты\n\n",
        "________________________________\nОт: Энергосбыт <e@es.ru>\n"
        "Отправлено: пятница, 20 ноября 2026 г. 09:01\nКому: Ирина\nТема: Re: Показания\n\n",
        "From: Energy <e@es.ru>\nSent: Tuesday\nTo: me\nSubject: Re\n\n",
    ],
)
def test_outlook_header_block_starts_the_quote(block: str) -> None:
    split = split_text(f"{NEW}\n\n{block}{CONFIRMATION}")
    assert split.own.strip() == NEW
    assert split.forwarded == ""


def test_outlook_block_under_a_forward_subject_is_forwarded() -> None:
    block = "-----Original Message-----\nFrom: Anna <a@b.ru>\nSent: Monday\nTo: e@es.ru\n"
    split = split_text(
        f"Пересылаю\n\n{block}Subject: Показания\n\nЛ/с 240017171717\n2290", forward_hint=True
    )
    assert split.own.strip() == "Пересылаю"
    assert "240017171717" in split.forwarded and "2290" in split.forwarded


def test_unmarked_confirmation_is_not_own_text() -> None:
    assert split_text(f"{NEW}\n\n{CONFIRMATION}").own.strip() == NEW


@pytest.mark.parametrize(
    "marker",
    [
        "---------- Forwarded message ---------",
        "-------- Пересылаемое сообщение --------",
        "Begin forwarded message:",
        "Начало переадресованного сообщения:",
        "-------- Перенаправленное сообщение --------",
    ],
)
def test_forwarded_block(marker: str) -> None:
    text = (
        f"Повторно отправляю\n\n{marker}\nОт: Анна <a@b.ru>\nDate: сб, 21 нояб. 2026 г.\n"
        "Subject: Показания\nTo: <energy@es.ru>\n\nЛ/с 240017171717\nПоказания 2290\n\n"
        "-------- Конец пересылаемого сообщения --------\n"
    )
    split = split_text(text)
    assert split.own.strip() == "Повторно отправляю"
    assert "240017171717" in split.forwarded and "2290" in split.forwarded
    assert "21 нояб" not in split.forwarded and "Конец" not in split.forwarded


def test_yandex_forward_attribution_is_dropped() -> None:
    text = (
        "-------- Пересылаемое сообщение --------\n"
        '20.11.2026, 21:14, "Николай" <n@mail.ru>:\n\nл/с 121009876543, 33871\n'
    )
    split = split_text(text)
    assert split.own.strip() == ""
    assert split.forwarded.strip() == "л/с 121009876543, 33871"


def test_forward_inside_a_quote_is_quote() -> None:
    text = f"{NEW}\n\nOn Mon, X <x@y.z> wrote:\n> ---------- Forwarded message ---------\n> 1"
    split = split_text(text)
    assert split.own.strip() == NEW and split.forwarded == ""


@pytest.mark.parametrize(
    "signature",
    [
        "-- \nИван Петров\n8 913 123-45-67",
        "С уважением,\nИван Петров, тел. 8 913 123-45-67",
        "Отправлено с iPhone",
        "Отправлено из мобильной Яндекс.Почты: 8 913 123 45 67",
        "Sent from my Galaxy",
        "Отправлено из Mail.ru для Android",
        "Get Outlook for Android",
        "Это сообщение и любые приложения к нему содержат конфиденциальную информацию 2024",
    ],
)
def test_signature_ends_own_text(signature: str) -> None:
    assert split_text(f"{NEW}\n\n{signature}\n").own.strip() == NEW


def test_cap_on_huge_text() -> None:
    own = split_text(NEW + "\n" + "x" * (5 * 1024 * 1024)).own
    assert own.startswith(NEW) and len(own) <= MAX_TEXT


def test_plain_text_is_kept_whole() -> None:
    text = "Добрый день!\nЛ/с 240012345678\nДень 4521\nНочь 2103"
    assert split_text(text).own == text


def test_apple_plain_forward_quoted_with_marks() -> None:
    text = (
        "Пересылаю\n\nBegin forwarded message:\n\n> From: Анна <a@b.ru>\n> Subject: Показания\n"
        "> Date: 21 ноября 2026 г.\n>\n> Л/с 240017171717\n> Показания 2290\n"
    )
    split = split_text(text)
    assert split.own.strip() == "Пересылаю"
    assert "240017171717" in split.forwarded and "2290" in split.forwarded


def test_forward_words_inside_a_sentence_stay_own_text() -> None:
    text = "Пересылаю сообщение мужа: л/с 240017171717, показания 2290"
    assert split_text(text) == OwnText(text, "")


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте, я вам уже писала\nЛ/с 240012345678, показания 4521",
        "Я писал в прошлом месяце, сейчас показания:\n4521 л/с 240012345678",
        "Муж пишет, что счетчик новый\nЛ/с 240012345678, показания 47",
    ],
)
def test_residents_sentences_with_writing_verbs_stay(text: str) -> None:
    assert split_text(text).own == text


def test_bottom_posted_reply_below_a_marked_quote() -> None:
    text = f"20.11.2026 09:01, ПАО <e@es.ru> пишет:\n{_quoted(CONFIRMATION)}\n\n{NEW}\n"
    assert split_text(text).own.strip() == NEW


def test_interleaved_reply_keeps_every_own_part() -> None:
    text = "On Mon, E <e@es.ru> wrote:\n> Лицевой счет?\nЛ/с 240012345678\n> Показания?\n4521\n"
    assert split_text(text).own.split() == ["Л/с", "240012345678", "4521"]


def test_forward_of_a_forward_keeps_the_inner_text() -> None:
    text = (
        "---------- Forwarded message ---------\nFrom: A <a@b.ru>\nSubject: Fwd\n\nсм. ниже\n\n"
        "---------- Forwarded message ---------\nFrom: B <b@b.ru>\n\nЛ/с 240017171717 2290\n"
    )
    split = split_text(text)
    assert "см. ниже" in split.forwarded and "240017171717 2290" in split.forwarded
