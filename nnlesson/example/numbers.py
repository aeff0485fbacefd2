"""Fresh, sensible numbers for the 2-2-2 network, drawn from a seed a teacher can reproduce.

Taught in lesson 11, "Check yourself": "New numbers" in every exercise, and one set
per student on the sheets of `python -m nnlesson sheet`. Weights and biases have two
decimals in [-1, 1], inputs two decimals in [0.05, 1], targets in [0.01, 0.99], and the
learning rate is the post's 0.5.

The numbers come from SHA-256 of the seed, the student's id and an attempt number,
not from a random generator's state: the same seed gives the same numbers on every
machine and Python version. A set is refused, and the next attempt drawn, when a
gradient is too small to survive rounding or when a mistake of `exercises` could
not be told from the right answer, from rounding or from another mistake
(`unsuitable` says which).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from itertools import combinations

from ..errors import NumericError, ParameterError, check_count
from ..language import _
from .exercises import (
    PRACTICE_STEPS,
    RELATIVE_TOLERANCE,
    ROUNDING_BAND,
    mistake_variants,
    reference_point,
)
from .params import DEFAULT, Options, Params
from .steps import trace

__all__ = ["LEARNING_RATE", "MAX_ATTEMPTS", "MIN_GRADIENT", "SEEDS", "candidate", "drawn",
           "next_seed", "seed_of", "unsuitable"]

#: The seeds "New numbers" walks through: four digits, easy to read out and write down.
SEEDS = range(1000, 10000)
#: Every gradient at least this large: its update shows in the fourth decimal place.
MIN_GRADIENT = 1e-4
#: The learning rate of every drawn set (the post's).
LEARNING_RATE = 0.5
#: Attempts before giving up (about one set in three is kept; none has come near this).
MAX_ATTEMPTS = 10_000
#: A mistake's value must be this far (4 %) from the right answer, twice the rounding band,
MISTAKE_GAP = 2 * ROUNDING_BAND
#: ... and mistakes of different kinds this far (1 %) apart, ten times the tolerance.
KINDS_APART = 10 * RELATIVE_TOLERANCE

#: The seed of each set drawn for no particular student in this process (`seed_of`).
_SEED_OF: dict[Params, int] = {}


def _stream(seed: int, student: str, attempt: int) -> Iterator[int]:
    """Unsigned 32-bit numbers from SHA-256 of (seed, student, attempt, block)."""
    block = 0
    while True:
        digest = hashlib.sha256(f"nnlesson-numbers:{seed}:{student}:{attempt}:{block}"
                                .encode()).digest()
        for k in range(0, len(digest), 4):
            yield int.from_bytes(digest[k:k + 4], "big")
        block += 1


def _hundredths(stream: Iterator[int], low: int, high: int) -> float:
    """A number of two decimals from low/100 to high/100 (modulo bias below 1e-7)."""
    return (low + next(stream) % (high - low + 1)) / 100


def candidate(seed: int, student: str = "", attempt: int = 0) -> Params:
    """Attempt number `attempt` for `seed` and `student`, sensible or not."""
    s = _stream(seed, student, attempt)
    numbers = {"i1": _hundredths(s, 5, 100), "i2": _hundredths(s, 5, 100)}
    numbers |= {f"w{k}": _hundredths(s, -100, 100) for k in range(1, 9)}
    numbers |= {"b1": _hundredths(s, -100, 100), "b2": _hundredths(s, -100, 100),
                "target_o1": _hundredths(s, 1, 99), "target_o2": _hundredths(s, 1, 99)}
    return Params(**numbers, learning_rate=LEARNING_RATE)


@cache
def drawn(seed: int, student: str = "") -> Params:
    """The first sensible set for `seed` (and `student`, for a class's sheets)."""
    check_count("seed", seed, minimum=0)
    if not isinstance(student, str):
        raise ParameterError("student", student, _("not a text"),
                             _("a student's id, such as 's01'"))
    for attempt in range(MAX_ATTEMPTS):
        params = candidate(seed, student, attempt)
        if not unsuitable(params):
            if not student:
                _SEED_OF.setdefault(params, seed)
            return params
    raise NumericError(_("no sensible numbers for seed {seed} in {attempts} attempts", seed=seed,
                         attempts=MAX_ATTEMPTS))


def next_seed(seed: int | None) -> int:
    """The seed after `seed` (None: the first), in the order "New numbers" walks SEEDS."""
    digest = hashlib.sha256(f"nnlesson-next-seed:{seed}".encode()).digest()
    following = SEEDS[int.from_bytes(digest[:8], "big") % len(SEEDS)]
    return following if following != seed else SEEDS[(SEEDS.index(following) + 1) % len(SEEDS)]


def seed_of(params: Params) -> int | None:
    """The seed `params` were drawn from (no student) in this process, or None."""
    return _SEED_OF.get(params)


def unsuitable(params: Params, options: Options = DEFAULT) -> tuple[str, ...]:
    """Why these numbers would make a poor exercise; () when they are sensible.

    Each reason is a code: "vanishing:w1" (a gradient under MIN_GRADIENT),
    "close:dE_dw1:missing-path" (a mistake within MISTAKE_GAP of the right answer),
    "ambiguous:dE_dw1:half-factor/missing-path" (two kinds of mistake give about
    the same answer), "diverged" (the engine refused the numbers).
    """
    try:
        t = trace(params, options=options)
    except (ParameterError, NumericError):
        return ("diverged",)
    reasons = [f"vanishing:{name}" for name, g in t.gradients.items() if abs(g) < MIN_GRADIENT]
    for name in PRACTICE_STEPS:
        if name not in t:
            continue
        right, start = t[name].value, reference_point(t, name)
        size = abs(right - start)
        variants = mistake_variants(t, name)
        for kind, value in variants:
            if abs(value - right) <= MISTAKE_GAP * size:
                reasons.append(f"close:{name}:{kind}")
        for (kind_a, a), (kind_b, b) in combinations(variants, 2):
            if kind_a != kind_b and abs(a - b) <= KINDS_APART * size:
                reasons.append(f"ambiguous:{name}:{kind_a}/{kind_b}")
    return tuple(dict.fromkeys(reasons))
