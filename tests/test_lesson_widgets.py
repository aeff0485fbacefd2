"""The explorers of lessons 13 to 20, driven as a learner would, without a browser."""

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.formatting import fmt
from nnlesson.maths.activations import ACTIVATIONS
from nnlesson.topics import classifier
from nnlesson.topics import convolution as conv
from nnlesson.widgets import (
    ActivationExplorer,
    ConvCalculator,
    ConvStepExplorer,
    EpochExplorer,
    InitScaleExplorer,
    LearningRateExplorer,
    SoftmaxExplorer,
)
from nnlesson.widgets.convolution import parse_whole


def test_activation_explorer_follows_the_controls():
    ui = ActivationExplorer()
    first = ui.plot.value
    ui.activation.value = "relu"
    ui.x.value = -1.5
    assert ui.model.activation == "relu" and ui.model.x == -1.5
    assert ui.model.value == 0.0 and ui.model.slope == 0.0
    ui.x.value = 2.0
    assert ui.model.slope == 1.0
    assert "g(x) = <b>2</b>" in ui.readout.value and ui.plot.value != first
    ui.activation.value = "sigmoid"
    assert f"<b>{fmt(ACTIVATIONS['sigmoid'](2.0))}</b>" in ui.readout.value
    assert r"\frac{1}{1 + e^{- x}}" in ui.readout.value


def test_relu_slope_at_zero_is_the_convention():
    ui = ActivationExplorer()
    ui.activation.value = "relu"
    ui.x.value = 0.0
    assert ui.model.slope == 0.0


def test_softmax_explorer_sums_to_one():
    ui = SoftmaxExplorer()
    ui.sliders["z1"].value = 3.0
    assert ui.model.z1 == 3.0
    assert ui.model.outputs.sum() == pytest.approx(1.0)
    assert np.argmax(ui.model.outputs) == 0 and "their sum is 1" in ui.readout.value


def test_init_scale_explorer_shows_vanishing_sigmoid_gradients():
    ui = InitScaleExplorer()
    assert ui.model.shrinkage("sigmoid") > 100          # the last layer gets far more
    before = ui.model.sizes["relu"].rms.copy()
    ui.gain.value = 4.0
    assert ui.model.gain == pytest.approx(4.0)
    assert np.all(ui.model.sizes["relu"].rms > 100 * before)   # relu gradients explode
    ui.scheme.value = "he"
    assert ui.model.scheme == "he" and "last layer / first layer" in ui.readout.value


def test_epoch_explorer_steps_through_snapshots():
    setup = classifier.CirclesSetup(epochs=4, examples=300, held_out=100)
    history = classifier.train_circles(setup, snapshots=(0, 2, 4))
    training, held_out = classifier.circles_task(setup)
    ui = EpochExplorer(classifier.CIRCLES_NETWORK, history, training, held_out, resolution=21)
    assert ui.model.epoch == 0 and "epoch 0" in ui.readout.value
    picture = ui.plot.value
    assert ui.slider.play_interval > 0   # its Play button steps the slider in the page
    ui.slider.value = 2
    assert ui.model.epoch == 4
    assert "epoch 4" in ui.readout.value and ui.plot.value != picture
    assert fmt(history.test_accuracy[-1], 4) in ui.readout.value


def test_epoch_explorer_reads_out_the_snapshots_own_epoch():
    setup = classifier.CirclesSetup(epochs=8, examples=200, held_out=50, record_every=4)
    training, held_out = classifier.circles_task(setup)
    history = classifier.train_circles(setup, snapshots=(5,))
    ui = EpochExplorer(classifier.CIRCLES_NETWORK, history, training, held_out, resolution=11)
    k = history.epoch.tolist().index(5)
    assert ui.model.epoch == 5 and ui.model.measured()["cost"] == history.cost[k]


