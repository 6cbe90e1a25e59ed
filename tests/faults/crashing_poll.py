"""Runs one poll cycle and SIGKILLs itself at the N-th time a step boundary is reached.

    python -m tests.faults.crashing_poll CONFIG.toml STEP N

Used by the fault-injection suite through the pipeline's `checkpoint` seam; exits 0
when the step was not reached N times (the cycle then simply completed).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from mailreader import config
from mailreader.daemon.app import build_deps
from mailreader.daemon.cycle import poll_once


def main() -> None:
    path, step, nth = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    seen = 0

    def checkpoint(name: str) -> None:
        nonlocal seen
        if name == step:
            seen += 1
            if seen == nth:
                os.kill(os.getpid(), signal.SIGKILL)

    deps = build_deps(config.load(path), checkpoint=checkpoint)
    report = poll_once(deps)
    print(f"not reached: fetched={report.fetched} outcomes={dict(report.outcomes)} "
          f"errors={report.errors} leader={report.leader}", file=sys.stderr)


if __name__ == "__main__":
    main()
