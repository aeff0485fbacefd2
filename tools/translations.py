"""Keep the Chinese lessons (notebooks/zh/) in step with the English ones (notebooks/).

A Chinese lesson has the English lesson's cells in the same order. Its code
cells are the English code, the first one with one more line in front
(LANGUAGE_LINE), so both compute the same numbers. Each Markdown cell is a
translation and records the SHA-256 of the English cell it was translated
from (metadata nnlesson.translated_from); tests/test_translations.py fails
when that English cell has changed since.

    python tools/translations.py sync [NAME ...]    # make or update the zh twins' structure
    python tools/translations.py status [NAME ...]  # which Markdown cells need translating

`sync` copies the code, keeps every translation whose English cell is
unchanged (matched by its hash, then by position), and leaves the English
text, marked untranslated, where a cell is new. A translator then writes the
Chinese text and calls `translate(name, {index: text})`, which records the
hash of the English cell translated. Outputs are not copied: run
`make notebooks` afterwards, which executes both sets.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "notebooks"
CHINESE = ENGLISH / "zh"

#: The one line a Chinese lesson adds, at the top of its first code cell.
LANGUAGE_LINE = "import nnlesson.zh  # 从这里起，nnlesson 的输出都用中文"

#: Pages that have no English twin.
CHINESE_ONLY = {"glossary.ipynb"}


def lessons() -> list[Path]:
    """Every English notebook that has a Chinese twin."""
    names = sorted(ENGLISH.glob("[0-9][0-9]_*.ipynb"))
    return names + [ENGLISH / "notation.ipynb", ENGLISH / "presentation.ipynb"]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def read(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def write(path: Path, notebook: dict) -> None:
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, "utf-8")


def chinese_code(english: str, first: bool) -> str:
    return f"{LANGUAGE_LINE}\n{english}" if first else english


def translated_from(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nnlesson", {}).get("translated_from")


def sync(english_path: Path) -> Path:
    """Make or update the Chinese twin of `english_path`; returns its path."""
    english = read(english_path)
    zh_path = CHINESE / english_path.name
    old = read(zh_path) if zh_path.exists() else {"cells": []}
    old_markdown = [cell for cell in old["cells"] if cell["cell_type"] == "markdown"]
    by_hash = {translated_from(cell): cell for cell in old_markdown if translated_from(cell)}
    cells, first_code, markdown_seen = [], True, 0
    for cell in english["cells"]:
        new = copy.deepcopy(cell)
        if cell["cell_type"] == "code":
            new["source"] = lines(chinese_code(source(cell), first_code))
            new["outputs"], new["execution_count"], first_code = [], None, False
        elif cell["cell_type"] == "markdown":
            wanted = digest(source(cell))
            kept = by_hash.get(wanted)
            if kept is None and markdown_seen < len(old_markdown):
                kept = old_markdown[markdown_seen]  # an old translation, now stale: redo it
            if kept is not None:
                new["source"] = kept["source"]
                new.setdefault("metadata", {})["nnlesson"] = {
                    "translated_from": translated_from(kept) or ""}
            else:
                new.setdefault("metadata", {})["nnlesson"] = {"translated_from": ""}
            markdown_seen += 1
        cells.append(new)
    twin = {**english, "cells": cells}
    CHINESE.mkdir(exist_ok=True)
    write(zh_path, twin)
    return zh_path


def translate(name: str, texts: dict[int, str]) -> None:
    """Write the Chinese text of cells `texts` (by cell index) of lesson `name`, and record
    which English text each one translates."""
    english = read(ENGLISH / name)
    zh_path = CHINESE / name
    twin = read(zh_path)
    for index, text in texts.items():
        cell, original = twin["cells"][index], english["cells"][index]
        if cell["cell_type"] != "markdown" or original["cell_type"] != "markdown":
            raise ValueError(f"{name} cell {index} is not a Markdown cell")
        cell["source"] = lines(text)
        cell.setdefault("metadata", {})["nnlesson"] = {
            "translated_from": digest(source(original))}
    write(zh_path, twin)


def stale(name: str) -> list[int]:
    """The Markdown cells of the Chinese `name` whose English text changed or was never done."""
    english, twin = read(ENGLISH / name), read(CHINESE / name)
    return [index for index, (cell, original) in enumerate(zip(twin["cells"], english["cells"],
                                                                strict=False))
            if cell["cell_type"] == "markdown"
            and translated_from(cell) != digest(source(original))]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("sync", "status"):
        print(__doc__)
        return 2
    paths = [p for p in lessons() if not argv[1:] or any(a in p.name for a in argv[1:])]
    for path in paths:
        if argv[0] == "sync":
            sync(path)
        todo = stale(path.name) if (CHINESE / path.name).exists() else ["all"]
        print(f"{path.name}: {'up to date' if not todo else f'to translate: {todo}'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
