"""Numerical gradient checking: compare backward with central differences.

:func:`gradcheck` compares the Jacobian that ``backward`` computes (reverse mode,
one vector-Jacobian product per output element) with the one central differences
give (two evaluations per input element)::

    d f / d x_i  ~=  (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

:func:`gradgradcheck` does the same for second derivatives, by gradchecking the
vector-Jacobian product itself (computed with ``create_graph=True``).

Both work on float64 *copies* of the inputs, whatever their dtype: central
differences in float32 are too imprecise to tell a wrong derivative from rounding.
A typical use, for a new operation::

    >>> import numpy as np
    >>> from autograd import Tensor
    >>> from autograd.gradcheck import gradcheck, gradgradcheck
    >>> x = Tensor(np.random.randn(3, 4), requires_grad=True)
    >>> w = Tensor(np.random.randn(4, 2), requires_grad=True)
    >>> gradcheck(lambda x, w: (x @ w).tanh(), [x, w])
    True
    >>> gradgradcheck(lambda x, w: (x @ w).tanh(), [x, w])
    True

A wrong derivative raises :class:`GradcheckError` with a table of the worst
entries: which input, which element, the analytical and the numerical value.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import engine
from autograd.grad_mode import enable_grad
from autograd.tensor import Tensor

__all__ = ["GradcheckError", "central_differences", "gradcheck", "gradgradcheck"]

_F64 = np.dtype(np.float64)


class GradcheckError(AssertionError):
    """Analytical and numerical derivatives differ (an ``AssertionError``, so a failed
    check reads as a failed assertion in pytest)."""


class _Comparison:
    """Analytical and numerical values of some Jacobian entries (or projections of
    it), with labels saying which input element and output element each one is."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, float, float]] = []

    def add(self, input_label: str, element_labels: Sequence[str], output_labels: Sequence[str],
            analytical: np.ndarray, numerical: np.ndarray) -> None:
        # analytical/numerical: (len(output_labels), len(element_labels))
        for r, out_label in enumerate(output_labels):
            for c, el_label in enumerate(element_labels):
                self.rows.append((input_label, el_label, out_label, float(analytical[r, c]), float(numerical[r, c])))

    def report(self, where: str, atol: float, rtol: float, limit: int = 10,
               legend: Sequence[str] = ()) -> str | None:
        """None when every entry agrees, else a readable table of the worst ones
        (``legend``: lines explaining the columns, put under the header)."""
        bad = []
        for row in self.rows:
            a, n = row[3], row[4]
            err = abs(a - n)
            if not err <= atol + rtol * abs(n):  # `not <=` also catches nan
                bad.append((err if err == err else np.inf, row))
        if not bad:
            return None
        bad.sort(key=lambda item: -item[0])
        lines = [
            f"{where}: {len(bad)} of {len(self.rows)} entries differ (atol={atol:g}, rtol={rtol:g}); worst first:",
            *(f"  {line}" for line in legend),
            f"  {'input':>5}  {'element':<12}  {'output':<16}  {'analytical':>14}  {'numerical':>14}  {'abs diff':>9}",
        ]
        for err, (inp, el, out, a, n) in bad[:limit]:
            lines.append(f"  {inp:>5}  {el:<12}  {out:<16}  {a:>14.7g}  {n:>14.7g}  {err:>9.2e}")
        if len(bad) > limit:
            lines.append(f"  ... and {len(bad) - limit} more")
        return "\n".join(lines)


# ------------------------------------------------------------------ helpers


def _as_list(inputs: Any, where: str = "gradcheck") -> list[Any]:
    if isinstance(inputs, Tensor):
        return [inputs]
    if isinstance(inputs, (list, tuple)):
        return list(inputs)
    raise TypeError(f"{where}: inputs must be a Tensor or a sequence of them, got {type(inputs).__name__}")


