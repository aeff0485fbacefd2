"""The learning-rate sweep: many 2-2-2 networks at once, each the 2-2-2 engine's to rounding."""

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.example.copies import TRAINING_TOLERANCE, agrees_with_engine, log_rates, sweep
from nnlesson.example.params import CLASSIC, Options
from nnlesson.example.training import train
from nnlesson.maths.compare import EPS

# The sweep computes with numpy's vectorised exp, the engine with Python's math.exp: the two
# may round differently in the last bit, on some processors only. After 200 updates at
# stable rates the parameters stay within a few EPS of each other (descent pulls nearby
# points together); measured at most 1.9 EPS with AVX-512, AVX2 or baseline code, so 64 EPS,
# relative to numbers of size 1, leaves a wide margin. E_total is compared relative to
# itself: measured at most 3.8 EPS after 200 updates.
PARAMETERS = dict(rtol=64 * EPS, atol=64 * EPS)
ERROR = dict(rtol=64 * EPS, atol=0)

OPTIONS = [Options(), Options(order="output-first"), Options(bias="shared"),
           Options(bias="per-neuron", order="output-first"), Options(loss="cross-entropy"),
           Options(hidden_activation="relu", output_activation="identity")]


@pytest.mark.parametrize("options", OPTIONS, ids=repr)
def test_every_copy_ends_where_the_engine_ends(options):
    rates = np.array([0.05, 0.5, 3.0])
    result = sweep(rates, steps=200, options=options)
    for k, rate in enumerate(rates):
        history = train(CLASSIC.replace(learning_rate=float(rate)), steps=200, options=options)
        np.testing.assert_allclose(result.E_total[k], history.E_total[-1], **ERROR)
        for name, values in result.parameters.items():
            np.testing.assert_allclose(values[k], history.parameters[name][-1], **PARAMETERS,
                                       err_msg=name)


def test_the_classic_rate_reproduces_10000_updates():
    result = sweep([0.5], steps=10_000)
    # After 10,000 updates E_total is 3.5e-5, a square of residuals near 0.006, so a last-bit
    # difference in out_o1 shows up larger in E_total relative to itself: measured 118 EPS.
    np.testing.assert_allclose(result.E_total[0], train(CLASSIC, steps=10_000).E_total[-1],
                               rtol=TRAINING_TOLERANCE, atol=0)


def test_tanh_agrees_to_rounding():
    options = Options(hidden_activation="tanh")
    rates = np.array([0.1, 1.0])
    alone = [train(CLASSIC.replace(learning_rate=float(r)), steps=100, options=options)
             for r in rates]
    np.testing.assert_allclose(sweep(rates, steps=100, options=options).E_total,
                               [h.E_total[-1] for h in alone], **ERROR)


def test_history_and_best_rate():
    result = sweep(log_rates(0.01, 10, 7), steps=100, record_every=25)
    assert result.recorded_steps.tolist() == [0, 25, 50, 75, 100]
    assert result.history.shape == (5, 7)
    assert np.all(result.history[0] == result.history[0, 0])  # every copy starts alike
    assert np.array_equal(result.history[-1], result.E_total)
    assert result.best == result.learning_rates[np.argmin(result.E_total)]
    assert not result.diverged.any()


def test_a_runaway_rate_is_marked_as_diverged():
    options = Options(output_activation="identity")
    result = sweep([0.1, 900.0], steps=50, options=options)
    assert result.diverged.tolist() == [False, True]
    assert result.best == 0.1


@pytest.mark.parametrize(("call", "pattern"), [
    (lambda: sweep([0.5, -1.0], steps=1), r"learning_rates\[1\] = -1.0: not a usable step"),
    (lambda: sweep([], steps=1), "not a list of learning rates"),
    (lambda: sweep([0.5], steps=-3), "steps = -3"),
    (lambda: sweep([0.5], steps=1, record_every=0), "record_every = 0"),
    (lambda: sweep([0.5], steps=1, order="backwards"), "order = 'backwards'"),
    (lambda: log_rates(1.0, 0.1, 5), "low = 1.0: above high"),
])
def test_bad_sweeps_are_refused(call, pattern):
    with pytest.raises(ParameterError, match=pattern):
        call()


def test_agrees_with_engine_says_yes_to_rounding():
    assert agrees_with_engine(0.5, steps=300)
    assert agrees_with_engine(0.9, steps=50, params=CLASSIC.replace(w5=-0.3),
                              options=Options(order="output-first"))
    assert repr(agrees_with_engine(0.5, steps=10)) == "agree to 1e-12: yes"
