"""``parse --explain``: every number of the resident's text with its role, then the decision."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import parsers
from mailreader.cli import cli
from parsers.message import parse_bytes
from parsers.pipeline import extract, run

SUBJECT = "Subject: =?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?="  # "Показания"


def _mail(body: str, subject: str = SUBJECT) -> bytes:
    head = f"From: a@example.ru\n{subject}\nContent-Type: text/plain; charset=utf-8\n"
    return (head + "Content-Transfer-Encoding: 8bit\n\n" + body + "\n").encode()


def _line(text: str, number: str) -> str:
    return next(x for x in text.splitlines() if x.strip().startswith(number))


def test_each_number_has_its_role_and_rule() -> None:
    body = (
        "660049, ул. Мира 5, ЛС 243000118855\nБыло: день 7001 ночь 2100\n"
        "Стало: день 7310 ночь 2204\nоплатил 1 500 руб, тел. 8-913-000-11-22"
    )
    out = parsers.explain(_mail(body))
    assert "account" in _line(out, "243000118855")
    assert "postcode" in _line(out, "660049")
    assert "old value" in _line(out, "7001") and "old value" in _line(out, "2100")
    assert "value t1" in _line(out, "7310") and "value t2" in _line(out, "2204")
    assert "money" in _line(out, "1 500") and "phone" in _line(out, "8-913")
    assert "no role" not in out
    assert out.splitlines()[-1] == "decision: record (243000118855: t1=7310, t2=2204)"


def test_an_ambiguous_refusal_names_what_it_saw() -> None:
    out = parsers.explain(_mail("ЛС 243000118855 показания 7310 (семь тысяч сто тридцать)"))
    assert "candidate value" in _line(out, "7310")
    assert "семь тысяч сто тридцать" in out
    assert out.splitlines()[-1].startswith("decision: reject / ambiguous")
    assert out.splitlines()[-1].endswith("(seen: 7310, 7130)")


def test_ignored_mail_says_why_without_numbers() -> None:
    out = parsers.explain(_mail("ЛС 243000118855 7310", subject="Subject: hello"))
    assert out == "decision: ignore / not_readings: the subject does not name readings"


def test_a_number_no_rule_explains_blocks_the_record() -> None:
    # "ш*12": glued behind a star, neither a value nor any named non-reading.
    assert extract("Показания", "ЛС 243000118855 показания 7310 ш*12").reason == "ambiguous"
    assert extract("Показания", "ЛС 243000118855 показания 7310").action == "record"


def test_cli_explains_and_plain_parse_keeps_the_contract(tmp_path: Path) -> None:
    eml = tmp_path / "m.eml"
    eml.write_bytes(_mail("ЛС 243000118855 показания 9984 или 9948"))
    explained = CliRunner().invoke(cli, ["parse", "--explain", str(eml)])
    assert explained.exit_code == 0
    assert explained.output.startswith(f"== {eml}\n")
    assert "(seen: 9984, 9948)" in explained.output
    plain = CliRunner().invoke(cli, ["parse", str(eml)])
    assert json.loads(plain.output) == {"action": "reject", "reason": "ambiguous", "submissions": []}


def test_a_refusal_says_what_did_not_agree() -> None:
    out = parsers.explain(_mail("ЛС 243000118855 показания 5 510 (пять тысяч сто пятьдесят)"))
    assert "the digits and the words disagree: 5150, 5510" in out.splitlines()[-1]
    out = parsers.explain(_mail("ЛС 243000118855 день 4521 ночь 2103, день 4530"))
    assert "two values for t1: 4521, 4530" in out.splitlines()[-1]


def test_a_one_line_submission_shows_its_values_and_registers() -> None:
    out = parsers.explain(_mail("243000118855*4521*2103"))
    assert "account" in _line(out, "243000118855")
    assert "value t1" in _line(out, "4521") and "value t2" in _line(out, "2103")


def test_labels_of_old_values_and_titles_say_so() -> None:
    out = parsers.explain(_mail("ЛС 243000118855\nБыло: день 7001\nСтало: день 7310"))
    days = [x for x in out.splitlines() if x.strip().startswith("день")]
    assert ["old value's label" in x for x in days] == [True, False]
    assert "value t1" in _line(out, "7310")


def test_explain_prints_the_candidates_the_decision_used() -> None:
    trace = run(parse_bytes(_mail("ЛС 243000118855 день 4521 ночь 2103")))
    roles = {c.text: c.role for c in trace.candidates()}
    assert roles == {
        "243000118855": "account", "день": "label", "4521": "value t1", "ночь": "label", "2103": "value t2"
    }
    assert [v.account for v in trace.candidates() if v.role.startswith("value")] == ["243000118855"] * 2
    assert trace.decision == parsers.parse(_mail("ЛС 243000118855 день 4521 ночь 2103"))
