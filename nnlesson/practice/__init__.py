"""Practice: the learner does backpropagation, and the teacher hands it out and grades it.

- `predict`: predict-then-check questions, each computed by the package (never typed);
- `questions`: every lesson's predict-then-check questions, by id;
- `yourself`: the learner's own forward and backward pass, checked, with the slip named
  (lessons 12, 16 and 17), and `blank`, the line still to write;
- `solutions`: the reference solutions of those lessons, and purpose-made slips for tests.
"""

from . import predict, questions, solutions, yourself
from .predict import Question, Verdict, check_prediction
from .yourself import (
    Blank,
    Diagnosis,
    blank,
    check_matrix_form,
    check_three_four_two,
    check_two_two_two,
)

__all__ = ["Blank", "Diagnosis", "Question", "Verdict", "blank", "check_matrix_form",
           "check_prediction", "check_three_four_two", "check_two_two_two", "predict",
           "questions", "solutions", "yourself"]
