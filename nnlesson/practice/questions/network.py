"""Predict-then-check questions of lessons 13 to 15: activations, vanishing gradients, matrices."""

from __future__ import annotations

from collections.abc import Callable

from ..predict import Question

__all__ = ["QUESTIONS"]

#: Each question by its id ("NN-what", NN the lesson), made when asked.
QUESTIONS: dict[str, Callable[[], Question]] = {}
