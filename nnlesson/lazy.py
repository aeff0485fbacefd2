"""Namespaces whose names load on first use (PEP 562), so `import nnlesson` stays quick.

A lesson that only steps through the worked example never pays for matplotlib,
the explorers or the general network; one that uses them loads them when it
first names them. Where each name lives is read from each module's own
`__all__` (parsed, not imported), so no second list of names can drift.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["discover", "namespace"]


def discover(package_file: str, modules: tuple[str, ...] = ()) -> dict[str, str]:
    """Each public name of the package's modules -> its module, from their `__all__`.

    `modules` are also reachable themselves (mapped to ""); by default every module is.
    """
    folder = Path(package_file).parent
    where: dict[str, str] = {}
    for path in sorted(folder.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        where[path.stem] = ""
        for name in _public(path.read_text(encoding="utf-8")):
            where.setdefault(name, path.stem)
    if modules:
        where = {n: m for n, m in where.items() if m or n in modules}
    return where


#: A module's `__all__ = [...]` statement, at the start of a line.
_ALL = re.compile(r"^__all__ = (\[[^\]]*\])", re.M)


def _public(source: str) -> list[str]:
    """The names in a module's `__all__` list: only that statement is parsed (parsing whole
    modules was 70 ms of `import nnlesson.widgets`, a lesson's first cell)."""
    found = _ALL.search(source)
    return ast.literal_eval(found[1]) if found else []


def namespace(package: str, where: Mapping[str, str]
              ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: `where` maps each name to its module.

    A name that maps to "" is a subpackage or module of `package` itself.
    """
    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(f"{package}.{where[name] or name}")
        value = module if not where[name] else getattr(module, name)
        setattr(importlib.import_module(package), name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(importlib.import_module(package))) | set(where))

    return __getattr__, __dir__
