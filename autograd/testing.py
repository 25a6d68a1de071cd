"""Hypothesis strategies and a gradient assertion, for testing code built on autograd.

Draw inputs with the strategies, keep them away from the points where a function
has a kink (relu at 0, abs at 0, ties in max), and check gradients against central
differences with a random upstream gradient::

    from hypothesis import given
    from autograd.testing import assert_gradients_match, broadcastable_tensors, tensors

    @given(tensors(avoid=[0.0]))              # relu has a kink at 0
    def test_relu_gradient(x):
        assert_gradients_match(lambda x: x.relu(), x)

    @given(broadcastable_tensors(n=2))        # two mutually broadcastable tensors
    def test_mul_gradient(ab):
        assert_gradients_match(lambda a, b: a * b, *ab)

    @given(tensors(positive=True))            # log needs x > 0
    def test_log_gradient(x):
        assert_gradients_match(lambda x: x.log(), x)

The same helper works on scalar ``Value`` s::

    @given(values(min_value=-3, max_value=3))
    def test_tanh_gradient(v):
        assert_gradients_match(lambda v: v.tanh(), v)

Needs hypothesis (``pip install hypothesis``); the library itself does not.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

try:
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError as exc:  # pragma: no cover - exercised with hypothesis hidden
    raise ImportError(
        "autograd.testing needs the hypothesis package: pip install hypothesis "
        "(or pip install 'autograd-scalar-tensor[testing]')"
    ) from exc

from autograd.grad_mode import enable_grad
from autograd.gradcheck import GradcheckError, _Comparison, central_differences
from autograd.tensor import Tensor
from autograd.value import Value

__all__ = [
    "assert_gradients_match",
    "away_from",
    "broadcastable_shapes",
    "broadcastable_tensors",
    "shapes",
    "tensors",
    "values",
]

Shape = tuple[int, ...]


# ----------------------------------------------------------------- domains


def away_from(points: Sequence[float], margin: float = 1e-3) -> Callable[[Any], bool]:
    """A predicate: True when ``x`` (a number or an array, every element) is more
    than ``margin`` away from each of ``points``. Use it with ``.filter``::

        st.floats(-5, 5).filter(away_from([0.0], margin=0.1))
    """
    pts = [float(p) for p in points]

    def far_enough(x: Any) -> bool:
        arr = np.asarray(x, dtype=np.float64)
        return all(bool(np.all(np.abs(arr - p) > margin)) for p in pts)

    return far_enough


def _inward(bound: float, dtype: np.dtype, up: bool) -> float:
    """``bound`` rounded to ``dtype`` towards the inside of the interval (hypothesis
    wants float32 bounds that float32 can represent)."""
    b = dtype.type(bound)
    if up and float(b) < bound:
        b = np.nextafter(b, dtype.type(np.inf))
    if not up and float(b) > bound:
        b = np.nextafter(b, dtype.type(-np.inf))
    return float(b)


def _strictly_inside(bound: float, dtype: np.dtype, up: bool) -> float:
    """The first ``dtype`` number past ``bound`` (an excluded end), never subnormal."""
    b = dtype.type(_inward(bound, dtype, up))
    if float(b) == bound:
        b = np.nextafter(b, dtype.type(np.inf if up else -np.inf))
    tiny = float(np.finfo(dtype).tiny)
    if 0.0 < abs(float(b)) < tiny:  # (hypothesis draws no subnormals here)
        return tiny if b > 0 else -tiny
    return float(b)


Domain = list[tuple[float, float]]


def _domain(
    dtype: np.dtype, min_value: float, max_value: float, avoid: Sequence[float] | None, margin: float, positive: bool
) -> Domain:
    """``[lo, max_value]`` less the closed intervals ``[p - margin, p + margin]`` around
    each avoided point: the pieces left, as ``dtype``-representable closed bounds, in
    order. Drawing from the pieces (rather than filtering draws) keeps any number of
    elements away from the points without hypothesis rejecting whole arrays."""
    lo = max(min_value, margin) if positive else min_value
    if lo >= max_value:
        raise ValueError(f"empty domain: [{lo}, {max_value}] (positive={positive}, margin={margin})")
    pieces = [(lo, max_value, False, False)]  # (a, b, a excluded, b excluded)
    for p in sorted(float(x) for x in avoid or ()):
        cut_lo, cut_hi = p - margin, p + margin
        kept = []
        for a, b, a_open, b_open in pieces:
            if cut_hi < a or cut_lo > b:
                kept.append((a, b, a_open, b_open))
                continue
            if a < cut_lo:
                kept.append((a, cut_lo, a_open, True))
            if cut_hi < b:
                kept.append((cut_hi, b, True, b_open))
        pieces = kept
    domain = []
    for a, b, a_open, b_open in pieces:
        x = _strictly_inside(a, dtype, up=True) if a_open else _inward(a, dtype, up=True)
        y = _strictly_inside(b, dtype, up=False) if b_open else _inward(b, dtype, up=False)
        if x <= y:
            domain.append((x, y))
    if not domain:
        raise ValueError(f"empty domain: [{lo}, {max_value}] less {margin} around each of {list(avoid or ())}")
    return domain


def _floats(dtype: np.dtype, domain: Domain) -> st.SearchStrategy[float]:
    """Floats from every piece of ``domain`` (each piece equally likely)."""
    pieces = [
        st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False, allow_subnormal=False,
                  width=8 * dtype.itemsize)  # type: ignore[arg-type]
        for lo, hi in domain
    ]
    return pieces[0] if len(pieces) == 1 else st.one_of(pieces)


def _elements(
    dtype: np.dtype, min_value: float, max_value: float, avoid: Sequence[float] | None, margin: float, positive: bool
) -> st.SearchStrategy[float]:
    return _floats(dtype, _domain(dtype, min_value, max_value, avoid, margin, positive))


def _min_gap_ok(margin: float) -> Callable[[np.ndarray], bool]:
    def ok(arr: np.ndarray) -> bool:
        flat = np.sort(arr.astype(np.float64).ravel())
        return flat.size < 2 or bool(np.min(np.diff(flat)) > margin)

    return ok


def _spaced_arrays(dtype: np.dtype, shape: Any, domain: Domain, margin: float) -> st.SearchStrategy[np.ndarray]:
    """Arrays whose elements lie in ``domain`` pairwise more than ``margin`` apart, by
    construction: the domain is cut into slots three gaps wide, each element takes its
    own slot and sits in that slot's middle third (the gap is ``margin``, or wider where
    ``dtype`` is too coarse for it)."""
    top = max(max(abs(lo), abs(hi)) for lo, hi in domain)
    gap = max(margin, 2 * float(np.spacing(dtype.type(top))))  # (rounding to dtype must not close a gap)
    width = 3 * gap
    slots = np.array([int((hi - lo) // width) for lo, hi in domain])
    starts = np.concatenate(([0], np.cumsum(slots)[:-1]))
    lows = np.array([lo for lo, _ in domain])
    total = int(slots.sum())

    def fits(shape_: tuple[int, ...]) -> bool:
        return int(np.prod(shape_)) <= total

    if not isinstance(shape, st.SearchStrategy):
        if not fits(tuple(shape)):
            raise ValueError(f"tensors(distinct=True): {int(np.prod(shape))} elements pairwise more than {margin} "
                             f"apart do not fit in {domain}")
        shape = st.just(tuple(shape))

    @st.composite
    def draw(draw_: Any) -> np.ndarray:
        shape_ = draw_(shape.filter(fits))
        n = int(np.prod(shape_))
        picks = np.array(draw_(st.lists(st.sampled_from(range(total)), unique=True, min_size=n, max_size=n)),
                         dtype=np.int64)
        inside = np.array(draw_(st.lists(st.floats(0, 1), min_size=n, max_size=n)), dtype=np.float64)
        piece = np.searchsorted(starts, picks, side="right") - 1
        values = lows[piece] + (picks - starts[piece]) * width + gap * (1 + inside)
        return values.astype(dtype).reshape(shape_)

    return draw()


# -------------------------------------------------------------- strategies


def shapes(min_dims: int = 0, max_dims: int = 4, min_side: int = 1, max_side: int = 5) -> st.SearchStrategy[Shape]:
    """Array shapes, 0-d (``()``) and size-1 axes included by default.

    >>> shapes(max_dims=2).example()  # doctest: +SKIP
    (3, 1)
    """
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def tensors(
    shape: Shape | st.SearchStrategy[Shape] | None = None,
    dtype: Any = np.float64,
    elements: st.SearchStrategy[float] | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    requires_grad: bool = True,
    avoid: Sequence[float] | None = None,
    *,
    margin: float = 1e-3,
    positive: bool = False,
    distinct: bool = False,
    layout: str = "any",
) -> st.SearchStrategy[Tensor]:
    """Tensors with finite elements in ``[min_value, max_value]`` (``[-10, 10]`` by default).

    ``shape`` is a fixed shape, a strategy for shapes, or None for :func:`shapes`.
    Domain control keeps inputs away from kinks and singularities:

    * ``avoid=[0.0]``: every element more than ``margin`` away from 0 (relu, abs,
      a divisor);
    * ``positive=True``: elements in ``[max(min_value, margin), max_value]`` (log, sqrt);
    * ``distinct=True``: elements pairwise more than ``margin`` apart (no ties for
      max, min, maximum; a non-zero std).

    ``elements`` replaces the default element strategy, and with it ``min_value``
    and ``max_value`` (bound the strategy itself, e.g. ``st.floats(-1, 1)``; giving
    either bound as well is a ``ValueError``). The domain controls still hold, by
    filtering its draws: ``avoid`` keeps ``|x - p| > margin``, ``positive`` keeps
    ``x >= margin`` (``margin`` rounded up to ``dtype``), ``distinct`` keeps the
    elements pairwise more than ``margin`` apart. (Hypothesis turns ``positive`` into
    a bound on a float64 ``st.floats``; otherwise a strategy that mostly draws
    outside the domain makes hypothesis give up, so prefer one that mostly fits.)

    ``layout`` sets how the elements lie in memory, their values unchanged: ``"C"``
    (row-major, numpy's default), ``"F"`` (column-major), ``"transposed"`` (a
    transposed view of a row-major array), ``"strided"`` (a view of every other
    element of a wider array), or ``"any"`` (the default) to draw one of those, C
    first so that a failure shrinks towards it. Code that assumes a contiguous array
    (``ravel()`` or ``reshape(-1)`` that is written to, a flat index into ``.data``)
    gives wrong answers only for the other layouts.

    >>> tensors(shape=(2, 3), positive=True).example()  # doctest: +SKIP
    tensor([[3.1, 0.5, 7.2], [1.0, 9.9, 0.0012]], dtype=float64, requires_grad=True)
    >>> tensors(shape=(3,), elements=st.sampled_from([-1.0, 0.5, 2.0]), positive=True).example()  # doctest: +SKIP
    tensor([2.0, 0.5, 0.5], dtype=float64, requires_grad=True)
    """
    dt = np.dtype(dtype)
    shape_strategy: Any = shapes() if shape is None else shape
    if elements is not None and (min_value is not None or max_value is not None):
        bounds = ", ".join(f"{k}={v}" for k, v in (("min_value", min_value), ("max_value", max_value))
                           if v is not None)
        raise ValueError(f"tensors: {bounds} bounds the default elements and would be ignored with "
                         f"elements={elements!r}; bound that strategy instead (e.g. st.floats(lo, hi)) "
                         f"or leave elements out")
    lo = -10.0 if min_value is None else min_value
    hi = 10.0 if max_value is None else max_value
    if distinct and elements is None and margin > 0:
        domain = _domain(dt, lo, hi, avoid, margin, positive)
        arrays = _spaced_arrays(dt, shape_strategy, domain, margin)
    else:
        if elements is None:
            elements = _elements(dt, lo, hi, avoid, margin, positive)
        else:
            if positive:
                # x >= margin as `margin <= x`, a predicate hypothesis turns into a bound
                # on a floats() strategy instead of rejecting draws
                elements = elements.filter(functools.partial(operator.le, _inward(max(margin, 0.0), dt, up=True)))
            if avoid:
                elements = elements.filter(away_from(avoid, margin))
        arrays = hnp.arrays(dt, shape_strategy, elements=elements, unique=distinct)
        if distinct:
            arrays = arrays.filter(_min_gap_ok(margin))
    if layout == "any":
        arrays = st.tuples(arrays, st.sampled_from(LAYOUTS)).map(lambda pair: _relayout(*pair))
    elif layout in LAYOUTS:
        arrays = arrays.map(functools.partial(_relayout, layout=layout))
    else:
        raise ValueError(f"tensors: layout must be one of {LAYOUTS} or 'any', got {layout!r}")
    return arrays.map(lambda a: Tensor(a, requires_grad=requires_grad))


LAYOUTS = ("C", "F", "transposed", "strided")
"""The memory layouts :func:`tensors` can draw (C first: hypothesis shrinks towards it)."""


def _relayout(a: np.ndarray, layout: str) -> np.ndarray:
    """The values of ``a`` (row-major) laid out in memory as ``layout`` says (a 0-d
    array, and a 1-d one unless strided, has only one layout)."""
    if layout == "F" and a.ndim > 1:
        return np.asfortranarray(a)
    if layout == "transposed" and a.ndim > 1:
        return np.ascontiguousarray(a.T).T
    if layout == "strided" and a.ndim:
        wide = np.zeros(a.shape[:-1] + (2 * a.shape[-1],), dtype=a.dtype)
        wide[..., ::2] = a
        return wide[..., ::2]
    return a


def broadcastable_shapes(
    n: int = 2, min_dims: int = 0, max_dims: int = 4, min_side: int = 1, max_side: int = 5
) -> st.SearchStrategy[tuple[Shape, ...]]:
    """Tuples of ``n`` shapes that broadcast together (different ranks, size-1 axes),
    from ``hypothesis.extra.numpy.mutually_broadcastable_shapes``.

    >>> broadcastable_shapes().example()  # doctest: +SKIP
    ((4, 1, 3), (2, 1))
    """
    return hnp.mutually_broadcastable_shapes(
        num_shapes=n, min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    ).map(lambda result: tuple(result.input_shapes))


def broadcastable_tensors(
    n: int = 2,
    dtype: Any = np.float64,
    min_value: float = -10,
    max_value: float = 10,
    requires_grad: bool = True,
    avoid: Sequence[float] | None = None,
    *,
    margin: float = 1e-3,
    positive: bool = False,
    min_dims: int = 0,
    max_dims: int = 4,
    min_side: int = 1,
    max_side: int = 5,
    layout: str = "any",
) -> st.SearchStrategy[tuple[Tensor, ...]]:
    """Tuples of ``n`` tensors whose shapes broadcast together, elements (and
    ``layout``) drawn as by :func:`tensors`. For a different domain per operand,
    draw the shapes with :func:`broadcastable_shapes` and each tensor with
    ``tensors(shape=...)``.

    >>> @given(broadcastable_tensors(n=2, avoid=[0.0]))  # doctest: +SKIP
    ... def test_div(ab):
    ...     assert_gradients_match(lambda a, b: a / b, *ab)
    """
    dt = np.dtype(dtype)
    elements = _elements(dt, min_value, max_value, avoid, margin, positive)

    @st.composite
    def draw_tensors(draw: Any) -> tuple[Tensor, ...]:
        shape_tuple = draw(broadcastable_shapes(n, min_dims, max_dims, min_side, max_side))
        return tuple(draw(tensors(shape=s, dtype=dt, elements=elements, requires_grad=requires_grad, layout=layout))
                     for s in shape_tuple)

    return draw_tensors()


def values(
    min_value: float = -10,
    max_value: float = 10,
    avoid: Sequence[float] | None = None,
    *,
    margin: float = 1e-3,
    positive: bool = False,
) -> st.SearchStrategy[Value]:
    """Scalar ``Value`` s in ``[min_value, max_value]``, with the same domain control
    as :func:`tensors` (``avoid``, ``margin``, ``positive``).

    >>> values(avoid=[0.0]).example()  # doctest: +SKIP
    Value(data=-2.5, grad=0)
    """
    return _elements(np.dtype(np.float64), min_value, max_value, avoid, margin, positive).map(Value)


# ---------------------------------------------------------------- assertion


def _upstream_array(u: Any) -> np.ndarray:
    try:
        return np.asarray(u.data if isinstance(u, (Tensor, Value)) else u, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"assert_gradients_match: upstream entries must be numbers or arrays, got "
                         f"{type(u).__name__} ({exc})") from exc


def _upstream(upstream: Any, shapes_: list[Shape], rng: np.random.Generator) -> list[np.ndarray]:
    """One float64 array per output, of that output's shape (see assert_gradients_match)."""
    if upstream is None:
        return [np.ones(s) for s in shapes_]
    if isinstance(upstream, str):
        if upstream != "random":
            raise ValueError(f"assert_gradients_match: upstream must be None, 'random' or arrays, got {upstream!r}")
        return [rng.standard_normal(s) for s in shapes_]
    if not isinstance(upstream, (list, tuple)):
        arrays = [_upstream_array(upstream)]
        if [a.shape for a in arrays] != shapes_:
            raise ValueError(f"assert_gradients_match: upstream has shape {arrays[0].shape}, the output shapes are "
                             f"{shapes_} (give one array per output, in a list or tuple)")
        return arrays
    per_output = [_upstream_array(u) for u in upstream] if len(upstream) == len(shapes_) else None
    if per_output is not None and [a.shape for a in per_output] == shapes_:
        return per_output
    if len(shapes_) == 1:
        # a single output's array may also come as a nested list: [[1, 2], [3, 4]]
        # (never both readings: the whole has one more axis than its entries)
        try:
            whole = np.asarray(upstream, dtype=np.float64)
        except (TypeError, ValueError):
            whole = None
        if whole is not None and whole.shape == shapes_[0]:
            return [whole]
    got = [a.shape for a in per_output] if per_output is not None else [_upstream_array(u).shape for u in upstream]
    raise ValueError(f"assert_gradients_match: upstream shapes {got} do not match the output shapes {shapes_} "
                     f"(give one array per output, in a list or tuple)")


