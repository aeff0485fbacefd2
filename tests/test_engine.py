"""The numeric engine: records, options, updates, training, and clear errors for bad input."""

import math

import numpy as np
import pytest

from nnlesson import CLASSIC, Options, Params, parse_number
from nnlesson.errors import NumericError, ParameterError
from nnlesson.example.engine import forward, gradients, update
from nnlesson.example.training import train
from nnlesson.maths.compare import ROUNDING


def test_records_are_frozen_and_print_plain_numbers():
    f = forward()
    with pytest.raises(AttributeError):
        f.E_total = 0  # type: ignore[misc]
    assert "np.float64" not in repr(f) and "net_h1=0.3775" in repr(f)


def test_gradients_expose_every_factor_by_name():
    g = gradients()
    assert g.dE_dw5 == g.dE_total_dout_o1 * g.dout_o1_dnet_o1 * g.dnet_o1_dw5
    assert g.delta_o1 == g.dE_total_dout_o1 * g.dout_o1_dnet_o1
    assert g.dE_total_dout_h1 == g.dE_o1_dout_h1 + g.dE_o2_dout_h1
    assert g.dE_db1 == g.dE_db_h1 + g.dE_db_h2
    assert g.of("w5") == g.dE_dw5 and g.of("b_o1") == g.delta_o1
    with pytest.raises(AttributeError):
        g.dE_dw9  # noqa: B018


def test_frozen_biases_never_move():
    u = update()
    assert (u.after.b1, u.after.b2) == (CLASSIC.b1, CLASSIC.b2)
    assert set(u.applied) == {f"w{k}" for k in range(1, 9)}


def test_shared_biases_move_by_their_summed_gradient():
    u = update(bias="shared")
    g = u.gradients
    assert u.after.b1 == pytest.approx(CLASSIC.b1 - 0.5 * (g.delta_h1 + g.delta_h2), rel=1e-15)
    assert u.after.b2 == pytest.approx(CLASSIC.b2 - 0.5 * (g.delta_o1 + g.delta_o2), rel=1e-15)


def test_per_neuron_biases_start_from_the_layer_bias_and_move_apart():
    u = update(bias="per-neuron")
    assert u.after.b_h1 != u.after.b_h2
    assert u.after.b_o1 == pytest.approx(CLASSIC.b2 - 0.5 * u.gradients.delta_o1, rel=1e-15)
    assert (u.after.b1, u.after.b2) == (CLASSIC.b1, CLASSIC.b2)


def test_output_first_recomputes_the_hidden_chain_with_updated_weights():
    u = update(order="output-first")
    r = u.recomputed
    assert r.dE_o1_dout_h1 == pytest.approx(u.gradients.delta_o1 * u.after.w5, rel=1e-15)
    assert u.applied["w1"] == r.dE_dw1 != u.gradients.dE_dw1
    assert u.applied["w5"] == u.gradients.dE_dw5
    assert update().recomputed is None


def test_training_history_has_steps_plus_one_entries_and_is_read_only():
    h = train(steps=5)
    assert h.E_total.shape == (6,) and h.parameters["w5"].shape == (6,)
    # Training runs the compiled loop, one update the engine's records: rounding apart at most.
    assert h.E_total[1] == pytest.approx(update().forward_after.E_total, rel=ROUNDING)
    assert h.final.w5 == h.parameters["w5"][-1]
    with pytest.raises(ValueError):
        h.E_total[0] = 0


def test_training_zero_steps_is_the_forward_pass():
    h = train(steps=0)
    assert h.E_total.tolist() == [forward().E_total]


def test_progress_is_reported():
    seen = []
    train(steps=200, on_progress=seen.append)
    assert seen[-1] == 200 and seen == sorted(seen) and len(seen) == 100


@pytest.mark.parametrize("bad", ["abc", "", "nan", "inf", "1e400", "--1", "0x10", "1/2",
                                 "__import__('os').system('echo hacked')"])
def test_typed_text_is_a_number_or_a_clear_error(bad):
    with pytest.raises(ParameterError) as info:
        parse_number("w5", bad)
    message = str(info.value)
    assert message.startswith("w5 = ") and "Allowed: a number from -1000 to 1000" in message


