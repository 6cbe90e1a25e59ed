"""Print `parse` results for .eml files, one JSON per line with a "file" key (CONTRACT.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from parsers import parse


def main(paths: list[str]) -> int:
    for name in paths:
        try:
            raw = Path(name).read_bytes()
        except OSError as exc:
            print(json.dumps({"file": name, "error": str(exc)}), flush=True)
            continue
        print(json.dumps({"file": name, **parse(raw).to_json()}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
