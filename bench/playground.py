"""Lesson 18's playground: how long a retrain takes once a control moves, at the default size.

Kernel side only, driven as the browser would (a control's value is set): the
retrain from the same seeds, the frames handed out as it trains, each redrawn
(decision boundary and cost curves to PNG), the progress bar and the readout.
The browser's own drawing is not included. Baseline measured in the same run:
the same training alone (`playground_frames` consumed, nothing drawn). The
issue's target: a retrain at the default size within 2 s.
"""

from __future__ import annotations

import time

from nnlesson.topics.classifier import PlaygroundSetup, playground_frames

from .common import Result, median_time

#: Two noise levels to move between, so that every measured change is a real retrain.
NOISES = (0.1, 0.15)


def run() -> list[Result]:
    from nnlesson.widgets import Playground

    ui = Playground()
    setup = ui.model.setup
    noises = iter(NOISES[1:] + NOISES * 100)

    def retrain() -> None:
        ui.noise.value = next(noises)
        assert ui.model.frame is not None and ui.model.frame.finished, ui.model.message

    with_drawing = median_time(retrain, runs=9, warmup=1)
    training = median_time(lambda: list(playground_frames(PlaygroundSetup(noise=NOISES[0]))),
                           runs=9, warmup=1)
    frames = len(list(playground_frames(setup)))
    shape = "-".join(map(str, setup.network.sizes))
    return [
        Result("playground", f"retrain {shape}, {setup.epochs} epochs + {frames} frames drawn",
               with_drawing, 9, "training alone", training / with_drawing, "target < 2 s"),
        Result("playground", "baseline: the same training alone", training, 9),
    ]


if __name__ == "__main__":  # pragma: no cover
    from .common import table

    start = time.perf_counter()
    print(table(run()))
    print(f"{time.perf_counter() - start:.1f} s")
