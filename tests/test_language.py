"""The message layer: every sentence in the package has a whole Chinese sentence, slots kept."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from nnlesson import language
from nnlesson.language import _, catalog, current_language, join, set_language

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "nnlesson"
CATALOG = PACKAGE / "locales" / "zh"
CJK = re.compile(r"[\u3400-\u9fff]")


def calls():
    """Every `_(...)` call in the package: (where, first argument node)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "_" and node.args:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def sentences() -> dict[str, str]:
    """Every sentence the package passes through `_`, with where it is first used."""
    found: dict[str, str] = {}
    for where, node in calls():
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.setdefault(first.value, where)
    return found


def slots(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_every_message_is_one_literal_sentence():
    # A sentence built at run time (an f-string, a variable, "a" + "b") cannot be in a catalog.
    def literal(node: ast.Call) -> bool:
        return isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)

    built = [where for where, node in calls() if not literal(node)]
    assert built == []


def test_every_sentence_has_a_chinese_entry():
    zh = catalog("zh")
    missing = {text: where for text, where in sentences().items() if text not in zh}
    assert missing == {}, f"{len(missing)} sentences have no Chinese entry, for example " \
        f"{next(iter(missing.items()))}"


def test_each_translation_keeps_the_slots_and_is_chinese():
    zh = catalog("zh")
    wrong = {}
    for text in sentences():
        if text not in zh:
            continue
        translated = zh[text]
        if slots(translated) != slots(text):
            wrong[text] = f"slots {sorted(slots(translated))} instead of {sorted(slots(text))}"
        elif re.search(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", text)) \
                and not CJK.search(translated):
            wrong[text] = "not translated"
    assert wrong == {}


def test_the_catalog_holds_only_sentences_the_package_uses():
    used = set(sentences())
    unused = sorted(key for key in catalog("zh") if key not in used)
    assert unused == [], f"{len(unused)} entries no code asks for, e.g. {unused[:3]}"


def test_catalog_files_are_plain_json_with_one_translation_per_sentence():
    seen: dict[str, str] = {}
    for part in sorted(CATALOG.glob("*.json")):
        entries = json.loads(part.read_text("utf-8"))
        assert all(isinstance(v, str) for v in entries.values()), part.name
        for key in entries:
            if not key.startswith("#"):
                assert key not in seen, f"{key!r} in both {seen.get(key)} and {part.name}"
                seen[key] = part.name


# Keyword arguments that put words on a control; each must come from `_`.
LABELS = {"description", "tooltip", "placeholder", "button_style_label", "help", "title"}


def test_controls_and_refusals_are_labelled_through_the_message_layer():
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg in LABELS and isinstance(value, ast.Constant) \
                        and isinstance(value.value, str) and re.search("[A-Za-z]{2}", value.value):
                    bare.append(f"{where} {keyword.arg}={value.value!r}")
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            # ParameterError(name, value, problem, allowed): the name is the code's own.
            said = {"ParameterError": node.args[2:4], "NumericError": node.args[:1],
                    "UsageError": node.args[:1]}.get(name, [])
            if any(isinstance(arg, (ast.Constant, ast.JoinedStr)) for arg in said):
                bare.append(f"{where} {name}(...) without _")
    assert bare == []


def test_the_language_is_chosen_once_and_english_is_the_default(monkeypatch):
    monkeypatch.delenv("NNLESSON_LANG", raising=False)
    language._chosen.clear()
    assert current_language() == "en"
    monkeypatch.setenv("NNLESSON_LANG", "zh_CN.UTF-8")
    assert current_language() == "zh"
    monkeypatch.setenv("NNLESSON_LANG", "fr")
    assert current_language() == "en"
    set_language("zh")
    assert current_language() == "zh" and join(["a", "b"]) == "a、b"
    set_language("en")
    assert join(["a", "b"]) == "a, b"
    with pytest.raises(ValueError, match="not a known language"):
        set_language("klingon")


def test_a_sentence_in_chinese_fills_its_slots():
    zh = catalog("zh")
    text = next((t for t in sentences() if t in zh and slots(t)), None)
    assert text is not None, "no translated sentence with slots yet"
    set_language("zh")
    filled = _(text, **{name: "<" + name + ">" for name in slots(text)})
    assert CJK.search(filled) and all(f"<{name}>" in filled for name in slots(text))
