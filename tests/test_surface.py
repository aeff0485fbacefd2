"""The error surface over two weights and the descent paths of lesson 19."""

import numpy as np
import pytest

from nnlesson.errors import ParameterError
from nnlesson.example import engine
from nnlesson.example.error_surface import curvature, descent_paths, surface
from nnlesson.example.params import CLASSIC, Options
from nnlesson.maths.compare import EPS, ROUNDING

IDENTITY = Options(output_activation="identity")


def test_surface_values_are_the_engine_error():
    s = surface(weights=("w5", "w8"), span=1.0, resolution=5)
    for r, c in ((0, 0), (2, 2), (4, 1)):
        params = CLASSIC.replace(w5=float(s.a[c]), w8=float(s.b[r]))
        # The surface's copies use numpy's exp, the engine math.exp: rounding apart.
        assert s.E[r, c] == pytest.approx(engine.forward(params).E_total, rel=ROUNDING)


def test_paths_train_only_the_two_weights_as_the_engine_would():
    paths = descent_paths([0.5, 2.0], weights=("w5", "w6"), steps=3)
    p = CLASSIC
    for _ in range(3):
        g = engine.gradients(p)
        p = p.replace(w5=p.w5 - 0.5 * g.dE_dw5, w6=p.w6 - 0.5 * g.dE_dw6)
    # Three updates, each rounding apart (numpy's exp against math.exp), stay within a few
    # EPS: the same bound as the sweep's (tests/test_sweep.py).
    assert paths.a[3, 0] == pytest.approx(p.w5, rel=64 * EPS)
    assert paths.b[3, 0] == pytest.approx(p.w6, rel=64 * EPS)
    assert paths.E[3, 0] == pytest.approx(engine.forward(p).E_total, rel=ROUNDING)


def test_curvature_predicts_one_step_zig_zag_and_runaway():
    c = curvature(weights=("w5", "w6"), options=IDENTITY)
    assert c.smallest == pytest.approx(0, abs=1e-12)      # a valley: w5 h1 + w6 h2 fixed
    rates = [0.5 * c.fastest, c.fastest, 0.5 * (c.fastest + c.critical), 1.05 * c.critical]
    paths = descent_paths(rates, weights=("w5", "w6"), steps=30, options=IDENTITY)
    floor = paths.E[1, 1]                                  # one step lands on the floor
    assert paths.E[2, 1] == pytest.approx(floor, rel=1e-12)
    assert paths.E[-1, 0] == pytest.approx(floor, rel=1e-6) and paths.E[1, 0] > floor
    zig = np.sign(np.diff(paths.a[:6, 2]))
    assert np.all(zig[1:] == -zig[:-1])                    # w5 goes back and forth
    assert paths.E[-1, 2] == pytest.approx(floor, rel=1e-6)
    assert paths.E[-1, 3] > paths.E[0, 3]                  # beyond 2/λ it runs away


@pytest.mark.parametrize(("call", "pattern"), [
    (lambda: surface(weights=("w5", "w5")), "not two different weights"),
    (lambda: surface(weights=("w5", "b1")), "not two different weights"),
    (lambda: surface(span=0), "span = 0"),
    (lambda: surface(resolution=1), "resolution = 1"),
    (lambda: descent_paths([0.1], options=Options(bias="shared")), "trainable"),
])
def test_bad_requests_are_refused(call, pattern):
    with pytest.raises(ParameterError, match=pattern):
        call()


def test_the_cut_holds_every_step_of_a_path_that_stays_on_one_line():
    from nnlesson.example.error_surface import section

    c = curvature(weights=("w5", "w6"), options=IDENTITY)
    paths = descent_paths([c.fastest, 1.8 * c.fastest], weights=("w5", "w6"), steps=6,
                          options=IDENTITY)
    cut = section(paths, options=IDENTITY, resolution=2001)
    floor = cut.position(paths.a[1, 0], paths.b[1, 0])
    assert cut.s[np.argmin(cut.E)] == pytest.approx(floor, abs=2 * (cut.s[1] - cut.s[0]))
    where = cut.position(paths.a[:, 1], paths.b[:, 1])
    assert np.all(np.diff(np.sign(where - floor))[1:] != 0)     # hops across the floor
    np.testing.assert_allclose(np.interp(where, cut.s, cut.E), paths.E[:, 1], rtol=1e-3)


def test_with_one_example_every_path_over_w5_w6_stays_on_one_line():
    # Why lesson 19 needs a second surface to show a zig-zag: w5 and w6 only enter as
    # w5 out_h1 + w6 out_h2, so every gradient is a multiple of (out_h1, out_h2).
    c = curvature(weights=("w5", "w6"), options=IDENTITY)
    paths = descent_paths([0.5 * c.fastest, 1.8 * c.fastest], weights=("w5", "w6"), steps=10,
                          options=IDENTITY)
    moved = np.stack([paths.a - paths.a[0], paths.b - paths.b[0]])      # (2, steps + 1, rates)
    direction = moved[:, 1, 0] / np.hypot(*moved[:, 1, 0])
    across = moved[0] * direction[1] - moved[1] * direction[0]
    assert np.max(np.abs(across)) < 1e-12
