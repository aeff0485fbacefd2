"""Trainer: N updates with the engine, E_total on a log scale and the outputs against the targets.

Taught in lesson 09, "Training" (the post's 10,000 updates, and why its numbers
need the output-first order), and lesson 10, "Bias updates". `.compare` trains a second
setting (another update order, bias mode, loss or activation) from the same
numbers and draws it dashed beside the first; runs with different losses are
said to measure different errors, and compared by their outputs.

The plot is an SVG line chart (show.svgchart), drawn at the size the text needs:
larger in projector mode, with a sentence saying what it shows.
"""

from __future__ import annotations

import dataclasses
import time
from html import escape

import ipywidgets as widgets
import numpy as np

from ..errors import NumericError, ParameterError
from ..example.params import Options
from ..example.training import History, check_steps, train
from ..formatting import fmt
from ..language import _
from ..show.svgchart import Panel, Series, chart
from .editor import label
from .model import LessonModel
from .view import View, projector_px

__all__ = ["A_MOMENT", "Trainer"]

#: Training that takes longer than this (seconds) shows a progress bar.
A_MOMENT = 0.3

#: The lines of the chart: this setting solid, the comparison dashed (Okabe-Ito colours).
_BLUE, _ORANGE, _VERMILLION, _GREEN = "#0072B2", "#E69F00", "#D55E00", "#009E73"


