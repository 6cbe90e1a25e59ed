"""The OpenAPI document as checked in at docs/openapi.json:
`python -m mailreader.api.openapi > docs/openapi.json` after changing the API."""

from __future__ import annotations

import json
from typing import Any

from mailreader.api.app import create_app


def document() -> dict[str, Any]:
    return create_app().openapi()


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
