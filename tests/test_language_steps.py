"""The worked example in Chinese: step explanations, formulas' words, tables and the diagram.

The numbers are the same in both languages; only the sentences around them change.
"""

from __future__ import annotations

import re

import pytest

from nnlesson import CLASSIC, trace
from nnlesson.errors import ParameterError
from nnlesson.example.formulas import formulas
from nnlesson.example.steps import phase_title
from nnlesson.language import set_language
from nnlesson.show import worked
from nnlesson.show.diagram import draw, frames, values_so_far

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_every_step_is_explained_in_chinese_with_the_same_numbers(chinese):
    zh = trace(CLASSIC)
    set_language("en")
    en = trace(CLASSIC)
    set_language("zh")
    assert [s.value for s in zh] == [s.value for s in en]
    for step in zh:
        assert CJK.search(step.explanation), (step.name, step.explanation)
        # The post's names stay as they are.
        assert step.name.split("_")[0] in step.text
    w5 = zh["w5_new"].explanation
    assert "梯度下降" in w5 and "w5" in w5 and "减小" in w5 and "  " not in w5
    assert zh["dE_dw5"].explanation.startswith("链式法则")
    assert "。原博文从不更新偏置" in zh["dE_db1"].explanation   # two sentences, no space


def test_the_words_inside_formulas_follow_the_language(chinese):
    relu = trace(CLASSIC, hidden_activation="relu")
    assert r"\text{当}\: net_{h1} \leq 0" in relu["out_h1"].formula
    assert r"\text{其他情况}" in relu["out_h1"].formula
    out_h1 = next(f for f in formulas(relu.options) if f.name == "out_h1")
    assert "<mtext>其他情况</mtext>" in "".join(out_h1.mathml.pieces)
    after = trace(CLASSIC)["E_total_new"]
    assert r"\text{更新后的参数}" in after.formula
    assert after.text == "E_total+ = 用更新后的参数算出的 E_total = 0.291027774"
    set_language("en")
    assert r"\text{otherwise}" in trace(CLASSIC, hidden_activation="relu")["out_h1"].formula
    assert trace(CLASSIC)["E_total_new"].text.startswith("E_total+ = E_total at the updated")


def test_tables_of_the_worked_example_in_chinese(chinese):
    t = trace(CLASSIC)
    phases = worked.phases(t).text
    assert phases.splitlines()[0].split() == ["阶段", "步数", "第一步", "最后一步"]
    assert "前向传播" in phases and "参数更新" in phases
    assert phase_title("hidden-gradients") == "隐藏层的梯度"
    update = worked.steps(t, "update")
    assert update.text.splitlines()[0] == "参数更新（共 9 步）"
    assert update.markdown.startswith("**参数更新**（共 9 步）")
    table = worked.parameter_table().text
    assert "权重 h1 → o1" in table and "h1 和 h2 共用的偏置" in table and "0.55" in table
    notation = worked.notation_map(t).text
    assert "o1 处的误差项：∂E_total/∂net_o1" in notation and "0.138498562" in notation
    assert "第 16 步时的网络" in worked.network_at(t, "dE_dw5").text


def test_a_refusal_in_chinese_names_the_value_and_what_is_allowed(chinese):
    t = trace(CLASSIC)
    with pytest.raises(ParameterError) as refused:
        t.phase_start("backward")
    said = str(refused.value)
    assert "'backward'" in said and "不是本次演算中的阶段" in said
    assert "forward、error、output-gradients" in said
    with pytest.raises(ParameterError) as refused:
        worked.published(["w9"])
    assert "'w9'" in str(refused.value) and "不是原博文印出的值" in str(refused.value)
    with pytest.raises(KeyError, match="没有名为 'w9' 的步骤"):
        t["w9"]


def test_the_diagram_speaks_chinese(chinese):
    t = trace(CLASSIC)
    svg = draw(t["dE_dw5"], values_so_far(t, 15))
    assert 'aria-label="第 16 步：dE_total/dw5 = ' in svg and "0.082167041" in svg
    for word in ("前向传播", "反向传播（梯度）", "更新"):
        assert f">{word}</text>" in svg
    base = frames(t, range(3), names={0: [], 1: [], 2: []})["svg"]
    assert ">反向传播（梯度）</text>" in base
    set_language("en")
    assert ">backward pass (gradients)</text>" in draw(t["dE_dw5"], values_so_far(t, 15))
