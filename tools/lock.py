"""Remake requirements.lock, the exact versions `make setup` installs (`make lock`).

pyproject.toml keeps version ranges for people who `pip install nnlesson`;
the lock pins every package, on every platform (uv's universal resolution),
so that a fresh clone tests and runs with the versions the stored notebook
outputs were made with. Its first line records a hash of pyproject.toml's
dependency lists: tests/test_packaging.py fails when they change and the lock
was not remade.
Usage: python tools/lock.py [--check]
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
HEADER = "# dependencies-sha256: "
#: The extras `make setup` installs.
EXTRAS = ("test", "present", "zh", "dev")


def dependency_hash(pyproject: Path = PYPROJECT) -> str:
    """A hash of everything in pyproject.toml that decides what gets installed."""
    project = tomllib.loads(pyproject.read_text())["project"]
    relevant = {"requires-python": project.get("requires-python"),
                "dependencies": sorted(project.get("dependencies", [])),
                "optional-dependencies": {k: sorted(v) for k, v in
                                          sorted(project.get("optional-dependencies", {}).items())}}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def recorded_hash(lock: Path = LOCK) -> str | None:
    """The hash written on the lock's first line, or None."""
    if not lock.exists():
        return None
    first = lock.read_text().splitlines()[0] if lock.read_text() else ""
    return first.removeprefix(HEADER) if first.startswith(HEADER) else None


def main(argv: list[str]) -> int:
    if "--check" in argv:
        fresh = recorded_hash() == dependency_hash()
        print("requirements.lock is up to date" if fresh else
              "requirements.lock is stale: pyproject.toml's dependencies changed; run `make lock`")
        return 0 if fresh else 1
    # --universal: markers for every platform; --fork-strategy=fewest: one version of each
    # package for every Python, so a lesson's stored output has one numpy behind it.
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "requirements.txt"
        command = [sys.executable, "-m", "uv", "pip", "compile", str(PYPROJECT.name),
                   *(f"--extra={e}" for e in EXTRAS), "--universal", "--fork-strategy=fewest",
                   "--python-version=3.11", "--no-header", "--quiet", f"--output-file={out}"]
        subprocess.run(command, cwd=ROOT, check=True)
        locked = out.read_text()
    LOCK.write_text(f"{HEADER}{dependency_hash()}\n"
                    "# Every package `make setup` installs, pinned. Do not edit: `make lock` "
                    "remakes it\n# (tools/lock.py, uv pip compile --universal) from "
                    "pyproject.toml.\n" + locked)
    print(f"wrote {LOCK.name}: {sum(1 for ln in locked.splitlines() if '==' in ln)} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
