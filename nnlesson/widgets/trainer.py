"""Trainer: N updates with the engine, E_total on a log scale and the outputs against the targets.

Taught in lesson 09, "Training" (the post's 10,000 updates, and why its numbers
need the output-first order), and lesson 10, "Bias updates". `.compare` trains a second
setting (another update order, bias mode, loss or activation) from the same
numbers and draws it dashed beside the first.
"""

from __future__ import annotations

import dataclasses
import time
from html import escape

import ipywidgets as widgets

from ..errors import NumericError, ParameterError
from ..example.params import Options
from ..example.training import History, check_steps, train
from ..formatting import fmt
from .editor import LABELS
from .model import LessonModel
from .view import View, scaled

__all__ = ["A_MOMENT", "Trainer"]

#: Training that takes longer than this (seconds) shows a progress bar.
A_MOMENT = 0.3


class Trainer(View[LessonModel], widgets.VBox):
    """Train N updates from the model's numbers and options; plot and report the result."""

    def __init__(self, model: LessonModel | None = None, *, steps: int = 10000):
        model = self._attach(LessonModel() if model is None else model)
        self.steps = widgets.IntText(value=steps, description="Updates",
                                     layout=widgets.Layout(width="13em"))
        self.steps.add_class("nnl-steps")
        self.compare = widgets.Dropdown(description="Compare with",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="auto"))
        self.compare.add_class("nnl-compare")
        self.train = widgets.Button(description="Train", icon="play", button_style="primary",
                                    layout=widgets.Layout(width="auto"))
        self.train.add_class("nnl-train")
        self.progress = widgets.IntProgress(min=0, max=1, value=0, description="Training",
                                            layout=widgets.Layout(visibility="hidden"))
        self.progress.add_class("nnl-progress")
        self.message = widgets.HTML()
        self.message.add_class("nnl-trainer-message")
        # Hidden until there is a plot: an Image with no bytes shows a broken-image icon.
        self.plot = widgets.Image(format="png", layout=widgets.Layout(width="100%",
                                                                      max_width="1000px",
                                                                      display="none"))
        self.plot.add_class("nnl-trainer-plot")
        self.result = widgets.HTML(
            '<div class="nnl-trainer-result-body" data-etotal="">Press Train.</div>')
        self.result.add_class("nnl-trainer-result")
        #: The engine History of the last run, and of the comparison (None if there was none).
        self.history: History | None = None
        self.compared: History | None = None
        controls = widgets.HBox([self.steps, self.compare, self.train, self.progress],
                                layout=widgets.Layout(flex_flow="row wrap",
                                                      align_items="center"))
        super().__init__([controls, self.message, self.result, self.plot])
        self.add_class("nnl-trainer")
        self._own(self.steps, self.compare, self.train, self.progress, self.message, self.plot,
                  self.result, controls)
        self.train.on_click(lambda _: self.run())
        self._watch(self._options_changed, "options")
        self._watch(self._settings_changed, "trace")
        self._watch(self._rescale, "font_scale")
        self._options_changed()
        self._rescale()
        model.adopt(self)

    def __repr__(self) -> str:
        return f"Trainer(steps={self.steps.value}, last run: {self.history!r})"

    # --- training -------------------------------------------------------------------------------

    def run(self) -> bool:
        """Train (and compare); on a bad N or a refused setting show why and keep the last plot."""
        model = self.model
        params, options = model.params, model.options
        try:
            steps = check_steps(self.steps.value)
            other = self._other_options(options)
            runs = [(options, "")] + ([(other, self.compare.label)] if other else [])
            histories = []
            started = time.perf_counter()
            for k, (opts, _) in enumerate(runs):
                def progressed(done: int, k: int = k) -> None:
                    self._progressed(started, k * steps + done, len(runs) * steps)

                histories.append(train(params, steps=steps, options=opts,
                                       on_progress=progressed))
        except (ParameterError, NumericError) as exc:
            self.message.value = _message(str(exc))
            return False
        finally:
            self.progress.layout.visibility = "hidden"
        self.message.value = ""
        self.history = histories[0]
        self.compared = histories[1] if len(histories) > 1 else None
        self._show(runs)
        return True

    def _other_options(self, options: Options) -> Options | None:
        choice = self.compare.value
        if not choice:
            return None
        name, value = choice
        # Options() itself refuses a combination the engine cannot run (e.g. relu + cross-entropy).
        return dataclasses.replace(options, **{name: value})

    def _progressed(self, started: float, done: int, total: int) -> None:
        if time.perf_counter() - started < A_MOMENT:
            return
        self.progress.max = total
        self.progress.value = done
        self.progress.layout.visibility = "visible"

    def _show(self, runs) -> None:
        from ..show import plots, progress  # matplotlib loads on the first run

        history = self.history
        assert history is not None   # run() sets it before showing
        fig, (ax_error, ax_outputs) = plots.figure(10, 3.6, columns=2)
        progress.error_curves(ax_error, ax_outputs, history)
        if self.compared is not None:
            progress.error_curves(ax_error, ax_outputs, self.compared, label=runs[1][1],
                                  linestyle="--")
        self.plot.value = plots.png(fig)
        self.plot.layout.display = None
        rows = [_result_row("this setting", history)]
        if self.compared is not None:
            rows.append(_result_row(runs[1][1], self.compared))
        E = float(history.E_total[-1])
        self.result.value = (
            f'<div class="nnl-trainer-result-body" data-etotal="{E!r}" '
            f'style="font-size:{scaled(16, self.model.font_scale)}">'
            f'<table style="border-collapse:collapse">{"".join(rows)}</table></div>')

    # --- keeping up with the model ---------------------------------------------------------------

    def _options_changed(self, change=None) -> None:
        options = self.model.options
        choices: list[tuple[str, tuple[str, str] | None]] = [("nothing", None)]
        for name, allowed in Options.CHOICES.items():
            for value in allowed:
                if value != getattr(options, name):
                    choices.append((f"{LABELS.get(name, name)}: {value}", (name, value)))
        keep = self.compare.value
        self.compare.options = choices
        self.compare.value = keep if keep in [v for _, v in choices] else None

    def _settings_changed(self, change=None) -> None:
        if self.history is not None and (self.history.start != self.model.params or
                                         self.history.options != self.model.options):
            self.message.value = _message("The numbers or options changed since this run: "
                                          "press Train to train with them.", colour="#555")

    def _rescale(self, change=None) -> None:
        size = scaled(15, self.model.font_scale)
        self.train.style.font_size = size


def _result_row(label: str, history: History) -> str:
    start = history.start
    return (f"<tr><td style='padding-right:1em;white-space:nowrap'><b>{escape(label)}</b></td>"
            f"<td>after {history.steps} updates: E_total = <b>{fmt(history.E_total[-1])}</b>, "
            f"out_o1 = {fmt(history.out_o1[-1])} (target {fmt(start.target_o1)}), "
            f"out_o2 = {fmt(history.out_o2[-1])} (target {fmt(start.target_o2)})</td></tr>")


def _message(text: str, *, colour: str = "#A8300A") -> str:
    return f'<div role="alert" style="color:{colour}">{escape(text)}</div>'
