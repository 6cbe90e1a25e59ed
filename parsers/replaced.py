"""Whether the resident's text tells of a replaced meter: its old meter's final values are no reading.

CONTRACT.md Clarifications, "Not readings": the final value of a replaced meter beside the
new meter's value is never recorded, and the message is then `ambiguous` (which of the
two meters the utility should bill cannot be told from the mail alone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from parsers.roles import OLD_VALUE, Candidate

# Folded text (lower case, Cyrillic): "заменили/поменяли счётчик", "после замены",
# "демонтирован", "сняли счётчик", "старый/новый счётчик", "установили новый".
_REPLACED = re.compile(
    r"(?<![а-я])(?:замен[аеилоуыя]|поменял|демонтир|(?:сняли|снят[аоы]?)[ ]+(?:стар|прибор|сч[её]тчик)"
    r"|(?:стар|нов)(?:ый|ого|ом|ому)[ ]+(?:прибор|сч[её]тчик)"
    r"|установ[а-я]*[ ]+нов)"
)


_THOUSANDS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}$")


def replaced_meter(work: str, aside: Iterable[Candidate]) -> bool:
    """Whether ``work`` speaks of a meter replacement and gives an old meter's value."""
    return any(c.role == OLD_VALUE for c in aside) and _REPLACED.search(work) is not None


def old_values(aside: Iterable[Candidate]) -> list[str]:
    """The old meter's values as the reply names them (whole kWh, grouping removed)."""
    out: list[str] = []
    for c in aside:
        if c.role != OLD_VALUE:
            continue
        text = c.text.replace(" ", "").replace("\u202f", "")
        grouped = _THOUSANDS.match(text) is not None  # "15.208": thousands, not a fraction
        whole = text.replace(".", "").replace(",", "") if grouped else re.split(r"[.,]", text)[0]
        out.append(str(int(whole)) if whole.isdigit() else c.text)
    return out