@pytest.mark.parametrize(("text", "value"), [("0.4", 0.4), (" -1e-3 ", -0.001), ("0,5", 0.5),
                                             ("7", 7.0), ("0,125", 0.125), ("-1,25", -1.25)])
def test_typed_numbers_are_read(text, value):
    assert parse_number("w5", text) == value


@pytest.mark.parametrize("text", ["2,500", "-1,000", "+3,141"])
def test_a_comma_before_three_digits_is_refused_as_ambiguous(text):
    with pytest.raises(ParameterError, match="ambiguous: the comma may be a decimal point or a "
                                             "thousands separator.*written with a decimal point"):
        parse_number("w5", text)


@pytest.mark.parametrize(("changes", "needle"), [
    ({"w5": 5000}, "w5 = 5000: out of range"),
    ({"w5": float("nan")}, "w5 = nan: not a finite number"),
    ({"w5": "0.4"}, "w5 = '0.4': not a number"),
    ({"w5": True}, "w5 = True: not a number"),
    ({"learning_rate": 0}, "learning_rate = 0: out of range. Allowed: a number greater than 0"),
    ({"w9": 1}, "w9 = 1: unknown parameter"),
])
def test_bad_parameters_name_themselves(changes, needle):
    with pytest.raises(ParameterError, match="^" + needle.replace("(", r"\(")):
        CLASSIC.replace(**changes)


@pytest.mark.parametrize(("choices", "needle"), [
    ({"hidden_activation": "softmax"}, "hidden_activation = 'softmax': not a known choice"),
    ({"output_activation": "tanh", "loss": "cross-entropy"}, "needs outputs between 0 and 1"),
    ({"order": "backwards"}, "order = 'backwards'"),
    ({"colour": "red"}, "colour = 'red': unknown option"),
])
def test_bad_options_name_themselves(choices, needle):
    with pytest.raises(ParameterError, match=needle):
        forward(**choices)


def test_options_that_are_not_a_record_are_refused_by_name():
    with pytest.raises(ParameterError, match="options = 'tanh': not an Options record"):
        forward(options="tanh")


def test_cross_entropy_needs_targets_between_0_and_1():
    with pytest.raises(ParameterError, match="target_o2 = 1.5: out of range for binary"):
        forward(CLASSIC.replace(target_o2=1.5), loss="cross-entropy")


def test_per_neuron_bias_values_need_per_neuron_mode():
    with pytest.raises(ParameterError, match="b_h1 = 0.1: a per-neuron bias"):
        forward(CLASSIC.replace(b_h1=0.1))
    assert forward(CLASSIC.replace(b_h1=0.1), bias="per-neuron").net_h1 == pytest.approx(
        0.15 * 0.05 + 0.2 * 0.1 + 0.1)


def test_saturated_cross_entropy_is_a_clear_error_not_inf():
    p = CLASSIC.replace(w5=1000, w6=1000, b2=1000)
    with pytest.raises(NumericError, match="out_o1 = 1, so log.*cross-entropy is infinite"):
        forward(p, loss="cross-entropy")


def test_divergence_is_a_clear_error_not_nan():
    p = CLASSIC.replace(learning_rate=2)
    with pytest.raises(NumericError, match=r"^update \d+ of 1000: the update takes .* training "
                                           r"has diverged. Try a smaller learning rate \(now 2\)"):
        train(p, steps=1000, output_activation="identity", loss="squared", bias="shared")


def test_sigmoid_saturates_without_warnings_or_nan():
    with np.errstate(all="raise"):
        f = forward(CLASSIC.replace(w1=-1000, w2=-1000, b1=-1000))
    assert f.out_h1 == 0.0 and math.isfinite(f.E_total)


@pytest.mark.parametrize("steps", [-1, 1.5, "10", True, 2_000_000])
def test_bad_step_counts(steps):
    with pytest.raises(ParameterError, match="^steps = "):
        train(steps=steps)


def test_options_are_keyword_only_with_the_posts_defaults():
    assert Options() == Options(hidden_activation="sigmoid", output_activation="sigmoid",
                                loss="half-squared", bias="frozen", order="simultaneous")
    with pytest.raises(TypeError):
        Options("sigmoid")  # type: ignore[misc]
    with pytest.raises(TypeError):
        forward(CLASSIC, Options())  # type: ignore[misc]
    assert Params() == CLASSIC
