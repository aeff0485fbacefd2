"""Run every benchmark and print medians and ratios against baselines measured in the same run.

Each module in MODULES has `run() -> list[Result]`. Results are also written to
bench/results/latest.json (git-ignored) for the closing notes of a change.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import platform
import sys
from pathlib import Path

from .common import table

MODULES = ["bench.engine", "bench.widgets", "bench.browser", "bench.network", "bench.playground"]


def main(argv: list[str]) -> int:
    wanted = [m for m in MODULES if not argv or any(a in m for a in argv)]
    results = []
    for name in wanted:
        module = importlib.import_module(name)
        print(f"== {name}", flush=True)
        found = module.run()
        print(table(found), flush=True)
        results.extend(found)
    out = Path(__file__).parent / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"python": platform.python_version(), "machine": platform.machine(),
                               "results": [dataclasses.asdict(r) for r in results]}, indent=1))
    print(f"\n{len(results)} figures; written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
