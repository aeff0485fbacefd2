"""What nnlesson refuses, and how it says so: two errors, and the input checks every layer shares.

A bad value is stopped where it comes in, with a message that names it, says
what was wrong and what is allowed (lesson 01 shows one). Widgets catch these
two errors and show the message; nothing else ever reaches a learner.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np

from .language import _, join

__all__ = ["Described", "NumericError", "ParameterError", "check_array", "check_choice",
           "check_count", "check_learning_rate", "read_number"]

#: The largest learning rate anything accepts: far past any step that trains.
MAX_LEARNING_RATE = 1000.0


class ParameterError(ValueError):
    """A parameter or option that nnlesson refuses, with what is allowed."""

    def __init__(self, name: str, value: object, problem: str, allowed: str):
        self.name, self.value, self.problem, self.allowed = name, value, problem, allowed
        # The problem and what is allowed are whole clauses, each translated on its own.
        super().__init__(_("{name} = {value}: {problem}. Allowed: {allowed}.", name=name,
                           value=_show(value), problem=problem, allowed=allowed))


class NumericError(ArithmeticError):
    """A computation that left the finite numbers (overflow, log of 0, divergence)."""


class Described:
    """A value shown in an error message by what it is ("an array of shape (3, 4)")."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def check_choice(name: str, value: object, allowed: Sequence[str]) -> str:
    """`value` if it is one of `allowed`, else a ParameterError listing them."""
    if not isinstance(value, str) or value not in allowed:
        raise ParameterError(
            name, value, _("not a known choice"), _("one of {choices}", choices=join(allowed))
        )
    return value


def check_count(name: str, value: object, *, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number from `minimum` (to `maximum`), or a clear error."""
    allowed = (
        _("a whole number from {minimum} up", minimum=minimum)
        if maximum is None
        else _("a whole number from {minimum} to {maximum}", minimum=minimum, maximum=maximum)
    )
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ParameterError(name, value, _("not a whole number"), allowed)
    number = int(value)  # exact for an Integral; numbers.Integral declares only < and <=
    if number < minimum or (maximum is not None and number > maximum):
        raise ParameterError(name, value, _("out of range"), allowed)
    return number


def check_learning_rate(value: object, *, name: str = "learning_rate") -> float:
    """A step size: a number greater than 0 and at most MAX_LEARNING_RATE."""
    allowed = _("a number greater than 0 and at most {limit}", limit=f"{MAX_LEARNING_RATE:g}")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ParameterError(name, value, _("not a number"), allowed)
    if not math.isfinite(value):
        raise ParameterError(name, value, _("not a finite number"), allowed)
    # Not `0 < value <= ...`: numbers.Real declares only < and <=, and the value is finite.
    if value <= 0 or not value <= MAX_LEARNING_RATE:
        raise ParameterError(name, value, _("out of range"), allowed)
    return float(value)


def read_number(name: str, text: object, allowed: str | None = None) -> float:
    """What a learner typed, read as a finite number, and only as a number.

    Typed text never reaches sympify, parse_expr or eval: all three run Python.
    A decimal comma ("0,5") is accepted because many classrooms write it; "2,500"
    is refused, since it may mean 2.5 or two thousand five hundred. `allowed` says what
    may be typed (by default a finite number), in the current language.
    """
    if allowed is None:
        allowed = _("a finite number such as 0.0822")
    if not isinstance(text, str):
        value = text
    else:
        cleaned = text.strip()
        if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
            whole, fraction = cleaned.split(",")
            if len(fraction) == 3 and fraction.isdigit() and whole.lstrip("+-") not in ("", "0"):
                raise ParameterError(
                    name,
                    text,
                    _("ambiguous: the comma may be a decimal point or a thousands separator"),
                    _("{allowed}, written with a decimal point (2.5 or 2500)", allowed=allowed),
                )
            cleaned = cleaned.replace(",", ".")
        try:
            value = float(cleaned)
        except ValueError:
            raise ParameterError(name, text, _("not a number"), allowed) from None
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ParameterError(name, value, _("not a number"), allowed)
    if not math.isfinite(float(value)):
        raise ParameterError(name, value, _("not a finite number"), allowed)
    return float(value)


def check_array(name: str, value: object) -> np.ndarray:
    """`value` as a numpy array of finite numbers, or a clear error naming the first bad entry."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise ParameterError(
            name,
            Described(type(value).__name__),
            _("not an array of numbers"),
            _("a numpy array of finite numbers"),
        ) from None
    if array.dtype.kind not in "iuf" or array.dtype == np.float16:
        raise ParameterError(
            name,
            Described(_("an array of {dtype}", dtype=array.dtype)),
            _("not an array of numbers"),
            _("a numpy array of finite numbers"),
        )
    if array.size and not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ParameterError(
            name,
            Described(_("an array with {value} at index {index}", value=array[where],
                        index=where)),
            _("not every number is finite"),
            _("finite numbers only (no NaN or inf)"),
        )
    return array
