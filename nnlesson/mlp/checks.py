"""What the general network accepts: parameters, inputs, targets and labels of the right shapes.

Used by every pass of lessons 14 to 19. A wrong shape is refused with the
shape that was expected (and a hint when examples look like rows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

import numpy as np

from ..errors import Described, ParameterError, check_array
from ..language import _
from .network import Network, Parameters

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["check_inputs", "check_labels", "check_params", "check_targets", "checked"]


def check_params(network: Network, params: Parameters) -> None:
    """Refuse parameters whose shapes or dtype do not fit `network`."""
    if not isinstance(params, Parameters):
        raise ParameterError(
            "params",
            Described(type(params).__name__),
            _("not a Parameters record"),
            _("nnlesson.mlp.network.init(network, rng) or Parameters.from_arrays"),
        )
    if params.L != network.L:
        raise ParameterError(
            "params",
            Described(repr(params)),
            _("has {L} layers, the network {L2}", L=params.L, L2=network.L),
            _("parameters made for this network"),
        )
    for l in range(1, network.L + 1):
        want = (network.sizes[l], network.sizes[l - 1])
        if params.W[l].shape != want or params.b[l].shape != (want[0], 1):
            raise ParameterError(
                f"W[{l}]",
                Described(_("an array of shape {shape}", shape=params.W[l].shape)),
                _("wrong shape for this network"),
                _("shape {want}", want=want),
            )
        if params.W[l].dtype != network.np_dtype or params.b[l].dtype != network.np_dtype:
            raise ParameterError(
                f"W[{l}]",
                Described(_("an array of {dtype}", dtype=params.W[l].dtype)),
                _("the network computes in {dtype}", dtype=network.dtype),
                _("parameters in {dtype}", dtype=network.dtype),
            )


def check_inputs(network: Network, X, *, name: str = "X") -> np.ndarray:
    """X as a C-contiguous array of the network's dtype, shape (n[0], m), all finite."""
    n0 = network.sizes[0]
    array = check_array(name, X)
    if array.ndim != 2 or array.shape[0] != n0 or array.shape[1] < 1:
        raise ParameterError(
            name,
            Described(_("an array of shape {shape}", shape=array.shape)),
            _("wrong shape; examples look like rows: pass {name}.T", name=name)
            if array.ndim == 2 and array.shape[1] == n0 else _("wrong shape"),
            _("shape ({n0}, m): one column of {n0} inputs per example", n0=n0),
        )
    return np.ascontiguousarray(array, dtype=network.np_dtype)


def check_targets(network: Network, Y, m: int, *, name: str = "Y") -> np.ndarray:
    """Y as an array of shape (n[L], m) that the loss accepts."""
    nL = network.sizes[-1]
    array = check_array(name, Y)
    if array.ndim == 1 and nL == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2 or array.shape != (nL, m):
        raise ParameterError(
            name,
            Described(_("an array of shape {shape}", shape=array.shape)),
            _("wrong shape"),
            _("shape ({nL}, {m}): one column of {nL} targets per example", nL=nL, m=m),
        )
    if network.loss in ("cross-entropy", "softmax-cross-entropy"):
        outside = (array < 0) | (array > 1)
        if outside.any():
            where = tuple(int(i) for i in np.argwhere(outside)[0])
            raise ParameterError(
                f"{name}[{where[0]}, {where[1]}]",
                array[where].item(),
                _("a target outside 0..1 for {loss}", loss=network.loss),
                _("targets from 0 to 1 (class labels 0 or 1, or one-hot columns)"),
            )
    if network.loss == "softmax-cross-entropy":
        sums = array.sum(axis=0)
        bad = np.flatnonzero(np.abs(sums - 1) > 1e-6)
        if bad.size:
            j = int(bad[0])
            raise ParameterError(
                f"{name}[:, {j}]",
                Described(_("a column summing to {total}", total=f"{sums[j]:g}")),
                _("softmax targets must sum to 1 over the classes"),
                _("one-hot columns (nnlesson.mlp.datasets.one_hot)"),
            )
    return np.ascontiguousarray(array, dtype=network.np_dtype)


@overload
def checked(
    network: Network, params: Parameters, X: object, Y: None = None
) -> tuple[np.ndarray, None]: ...
@overload
def checked(
    network: Network, params: Parameters, X: object, Y: ArrayLike
) -> tuple[np.ndarray, np.ndarray]: ...
def checked(
    network: Network, params: Parameters, X: object, Y: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """X (and Y) checked against `network` and converted to its dtype; `params` checked too."""
    if not isinstance(network, Network):
        raise ParameterError(
            "network",
            Described(type(network).__name__),
            _("not a Network"),
            _("nnlesson.mlp.network.Network(sizes=...)"),
        )
    check_params(network, params)
    X = check_inputs(network, X)
    if Y is None:
        return X, None
    return X, check_targets(network, Y, X.shape[1])


def check_labels(labels, *, classes: int, m: int | None = None, name: str = "labels") -> np.ndarray:
    """Whole-number class labels 0..classes-1 (one per example), or a clear error."""
    array = np.asarray(labels)
    if array.ndim != 1 or (m is not None and array.size != m):
        raise ParameterError(
            name,
            Described(_("an array of shape {shape}", shape=array.shape)),
            _("wrong shape"),
            _(
                "a vector of {m} class labels",
                m=m if m is not None else "m",
            ),
        )
    if (
        array.dtype.kind == "f"
        and array.size
        and np.all(np.isfinite(array))
        and np.all(array == np.round(array))
    ):
        array = array.astype(np.int64)
    if array.dtype.kind not in "iu":
        raise ParameterError(
            name,
            Described(_("an array of {dtype}", dtype=array.dtype)),
            _("not whole-number labels"),
            _("class labels 0 to {classes_1}", classes_1=classes - 1),
        )
    outside = (array < 0) | (array >= classes)
    if outside.any():
        j = int(np.flatnonzero(outside)[0])
        raise ParameterError(
            f"{name}[{j}]",
            int(array[j]),
            _("outside the classes"),
            _("a class label from 0 to {classes_1}", classes_1=classes - 1),
        )
    return array.astype(np.int64)
