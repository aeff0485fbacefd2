"""The worked example's views in Chinese: stepper, card, editor, trainer and dashboard.

Every word on them comes through the message layer; the numbers are the same in both
languages, and a refusal in Chinese still names the value and what is allowed.
"""

from __future__ import annotations

import json
import re

import pytest

from nnlesson import widgets
from nnlesson.formatting import fmt
from nnlesson.language import set_language
from nnlesson.widgets.card import card_words
from nnlesson.widgets.editor import label, title

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def words(markup: str) -> str:
    """The text of some HTML, without tags, numbers, names such as E_total, or option values."""
    text = re.sub(r"<[^>]+>", " ", markup)
    text = re.sub(r"\b\w*_\w*\b|\b[a-z]\d\b|-?\d[\d.e\-]*", " ", text)
    for value in ("half-squared", "cross-entropy", "output-first", "per-neuron", "sigmoid",
                  "relu", "tanh", "identity", "squared", "shared", "frozen", "simultaneous"):
        text = text.replace(value, " ")
    return text


def english(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", words(text))


def test_the_stepper_buttons_and_card_are_in_chinese(chinese):
    stepper = widgets.Stepper(phase="forward")
    said = stepper.frames["words"]
    assert (said["first"], said["previous"], said["next"], said["last"]) == \
        ("第一步", "上一步", "下一步", "最后一步")
    assert (said["play"], said["pause"]) == ("播放", "暂停")
    for key, text in said.items():
        assert CJK.search(text), (key, text)
        assert english(re.sub(r"\{\w+\}", " ", text)) == [], (key, text)
    # The page fills the slots itself: they are kept.
    assert "{number}" in said["position"] and "{total}" in said["position"]
    assert said["head"] == "{phase} · 第 {number} 步（共 {total} 步）"
    assert stepper.frames["phases"]["forward"] == "前向传播"
    assert card_words()["formula"] == "公式"
    fallback = stepper._repr_mimebundle_()[0]["text/html"]
    assert "运行这个单元格" in fallback and "Run this cell" not in fallback


def test_the_numbers_on_the_card_do_not_change_with_the_language(chinese):
    stepper = widgets.Stepper()
    zh, zh_numbers = json.loads(stepper.data), json.loads(stepper.numbers)
    set_language("en")
    stepper = widgets.Stepper()
    en, en_numbers = json.loads(stepper.data), json.loads(stepper.numbers)
    assert zh_numbers["card"] == en_numbers["card"]
    assert zh_numbers["diagram"] == en_numbers["diagram"]
    assert zh_numbers["why"] != en_numbers["why"]   # the sentences are translated
    assert zh["total"] == en["total"]
    assert zh["words"]["next"] == "下一步" and en["words"]["next"] == "Next"


def test_the_editor_labels_and_summary_are_in_chinese(chinese):
    editor = widgets.ParameterEditor()
    assert editor.fields["target_o1"].description == "目标值 o1"
    assert editor.fields["learning_rate"].description == "学习率 η"
    assert editor.options["loss"].description == label("loss") == "损失函数"
    assert editor.fields["w5"].description == "w5"   # the post's names stay
    assert title("Hidden-layer weights") == "隐藏层权重"
    assert editor.reset.description == "恢复经典示例"
    E = editor.model.trace["E_total"].value
    summary = editor.summary.value
    assert f"<b>{fmt(E)}</b>" in summary and "更新一次后为" in summary
    assert english(summary) == []


def test_a_refused_number_says_in_chinese_what_it_was_and_what_is_allowed(chinese):
    model = widgets.LessonModel()
    editor = widgets.ParameterEditor(model)
    editor.fields["w5"].value = "abc"
    message = editor.messages["w5"].value
    assert "w5 = &#x27;abc&#x27;" in message and "允许的值" in message
    assert model.params.w5 == 0.4                      # the last good number stays
    assert not model.set_number("w9", 1)
    assert "w9 = 1：未知的参数。允许的值：" in model.message
    assert "i1、i2、w1" in model.message              # the list as Chinese writes one
    with pytest.raises(ValueError, match="phase = 'nope'：不是演算中的阶段。允许的值：forward、"):
        widgets.Stepper(phase="nope")


def test_the_trainer_in_chinese_keeps_its_numbers(chinese):
    trainer = widgets.Trainer(steps=100)
    assert (trainer.train.description, trainer.steps.description) == ("训练", "更新次数")
    assert trainer.compare.label == "不对比"
    assert "请按“训练”" in trainer.result.value
    assert trainer.compare.options[1][0] == "隐藏层激活函数：tanh"
    trainer.compare.value = ("order", "output-first")
    assert trainer.run()
    history = trainer.history
    assert history is not None
    result = trainer.result.value
    assert "当前设置" in result and "更新顺序：output-first" in result
    assert fmt(history.E_total[-1]) in result
    assert f"{fmt(history.out_o1[-1])}（目标值 0.01）" in result
    assert english(result) == []
    chart = trainer.plot.value
    assert "误差 E_total（对数刻度）" in chart and "E_total（当前设置）" in chart
    described = re.search(r'aria-label="([^"]*)"', chart) or re.search(r"<desc>([^<]*)", chart)
    assert described is not None
    text = described.group(1)
    assert f"在 100 次更新中，E_total 从 {fmt(history.E_total[0])} 降到 " \
        f"{fmt(history.E_total[-1])}" in text
    assert "。虚线（更新顺序：output-first）" in text   # no space between Chinese sentences
    trainer.model.set_number("w5", 0.5)
    assert "请按“训练”，用新的设置重新训练" in trainer.message.value
    trainer.steps.value = -1
    assert not trainer.run()
    assert "steps = -1" in trainer.message.value and "允许的值" in trainer.message.value


def test_the_dashboard_in_chinese(chinese):
    dashboard = widgets.Dashboard()
    assert dashboard.projector.description == "投影模式"
    assert CJK.search(dashboard.projector.tooltip)
    assert "经典的 2-2-2 示例：逐步演算" in dashboard._title.value
    assert [h.value.rsplit(">", 2)[1][:-4] for h in dashboard._headings] == ["修改数字", "训练"]
    page = dashboard._repr_mimebundle_()["text/html"]
    assert "<h2>经典的 2-2-2 示例：逐步演算</h2>" in page


def test_english_is_unchanged():
    trainer = widgets.Trainer(steps=10)
    assert trainer.compare.options[1][0] == "hidden activation: tanh"
    assert widgets.ParameterEditor().options["loss"].description == "loss"
    assert widgets.Stepper(phase="update").frames["phases"]["update"] == "The update"
    with pytest.raises(ValueError, match=r"one of forward, error, output-gradients"):
        widgets.Stepper(phase="nope")
