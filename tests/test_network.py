"""The general network: the 2-2-2 example as a special case, gradient checks, clear errors."""

import dataclasses
import itertools

import numpy as np
import pytest

from nnlesson.errors import NumericError, ParameterError
from nnlesson.example import engine
from nnlesson.example.params import CLASSIC, WEIGHTS, Options, Params
from nnlesson.example.steps import trace
from nnlesson.formatting import fmt
from nnlesson.maths.compare import ROUNDING
from nnlesson.mlp import passes as passes_module
from nnlesson.mlp.gradcheck import gradient_check
from nnlesson.mlp.matrix_form import correspondence, from_params
from nnlesson.mlp.network import Network, Parameters, init
from nnlesson.mlp.passes import accuracy, cost, forward, gradients, predict
from nnlesson.mlp.workspace import Workspace

#: Options compared between the scalar engine and the matrix form. The two never compare
#: with ==: the engine calls Python's math.exp and math.tanh, the matrix form numpy's, which
#: use other code (AVX-512 where the processor has it) and may round the last bit the
#: other way; with binary cross-entropy the network also uses sympy's cancelled y - t.
#: Every comparison allows nnlesson.maths.compare.ROUNDING (64 EPS), with its reason there.
OPTIONS = [Options(), Options(loss="squared"), Options(bias="per-neuron"),
           Options(bias="shared"), Options(hidden_activation="relu"),
           Options(hidden_activation="relu", output_activation="identity"),
           Options(hidden_activation="relu", output_activation="relu"),
           Options(hidden_activation="tanh"), Options(loss="cross-entropy"),
           Options(hidden_activation="tanh", output_activation="tanh")]


def random_params(rng: np.random.Generator, options: Options) -> Params:
    values = {name: float(rng.uniform(-2, 2)) for name in WEIGHTS + ("b1", "b2", "i1", "i2")}
    values.update(target_o1=float(rng.uniform(0, 1)), target_o2=float(rng.uniform(0, 1)),
                  learning_rate=0.5)
    if options.bias == "per-neuron":
        values.update({n: float(rng.uniform(-1, 1)) for n in ("b_h1", "b_h2", "b_o1", "b_o2")})
    return Params(**values)


def test_the_classic_example_is_reproduced_to_rounding():
    rows = correspondence(CLASSIC)
    assert len(rows) == 29
    for row in rows:
        assert row.matrix == pytest.approx(row.scalar, rel=ROUNDING, abs=ROUNDING), row


def test_the_classic_example_gives_the_published_digits(reference):
    values = {row.name: row.matrix for row in correspondence(CLASSIC)}
    published = reference["published"]
    for name in ("net_h1", "out_h1", "out_h2", "net_o1", "out_o1", "out_o2", "E_total",
                 "delta_o1", "dE_dw5", "dE_dw1", "dE_total_dout_h1"):
        assert fmt(values[name]) == fmt(published[name]), name
    for name in ("dE_dw1", "dE_dw2", "dE_dw3", "dE_dw4", "dE_dw5", "dE_dw6", "dE_dw7", "dE_dw8"):
        assert values[name] == pytest.approx(reference["exact"][name], rel=1e-15), name


def test_the_matrices_agree_with_the_trace_of_the_worked_example():
    t = trace(CLASSIC)
    for row in correspondence(CLASSIC):
        if row.name in t:
            assert row.matrix == pytest.approx(t.value(row.name), rel=ROUNDING, abs=ROUNDING), row


@pytest.mark.parametrize("options", OPTIONS, ids=repr)
def test_random_parameters_are_reproduced_to_rounding(options):
    rng = np.random.default_rng(11)
    for _ in range(40):
        for matmul in ("ordered", "blas"):
            for row in correspondence(random_params(rng, options), options, matmul=matmul):
                assert row.matrix == pytest.approx(row.scalar, rel=ROUNDING, abs=ROUNDING), \
                    (row, options, matmul)


def test_a_real_difference_is_far_beyond_rounding():
    # The tolerance above can fail: a weight off in its ninth digit moves every quantity
    # downstream of it by far more than 64 EPS.
    params = random_params(np.random.default_rng(11), Options())
    rows = correspondence(params)
    moved = {r.name: r.matrix for r in correspondence(params.replace(w5=params.w5 * (1 + 1e-9)))}
    assert not all(moved[r.name] == pytest.approx(r.scalar, rel=ROUNDING, abs=ROUNDING)
                   for r in rows)


