"""Practice: the learner does backpropagation, and the teacher hands it out and grades it.

- `predict`: predict-then-check questions, each computed by the package (never typed);
- `questions`: every lesson's predict-then-check questions, by id.
"""

from . import predict, questions
from .predict import Question, Verdict, check_prediction

__all__ = ["Question", "Verdict", "check_prediction", "predict", "questions"]
