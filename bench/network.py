"""General-network figures (lessons 15 to 19), each beside a baseline from the same run.

1. One epoch of the circles network 2-25-50-50-25-1 (ReLU hidden layers, a
   sigmoid output, binary cross-entropy; full batch, so one epoch is one
   forward pass, one backward pass and one update, cost included) at
   m = 1,000, 10,000 and 100,000 examples, in float32 and float64, beside
   PyTorch running the same network from the same starting weights. PyTorch
   is not a dependency and is imported only here, only if present: on this
   machine `pip install torch==2.13.0` installs a CPU build from local disk
   (an unpinned `pip install torch` downloads a CUDA build of several GB).
   PyTorch gets as many threads as numpy's BLAS uses. The two take turns in
   blocks of epochs, round by round, so that load from other processes falls
   on both alike (see `_alternating`).
2. The learning-rate sweep: 1,000 copies of the 2-2-2 network, 10,000
   updates each, vectorized, beside the same training as a plain-Python loop
   over the networks (timed on a subset and scaled, as the row says).
"""

from __future__ import annotations

import ctypes
import os
import statistics
import time

import numpy as np

from nnlesson.example import copies as sweep
from nnlesson.mlp import datasets
from nnlesson.mlp.network import Network, init
from nnlesson.mlp.training import Descent

from .baselines import train_classic
from .common import Result

CIRCLES = (2, 25, 50, 50, 25, 1)
SIZES = (1_000, 10_000, 100_000)
RUNS = {1_000: 40, 10_000: 20, 100_000: 8}
LEARNING_RATE = 0.1
SWEEP_COPIES, SWEEP_STEPS, LOOP_SUBSET = 1_000, 10_000, 10
TORCH_HINT = ("PyTorch not installed: `pip install torch==2.13.0` (CPU build, local disk); "
              "never an unpinned `pip install torch` (a CUDA build of several GB)")


def blas_threads() -> tuple[int, str]:
    """The number of threads numpy's BLAS uses, asked of the loaded OpenBLAS itself."""
    paths = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                if "openblas" in line.lower():
                    paths.add(line.split()[-1])
    except OSError:
        pass
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for symbol in ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
                       "openblas_get_num_threads64_", "openblas_get_num_threads"):
            getter = getattr(lib, symbol, None)
            if getter is not None:
                getter.restype = ctypes.c_int
                return int(getter()), "asked of OpenBLAS"
    return os.cpu_count() or 1, "assumed: one per core"


def _alternating(fns: dict, runs: int, *, rounds: int = 4, warmup: int = 2
                 ) -> dict[str, float]:
    """Median time of each function, timed in blocks that take turns, round after round.

    Blocks, not single calls, take turns: each library's worker threads keep
    spinning for a while after their work (OpenMP's and OpenBLAS's busy-wait),
    which would slow the other library's very next call. The first `warmup`
    calls of every block are not timed; load from other processes still falls
    on both alike, round by round.
    """
    times = {name: [] for name in fns}
    per_round = max(1, -(-runs // rounds))
    for _ in range(rounds):
        for name, fn in fns.items():
            for _ in range(warmup):
                fn()
            for _ in range(per_round):
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def _torch_epoch(torch, network: Network, params, X: np.ndarray, Y: np.ndarray):
    dtype = {"float32": torch.float32, "float64": torch.float64}[network.dtype]
    layers = []
    for l in range(1, network.L + 1):
        linear = torch.nn.Linear(network.sizes[l - 1], network.sizes[l], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.array(params.W[l])))
            linear.bias.copy_(torch.from_numpy(np.array(params.b[l][:, 0])))
        layers.append(linear)
        if l < network.L:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    # PyTorch's layout: one example per row. The sigmoid is folded into the loss
    # (BCEWithLogitsLoss), PyTorch's own recommended and fastest form.
    X_t = torch.from_numpy(np.ascontiguousarray(X.T))
    Y_t = torch.from_numpy(np.ascontiguousarray(Y.T))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)

    def epoch() -> float:
        optimiser.zero_grad(set_to_none=True)
        loss = loss_fn(model(X_t), Y_t)
        loss.backward()
        optimiser.step()
        return loss.item()

    return epoch


def circles_results() -> list[Result]:
    threads, how = blas_threads()
    try:
        import torch
    except ImportError:
        torch = None
    baseline = TORCH_HINT
    if torch is not None:
        torch.set_num_threads(threads)
        baseline = f"PyTorch {torch.__version__.split('+')[0]}"
    shape = "-".join(map(str, CIRCLES))
    results = []
    for dtype in ("float32", "float64"):
        network = Network(CIRCLES, hidden="relu", output="sigmoid", loss="cross-entropy",
                          dtype=dtype)
        for m in SIZES:
            data = datasets.circles(m, rng=0)
            params = init(network, np.random.default_rng(0), scheme="he")
            descent = Descent(network, params, data.X, data.Y, learning_rate=LEARNING_RATE)
            fns = {"nnlesson": descent.epoch}
            if torch is not None:
                fns["torch"] = _torch_epoch(torch, network, params,
                                            data.X.astype(dtype), data.Y.astype(dtype))
            medians = _alternating(fns, RUNS[m])
            name = f"{shape} {dtype} m={m:,}"
            if torch is None:
                results.append(Result("network", f"{name} nnlesson", medians["nnlesson"],
                                      RUNS[m], baseline))
                continue
            results.append(Result("network", f"{name} nnlesson", medians["nnlesson"], RUNS[m],
                                  baseline, medians["torch"] / medians["nnlesson"],
                                  note=f"{threads} threads each, {how}"))
            results.append(Result("network", f"{name} PyTorch", medians["torch"], RUNS[m]))
    return results


def sweep_results() -> list[Result]:
    rates = sweep.log_rates(0.01, 100.0, SWEEP_COPIES)
    sweep.sweep(rates[:2], steps=10)  # compile the programs before timing
    vectorized = statistics.median(_timed(lambda: sweep.sweep(rates, steps=SWEEP_STEPS))
                                   for _ in range(3))
    subset = rates[:: SWEEP_COPIES // LOOP_SUBSET]
    loop_subset = _timed(lambda: [train_classic(steps=SWEEP_STEPS, learning_rate=float(r))
                                  for r in subset])
    loop_all = loop_subset * SWEEP_COPIES / subset.size
    return [
        Result("sweep", f"{SWEEP_COPIES:,} x 2-2-2, {SWEEP_STEPS:,} updates, vectorized",
               vectorized, 3, f"plain-Python loop over the {SWEEP_COPIES:,}",
               loop_all / vectorized),
        Result("sweep", f"plain-Python loop, {SWEEP_COPIES:,} networks (scaled)", loop_all, 1,
               note=f"{subset.size} networks timed ({loop_subset:.2f} s), "
                    f"times {SWEEP_COPIES // subset.size}"),
    ]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _load() -> str:
    try:
        return "load average " + " / ".join(f"{v:.2f}" for v in os.getloadavg()) + \
            f" on {os.cpu_count()} cores"
    except OSError:
        return "load average unknown"


def run() -> list[Result]:
    # The machine may be shared: say how busy it was, before and after, beside the figures.
    before = _load()
    results = circles_results() + sweep_results()
    print(f"({before} before, {_load()} after)", flush=True)
    return results
