"""Lesson 18's playground driven as a learner would, with no browser: a control moves, the
network retrains, and the progress bar, the boundary and the cost curves follow."""

import dataclasses

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.topics.classifier import PlaygroundSetup, playground_frames
from nnlesson.widgets import Playground, PlaygroundModel
from nnlesson.widgets.playground import PLAYGROUND_SETTINGS

QUICK = PlaygroundSetup(epochs=20, examples=200, held_out=50)


def test_frames_follow_training_and_end_where_train_would():
    frames = list(playground_frames(QUICK))
    assert [f.epoch for f in frames] == [0, 4, 8, 12, 16, 20] and frames[-1].finished
    assert [f.cost.size for f in frames] == [1, 5, 9, 13, 17, 21]
    # Each frame's curve is the beginning of the last one: one run, shown as it goes.
    np.testing.assert_array_equal(frames[2].cost, frames[-1].cost[:9])
    again = list(playground_frames(QUICK))[-1]
    np.testing.assert_array_equal(again.params.W[1], frames[-1].params.W[1])   # seeded
    assert frames[-1].test_accuracy > 0.8 and frames[-1].cost[-1] < frames[0].cost[0]


def test_a_control_retrains_and_the_pictures_follow():
    ui = Playground(PlaygroundModel(QUICK), resolution=11)
    seen = []
    ui.model.observe(lambda change: seen.append(change.new.epoch), names="frame")
    picture, readout = ui.plot.value, ui.readout.value
    assert "Epoch 20 of 20" in readout and ui.progress.value == 20
    ui.noise.value = 0.25
    assert ui.model.noise == 0.25 and ui.model.setup.noise == 0.25
    assert ui.model.frame.setup.noise == 0.25 and ui.model.frame.finished
    assert seen == [0, 4, 8, 12, 16, 20]               # the boundary moved as it trained
    assert ui.plot.value != picture and ui.readout.value != readout
    assert ui.progress.value == ui.progress.max == 20
    ui.epochs.value = 40
    assert ui.progress.max == ui.progress.value == 40 and ui.model.frame.epoch == 40
    ui.epochs.value = 30
    assert ui.progress.max == ui.progress.value == 30
    ui.width.value, ui.depth.value = 3, 1
    assert ui.model.frame.setup.network.sizes == (2, 3, 1)
    assert repr(ui) == "Playground(2-3-1 relu, plain, η = 0.1, noise 0.25, 30 epochs)"


def test_every_choice_reaches_the_training():
    ui = Playground(PlaygroundModel(QUICK), resolution=11)
    ui.activation.value = "tanh"
    ui.optimizer.value = "adam"
    ui.batch_size.value = 8
    ui.learning_rate.value = 0.0316            # a slider position: kept to 3 digits
    setup = ui.model.frame.setup
    assert (setup.activation, setup.optimizer, setup.batch_size) == ("tanh", "adam", 8)
    assert setup.learning_rate == 0.0316 and setup.scheme == "xavier"
    assert "<b>0.0316</b>" in ui.rate_value.value
    full = dataclasses.replace(setup, batch_size=QUICK.examples - QUICK.held_out)
    ui.batch_size.value = full.batch_size      # "all (full batch)"
    assert ui.model.frame.setup == full


def test_a_refused_value_keeps_the_last_good_state_and_says_why():
    model = PlaygroundModel(QUICK)
    good = model.frame
    model.width = 0
    assert model.width == QUICK.width and "width = 0" in model.message
    assert model.frame is good
    model.activation = "leaky_relu"
    model.optimizer = "momentum"
    good = model.frame
    model.learning_rate = 1000.0               # leaky ReLU with momentum overflows at once
    assert model.learning_rate == QUICK.learning_rate
    assert "diverged" in model.message and "Kept the last setting" in model.message
    assert model.frame is good and model.progress == good.epoch
    ui = Playground(model, resolution=11)
    assert "diverged" in ui.readout.value
    model.noise = 0.15
    assert model.message == "" and "diverged" not in ui.readout.value


def test_every_control_has_an_accessible_name():
    ui = Playground(PlaygroundModel(QUICK), resolution=11)
    for name in PLAYGROUND_SETTINGS:
        control = getattr(ui, name)
        assert control.description, name
        # A slider dragged across ten values must not queue ten retrains.
        assert not getattr(control, "continuous_update", False), name
    assert ui.progress.description and ui.retrain.description
    before = ui.model.frame
    ui.retrain.click()
    assert ui.model.frame is not before and ui.model.frame.finished


@pytest.mark.parametrize(("change", "pattern"), [
    ({"width": 99}, "width = 99"),
    ({"activation": "swish"}, "activation = 'swish'"),
    ({"noise": 0.9}, "noise = 0.9"),
    ({"batch_size": 0}, "batch_size = 0"),
])
def test_bad_setups_are_refused_by_name(change, pattern):
    with pytest.raises(ParameterError, match=pattern):
        dataclasses.replace(QUICK, **change)
