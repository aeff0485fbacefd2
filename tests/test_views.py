"""Every view follows the one convention: a View over a model, a short repr, nothing left behind."""

from __future__ import annotations

import pytest

from nnlesson import widgets
from nnlesson.topics import classifier


def notifiers(model) -> int:
    return sum(len(handlers) for by_type in model._trait_notifiers.values()
               for handlers in by_type.values())


def epoch_explorer(model=None):
    setup = classifier.CirclesSetup(epochs=2, examples=120, held_out=20)
    training, held_out = classifier.circles_task(setup)
    history = classifier.train_circles(setup, snapshots=(0, 2))
    return widgets.EpochExplorer(classifier.CIRCLES_NETWORK, history, training, held_out,
                                 resolution=11)


#: Each view with a fresh model it can be built over (None: the view builds its own).
VIEWS = {
    "Stepper": (lambda m: widgets.Stepper(m), widgets.LessonModel),
    "ParameterEditor": (lambda m: widgets.ParameterEditor(m), widgets.LessonModel),
    "Trainer": (lambda m: widgets.Trainer(m, steps=10), widgets.LessonModel),
    "Dashboard": (lambda m: widgets.Dashboard(m), widgets.LessonModel),
    "Exercise": (lambda m: widgets.Exercise("E_total", m), widgets.LessonModel),
    "BiasExplorer": (lambda m: widgets.BiasExplorer(m), widgets.BiasModel),
    "ActivationExplorer": (lambda m: widgets.ActivationExplorer(m), widgets.ActivationModel),
    "SoftmaxExplorer": (lambda m: widgets.SoftmaxExplorer(m), widgets.SoftmaxModel),
    "InitScaleExplorer": (lambda m: widgets.InitScaleExplorer(m), widgets.InitScaleModel),
    "LearningRateExplorer": (lambda m: widgets.LearningRateExplorer(m),
                             widgets.LearningRateModel),
    "ConvCalculator": (lambda m: widgets.ConvCalculator(m), widgets.ConvModel),
    "SymbolicView": (lambda m: widgets.SymbolicView("w1"), None),
    "EpochExplorer": (epoch_explorer, None),
    "Predict": (lambda m: widgets.Predict("06-larger-gradient"), None),
    "Playground": (lambda m: widgets.Playground(m, resolution=11), widgets.PlaygroundModel),
    "ConvStepExplorer": (lambda m: widgets.ConvStepExplorer(m), widgets.ConvStepModel),
    "GraphStepper": (lambda m: widgets.GraphStepper(m), widgets.GraphModel),
}


def test_every_view_of_the_package_is_listed_here():
    views = {name for name in widgets.__all__
             if isinstance(getattr(widgets, name), type) and issubclass(getattr(widgets, name),
                                                                      widgets.View)}
    assert views - {"View"} == set(VIEWS)


@pytest.mark.parametrize("name", list(VIEWS))
def test_a_view_has_a_short_stable_repr_and_lets_go_of_its_model(name):
    build, model_type = VIEWS[name]
    model = model_type() if model_type is not None else None
    before = notifiers(model) if model is not None else None
    view = build(model)
    assert isinstance(view, widgets.View)
    text = repr(view)
    assert text.startswith(name + "(") and "children=" not in text and len(text) < 120, text
    assert repr(build(model_type() if model_type else None)) == text  # the same every time
    own_model = view.model
    during = notifiers(own_model)
    view.close()
    after = notifiers(own_model)
    assert after < during
    if before is not None:
        assert after == before, f"{name} left {after - before} observers on its model"


@pytest.mark.parametrize("name", list(VIEWS))
def test_a_view_not_yet_drawn_says_to_run_its_cell(name):
    # A lesson opened before it is run, or exported without its widgets, shows this HTML.
    build, model_type = VIEWS[name]
    view = build(model_type() if model_type is not None else None)
    bundle = view._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "Run this cell" in data["text/html"], name
    view.close()
