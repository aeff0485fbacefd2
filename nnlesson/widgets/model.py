"""LessonModel: the state every view of one worked example shares, kept in the kernel.

Taught from lesson 01 on (every interactive cell is a view over one model).
The model validates every change through the engine: a refused number or
option leaves params, options, trace and index exactly as they were and
puts the engine's message in `message`, so no view can show a half-applied
edit, a NaN or a traceback.
"""

from __future__ import annotations

import dataclasses
import sys

import traitlets

from ..errors import NumericError, ParameterError
from ..example.params import CLASSIC, DEFAULT, FIELDS, NEURON_BIASES, Options, Params, parse_number
from ..example.steps import Trace, trace
from ..language import _, join

__all__ = ["LessonModel", "OPTION_NAMES", "current_cell"]

OPTION_NAMES = tuple(f.name for f in dataclasses.fields(Options))


class LessonModel(traitlets.HasTraits):
    """Parameters, options, their trace and the current step; views observe and link to it."""

    params = traitlets.Instance(Params)
    options = traitlets.Instance(Options)
    trace = traitlets.Instance(Trace)
    index = traitlets.Int(0)
    #: "" or the last refused input's message: which parameter, what was wrong, what is allowed.
    message = traitlets.Unicode("")
    #: The field the message belongs beside ("w5", "loss", ...), or "".
    message_name = traitlets.Unicode("")
    #: 1.0 normally; 1.5 for a classroom projector.
    font_scale = traitlets.Float(1.0)

    def __init__(self, params: Params = CLASSIC, options: Options | None = None, *,
                 index: int = 0, font_scale: float = 1.0, **choices):
        opts = Options.resolve(options, choices)
        first = trace(params, options=opts)   # bad arguments in code raise ParameterError here
        super().__init__(params=params, options=opts, trace=first, font_scale=font_scale)
        self.index = index
        self._views: dict[str, tuple[str | None, list]] = {}

    def __repr__(self) -> str:
        step = self.trace[self.index]
        return f"LessonModel(step {self.index}: {step.name}, {self.trace!r})"

    @traitlets.validate("index")
    def _clamp_index(self, proposal):
        steps = len(self.trace) if self.trace is not None else 1
        return max(0, min(int(proposal.value), steps - 1))

    @traitlets.validate("params", "options")
    def _retrace_or_refuse(self, proposal):
        # Direct assignment (model.params = ...) goes through the engine like set_number does.
        if self.trace is None or self._applying:
            return proposal.value
        params = proposal.value if proposal.trait.name == "params" else self.params
        options = proposal.value if proposal.trait.name == "options" else self.options
        try:
            self._pending = trace(params, options=options)
        except (ParameterError, NumericError) as exc:
            raise traitlets.TraitError(str(exc)) from exc
        return proposal.value

    @traitlets.observe("params", "options")
    def _adopt_pending(self, change):
        pending, self._pending = self._pending, None
        if pending is not None and not self._applying:
            self._apply(pending)

    _applying = False
    _pending: Trace | None = None

    # --- edits ---------------------------------------------------------------------------------

    def set_number(self, name: str, value_or_text: object) -> bool:
        """Set one number from a value or typed text; False (and `message`) if refused."""
        try:
            if name not in FIELDS + NEURON_BIASES:
                raise ParameterError(name, value_or_text, _("unknown parameter"),
                                     _("one of {choices}", choices=join(FIELDS + NEURON_BIASES)))
            if name in NEURON_BIASES and str(value_or_text).strip() in ("", "None"):
                number = None   # a per-neuron bias left empty starts from its layer's bias
            else:
                number = parse_number(name, value_or_text)
            params = self.params.replace(**{name: number})
        except ParameterError as exc:
            return self._refuse(name, exc)
        return self.set_params(params, self.options, name=name)

    def set_option(self, name: str, value: str) -> bool:
        """Set one option ("loss", "order", ...); False (and `message`) if refused."""
        try:
            options = Options.resolve(self.options, {name: value})
        except ParameterError as exc:
            return self._refuse(name, exc)
        return self.set_params(self.params, options, name=name)

    def set_params(self, params: Params, options: Options | None = None, *,
                   name: str = "") -> bool:
        """Replace the numbers (and options) at once; False (and `message`) if refused."""
        options = self.options if options is None else options
        try:
            new = trace(params, options=options)
        except (ParameterError, NumericError) as exc:
            return self._refuse(name, exc)
        self._apply(new)
        return True

    def reset(self) -> None:
        """Back to the classic example's numbers and the post's options; the step is kept."""
        self.set_params(CLASSIC, DEFAULT)

    def go(self, index: int) -> None:
        """Show step `index` (clamped to the trace)."""
        self.index = index

    def go_phase(self, phase: str) -> None:
        """Show the first step of `phase` ("forward", "error", "output-gradients", ...)."""
        self.index = self.trace.phase_start(phase)

    @property
    def step(self):
        """The current Step."""
        return self.trace[self.index]

    def _refuse(self, name: str, exc: Exception) -> bool:
        with self.hold_trait_notifications():
            self.message_name = name or getattr(exc, "name", "")
            self.message = str(exc)
        return False

    def _apply(self, new: Trace) -> None:
        # The same step stays on screen: by name when the new trace has it, else by position.
        current = self.trace[self.index].name
        index = new[current].index if current in new else min(self.index, len(new) - 1)
        self._applying = True
        try:
            with self.hold_trait_notifications():
                self.trace = new
                self.params = new.params
                self.options = new.options
                self.index = index
                self.message = ""
                self.message_name = ""
        finally:
            self._applying = False

    # --- views -------------------------------------------------------------------------------

    def adopt(self, view, *, cell: str | None = None, run: str | None = None) -> None:
        """Remember a view built in notebook cell `cell` during execution `run`.

        When the same cell runs again, the views it built last time are closed
        (their observers on this model removed), so re-running a cell that builds
        a view over a shared model does not pile up hidden views that keep
        redrawing. Without a notebook (tests, scripts) nothing is remembered.
        """
        if cell is None:
            cell, run = current_cell()
        if cell is None:
            return
        previous_run, views = self._views.get(cell, (run, []))
        if previous_run != run:
            for old in views:
                old.close()
            views = []
        views.append(view)
        self._views[cell] = (run, views)


def current_cell() -> tuple[str | None, str | None]:
    """(cell id, execute request id) of the notebook cell running now, or (None, None)."""
    # A kernel has imported ipykernel long before any view is built; elsewhere there is no cell.
    kernelbase = sys.modules.get("ipykernel.kernelbase")
    if kernelbase is None:
        return None, None
    Kernel = kernelbase.Kernel
    if not Kernel.initialized():
        return None, None
    parent = Kernel.instance().get_parent() or {}
    cell = (parent.get("metadata") or {}).get("cellId")
    run = (parent.get("header") or {}).get("msg_id")
    return (cell, run) if cell else (None, None)