def test_one_update_of_the_general_network_is_the_worked_example_update():
    network, params, X, Y = from_params(CLASSIC)
    g = gradients(network, params, X, Y)
    after = engine.update(CLASSIC).after
    new_W2 = params.W[2] - CLASSIC.learning_rate * g.dW[2]
    new_W1 = params.W[1] - CLASSIC.learning_rate * g.dW[1]
    for got, want in ((new_W2[0, 0], after.w5), (new_W2[1, 1], after.w8),
                      (new_W1[0, 1], after.w2), (new_W1[1, 0], after.w3)):
        assert got == pytest.approx(want, rel=ROUNDING, abs=ROUNDING)


# -- gradient checks -------------------------------------------------------------------------

OUTPUTS = [("sigmoid", "cross-entropy"), ("sigmoid", "half-squared"), ("identity", "squared"),
           ("softmax", "softmax-cross-entropy"), ("tanh", "half-squared"),
           ("leaky_relu", "squared"), ("relu", "half-squared")]


def one_percent_off(gradients):
    """`gradients`, but with the largest entry of dW or db made 1% too big."""
    def wrong(*args):
        g = gradients(*args)
        dW, db = [None, *map(np.array, g.dW[1:])], [None, *map(np.array, g.db[1:])]
        largest = max(dW[1:] + db[1:], key=lambda a: np.max(np.abs(a)))
        largest[np.unravel_index(np.argmax(np.abs(largest)), largest.shape)] *= 1.01
        return dataclasses.replace(g, dW=tuple(dW), db=tuple(db))
    return wrong


@pytest.mark.parametrize(("hidden", "output_loss"),
                         list(itertools.product(Network.CHOICES["hidden"], OUTPUTS)))
def test_gradients_match_central_differences(hidden, output_loss, monkeypatch):
    output, loss = output_loss
    sizes = (3, 4, 5, 3) if output == "softmax" else (3, 4, 5, 2)
    network = Network(sizes, hidden=hidden, output=output, loss=loss)
    rng = np.random.default_rng(5)
    params = init(network, rng, scheme="xavier", gain=1.5)
    # Positive biases keep ReLU-like units away from their kink at 0.
    if hidden in ("relu", "leaky_relu") or output in ("relu", "leaky_relu"):
        params = Parameters(W=params.W, b=tuple(None if b is None else b + 0.3 for b in params.b))
    X = rng.standard_normal((3, 7))
    if output == "softmax":
        Y = np.eye(3)[:, rng.integers(0, 3, 7)]
    else:
        Y = rng.uniform(0, 1, (2, 7))
    check = gradient_check(network, params, X, Y)
    assert check.analytic.size == network.parameter_count
    # Central differences are good to about 1e-10; the gradients here are about 1e-2.
    assert check.max_scaled_error < 1e-7, check
    big = np.abs(check.numeric) > 1e-3 * np.max(np.abs(check.numeric))
    assert np.max(np.abs(check.analytic - check.numeric)[big] / np.abs(check.numeric[big])) < 1e-5
    # An oracle that could fail: backpropagation with its largest gradient 1% off is
    # caught by the same check, on the same metric, far above the 1e-7 passed above.
    monkeypatch.setattr(passes_module, "gradients", one_percent_off(gradients))
    wrong = gradient_check(network, params, X, Y)
    assert np.array_equal(wrong.numeric, check.numeric)
    assert not np.array_equal(wrong.analytic, check.analytic)
    assert not wrong.max_scaled_error < 1e-7, wrong
    assert wrong.max_scaled_error == pytest.approx(0.01, rel=1e-3), wrong


def test_softmax_cross_entropy_gradient_is_output_minus_target_over_m():
    network = Network((2, 3), hidden="relu", output="softmax", loss="softmax-cross-entropy")
    params = init(network, np.random.default_rng(0))
    X = np.random.default_rng(1).standard_normal((2, 4))
    Y = np.eye(3)[:, [0, 2, 1, 1]]
    g = gradients(network, params, X, Y)
    np.testing.assert_allclose(g.dZ[1], g.forward.A[1] - Y, atol=1e-15)
    np.testing.assert_allclose(g.dW[1], (g.forward.A[1] - Y) @ X.T / 4, atol=1e-15)


