"""Benchmark this tree against an earlier commit, in one run (`make bench-against REF=...`).

A figure measured today is only comparable with one measured in the same run,
on the same busy or idle machine. So the earlier commit is checked out beside
this tree (a git worktree) and both run `python -m bench`, taking turns, round
after round; each figure's median over the rounds is compared, and figures
more than 10% slower than before are marked.
Usage: python tools/bench_against.py REF [--rounds N] [MODULE_FRAGMENT ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORSE = 1.10


def worktree(ref: str) -> Path:
    sha = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    path = Path(tempfile.gettempdir()) / f"nnlesson-bench-{sha}"
    if not path.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(path), sha], cwd=ROOT,
                       check=True, capture_output=True)
    return path


def bench(tree: Path, modules: list[str]) -> dict[str, float]:
    # PYTHONPATH puts the tree's own nnlesson before the editable install of this one.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run([sys.executable, "-m", "bench", *modules], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    data = json.loads((tree / "bench" / "results" / "latest.json").read_text())
    return {f"{r['group']}: {r['name']}": r["median_s"] for r in data["results"]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("modules", nargs="*")
    args = parser.parse_intermixed_args(argv)
    before_tree = worktree(args.ref)
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for k in range(args.rounds):
        order = [("before", before_tree), ("after", ROOT)]
        for label, tree in (order if k % 2 == 0 else order[::-1]):
            print(f"round {k + 1}: {label} ({tree})", flush=True)
            runs[label].append(bench(tree, args.modules))
    names = [n for n in runs["after"][0] if all(n in r for r in runs["before"])]
    print(f"\n{'figure':<70} {'before':>11} {'after':>11} {'after/before':>13}")
    worse = 0
    for name in names:
        before = statistics.median(r[name] for r in runs["before"])
        after = statistics.median(r[name] for r in runs["after"])
        ratio = after / before
        mark = "  WORSE" if ratio > WORSE else ""
        worse += ratio > WORSE
        print(f"{name[:70]:<70} {before * 1e3:>9.2f}ms {after * 1e3:>9.2f}ms {ratio:>12.2f}x"
              f"{mark}")
    missing = [n for n in runs["after"][0] if n not in names]
    if missing:
        print("\nnew figures (no earlier value): " + "; ".join(missing))
    print(f"\n{worse} of {len(names)} figures more than {WORSE - 1:.0%} slower than {args.ref}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
