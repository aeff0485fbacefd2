"""Predict, then check: answers computed by the package, checked, revealed only after answering."""

import pytest

from nnlesson import CLASSIC, ParameterError, gradients, widgets
from nnlesson.practice import Question, check_prediction, questions


def test_every_question_computes_a_valid_answer():
    for id in questions.QUESTIONS:
        q = questions.question(id)
        assert q.id == id and q.prompt and q.why
        assert check_prediction(q, q.answer if q.kind == "choice" else str(q.answer)).correct


def test_the_larger_gradient_is_the_engines():
    q = questions.question("06-larger-gradient")
    g = gradients(CLASSIC)
    expected = "∂E_total/∂w5" if abs(g.dE_dw5) > abs(g.dE_dw1) else "∂E_total/∂w1"
    assert q.shown_answer == expected
    assert check_prediction(q, expected).correct
    wrong = next(c for c in q.choices if c != expected)
    verdict = check_prediction(q, wrong)
    assert not verdict.correct and expected in verdict.reveal


def test_a_number_question_reads_numbers_only():
    q = Question(id="x", kind="number", prompt="How many?", answer=12.0, why="Because.")
    assert check_prediction(q, "12").correct and check_prediction(q, "12,0").correct
    assert not check_prediction(q, "13").correct
    refused = check_prediction(q, "__import__('os')")
    assert not refused.correct and "not a number" in refused.message and refused.reveal == ""


def test_no_answer_reveals_nothing():
    q = questions.question("06-larger-gradient")
    verdict = check_prediction(q, None)
    assert not verdict.correct and verdict.reveal == ""
    with pytest.raises(ParameterError, match="not a question of the lessons"):
        questions.question("99-nothing")


def test_the_widget_reveals_the_answer_only_after_a_check():
    ui = widgets.Predict("06-larger-gradient")
    q = ui.model.question
    page = ui.prompt.value + ui.feedback.value
    assert q.why not in page and "The answer" not in page and ui.feedback.value == ""
    ui.input.value = q.choices[1 - int(q.answer)]
    ui.check.click()
    assert "Not this time" in ui.feedback.value and q.shown_answer in ui.feedback.value
    ui.input.value = q.choices[int(q.answer)]
    ui.check.click()
    assert "Right" in ui.feedback.value
    assert repr(ui) == "Predict('06-larger-gradient')"
