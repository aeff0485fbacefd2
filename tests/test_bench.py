"""The benchmarks still name what the package calls things (they run only in `make bench`)."""

import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("module", sorted(p.stem for p in BENCH.glob("*.py")
                                          if p.stem not in ("__init__", "__main__")))
def test_every_name_a_benchmark_uses_from_nnlesson_exists(module):
    # A renamed function would otherwise surface only when someone runs `make bench`.
    tree = ast.parse((BENCH / f"{module}.py").read_text())
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nnlesson"):
            target = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(target, alias.name), f"{node.module}.{alias.name}"
                aliases[alias.asname or alias.name] = getattr(target, alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in aliases and hasattr(aliases[node.value.id], "__path__") \
                or isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and type(aliases.get(node.value.id)).__name__ == "module":
            assert hasattr(aliases[node.value.id], node.attr), f"{node.value.id}.{node.attr}"
