"""Predict-then-check questions of lessons 18 to 20: the classifier, learning rate, convolution."""

from __future__ import annotations

from collections.abc import Callable

from ..predict import Question

__all__ = ["QUESTIONS"]

#: Each question by its id ("NN-what", NN the lesson), made when asked.
QUESTIONS: dict[str, Callable[[], Question]] = {}