class Trainer(View[LessonModel], widgets.VBox):
    """Train N updates from the model's numbers and options; plot and report the result."""

    def __init__(self, model: LessonModel | None = None, *, steps: int = 10000):
        model = self._attach(LessonModel() if model is None else model)
        self.steps = widgets.IntText(value=steps, description=_("Updates"),
                                     layout=widgets.Layout(width="13em"))
        self.steps.add_class("nnl-steps")
        self.compare = widgets.Dropdown(description=_("Compare with"),
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="auto"))
        self.compare.add_class("nnl-compare")
        self.train = widgets.Button(description=_("Train"), icon="play", button_style="primary",
                                    layout=widgets.Layout(width="auto"))
        self.train.add_class("nnl-train")
        self.progress = widgets.IntProgress(min=0, max=1, value=0, description=_("Training"),
                                            layout=widgets.Layout(visibility="hidden"))
        self.progress.add_class("nnl-progress")
        self.message = widgets.HTML()
        self.message.add_class("nnl-trainer-message")
        # Empty until there is a run: the chart, with its text alternative.
        self.plot = widgets.HTML(layout=widgets.Layout(width="100%", overflow="hidden"))
        self.plot.add_class("nnl-trainer-plot")
        self.result = widgets.HTML('<div class="nnl-trainer-result-body" data-etotal="">'
                                   + escape(_("Press Train.")) + "</div>")
        self.result.add_class("nnl-trainer-result")
        #: The engine History of the last run, and of the comparison (None if there was none).
        self.history: History | None = None
        self.compared: History | None = None
        self._compared_label = ""
        #: How many runs finished: the result says it, so a page can tell a new run from
        #: the last one even when both give the same numbers.
        self.runs = 0
        controls = widgets.HBox([self.steps, self.compare, self.train, self.progress],
                                layout=widgets.Layout(flex_flow="row wrap",
                                                      align_items="center"))
        super().__init__([controls, self.message, self.result, self.plot])
        self.add_class("nnl-trainer")
        self._own(self.steps, self.compare, self.train, self.progress, self.message, self.plot,
                  self.result, controls)
        self.train.on_click(lambda _button: self.run())
        self._watch(self._options_changed, "options")
        self._watch(self._settings_changed, "trace")
        self._watch(self._rescale, "font_scale")
        self._options_changed()
        self._rescale()
        model.adopt(self)

    def __repr__(self) -> str:
        return f"Trainer(steps={self.steps.value}, last run: {self.history!r})"

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = ('<p class="nnl-run">' + escape(
            _("Run this cell to train the network and plot its error.")) + "</p>")
        return data

    # --- training -------------------------------------------------------------------------------

    def run(self) -> bool:
        """Train (and compare); on a bad N or a refused setting show why and keep the last plot."""
        model = self.model
        params, options = model.params, model.options
        # Nothing from the last run stays on screen, and no second run starts meanwhile.
        self.message.value = ""
        self.train.disabled = True
        try:
            steps = check_steps(self.steps.value)
            other = self._other_options(options)
            runs = [(options, "")] + ([(other, self.compare.label)] if other else [])
            histories = []
            started = time.perf_counter()
            for k, (opts, _label) in enumerate(runs):
                def progressed(done: int, k: int = k) -> None:
                    self._progressed(started, k * steps + done, len(runs) * steps)

                histories.append(train(params, steps=steps, options=opts,
                                       on_progress=progressed))
        except (ParameterError, NumericError) as exc:
            self.message.value = _message(str(exc))
            return False
        finally:
            self.progress.layout.visibility = "hidden"
            self.train.disabled = False
        self.history = histories[0]
        self.compared = histories[1] if len(histories) > 1 else None
        self._compared_label = runs[1][1] if len(runs) > 1 else ""
        self.runs += 1
        self._show()
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

    def _show(self) -> None:
        history, other = self.history, self.compared
        if history is None:
            return
        scale = self.model.font_scale
        big = scale > 1
        font = 24.0 if big else 14.0
        this = _("this setting")
        different_losses = other is not None and other.options.loss != history.options.loss
        note = (_("The two runs use different losses, so their errors measure different "
                  "things: compare their outputs with the targets.")
                if different_losses else "")
        self.plot.value = chart(_panels(history, other, self._compared_label, this),
                                description=_describe(history, other, self._compared_label),
                                font=font, panel_width=430 if big else 400,
                                panel_height=260 if big else 210)
        rows = [_result_row(this, history)]
        if other is not None:
            rows.append(_result_row(self._compared_label, other))
        E = float(history.E_total[-1])
        head = "".join(f'<th scope="col" style="text-align:left;padding-right:1em">{escape(h)}'
                       "</th>" for h in (_("run"), _("updates"), "E_total", "out_o1", "out_o2"))
        self.result.value = (
            f'<div class="nnl-trainer-result-body" data-etotal="{E!r}" data-run="{self.runs}" '
            f'style="font-size:{projector_px(16, scale)}">'
            + (f'<p style="margin:0 0 0.3em 0">{escape(note)}</p>' if note else "")
            + f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')

    # --- keeping up with the model ---------------------------------------------------------------

    def _options_changed(self, change=None) -> None:
        options = self.model.options
        # "nothing" is a real choice, so the menu never starts blank.
        choices: list[tuple[str, tuple[str, str] | str]] = [(_("nothing"), "")]
        for name, allowed in Options.CHOICES.items():
            for value in allowed:
                if value != getattr(options, name):
                    choices.append((_("{label}: {value}", label=label(name), value=value),
                                    (name, value)))
        keep = self.compare.value
        self.compare.options = choices
        self.compare.value = keep if keep in [v for _label, v in choices] else ""

    def _settings_changed(self, change=None) -> None:
        if self.history is not None and (self.history.start != self.model.params or
                                         self.history.options != self.model.options):
            self.message.value = _message(_("The numbers or options changed since this run: "
                                            "press Train to train with them."), colour="#4a4a4a")

    def _rescale(self, change=None) -> None:
        self.train.style.font_size = projector_px(15, self.model.font_scale)
        self._show()


def _panels(history: History, other: History | None, other_label: str,
            this: str) -> list[Panel]:
    steps = np.arange(history.steps + 1)

    def line(run: History, name: str, setting: str, colour: str, dash: str = "") -> Series:
        # The legend names the quantity and the run: "E_total (this setting)".
        return Series(x=steps, y=getattr(run, name), colour=colour, dash=dash,
                      label=_("{name} ({setting})", name=name, setting=setting))

    error = [line(history, "E_total", this, _BLUE)]
    outputs = [line(history, "out_o1", this, _BLUE), line(history, "out_o2", this, _ORANGE)]
    if other is not None:
        error.append(line(other, "E_total", other_label, _VERMILLION, "8 5"))
        outputs += [line(other, "out_o1", other_label, _BLUE, "8 5"),
                    line(other, "out_o2", other_label, _ORANGE, "8 5")]
    start = history.start
    ends = np.array([0, history.steps])
    outputs += [Series(x=ends, y=[start.target_o1] * 2, label=f"target_o1 = {fmt(start.target_o1)}",
                       colour=_GREEN, dash="2 4"),
                Series(x=ends, y=[start.target_o2] * 2, label=f"target_o2 = {fmt(start.target_o2)}",
                       colour="#6b6b6b", dash="2 4")]
    return [Panel(series=tuple(error), title=_("Error E_total (log scale)"),
                  x_label=_("updates"), log_y=True),
            Panel(series=tuple(outputs), title=_("Outputs and their targets"),
                  x_label=_("updates"))]


def _describe(history: History, other: History | None, other_label: str) -> str:
    """What the chart shows, in words: where each line starts and ends."""
    start = history.start
    text = _("Over {steps} updates E_total falls from {first} to {last}; out_o1 goes from "
             "{o1_first} to {o1_last} (target {t1}) and out_o2 from {o2_first} to {o2_last} "
             "(target {t2}).", steps=history.steps, first=fmt(history.E_total[0]),
             last=fmt(history.E_total[-1]), o1_first=fmt(history.out_o1[0]),
             o1_last=fmt(history.out_o1[-1]), t1=fmt(start.target_o1),
             o2_first=fmt(history.out_o2[0]), o2_last=fmt(history.out_o2[-1]),
             t2=fmt(start.target_o2))
    if other is not None:
        # Two whole sentences, side by side as each language writes them (a space in English).
        text = _("{message} {more}", message=text, more=_(
            "Dashed, with {setting}: E_total ends at {last}, out_o1 at {o1} and out_o2 at {o2}.",
            setting=other_label, last=fmt(other.E_total[-1]), o1=fmt(other.out_o1[-1]),
            o2=fmt(other.out_o2[-1])))
    return text


def _result_row(label: str, history: History) -> str:
    start = history.start
    cell = '<td style="padding-right:1em;white-space:nowrap">'
    outputs = [escape(_("{value} (target {target})", value=fmt(getattr(history, name)[-1]),
                        target=fmt(getattr(start, f"target_{name[4:]}"))))
               for name in ("out_o1", "out_o2")]
    return (f'<tr><th scope="row" style="text-align:left;padding-right:1em">{escape(label)}</th>'
            f"{cell}{history.steps}</td>{cell}<b>{fmt(history.E_total[-1])}</b></td>"
            + "".join(f"{cell}{text}</td>" for text in outputs) + "</tr>")


def _message(text: str, *, colour: str = "#A8300A") -> str:
    return f'<div role="alert" style="color:{colour}">{escape(text)}</div>'