# -- shapes, dtypes, initialisation ----------------------------------------------------------

def test_shapes_follow_the_lesson_notation():
    network = Network((3, 4, 2), hidden="relu", output="sigmoid", loss="cross-entropy")
    params = init(network, np.random.default_rng(0))
    assert params.W[0] is None and params.W[1].shape == (4, 3) and params.b[2].shape == (2, 1)
    X = np.ones((3, 5))
    g = gradients(network, params, X, np.zeros((2, 5)))
    assert g.forward.A[0].shape == (3, 5) and g.forward.Z[1].shape == (4, 5)
    assert g.dW[1].shape == (4, 3) and g.db[1].shape == (4, 1) and g.dA[1].shape == (4, 5)
    table = dict(network.shapes(5))
    assert table["W[1]"] == (4, 3) and table["Z[2]"] == (2, 5) and table["dA[1]"] == (4, 5)
    assert network.parameter_count == params.count == 4 * 3 + 4 + 2 * 4 + 2


def test_float32_never_upcasts():
    network = Network((2, 8, 8, 1), hidden="relu", output="sigmoid", loss="cross-entropy",
                      dtype="float32")
    params = init(network, np.random.default_rng(0))
    assert params.W[1].dtype == np.float32
    ws = Workspace(network, 16)
    buffers = [a for group in (ws.Z, ws.A, ws.dZ, ws.dA, ws.dW, ws.db) for a in group
               if a is not None]
    assert all(a.dtype == np.float32 for a in buffers)
    X = np.random.default_rng(1).standard_normal((2, 16)).astype(np.float32)
    Y = (X[:1] > 0).astype(np.float32)
    W, b = [None, *map(np.array, params.W[1:])], [None, *map(np.array, params.b[1:])]
    ws.forward(W, b, X)
    ws.backward(W, Y)
    ws.update(W, b, 0.1)
    assert all(a.dtype == np.float32 for a in buffers + W[1:] + b[1:])
    g = gradients(network, params, X.astype(np.float64), Y)
    assert g.dW[1].dtype == np.float32


def test_initialisation_is_seeded_and_scaled():
    network = Network((50, 40, 1), hidden="relu", output="sigmoid", loss="cross-entropy")
    a = init(network, np.random.default_rng(3), scheme="he")
    b = init(network, np.random.default_rng(3), scheme="he")
    assert np.array_equal(a.W[1], b.W[1])
    assert np.std(a.W[1]) == pytest.approx(np.sqrt(2 / 50), rel=0.1)
    xavier = init(network, np.random.default_rng(3), scheme="xavier")
    assert np.max(np.abs(xavier.W[1])) <= np.sqrt(6 / 90)
    small = init(network, np.random.default_rng(3), scheme="uniform", gain=0.2)
    assert np.max(np.abs(small.W[1])) <= 0.1
    assert all(np.all(bias == 0) for bias in a.b[1:])


def test_predictions_and_accuracy():
    network = Network((1, 1), output="sigmoid", loss="cross-entropy")
    params = Parameters.from_arrays(network, [np.array([[10.0]])], [np.array([[0.0]])])
    X = np.array([[-1.0, 2.0, 3.0]])
    assert predict(network, params, X).tolist() == [0, 1, 1]
    assert accuracy(network, params, X, [0, 1, 0]) == pytest.approx(2 / 3)
    assert cost(network, params, X, [[0, 1, 1]]) < 1e-3


# -- bad input gets a clear error ------------------------------------------------------------

NET = Network((2, 3, 1), hidden="relu", output="sigmoid", loss="cross-entropy")
PARAMS = init(NET, np.random.default_rng(0))
X = np.zeros((2, 4))
Y = np.zeros((1, 4))


