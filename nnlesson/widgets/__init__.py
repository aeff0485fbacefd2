"""Every interactive view of the lessons (ipywidgets), one convention for all of them.

Each view is built over a traitlets model kept in the kernel (see `view.View`):
tests drive it by setting traits or clicking, with no browser. The worked
example's views share one `LessonModel`; each explorer of lessons 13 to 20
has a small model of its own.
"""

from __future__ import annotations

from ..lazy import namespace

#: Each view and model, by the module that defines it. They are loaded on first use
#: (PEP 562), so opening the stepper does not load matplotlib for the explorers.
_WHERE = {
    "ActivationExplorer": "activation", "ActivationModel": "activation",
    "BiasExplorer": "bias", "BiasModel": "bias",
    "ConvCalculator": "convolution", "ConvModel": "convolution",
    "Dashboard": "dashboard", "ParameterEditor": "editor",
    "EpochExplorer": "epochs", "EpochModel": "epochs", "Exercise": "exercise",
    "InitScaleExplorer": "init_scale", "InitScaleModel": "init_scale",
    "LearningRateExplorer": "learning_rate", "LearningRateModel": "learning_rate",
    "LessonModel": "model", "SoftmaxExplorer": "softmax", "SoftmaxModel": "softmax",
    "Predict": "predict", "PredictModel": "predict",
    "Stepper": "stepper", "ProofModel": "symbolic_view", "SymbolicView": "symbolic_view",
    "Trainer": "trainer", "View": "view",
}

__all__ = sorted(_WHERE)
__getattr__, __dir__ = namespace(__name__, _WHERE)
