"""The house: layers that import only downwards, one name per meaning, docstrings that cite
the right lessons, and every view built to the one convention."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import pytest

import nnlesson

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "nnlesson"
NOTEBOOKS = ROOT / "notebooks"

#: Lowest layer first; a module may import from its own layer and the ones before it. The
#: command line is one layer of two modules: cli (trace, train, sheet, grade) and export
#: (html), which cli loads only for its own command.
LAYERS = ["language", "zh", "errors", "formatting", "lazy", "locales", "maths", "example", "mlp",
          "topics", "practice", "show", "widgets", "report", "classroom", ("cli", "export"),
          "server", "present"]

#: Names defined twice on purpose, each pair in two namespaces that say so in their docstrings.
DELIBERATE = {
    "Forward": {"nnlesson.example.engine", "nnlesson.mlp.passes"},
    "Gradients": {"nnlesson.example.engine", "nnlesson.mlp.passes"},
    "forward": {"nnlesson.example.engine", "nnlesson.mlp.passes"},
    "gradients": {"nnlesson.example.engine", "nnlesson.mlp.passes"},
    "History": {"nnlesson.example.training", "nnlesson.mlp.training"},
    "train": {"nnlesson.example.training", "nnlesson.mlp.training"},
    "main": {"nnlesson.cli", "nnlesson.present"},  # each module's command-line entry point
    # Each part of the course keeps its own predict-then-check questions; the package merges.
    "QUESTIONS": {f"nnlesson.practice.questions.{part}"
                  for part in ("applied", "graph", "network", "worked", "yourself")},
}


def modules():
    for info in pkgutil.walk_packages(nnlesson.__path__, "nnlesson."):
        if not info.name.endswith("__main__"):
            yield info.name, importlib.import_module(info.name)


def layer_of(module: str) -> int:
    top = module.split(".")[1]
    return next(k for k, layer in enumerate(LAYERS) if top == layer or top in layer)


def test_every_module_is_in_a_layer_and_imports_only_downwards():
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        if name in ("nnlesson", "nnlesson.__main__"):
            continue
        own = layer_of(name)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = name.split(".")[:-node.level] if not path.name == "__init__.py" else \
                    name.split(".")[:len(name.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                targets = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
                for t in targets:
                    if t.count(".") >= 1:
                        assert layer_of(t) <= own, f"{name} imports {t} from a higher layer"


def test_no_public_name_has_two_meanings():
    homes: dict[str, set[str]] = {}
    for name, module in modules():
        for public in getattr(module, "__all__", []):
            obj = getattr(module, public)
            defined_here = getattr(obj, "__module__", name) == name or not (
                inspect.isfunction(obj) or inspect.isclass(obj))
            if defined_here and not inspect.ismodule(obj) and not hasattr(module, "__path__"):
                homes.setdefault(public, set()).add(name)
    twice = {n: m for n, m in homes.items() if len(m) > 1}
    assert twice == {n: m for n, m in DELIBERATE.items()}, twice


def test_every_module_names_its_public_api():
    for name, module in modules():
        assert hasattr(module, "__all__"), f"{name} has no __all__"
        missing = [n for n in module.__all__ if not hasattr(module, n)]
        assert not missing, (name, missing)


def lesson_titles() -> dict[int, str]:
    titles = {}
    for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"):
        first = "".join(json.loads(path.read_text())["cells"][0]["source"]).splitlines()[0]
        number, title = re.fullmatch(r"# (\d+)\. (.*)", first).groups()
        titles[int(number)] = title
    return titles


CITATION = re.compile(r'[Ll]essons? (\d\d)(?: (?:to|and) (\d\d))?(?:, "([^"]+)")?')


def docstrings():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in [tree, *ast.walk(tree)]:
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef):
                text = ast.get_docstring(node)
                if text:
                    yield path, node, text


def test_every_lesson_cited_in_a_docstring_exists_with_that_title():
    titles = lesson_titles()
    cited = 0
    for path, _, text in docstrings():
        for first, last, title in CITATION.findall(text.replace("\n", " ")):
            for number in {int(first), int(last or first)}:
                assert number in titles, f"{path.name} cites lesson {number:02d}: not there"
            if title:
                assert titles[int(first)].lower().startswith(title.lower()), \
                    f"{path.name}: lesson {first} is {titles[int(first)]!r}, not {title!r}"
            cited += 1
    assert cited > 50


#: Views that a lesson may show inside another one.
INSIDE = {"ParameterEditor": "Dashboard", "Stepper": "Dashboard", "Trainer": "Dashboard"}


def lesson_code(number: int) -> str:
    path = next(NOTEBOOKS.glob(f"{number:02d}_*.ipynb"))
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


#: Modules of widgets/ that hold parts of views, not views.
NOT_VIEWS = ("__init__", "view", "card", "model", "controls")


@pytest.mark.parametrize("module", sorted(p.stem for p in (PACKAGE / "widgets").glob("*.py")
                                          if p.stem not in NOT_VIEWS))
def test_the_lessons_a_view_cites_are_the_lessons_that_show_it(module):
    # "Taught in lesson 10" on a view that lesson 10 never builds sends a reader astray.
    path = PACKAGE / "widgets" / f"{module}.py"
    text = ast.get_docstring(ast.parse(path.read_text())).replace("\n", " ")
    views = [n for n in importlib.import_module(f"nnlesson.widgets.{module}").__all__
             if isinstance(getattr(nnlesson.widgets, n, None), type)
             and issubclass(getattr(nnlesson.widgets, n), nnlesson.widgets.View)]
    assert views, module
    for first, last, _ in CITATION.findall(text)[:1]:
        for number in range(int(first), int(last or first) + 1):
            code = lesson_code(number)
            built = [v for v in views if re.search(rf"\b({v}|{INSIDE.get(v, v)})\(", code)]
            assert built, \
                f"{module}: cites lesson {number:02d}, which builds none of {views}"


def test_the_lazy_namespaces_read_every_modules_whole_all():
    # nnlesson.lazy parses only the `__all__ = [...]` statement: it must find the same names
    # a full parse finds, in every module, so that no public name goes missing.
    from nnlesson.lazy import _public

    checked = 0
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                if isinstance(node.value, ast.List):   # a literal list: what lazy reads
                    assert _public(source) == ast.literal_eval(node.value), path
                    checked += 1
    assert checked > 80