def test_a_refused_gain_or_learning_rate_says_why_and_keeps_the_last_good_one():
    scale = InitScaleExplorer()
    scale.model.gain = 2.0
    before = scale.model.sizes["relu"].rms.copy()
    scale.model.gain = -1.0
    assert scale.model.gain == 2.0 and np.array_equal(scale.model.sizes["relu"].rms, before)
    assert "gain = -1" in scale.model.message and "gain = -1" in scale.readout.value
    rate = LearningRateExplorer()
    rate.model.learning_rate = -1.0
    assert rate.model.learning_rate == 0.3
    assert "learning_rate = -1" in rate.model.message and "learning_rate = -1" in rate.readout.value
    rate.model.learning_rate = 0.2
    assert rate.model.message == "" and "learning_rate = -1" not in rate.readout.value


def test_learning_rate_explorer_gives_a_verdict():
    ui = LearningRateExplorer()
    c = ui.model.curvature
    ui.learning_rate.value = c.fastest
    assert "good" in ui.model.verdict
    ui.learning_rate.value = 0.5 * (c.fastest + c.critical)
    assert "zig-zags" in ui.model.verdict
    ui.learning_rate.value = 3.0
    assert ui.model.learning_rate == pytest.approx(3.0) and 3.0 > c.critical
    assert "runs away" in ui.readout.value
    assert ui.model.paths.E[-1, 0] > ui.model.paths.E[0, 0]


def test_learning_rate_beside_the_slider_and_in_the_text_are_one_number():
    # Lesson 19 once read 2.951 beside the slider and η = 2.9512 in the text.
    ui = LearningRateExplorer()
    for exponent in (-2.0, -1.53, -0.91, -0.3, 0.0, 0.17, 0.47, 0.6):
        ui.learning_rate.value = 10.0 ** exponent
        rate = ui.model.learning_rate
        assert rate == float(f"{rate:.3g}")                       # three significant digits
        shown = fmt(rate, 4)
        assert ui.value.value == f"<b>{shown}</b>" and f"η = {shown}:" in ui.readout.value
        assert repr(ui).startswith(f"LearningRateExplorer(η = {shown}:")
    assert ui.model.paths.learning_rates[0] == ui.model.learning_rate     # the path drawn


def test_conv_step_explorer_writes_out_any_output_value():
    ui = ConvStepExplorer()
    e = ui.model.example
    out = conv.convolve(e.x, e.kernels, e.biases)
    picture = ui.plot.value
    ui.n.value, ui.i.value, ui.j.value = 1, 0, 0
    assert ui.model.step.value == out[1, 0, 0] and ui.plot.value != picture
    assert ui.sum.value.endswith(f"= {fmt(out[1, 0, 0])}</code>")
    ui.model.j = 3
    assert ui.model.j == 0 and "j = 3: outside the output" in ui.message.value
    assert repr(ui) == f"ConvStepExplorer(out[1, 0, 0] = {fmt(out[1, 0, 0])})"


def test_conv_calculator_counts_lenet_and_keeps_state_on_bad_input():
    ui = ConvCalculator()
    assert ui.model.layer == conv.LENET_C1
    assert 'data-parameters="156"' in ui.result.value and "122,304" in ui.result.value
    ui.fields["N"].value = "16"
    assert ui.model.layer.parameters == 5 * 5 * 1 * 16 + 16
    ui.fields["k"].value = "three"
    assert "k = 'three': not a whole number" in ui.model.message and "three" in ui.message.value
    assert ui.model.layer.k == 5 and ui.model.layer.parameters == 416
    ui.fields["k"].value = "40"
    assert "larger than the padded" in ui.message.value and ui.model.layer.k == 5
    ui.fields["k"].value = "3"
    assert ui.message.value == "" and ui.model.layer.weights == 3 * 3 * 1 * 16
    ui.fields["height"].value = ""
    assert ui.model.layer.connections is None and "connections" not in ui.result.value
    ui.lenet.click()
    assert ui.model.layer == conv.LENET_C1 and ui.fields["N"].value == "6"


def test_parse_whole_never_evaluates():
    assert parse_whole("k", " 1,000 ", minimum=1) == 1000
    for text in ("__import__('os')", "2**10", "1e3", "-1"):
        with pytest.raises(ParameterError):
            parse_whole("k", text, minimum=1)