def _float64_copy(x: Any) -> Any:
    """A float64 leaf copy of a floating Tensor; anything else passes through."""
    if isinstance(x, Tensor) and x.data.dtype.kind == "f":
        return Tensor(np.array(x.data, dtype=_F64), requires_grad=x.requires_grad)
    return x


def _outputs(result: Any, where: str) -> list[Tensor]:
    """fn's result as a list of its floating-point Tensors (others carry no gradient)."""
    outs = [result] if isinstance(result, Tensor) else result
    if not isinstance(outs, (list, tuple)) or not all(isinstance(o, Tensor) for o in outs):
        raise TypeError(f"{where}: fn must return a Tensor or a tuple of Tensors, got {type(result).__name__}")
    return [o for o in outs if o.data.dtype.kind == "f"]


def _flat(outs: Sequence[Tensor]) -> np.ndarray:
    if not outs:
        return np.zeros(0)
    return np.concatenate([np.asarray(o.data, dtype=_F64).ravel() for o in outs])


def _index_label(flat_index: int, shape: tuple[int, ...]) -> str:
    if not shape:
        return "()"
    return str(tuple(int(i) for i in np.unravel_index(flat_index, shape)))


def _vjps(outs: Sequence[Tensor], rows: np.ndarray, inputs: Sequence[Tensor],
          where: str = "gradcheck") -> list[np.ndarray]:
    """For each row w (over the concatenated outputs), w^T J for every input, by
    reverse mode. Returns one (len(rows), input.size) array per input."""
    sizes = [o.data.size for o in outs]
    splits = np.cumsum(sizes)[:-1]
    result = [np.zeros((len(rows), x.data.size)) for x in inputs]
    for r, w in enumerate(rows):
        roots: list[Any] = []
        seeds: list[Any] = []
        for o, piece in zip(outs, np.split(w, splits)):
            if o.requires_grad and np.any(piece):
                roots.append(o)
                seeds.append(piece.reshape(o.data.shape).astype(o.data.dtype))
        if not roots:
            continue
        grads = engine.grad(roots, seeds, list[Any](inputs), retain_graph=True)
        for k, (x, g) in enumerate(zip(inputs, grads)):
            if g is None:
                continue
            g = np.asarray(g.data if isinstance(g, Tensor) else g, dtype=_F64)
            if g.shape != x.data.shape:
                raise GradcheckError(f"{where}: backward gave a gradient of shape {g.shape} "
                                     f"for input {k} of shape {x.data.shape}")
            result[k][r] = g.ravel()
    return result


def central_differences(at: Callable[[np.ndarray], np.ndarray], x: np.ndarray, directions: np.ndarray,
                        eps: float, n_outputs: int) -> np.ndarray:
    """``(at(x + eps u) - at(x - eps u)) / (2 eps)`` for each row ``u`` of ``directions``
    (``at`` returns the ``n_outputs`` outputs flattened into one float64 vector), as the
    columns of an ``(n_outputs, len(directions))`` array: the one numerical-derivative
    core behind :func:`gradcheck` and :func:`autograd.testing.assert_gradients_match`.

    Outputs are differenced before anything weights them, so an output that does not
    depend on ``x`` along ``u`` cancels exactly instead of adding rounding error.
    """
    numerical = np.zeros((n_outputs, len(directions)))
    for c, u in enumerate(directions):
        step = eps * u.reshape(x.shape)
        numerical[:, c] = (at(x + step) - at(x - step)) / (2 * eps)
    return numerical


def _evaluate(fn: Callable[..., Any], args: list[Any], i: int, arr: np.ndarray, count: int,
              where: str = "gradcheck") -> np.ndarray:
    call = list(args)
    call[i] = Tensor(arr, requires_grad=True)
    outs = _outputs(fn(*call), where)
    flat = _flat(outs)
    if flat.size != count:
        raise GradcheckError(f"{where}: fn returned {flat.size} output elements for a perturbed input, "
                             f"{count} for the original")
    return flat


# ------------------------------------------------------------------ public


