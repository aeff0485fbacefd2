"""The compiled training loop: the trace's definitions, run in one loop, match the engine."""

import math

import numpy as np
import pytest

from nnlesson import CLASSIC, DEFAULT, NumericError, Params
from nnlesson.example.engine import ChainRuleSteps, with_neuron_biases
from nnlesson.example.loop import compiled
from nnlesson.example.params import parameter_names
from nnlesson.example.training import train
from nnlesson.maths.compare import ROUNDING

from combos import ALL_OPTIONS, label


def by_records(params: Params, options, steps: int) -> dict[str, list[float]]:
    """The same training, update by update, through the engine's records alone."""
    stepper, p = ChainRuleSteps(options), with_neuron_biases(params, options)
    out: dict[str, list[float]] = {"E_total": []}
    for k in range(steps + 1):
        out["E_total"].append(stepper.measure(p, "")[0])
        for name in parameter_names(options):
            out.setdefault(name, []).append(getattr(p, name))
        if k < steps:
            p = stepper.advance(p)
    return out


@pytest.mark.parametrize("options", ALL_OPTIONS, ids=label)
def test_the_loop_is_the_engine_to_rounding_for_every_option(options):
    params = CLASSIC.replace(learning_rate=0.05)  # small enough for every option to settle
    fast = train(params, steps=40, options=options)
    slow = by_records(params, options, 40)
    # The loop evaluates the very expressions the engine does, in the same order, so the
    # two agree to rounding (they are usually equal; == is not promised across code paths).
    np.testing.assert_allclose(fast.E_total, slow["E_total"], rtol=ROUNDING, atol=ROUNDING)
    for name in parameter_names(options):
        np.testing.assert_allclose(fast.parameters[name], slow[name], rtol=ROUNDING,
                                   atol=ROUNDING, err_msg=name)


def test_the_loop_is_printed_from_the_lessons_definitions():
    source = compiled(DEFAULT).source
    for line in ("net_h1 = w1*i1 + w2*i2 + b1",
                 "dE_dw5 = dE_total_dout_o1*dout_o1_dnet_o1*dnet_o1_dw5",
                 "w5_new = w5 - learning_rate*dE_dw5"):
        assert line in source


def test_a_saturated_sigmoid_hands_over_to_the_records():
    # exp(800) overflows a float: the loop stops there and the records saturate the sigmoid.
    params = CLASSIC.replace(w1=900.0, i1=1.0)
    h = train(params, steps=20)
    assert np.all(np.isfinite(h.E_total)) and h.parameters["w1"].shape == (21,)
    slow = by_records(params, train(params, steps=0).options, 20)
    np.testing.assert_allclose(h.E_total, slow["E_total"], rtol=ROUNDING, atol=ROUNDING)


def test_divergence_is_reported_with_the_update_that_ran_away():
    params = CLASSIC.replace(learning_rate=900.0, w5=900.0, i1=1.0)
    with pytest.raises(NumericError, match=r"update \d+ of 100: .*training has diverged"):
        train(params, steps=100, output_activation="identity", loss="squared")


def test_progress_is_reported_as_the_loop_goes():
    seen = []
    h = train(steps=1000, on_progress=seen.append)
    assert seen == list(range(10, 1001, 10)) and math.isfinite(h.E_total[-1])
