"""Fresh numbers (lesson 11): drawn from a seed the same way everywhere, in range, sensible."""

from __future__ import annotations

import time

import pytest

from nnlesson import CLASSIC, ParameterError, trace
from nnlesson.example import numbers
from nnlesson.example.exercises import (
    MISTAKES,
    PRACTICE_STEPS,
    ROUNDING_BAND,
    mistake_variants,
    reference_point,
)
from nnlesson.example.params import WEIGHTS

SEEDS = [0, 1, 2, 3, 17, 1000, 4821, 9999, 123456]


def test_a_seed_gives_the_same_numbers_on_every_machine():
    # SHA-256 of the seed, not a generator's state: these exact numbers, always. If this test
    # fails, every seed a teacher has written down now means other numbers.
    assert numbers.drawn(4821).to_dict() == {
        "i1": 0.59, "i2": 0.21, "w1": -0.88, "w2": 0.36, "w3": 0.85, "w4": 0.21, "w5": -0.35,
        "w6": 0.66, "w7": -0.17, "w8": -0.82, "b1": -0.37, "b2": 0.85, "target_o1": 0.89,
        "target_o2": 0.47, "learning_rate": 0.5}
    assert numbers.drawn(1, "s01").to_dict()["w5"] == -0.53
    assert numbers.next_seed(None) == 2636


@pytest.mark.parametrize("seed", SEEDS)
def test_drawn_numbers_are_in_range_with_two_decimals(seed):
    p = numbers.drawn(seed)
    for name, value in p.to_dict().items():
        assert value * 100 == pytest.approx(round(value * 100), abs=1e-9), (name, value)
    for name in WEIGHTS + ("b1", "b2"):
        assert -1 <= getattr(p, name) <= 1
    assert 0 <= p.i1 <= 1 and 0 <= p.i2 <= 1
    assert 0.01 <= p.target_o1 <= 0.99 and 0.01 <= p.target_o2 <= 0.99
    assert p.learning_rate == numbers.LEARNING_RATE


@pytest.mark.parametrize("seed", SEEDS)
def test_drawn_numbers_are_sensible(seed):
    p = numbers.drawn(seed, "student")
    assert numbers.unsuitable(p) == ()
    t = trace(p)
    assert all(abs(g) >= numbers.MIN_GRADIENT for g in t.gradients.values()), t.gradients
    kinds = set()
    for name in PRACTICE_STEPS:
        right, start = t.value(name), reference_point(t, name)
        for kind, value in mistake_variants(t, name):
            kinds.add(kind)
            assert abs(value - right) > 2 * ROUNDING_BAND * abs(right - start), (name, kind)
    assert kinds == set(MISTAKES) - {"rounding"}   # every mistake can be made, and told apart


def test_a_refused_set_is_redrawn_deterministically():
    seed, student = 4821, "s07"
    first = next(k for k in range(numbers.MAX_ATTEMPTS)
                 if not numbers.unsuitable(numbers.candidate(seed, student, k)))
    assert numbers.drawn(seed, student) == numbers.candidate(seed, student, first)
    assert all(numbers.unsuitable(numbers.candidate(seed, student, k)) for k in range(first))
    refused = sum(bool(numbers.unsuitable(numbers.candidate(7, "x", k))) for k in range(40))
    assert 0 < refused < 40      # some attempts are refused, most seeds need few


def test_unsuitable_names_why():
    assert numbers.unsuitable(CLASSIC) == ()
    assert "vanishing:w1" in numbers.unsuitable(CLASSIC.replace(i1=0.0))   # dE/dw1 = ... * i1
    # w5 = 0 cuts the path from h1 through o1: leaving it out changes nothing.
    assert "close:dE_dw1:missing-path" in numbers.unsuitable(CLASSIC.replace(w5=0.0))
    assert numbers.unsuitable(CLASSIC.replace(w1=1000, i1=1000)) != ()


def test_each_student_gets_their_own_numbers():
    drawn = [numbers.drawn(5, f"s{k:02d}") for k in range(30)]
    assert len(set(drawn)) == 30
    assert numbers.drawn(5, "s01") == numbers.drawn(5, "s01")
    assert numbers.drawn(5, "s01") != numbers.drawn(6, "s01") != numbers.drawn(6)


def test_new_numbers_walk_the_four_digit_seeds_and_name_their_seed():
    seed, seen = None, []
    for _ in range(20):
        seed = numbers.next_seed(seed)
        assert seed in numbers.SEEDS and seed not in seen[-1:]
        seen.append(seed)
    assert len(set(seen)) > 15
    assert numbers.seed_of(numbers.drawn(seen[0])) == seen[0]
    assert numbers.seed_of(CLASSIC) is None
    assert numbers.seed_of(numbers.drawn(3, "s01")) is None   # a student's set is the key's


@pytest.mark.parametrize("seed", [-1, 1.5, "12", True])
def test_a_bad_seed_is_refused_by_name(seed):
    with pytest.raises(ParameterError, match="seed"):
        numbers.drawn(seed)


def test_drawing_is_quick_enough_for_a_class():
    start = time.perf_counter()
    for k in range(10):
        numbers.drawn(777, f"quick{k}")
    per_student = (time.perf_counter() - start) / 10
    assert per_student < 1.0, f"{per_student:.2f} s per student"