def gradcheck(
    fn: Callable[..., Any],
    inputs: Tensor | Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    *,
    raise_exception: bool = True,
    max_elements: int = 256,
    n_projections: int = 4,
    seed: int | None = 0,
) -> bool:
    """Check ``fn``'s backward against central differences; True if they agree.

    ``fn`` takes the inputs (Tensors, plus anything else, passed unchanged) and
    returns a Tensor or a tuple of Tensors. Every input with ``requires_grad`` is
    perturbed. The check runs on float64 copies of the floating-point inputs, so
    the result says whether the *formulas* are right, not how float32 rounds.

    The analytical Jacobian comes from ``autograd.engine.grad`` (one
    vector-Jacobian product per output element; ``.grad`` is never touched), the
    numerical one from ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` for every
    element ``i`` of every input. An entry passes when
    ``|analytical - numerical| <= atol + rtol * |numerical|``.

    When an input has more than ``max_elements`` elements, it is perturbed along
    ``n_projections`` random directions ``u`` instead of element by element; when
    the outputs together have more than ``max_elements`` elements, ``n_projections``
    random output weightings ``v`` replace the one-hot ones. The entries compared are
    then ``v^T J u``, numerically and analytically (``seed`` fixes the directions).

    Raises :class:`GradcheckError` with a table of the worst mismatches (input
    index, element index, output, analytical, numerical), or returns False when
    ``raise_exception`` is False.
    """
    message = _compare(fn, [_float64_copy(x) for x in _as_list(inputs)], eps, atol, rtol, max_elements,
                       n_projections, seed)
    if message is None:
        return True
    if raise_exception:
        raise GradcheckError(message)
    return False


def _compare(
    fn: Callable[..., Any],
    args: list[Any],
    eps: float,
    atol: float,
    rtol: float,
    max_elements: int,
    n_projections: int,
    seed: int | None,
    *,
    where: str = "gradcheck",
    input_label: Callable[[int], str] = str,
    output_label: Callable[[int], str] = str,
    legend: Sequence[str] = (),
) -> str | None:
    """gradcheck's comparison on ``args`` (already float64 copies): None when every
    entry agrees, else the report, headed ``where``. Input ``i`` is shown as
    ``input_label(i)``, an element of output ``k`` as ``output_label(k)`` and its index."""
    rng = np.random.default_rng(seed)
    diff = [i for i, x in enumerate(args) if isinstance(x, Tensor) and x.requires_grad]
    if not diff:
        raise ValueError(f"{where}: no input requires grad; pass at least one Tensor with requires_grad=True")
    for i in diff:
        if args[i].data.dtype.kind != "f":
            raise TypeError(f"{where}: input {input_label(i)} requires grad but has dtype {args[i].dtype}")

    with enable_grad():
        outs = _outputs(fn(*args), where)
    shapes = [o.data.shape for o in outs]
    total = sum(o.data.size for o in outs)

    # Which output weightings (rows) to take: one-hot per element, or random ones.
    if total <= max_elements:
        rows = np.eye(total)
        out_labels = [f"{output_label(k)} {_index_label(j, s)}" for k, s in enumerate(shapes)
                      for j in range(int(np.prod(s)))]
    else:
        rows = rng.standard_normal((n_projections, total))
        out_labels = [f"proj {r}" for r in range(n_projections)]
    analytical = _vjps(outs, rows, [args[i] for i in diff], where)
    del outs

    table = _Comparison()
    for i, rows_a in zip(diff, analytical):
        x = args[i].data
        if x.size <= max_elements:
            directions = np.eye(x.size)
            el_labels = [_index_label(j, x.shape) for j in range(x.size)]
        else:
            directions = rng.standard_normal((n_projections, x.size))
            el_labels = [f"dir {c}" for c in range(n_projections)]
        numerical = central_differences(functools.partial(_evaluate, fn, args, i, count=total, where=where), x,
                                        directions, eps, total)
        table.add(input_label(i), el_labels, out_labels, rows_a @ directions.T, rows @ numerical)
    return table.report(where, atol, rtol, legend=legend)


