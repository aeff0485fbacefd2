"""Namespaces whose names load on first use (PEP 562), so `import nnlesson` stays quick.

A lesson that only steps through the worked example never pays for matplotlib,
the explorers or the general network; one that uses them loads them when it
first names them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["namespace"]


def namespace(package: str, where: Mapping[str, str]
              ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: `where` maps each name to its module.

    A name that maps to "" is a subpackage or module of `package` itself.
    """
    def __getattr__(name: str) -> Any:   # Any: whatever the module defines under that name
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(f"{package}.{where[name] or name}")
        value = module if not where[name] else getattr(module, name)
        setattr(importlib.import_module(package), name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(importlib.import_module(package))) | set(where))

    return __getattr__, __dir__
