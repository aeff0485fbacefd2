"""The accessible slider: ipywidgets' names, a clamped value, its text, a named Play button."""

from __future__ import annotations

import pytest

from nnlesson.language import set_language
from nnlesson.widgets.controls import IntSlider, LogSlider, Slider
from nnlesson.widgets.stepper import web_asset


def test_a_slider_keeps_its_value_in_range_and_says_it():
    s = Slider(value=3.0, min=-5.0, max=5.0, step=0.1, description="x")
    assert (s.value, s.text, s.description) == (3.0, "3", "x")
    s.value = 9.0
    assert s.value == 5.0 and s.text == "5"
    s.value = -0.25
    assert s.text == "-0.25"


def test_a_format_spec_is_the_readout():
    s = Slider(value=0.5, min=0, max=1, readout_format=".2f")
    assert s.text == "0.50"


def test_whole_numbers_stay_whole():
    s = IntSlider(value=7, min=0, max=10)
    s.value = 12
    assert s.value == 10 and isinstance(s.value, int) and s.text == "10"


def test_a_log_slider_has_powers_of_ten_as_its_ends():
    s = LogSlider(value=0.5, min=-2, max=0.6, step=0.01)
    assert s.log and s.value == 0.5
    s.value = 100.0
    assert s.value == pytest.approx(10 ** 0.6, rel=1e-12)
    s.value = 1e-5
    assert s.value == pytest.approx(0.01, rel=1e-12)


def test_the_play_button_is_named_in_the_learners_language():
    s = IntSlider(max=4, play_interval=400)
    assert (s.play_label, s.pause_label) == ("Play", "Pause")
    set_language("zh")
    s = IntSlider(max=4, play_interval=400)
    assert (s.play_label, s.pause_label) == ("播放", "暂停")


def test_the_page_names_the_range_input_by_its_label():
    # The name comes from the <label> around the input, the spoken value from aria-valuetext,
    # and arrow keys stay with the slider inside JupyterLab.
    script = web_asset("slider.js")
    assert 'label.append(name, input)' in script
    assert 'setAttribute("aria-valuetext", text)' in script
    assert "data-lm-suppress-shortcuts" in script


def test_new_ends_move_the_value_inside_them():
    s = IntSlider(min=10, max=500)
    assert s.value == 10
    s.max = 100
    s.value = 90
    s.max = 50
    assert s.value == 50
    assert LogSlider(min=-3, max=0.5).value == 1.0


def test_a_position_can_say_what_it_stands_for():
    s = IntSlider(min=0, max=2, labels=["Step 1 of 3", "Step 2 of 3", "Step 3 of 3"])
    assert s.text == "Step 1 of 3"
    s.value = 2
    assert s.text == "Step 3 of 3"