def _output_arrays(result: Any) -> list[np.ndarray]:
    outs = result if isinstance(result, (list, tuple)) else [result]
    arrays = []
    for o in outs:
        if isinstance(o, Tensor):
            arrays.append(np.asarray(o.data, dtype=np.float64))
        elif isinstance(o, Value):
            arrays.append(np.asarray(o.data, dtype=np.float64))
        else:
            raise TypeError(f"assert_gradients_match: fn must return Values or Tensors, got {type(o).__name__}")
    return arrays


def _copy(x: Any, data: Any = None) -> Any:
    """A fresh float64 leaf standing for input ``x`` (with ``data`` if given)."""
    if isinstance(x, Value):
        return Value(float(x.data if data is None else data))
    if isinstance(x, Tensor) and x.data.dtype.kind == "f":
        arr = np.array(x.data if data is None else data, dtype=np.float64)
        return Tensor(arr, requires_grad=x.requires_grad)
    return x


def assert_gradients_match(
    fn: Callable[..., Any],
    *inputs: Any,
    upstream: Any = "random",
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    seed: int | None = 0,
) -> None:
    """Assert that ``fn``'s gradients match central differences.

    ``fn`` takes the inputs and returns a ``Value``, a ``Tensor`` or a list/tuple of
    them. With ``L = sum_k <u_k, out_k>`` for an upstream gradient ``u`` (random
    normal by default, ``None`` for ones, or given arrays), the gradient of ``L``
    with respect to every ``Value`` input and every Tensor input with
    ``requires_grad`` is computed by backward and compared, element by element, with
    ``(L(x + eps e_i) - L(x - eps e_i)) / (2 eps)``. Other arguments pass unchanged.

    Given ``upstream`` arrays (numpy arrays, Tensors, numbers or nested lists) are one
    per output, in a list or tuple: ``upstream=[u0, u1]`` for ``fn`` returning two
    outputs, ``upstream=[u0]`` for one. For a single output the array may also be
    given alone: ``upstream=u0``, or ``upstream=[[1.0, 2.0], [3.0, 4.0]]`` as a nested
    list for a (2, 2) output (the two readings never both fit: a nested list has one
    axis more than its entries). Each array must have its output's shape.

    Inputs are copied first (Tensors as float64), so the check is about the
    formulas, not float32 rounding, and ``.grad`` of the originals is untouched.
    Raises :class:`~autograd.gradcheck.GradcheckError` (an AssertionError) with a
    table of the worst mismatches. For whole Jacobians use
    :func:`autograd.gradcheck.gradcheck`.

    >>> x = Tensor([[0.5, -1.0], [2.0, 3.0]], requires_grad=True)
    >>> assert_gradients_match(lambda x: (x * x).tanh().sum(axis=0), x)
    >>> assert_gradients_match(lambda a, b: a * b + a.exp(), Value(0.3), Value(-2.0))
    """
    from autograd import engine

    rng = np.random.default_rng(seed)
    args = [_copy(x) for x in inputs]
    diff = [i for i, x in enumerate(args) if isinstance(x, Value) or (isinstance(x, Tensor) and x.requires_grad)]
    if not diff:
        raise ValueError("assert_gradients_match: no input needs a gradient (pass Values or Tensors with "
                         "requires_grad=True)")

    with enable_grad():
        result = fn(*args)
    outs = list(result) if isinstance(result, (list, tuple)) else [result]
    arrays = _output_arrays(outs)
    ups = _upstream(upstream, [a.shape for a in arrays], rng)

    roots: list[Any] = []
    seeds: list[Any] = []
    for o, u in zip(outs, ups):
        if isinstance(o, Value):
            roots.append(o)
            seeds.append(float(u))
        elif o.requires_grad:
            roots.append(o)
            seeds.append(u.astype(o.data.dtype))
    wrt: list[Any] = [args[i] for i in diff]
    grads = engine.grad(roots, seeds, wrt, retain_graph=True) if roots else [None] * len(wrt)

    def outputs_at(call_args: list[Any]) -> list[np.ndarray]:
        arrays = _output_arrays(fn(*call_args))
        if [a.shape for a in arrays] != [u.shape for u in ups]:
            raise GradcheckError("assert_gradients_match: fn's output shapes changed when an input was perturbed")
        return arrays

    flat_ups = np.concatenate([u.ravel() for u in ups])
    table = _Comparison()
    for i, g in zip(diff, grads):
        x = args[i]
        base = np.asarray(x.data, dtype=np.float64)
        analytical = np.zeros(base.shape) if g is None else np.asarray(getattr(g, "data", g), dtype=np.float64)
        if analytical.shape != base.shape:
            raise GradcheckError(f"assert_gradients_match: gradient of input {i} has shape {analytical.shape}, "
                                 f"the input has shape {base.shape}")

        def at(arr: np.ndarray, i: int = i, x: Any = x) -> np.ndarray:
            call = list(args)
            call[i] = _copy(x, arr)
            return np.concatenate([a.ravel() for a in outputs_at(call)])

        # one element at a time, weighted by the upstream gradient after differencing
        numerical = flat_ups @ central_differences(at, base, np.eye(base.size), eps, flat_ups.size)
        labels = [str(tuple(int(k) for k in np.unravel_index(j, base.shape))) if base.shape else "()"
                  for j in range(base.size)]
        table.add(str(i), labels, ["upstream"], analytical.reshape(1, -1), numerical.reshape(1, -1))
    message = table.report("assert_gradients_match", atol, rtol)
    if message is not None:
        raise GradcheckError(message)
