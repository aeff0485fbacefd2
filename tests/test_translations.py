"""The Chinese lessons follow the English ones: same cells, same code, translations up to date."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import translations  # noqa: E402

CJK = re.compile(r"[\u3400-\u9fff]")
LESSONS = [path.name for path in translations.lessons()]


def twin(name: str) -> tuple[dict, dict]:
    return (translations.read(translations.ENGLISH / name),
            translations.read(translations.CHINESE / name))


def test_every_english_lesson_has_a_chinese_twin_and_no_twin_is_an_orphan():
    chinese = {path.name for path in translations.CHINESE.glob("*.ipynb")}
    assert sorted(set(LESSONS) - chinese) == []
    assert sorted(chinese - set(LESSONS) - translations.CHINESE_ONLY) == []


@pytest.mark.parametrize("name", LESSONS)
def test_same_cells_in_the_same_order_and_the_same_code(name):
    english, chinese = twin(name)
    assert [c["cell_type"] for c in chinese["cells"]] == [c["cell_type"] for c in english["cells"]]
    first = True
    for index, (en, zh) in enumerate(zip(english["cells"], chinese["cells"], strict=True)):
        assert en.get("metadata", {}).get("tags") == zh.get("metadata", {}).get("tags"), index
        if en["cell_type"] == "code":
            expected = translations.chinese_code(translations.source(en), first)
            assert translations.source(zh) == expected, f"{name} cell {index}: code differs"
            first = False


@pytest.mark.parametrize("name", LESSONS)
def test_every_translation_is_of_the_english_text_as_it_is_now(name):
    assert translations.stale(name) == [], \
        f"{name}: these Markdown cells changed in English (or were never translated) since " \
        "their translation; see tools/translations.py"


@pytest.mark.parametrize("name", LESSONS)
def test_the_prose_is_chinese_and_keeps_the_posts_names(name):
    english, chinese = twin(name)
    for index, (en, zh) in enumerate(zip(english["cells"], chinese["cells"], strict=True)):
        if en["cell_type"] != "markdown":
            continue
        text = translations.source(zh)
        assert CJK.search(text), f"{name} cell {index} has no Chinese"
        # The post's variable names stay as they are (net_h1, out_o1, w5, E_total ...).
        for token in set(re.findall(r"\b(?:net|out)_[ho]\d\b|\bw\d\b|\bE_total\b",
                                    translations.source(en))):
            assert token in text, f"{name} cell {index} lost {token}"


@pytest.mark.parametrize("name", LESSONS)
def test_links_lead_to_chinese_pages_that_exist(name):
    _, chinese = twin(name)
    text = "".join(translations.source(c) for c in chinese["cells"] if c["cell_type"] == "markdown")
    for target in re.findall(r"\]\(([^)#]+?\.ipynb)", text):
        assert (translations.CHINESE / target).exists(), f"{name} links to {target}"
    if name[:2].isdigit():
        assert "glossary.ipynb" in text, f"{name} does not link the glossary"