def gradgradcheck(
    fn: Callable[..., Any],
    inputs: Tensor | Sequence[Any],
    grad_outputs: Any = None,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    *,
    raise_exception: bool = True,
    max_elements: int = 256,
    n_projections: int = 4,
    seed: int | None = 0,
) -> bool:
    """Check second derivatives: gradcheck the vector-Jacobian product of ``fn``.

    With ``v`` = ``grad_outputs`` (random normal, one per floating output of ``fn``,
    when None), the function ``g(x..., v...) = v^T J(x)`` (the gradient of
    ``sum_k <v_k, fn(x)_k>`` with respect to every input that requires grad) is
    computed by ``backward(create_graph=True)`` and checked like :func:`gradcheck`
    against central differences, both in the inputs and in ``v``. A backward
    formula that is right on arrays but records a wrong graph (e.g. treats
    something as a constant that depends on the input) fails here. Works on
    float64 copies, like gradcheck.

    A failure raises :class:`GradcheckError` with a table headed ``gradgradcheck``
    whose columns are those of ``g``: input ``x<i>`` is ``fn``'s input ``i`` and
    ``v<k>`` the upstream gradient of ``fn``'s output ``k``; output ``dx<i>`` is the
    element of ``g`` that is the first derivative with respect to ``x<i>``. So the
    row ``x0 (1,) dx0 (1,)`` is ``d^2 <v, fn> / d x0[1]^2``, and a row with input
    ``v<k>`` checks the first derivative itself.
    """
    rng = np.random.default_rng(seed)
    args = [_float64_copy(x) for x in _as_list(inputs, "gradgradcheck")]
    diff = [i for i, x in enumerate(args) if isinstance(x, Tensor) and x.requires_grad]
    if not diff:
        raise ValueError("gradgradcheck: no input requires grad; pass at least one Tensor with requires_grad=True")
    with enable_grad():
        shapes = [o.data.shape for o in _outputs(fn(*args), "gradgradcheck")]
    if grad_outputs is None:
        vs = [rng.standard_normal(s) for s in shapes]
    else:
        vs = [np.asarray(g.data if isinstance(g, Tensor) else g, dtype=_F64) for g in _as_list_any(grad_outputs)]
        if [v.shape for v in vs] != shapes:
            raise ValueError(f"gradgradcheck: grad_outputs have shapes {[v.shape for v in vs]}, "
                             f"but fn's outputs have shapes {shapes}")
    n = len(args)

    def first_derivative(*xs_and_vs: Any) -> tuple[Tensor, ...]:
        xs, gs = list(xs_and_vs[:n]), list(xs_and_vs[n:])
        wrt: list[Any] = [xs[i] for i in diff]
        with enable_grad():
            outs: list[Any] = _outputs(fn(*xs), "gradgradcheck")
            grads = engine.grad(outs, gs, wrt, retain_graph=True, create_graph=True)
        return tuple(
            g if isinstance(g, Tensor) else Tensor(np.zeros(x.data.shape) if g is None else np.asarray(g))
            for x, g in zip(wrt, grads)
        )

    legend = [
        "the function checked is g(x..., v...) = v^T J(x), fn's first derivative by backward(create_graph=True):",
        "input x<i> is fn's input i, v<k> the upstream gradient of fn's output k; output dx<i> is the gradient",
        "of <v, fn(x)> with respect to x<i>, so a row is a second derivative (a first one for an input v<k>)",
    ]
    v_tensors = [Tensor(v, requires_grad=True) for v in vs]
    message = _compare(first_derivative, [*args, *v_tensors], eps, atol, rtol, max_elements, n_projections, seed,
                       where="gradgradcheck", input_label=lambda i: f"x{i}" if i < n else f"v{i - n}",
                       output_label=lambda k: f"dx{diff[k]}", legend=legend)
    if message is None:
        return True
    if raise_exception:
        raise GradcheckError(message)
    return False


def _as_list_any(x: Any) -> list[Any]:
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]
