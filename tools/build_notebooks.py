"""Re-execute every lesson, English and Chinese, and save it with its outputs (`make notebooks`).

nbval compares a test run against these stored outputs, so run this after a
change that is meant to change what a lesson shows, and review the diff.
Usage: python tools/build_notebooks.py [PATH_FRAGMENT ...]   (e.g. 07, zh/, zh/07)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def build(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    start = time.perf_counter()
    # Widget state is not stored: a saved lesson shows its widgets once it is run.
    NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=False,
                   record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def lessons() -> list[Path]:
    """Every notebook nbval checks: the lessons, the notation sheet and the Voila page, their
    Chinese twins, and the glossary."""
    pages = ["notation.ipynb", "presentation.ipynb"]
    english = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + [NOTEBOOKS / p for p in pages]
    zh = NOTEBOOKS / "zh"
    chinese = sorted(zh.glob("[0-9][0-9]_*.ipynb")) + [zh / p for p in [*pages, "glossary.ipynb"]]
    return [path for path in english + chinese if path.exists()]


def main(argv: list[str]) -> int:
    paths = lessons()
    if argv:
        # A fragment of the path: "07" builds both lesson 07s, "zh/07" the Chinese one.
        paths = [p for p in paths if any(a in str(p.relative_to(NOTEBOOKS)) for a in argv)]
    for path in paths:
        print(f"{path.relative_to(NOTEBOOKS)}: {build(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