@pytest.mark.parametrize(("make", "pattern"), [
    (lambda: Network((2, 0, 1)), r"sizes\[1\] = 0: layer 1 would have no neurons"),
    (lambda: Network((2, 2.5, 1)), r"sizes\[1\] = 2.5: not a whole number"),
    (lambda: Network((2,)), "needs at least an input and an output layer"),
    (lambda: Network((2, 2), hidden="swish"), "hidden = 'swish': not a known choice"),
    (lambda: Network((2, 2), output="softmax", loss="cross-entropy"), "does not go with"),
    (lambda: Network((2, 2), output="tanh", loss="cross-entropy"), "needs outputs between 0"),
    (lambda: Network((2, 1), output="softmax", loss="softmax-cross-entropy"),
     "softmax needs at least two outputs"),
    (lambda: forward(NET, PARAMS, np.zeros((3, 4))), r"X = an array of shape \(3, 4\)"),
    (lambda: forward(NET, PARAMS, np.zeros((4, 2))), "examples look like rows: pass X.T"),
    (lambda: forward(NET, PARAMS, np.array([[0.0, np.nan], [1.0, 2.0]])),
     r"with nan at index \(0, 1\): not every number is finite"),
    (lambda: forward(NET, PARAMS, [["a", "b"]]), "not an array of numbers"),
    (lambda: cost(NET, PARAMS, X, np.zeros((1, 5))), r"Y = an array of shape \(1, 5\)"),
    (lambda: cost(NET, PARAMS, X, np.array([[0, 1, 2, 0]])),
     r"Y\[0, 2\] = 2: a target outside 0..1"),
    (lambda: accuracy(NET, PARAMS, X, [0, 1, 2, 0]), r"labels\[2\] = 2: outside the classes"),
    (lambda: accuracy(NET, PARAMS, X, [0, 1, 0]), "wrong shape"),
    (lambda: init(NET, 42), "rng = int: not a numpy random Generator"),
    (lambda: init(NET, np.random.default_rng(0), scheme="lecun"), "not a known initialisation"),
    (lambda: init(NET, np.random.default_rng(0), gain=-1), "gain = -1: not a usable scale"),
    (lambda: forward(NET, init(Network((2, 4, 1)), np.random.default_rng(0)), X),
     "wrong shape for this network"),
    (lambda: forward(Network((2, 3, 1), dtype="float32"), PARAMS, X), "computes in float32"),
    (lambda: Parameters.from_arrays(NET, [np.zeros((3, 2))], [np.zeros(3), np.zeros(1)]),
     "this network has 2 layers"),
    (lambda: Parameters.from_arrays(NET, [np.zeros((3, 2)), np.zeros((1, 2))],
                                    [np.zeros(3), np.zeros(1)]),
     r"W\[2\] = an array of shape \(1, 2\): wrong shape"),
])
def test_bad_input_is_refused_with_a_message_naming_it(make, pattern):
    with pytest.raises(ParameterError, match=pattern):
        make()


def test_softmax_targets_must_sum_to_one():
    network = Network((2, 3), output="softmax", loss="softmax-cross-entropy")
    params = init(network, np.random.default_rng(0))
    with pytest.raises(ParameterError, match=r"Y\[:, 1\] = a column summing to 2"):
        cost(network, params, np.zeros((2, 2)), np.array([[1, 1], [0, 1], [0, 0]]))


def test_overflowing_outputs_are_reported_not_shown():
    network = Network((1, 1), hidden="relu", output="identity", loss="squared")
    params = Parameters.from_arrays(network, [np.array([[1e300]])], [np.array([[0.0]])])
    with pytest.raises(NumericError, match="not finite"):
        forward(network, params, np.array([[1e300]]))


def test_an_overflowing_cost_or_gradient_is_reported_not_returned():
    # The output 1e300 is finite; its square, the cost and every gradient are not.
    network = Network((1, 1), hidden="relu", output="identity", loss="squared")
    params = Parameters.from_arrays(network, [np.array([[1e200]])], [np.array([[0.0]])])
    X, Y = np.array([[1e100]]), np.array([[0.0]])
    assert np.isfinite(forward(network, params, X).output).all()
    for call in (cost, gradients, gradient_check):
        with pytest.raises(NumericError, match="^the cost J is not finite .*forward pass"):
            call(network, params, X, Y)
    # out = 1e10 and the cost 1e20 are finite, but dJ/dW = 2 (out - y) x = 2e310 is not.
    params = Parameters.from_arrays(network, [np.array([[1e-290]])], [np.array([[0.0]])])
    X = np.array([[1e300]])
    assert np.isfinite(cost(network, params, X, np.array([[0.0]])))
    with pytest.raises(NumericError, match=r"^the gradient dW\[1\] is not finite .*backward"):
        gradients(network, params, X, np.array([[0.0]]))
