"""Activations, losses and their derivatives as in-place numpy programs, compiled from sympy.

Taught in lesson 13, "The matrix form". ``lambdify`` turns ``1/(1 + exp(-x))``
into Python that allocates a fresh array for every operation; on a layer of
50 neurons times 100,000 examples that allocation can cost as much as the
arithmetic. This module compiles the *same* sympy expression (the one in
``nnlesson.maths.activations`` or ``nnlesson.maths.losses``) into ufunc calls that write
into buffers allocated once, so the general network's training loop is fast
and still cannot drift from the formulas the lessons show.

Two rewrites keep it fast, each justified rather than assumed:
- a two-branch Piecewise that sympy *proves* equal to Max or Min of its
  branches (ReLU is Max(0, x)) becomes ``np.maximum`` / ``np.minimum``;
- any other two-branch Piecewise becomes e1*[c] + e2*[not c], with the
  indicators as boolean masks, so ReLU's derivative times dA is one compare
  and one multiply, never a slow masked copy.

Operations follow sympy's printing order, so a program gives bit for bit what
the lambdified function gives for the same numbers (tests check this).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

_FUNCTIONS = {sp.exp: "exp", sp.log: "log", sp.tanh: "tanh", sp.Abs: "absolute"}
_COMPARE = {sp.LessThan: "less_equal", sp.StrictLessThan: "less",
            sp.GreaterThan: "greater_equal", sp.StrictGreaterThan: "greater",
            sp.Equality: "equal", sp.Unequality: "not_equal"}


@dataclass(frozen=True, eq=False)
class InPlace:
    """A sympy expression as a numpy program writing into `out` (and scratch buffers).

    Call it as ``program(*arrays, out=out, buffers=program.buffers(out))``; the
    arrays follow `args` and broadcast to `out`'s shape. `out` must not be one of
    the arrays. `source` is the generated Python, for the curious learner, and
    `function` the compiled function itself, ``function(*arrays, out, *buffers)``,
    which a hot loop may call directly.
    """

    expr: sp.Expr
    args: tuple[sp.Symbol, ...]
    source: str
    scratch: int
    masks: int
    function: object = field(repr=False)

    def __repr__(self) -> str:
        return f"InPlace({', '.join(map(str, self.args))} -> {self.expr})"

    def buffers(self, out: np.ndarray) -> tuple[np.ndarray, ...]:
        """The scratch buffers a call needs, shaped like `out`: allocate once, reuse."""
        return (tuple(np.empty_like(out) for _ in range(self.scratch))
                + tuple(np.empty(out.shape, dtype=bool) for _ in range(self.masks)))

    def __call__(self, *arrays, out: np.ndarray | None = None, buffers=None) -> np.ndarray:
        if len(arrays) != len(self.args):
            raise TypeError(f"{self!r} takes {len(self.args)} arrays, got {len(arrays)}")
        if out is None:
            shape = np.broadcast_shapes(*(np.shape(a) for a in arrays))
            dtype = np.result_type(*arrays, 1.0)
            out = np.empty(shape, dtype=dtype)
        if buffers is None:
            buffers = self.buffers(out)
        self.function(*arrays, out, *buffers)
        return out


def compile_inplace(expr: sp.Expr, args: Sequence[sp.Symbol]) -> InPlace:
    """Compile `expr`, a function of the symbols `args`, into an in-place numpy program."""
    args = tuple(args)
    extra = expr.free_symbols - set(args)
    if extra:
        raise ValueError(f"{expr} uses {sorted(map(str, extra))}, not among the arguments")
    compiler = _Compiler(args)
    compiler.result(expr)
    return compiler.build(expr)


@dataclass(frozen=True)
class _Ref:
    code: str   # a Python expression: an argument, a constant or a buffer name
    kind: str   # "arg", "const", "float" (a buffer we wrote) or "mask" (a boolean buffer)


class _Compiler:
    def __init__(self, args: tuple[sp.Symbol, ...]):
        self.names = {}
        for i, a in enumerate(args):
            name = str(a)
            ok = name.isidentifier() and name not in ("np", "out", "s", "m")
            self.names[a] = name if ok and name not in self.names.values() else f"a{i}"
        self.lines: list[str] = []
        self.free_floats: list[str] = []
        self.free_masks: list[str] = []
        self.n_floats = 0
        self.n_masks = 0

    # -- buffers: a stack of scratch names, reused once released
    def _float(self) -> str:
        if self.free_floats:
            return self.free_floats.pop()
        self.n_floats += 1
        return f"s{self.n_floats - 1}"

    def _mask(self) -> str:
        if self.free_masks:
            return self.free_masks.pop()
        self.n_masks += 1
        return f"m{self.n_masks - 1}"

    def _release(self, ref: _Ref, keep: str) -> None:
        if ref.code == keep:
            return
        if ref.kind == "float" and ref.code.startswith("s"):
            self.free_floats.append(ref.code)
        elif ref.kind == "mask":
            self.free_masks.append(ref.code)

    def emit(self, line: str) -> None:
        self.lines.append(line)

    # -- the whole expression lands in `out`
    def result(self, expr: sp.Expr) -> None:
        ref = self.value(expr, "out")
        if ref.code != "out":
            self.emit(f"np.copyto(out, {ref.code})")

    def build(self, expr: sp.Expr) -> InPlace:
        params = [self.names[a] for a in self.names] + ["out"]
        params += [f"s{i}" for i in range(self.n_floats)] + [f"m{i}" for i in range(self.n_masks)]
        body = self.lines or ["pass"]
        source = f"def program({', '.join(params)}):\n" + "".join(f"    {ln}\n" for ln in body)
        namespace: dict[str, object] = {"np": np}
        exec(compile(source, "<nnlesson.maths.inplace>", "exec"), namespace)  # our own code
        return InPlace(expr, tuple(self.names), source, self.n_floats, self.n_masks,
                       namespace["program"])

    # -- one sub-expression; `target` is a buffer it may be computed into
    def value(self, expr, target: str) -> _Ref:
        if isinstance(expr, sp.Symbol):
            if expr not in self.names:
                raise ValueError(f"unknown symbol {expr}")
            return _Ref(self.names[expr], "arg")
        if expr.is_Number:
            if not expr.is_finite:
                raise ValueError(f"{expr} is not a finite number")
            return _Ref(repr(float(expr)), "const")
        if expr.is_Add:
            return self._add(expr, target)
        if expr.is_Mul:
            return self._mul(expr, target)
        if expr.is_Pow:
            return self._pow(expr, target)
        if isinstance(expr, sp.Piecewise):
            return self._piecewise(expr, target)
        if isinstance(expr, sp.Max | sp.Min):
            ufunc = "maximum" if isinstance(expr, sp.Max) else "minimum"
            return self._fold(ufunc, list(expr.args), target)
        if isinstance(expr, sp.Function) and expr.func in _FUNCTIONS and len(expr.args) == 1:
            inner = self.value(expr.args[0], target)
            self.emit(f"np.{_FUNCTIONS[expr.func]}({inner.code}, {target})")
            self._release(inner, target)
            return _Ref(target, "float")
        if isinstance(expr, sp.core.relational.Relational):
            return self._compare(expr)
        raise ValueError(f"cannot compile {expr!r} ({type(expr).__name__}) to numpy")

    def _child(self, expr, target: str, busy: bool) -> _Ref:
        # A child may use the target unless the target already holds a live value.
        if _leaf(expr):
            return self.value(expr, "")
        return self.value(expr, self._float() if busy else target)

    def _binary(self, ufunc: str, left: _Ref, right: _Ref, target: str) -> _Ref:
        cast = ", dtype=out.dtype" if {left.kind, right.kind} & {"mask", "mask-kept"} else ""
        # numpy deprecates a positional `out` for maximum and minimum only.
        where = f"out={target}" if ufunc in ("maximum", "minimum") else target
        self.emit(f"np.{ufunc}({left.code}, {right.code}, {where}{cast})")
        self._release(left, target)
        self._release(right, target)
        return _Ref(target, "float")

    def _fold(self, ufunc: str, items: list, target: str) -> _Ref:
        # ((a0 op a1) op a2) ...: the order Python evaluates the printed expression in.
        acc = self._child(items[0], target, busy=False)
        for item in items[1:]:
            ref = self._child(item, target, busy=acc.code == target)
            acc = self._binary(ufunc, acc, ref, target)
        return acc

    def _add(self, expr: sp.Add, target: str) -> _Ref:
        terms = expr.as_ordered_terms()
        acc = self._child(terms[0], target, busy=False)
        for term in terms[1:]:
            coeff, rest = term.as_coeff_Mul()
            if coeff == -1:  # printed "a - b", so subtract rather than add a negation
                ref = self._child(rest, target, busy=acc.code == target)
                acc = self._binary("subtract", acc, ref, target)
            else:
                ref = self._child(term, target, busy=acc.code == target)
                acc = self._binary("add", acc, ref, target)
        return acc

    def _mul(self, expr: sp.Mul, target: str) -> _Ref:
        coeff, rest = expr.as_coeff_Mul()
        if coeff == -1:
            inner = self.value(rest, target)
            self.emit(f"np.negative({inner.code}, {target})")
            self._release(inner, target)
            return _Ref(target, "float")
        factors = expr.as_ordered_factors()
        numer = [f for f in factors if not (f.is_Pow and f.exp.is_negative)]
        denom = [1 / f for f in factors if f.is_Pow and f.exp.is_negative]
        if not denom:
            return self._fold("multiply", numer, target)
        # The printer writes a/b, and x/y is not x*(1/y) in floating point.
        top = self._fold("multiply", numer, target) if numer else _Ref("1.0", "const")
        bottom = self._child(sp.Mul(*denom, evaluate=False) if len(denom) > 1 else denom[0],
                             target, busy=top.code == target)
        return self._binary("divide", top, bottom, target)

    def _pow(self, expr: sp.Pow, target: str) -> _Ref:
        base, exp = expr.args
        if exp == -1:
            one = _Ref("1.0", "const")
            return self._binary("divide", one, self.value(base, target), target)
        inner = self.value(base, target)
        if exp == 2:
            self.emit(f"np.square({inner.code}, {target})")
        elif exp == sp.Rational(1, 2):
            self.emit(f"np.sqrt({inner.code}, {target})")
        elif exp.is_Number:
            self.emit(f"np.power({inner.code}, {float(exp)!r}, {target})")
        else:
            power = self._child(exp, target, busy=inner.code == target)
            return self._binary("power", inner, power, target)
        self._release(inner, target)
        return _Ref(target, "float")

    def _compare(self, rel) -> _Ref:
        left = self._child(rel.lhs, "", busy=True)
        right = self._child(rel.rhs, "", busy=True)
        mask = self._mask()
        self.emit(f"np.{_COMPARE[type(rel)]}({left.code}, {right.code}, {mask})")
        self._release(left, mask)
        self._release(right, mask)
        return _Ref(mask, "mask")

    def _piecewise(self, expr: sp.Piecewise, target: str) -> _Ref:
        pieces = expr.args
        if len(pieces) != 2 or pieces[1].cond != sp.true:
            raise ValueError(f"cannot compile {expr}: "
                             "only (e1, condition), (e2, True) is supported")
        (e1, cond), (e2, _) = pieces
        extreme = as_max_min(expr)
        if extreme is not None:
            return self.value(extreme, target)
        # e1*[c] + e2*[not c]: exact, since one product is e and the other exactly 0.
        # [not c] is logical_not([c]), not sympy's negated condition: for NaN,
        # x <= 0 and x > 0 are both false, and Piecewise then takes the second branch.
        if e1 == 0 and e2 == 0:
            return _Ref("0.0", "const")
        mask = self._compare(cond)
        live = [(e, negate) for e, negate in ((e1, False), (e2, True)) if e != 0]
        if len(live) == 1 and live[0][0] == 1:
            # A bare indicator: hand the mask itself to the caller (ReLU's derivative).
            if live[0][1]:
                self.emit(f"np.logical_not({mask.code}, {mask.code})")
            return mask
        acc = None
        for e, negate in ((e1, False), (e2, True)):
            if negate:
                self.emit(f"np.logical_not({mask.code}, {mask.code})")
            if e == 0:
                continue
            dest = self._float() if acc is not None and acc.code == target else target
            value = _Ref("1.0", "const") if e == 1 else self.value(e, dest)
            ref = self._binary("multiply", value, _Ref(mask.code, "mask-kept"), dest)
            acc = ref if acc is None else self._binary("add", acc, ref, target)
        self._release(mask, "")
        return acc


def _leaf(expr) -> bool:
    return isinstance(expr, sp.Symbol) or expr.is_Number


def as_max_min(expr: sp.Piecewise) -> sp.Expr | None:
    """Max(e1, e2) or Min(e1, e2) when sympy proves the two-branch Piecewise equal to it.

    Piecewise((e1, c), (e2, True)) is Max(e1, e2) when e1 >= e2 wherever c holds
    and e2 >= e1 everywhere else (and likewise for Min); ReLU, Piecewise((0, x <= 0),
    (x, True)), is Max(0, x). Only expressions of one real variable are tried.
    """
    if not isinstance(expr, sp.Piecewise) or len(expr.args) != 2 or expr.args[1].cond != sp.true:
        return None
    (e1, cond), (e2, _) = expr.args
    free = expr.free_symbols
    if len(free) != 1:
        return None
    (var,) = free
    try:
        region = cond.as_set()
        rest = sp.S.Reals - region
        first_larger = sp.solveset(e1 - e2 >= 0, var, sp.S.Reals)
        second_larger = sp.solveset(e2 - e1 >= 0, var, sp.S.Reals)
    except (NotImplementedError, TypeError, ValueError):
        return None
    if region.is_subset(first_larger) and rest.is_subset(second_larger):
        return sp.Max(e1, e2, evaluate=False)
    if region.is_subset(second_larger) and rest.is_subset(first_larger):
        return sp.Min(e1, e2, evaluate=False)
    return None
