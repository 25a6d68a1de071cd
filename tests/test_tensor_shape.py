"""Shape operations: forward equals numpy, backward equals central differences.

Every op is checked on hypothesis-drawn shapes (0-d and size-1 axes included) by
``autograd.gradcheck`` (backward against float64 central differences: the whole
Jacobian when small, random upstream projections when large). Indexing is checked with basic
indices, integer arrays (repeats included), boolean masks and mixtures; getitem,
concat and friends are also differentiated twice through ``create_graph``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Tensor, engine
from autograd.gradcheck import gradcheck, gradgradcheck
from autograd.ops import shape as S

F64 = np.float64

shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=3)
nonempty_shapes = hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=3)
seeds = st.integers(0, 2**32 - 1)


def _array(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-2.0, 2.0, size=shape)


# ------------------------------------------------------- the gradient check


def _outputs(result: Any) -> list[Tensor]:
    return list(result) if isinstance(result, (list, tuple)) else [result]


def check_grads(fn: Callable[..., Any], arrays: list[np.ndarray], seed: int) -> list[Tensor]:
    """Backward of ``fn`` equals float64 central differences for every input: the
    whole Jacobian where it is small (every one-hot upstream gradient), random
    projections ``v^T J u`` (a random upstream gradient ``v``) where it is large.
    Returns the outputs."""
    leaves = [Tensor(a, requires_grad=True) for a in arrays]
    assert gradcheck(fn, leaves, atol=1e-8, rtol=1e-6, seed=seed, max_elements=64)
    outs = _outputs(fn(*leaves))
    # and one random upstream gradient through .grad accumulation, every input reached
    rng = np.random.default_rng(seed)
    engine.backward(outs, [rng.standard_normal(o.shape) for o in outs])
    for k, leaf in enumerate(leaves):
        assert leaf.grad is not None and leaf.grad.shape == arrays[k].shape, f"input {k}"
    return outs


def check_forward(fn: Callable[..., Any], arrays: list[np.ndarray], expected: Any, seed: int) -> None:
    """Forward equals ``expected`` (numpy), then the gradient check."""
    outs = check_grads(fn, arrays, seed)
    wanted = expected if isinstance(expected, list) else [expected]
    assert len(outs) == len(wanted)
    for o, e in zip(outs, wanted):
        assert o.shape == e.shape
        np.testing.assert_array_equal(o.data, e)


# ---------------------------------------------------------- reshape family


@st.composite
def reshape_cases(draw: Any) -> tuple[tuple[int, ...], tuple[int, ...]]:
    shape = draw(shapes)
    target = list(draw(st.permutations(shape))) + [1] * draw(st.integers(0, 2))
    target = draw(st.permutations(target))
    if target and draw(st.booleans()):
        target[draw(st.integers(0, len(target) - 1))] = -1
    return shape, tuple(target)


@given(reshape_cases(), seeds)
def test_reshape(case: tuple[tuple[int, ...], tuple[int, ...]], seed: int) -> None:
    shape, target = case
    x = _array(shape, seed)
    check_forward(lambda t: t.reshape(target), [x], x.reshape(target), seed)


@st.composite
def flatten_cases(draw: Any) -> tuple[tuple[int, ...], int, int]:
    shape = draw(shapes)
    bound = max(len(shape), 1)
    start = draw(st.integers(0, bound - 1))
    end = draw(st.integers(start, bound - 1))
    # either spelling of each axis: non-negative or counted from the end
    return shape, start - bound * draw(st.integers(0, 1)), end - bound * draw(st.integers(0, 1))


@given(flatten_cases(), seeds)
def test_flatten(case: tuple[tuple[int, ...], int, int], seed: int) -> None:
    shape, start, end = case
    x = _array(shape, seed)
    if x.ndim == 0:
        expected = x.reshape(1)
    else:
        s, e = start % x.ndim, end % x.ndim
        expected = x.reshape(shape[:s] + (int(np.prod(shape[s : e + 1])),) + shape[e + 1 :])
    check_forward(lambda t: t.flatten(start, end), [x], expected, seed)


@given(hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=2), st.data(), seeds)
def test_squeeze(shape: tuple[int, ...], data: Any, seed: int) -> None:
    x = _array(shape, seed)
    nd = x.ndim
    dim = data.draw(st.one_of(
        st.none(),
        st.integers(-max(nd, 1), max(nd, 1) - 1),
        st.lists(st.integers(0, nd - 1), unique=True).map(tuple) if nd else st.just(()),
    ))
    if dim is None:
        expected = np.squeeze(x)
    else:
        dims = (dim,) if isinstance(dim, int) else dim
        # PyTorch: a named axis whose size is not 1 is kept
        expected = np.squeeze(x, axis=tuple(d % nd for d in dims if nd and shape[d % nd] == 1))
    check_forward(lambda t: t.squeeze(dim), [x], expected, seed)


@given(shapes, st.data(), seeds)
def test_unsqueeze(shape: tuple[int, ...], data: Any, seed: int) -> None:
    x = _array(shape, seed)
    dim = data.draw(st.integers(-x.ndim - 1, x.ndim))
    check_forward(lambda t: t.unsqueeze(dim), [x], np.expand_dims(x, dim), seed)


# ------------------------------------------------------------ axis reordering


@given(shapes, st.data(), seeds)
def test_permute(shape: tuple[int, ...], data: Any, seed: int) -> None:
    x = _array(shape, seed)
    axes = data.draw(st.permutations(range(x.ndim)))
    # negative spellings of some axes
    axes = [a - x.ndim if data.draw(st.booleans()) else a for a in axes]
    check_forward(lambda t: t.permute(*axes), [x], np.transpose(x, [a % x.ndim for a in axes]), seed)


@given(shapes, st.data(), seeds)
def test_transpose(shape: tuple[int, ...], data: Any, seed: int) -> None:
    x = _array(shape, seed)
    bound = max(x.ndim, 1)
    a, b = data.draw(st.integers(-bound, bound - 1)), data.draw(st.integers(-bound, bound - 1))
    expected = x if x.ndim == 0 else np.swapaxes(x, a, b)
    check_forward(lambda t: t.transpose(a, b), [x], expected, seed)


@given(shapes, st.data(), seeds)
def test_flip(shape: tuple[int, ...], data: Any, seed: int) -> None:
    x = _array(shape, seed)
    bound = max(x.ndim, 1)
    dims = data.draw(st.lists(st.integers(-bound, bound - 1), unique_by=lambda d: d % bound, max_size=bound))
    expected = np.flip(x, [d % bound for d in dims]) if x.ndim else x
    check_forward(lambda t: t.flip(dims), [x], expected, seed)
    check_forward(lambda t: S.flip(t, dims), [x], expected, seed)


def test_flip_spellings_and_errors() -> None:
    x = Tensor(np.arange(6.0).reshape(2, 3))
    for flipped in (x.flip(0, 1), x.flip((0, 1)), x.flip(dims=[0, 1]), x.flip(-1, -2)):
        np.testing.assert_array_equal(flipped.data, [[5, 4, 3], [2, 1, 0]])
    assert Tensor(3.0).flip(0).item() == 3.0  # a 0-d tensor takes dim 0, as in PyTorch
    with pytest.raises(ValueError, match=r"^flip: dims \(0, -2\) name an axis more than once"):
        x.flip(0, -2)
    with pytest.raises(np.exceptions.AxisError, match="^flip: dim 2"):
        x.flip(2)
    with pytest.raises(TypeError, match=r"^flip: give the sizes as arguments or as dims=\.\.\., not both"):
        x.flip(0, dims=[1])


@given(nonempty_shapes, st.integers(1, 5), st.data(), seeds)
def test_chunk(shape: tuple[int, ...], chunks: int, data: Any, seed: int) -> None:
    x = _array(shape, seed)
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    size = -(-shape[dim] // chunks)
    expected = np.split(x, list(range(size, shape[dim], size)), axis=dim)
    assert len(expected) <= chunks
    check_forward(lambda t: t.chunk(chunks, dim), [x], expected, seed)


def test_chunk_edges_follow_pytorch() -> None:
    assert [c.shape for c in Tensor(np.zeros(6)).chunk(4)] == [(2,), (2,), (2,)]  # fewer pieces than asked
    assert [c.shape for c in Tensor(np.zeros((0, 2))).chunk(3)] == [(0, 2)] * 3  # an empty axis: chunks pieces
    with pytest.raises(ValueError, match="^chunk: chunks must be at least 1, got 0"):
        Tensor(np.zeros(3)).chunk(0)
    with pytest.raises(TypeError, match="^chunk: chunks must be an int, got float"):
        Tensor(np.zeros(3)).chunk(1.5)  # type: ignore[arg-type]
    with pytest.raises(np.exceptions.AxisError, match="^chunk: cannot chunk a 0-d tensor"):
        Tensor(1.0).chunk(1)


def test_pytorch_spellings_of_shape_methods() -> None:
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    np.testing.assert_array_equal(x.reshape(shape=(3, 2)).data, x.data.reshape(3, 2))
    np.testing.assert_array_equal(x.permute(dims=(1, 0)).data, x.data.T)
    np.testing.assert_array_equal(x[:1].expand(size=(4, -1)).data, np.repeat(x.data[:1], 4, axis=0))
    np.testing.assert_array_equal(x.swapaxes(0, 1).data, x.data.T)
    np.testing.assert_array_equal(x.swapdims(0, -1).data, x.data.T)
    np.testing.assert_array_equal(x.reshape_as(Tensor(np.zeros(6))).data, np.arange(6.0))
    np.testing.assert_array_equal(x.view_as(np.zeros((3, 2))).data, x.data.reshape(3, 2))
    row = x[1:]
    np.testing.assert_array_equal(row.expand_as(x).data, np.repeat(x.data[1:], 2, axis=0))
    (row.expand_as(x) * Tensor(np.arange(6.0).reshape(2, 3))).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[0, 0, 0], [3, 5, 7]])  # type: ignore[union-attr]
    with pytest.raises(TypeError, match=r"^reshape: give the sizes as arguments or as shape=\.\.\., not both"):
        x.reshape(3, 2, shape=(6,))
    with pytest.raises(TypeError, match=r"^permute: .*other keywords \(got 0 positional and dim\)"):
        x.permute(dim=(1, 0))
    with pytest.raises(TypeError, match="^expand_as: expected a Tensor"):
        x.expand_as((2, 3))  # type: ignore[arg-type]


def test_T_and_mT() -> None:
    x = _array((2, 3, 4), 0)
    np.testing.assert_array_equal(Tensor(x).T.data, x.T)
    np.testing.assert_array_equal(Tensor(x).mT.data, np.swapaxes(x, -1, -2))


# --------------------------------------------------------------- broadcasting


@st.composite
def expand_cases(draw: Any) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """(shape, sizes as given to expand, the resulting shape)."""
    shape = draw(shapes)
    lead = tuple(draw(st.lists(st.integers(0, 3), max_size=2)))
    sizes, result = list(lead), list(lead)
    for n in shape:
        grown = draw(st.integers(0, 3)) if n == 1 else n
        keep = draw(st.booleans()) and grown == n
        sizes.append(-1 if keep else grown)
        result.append(grown)
    return shape, tuple(sizes), tuple(result)


@given(expand_cases(), seeds)
def test_expand(case: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]], seed: int) -> None:
    shape, sizes, result = case
    x = _array(shape, seed)
    check_forward(lambda t: t.expand(*sizes), [x], np.broadcast_to(x, result), seed)


@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3), seeds)
def test_broadcast_to(shapes_pair: Any, seed: int) -> None:
    shape = shapes_pair.input_shapes[0]
    target = shapes_pair.result_shape
    x = _array(shape, seed)
    check_forward(lambda t: t.broadcast_to(target), [x], np.broadcast_to(x, target), seed)


# ------------------------------------------------------------------- split


@given(nonempty_shapes, st.data(), seeds)
def test_split(shape: tuple[int, ...], data: Any, seed: int) -> None:
    x = _array(shape, seed)
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    n = shape[axis]
    if data.draw(st.booleans()):
        size = data.draw(st.integers(1, n + 1))
        how: Any = size
        cuts = list(range(size, n, size))
    else:
        how = data.draw(st.lists(st.integers(0, n), min_size=1, max_size=3).filter(lambda s: sum(s) <= n))
        how = how + [n - sum(how)]
        cuts = list(np.cumsum(how)[:-1])
    check_forward(lambda t: t.split(how, dim=axis), [x], np.split(x, cuts, axis=axis), seed)


def test_split_of_an_empty_axis_is_one_empty_chunk() -> None:
    for size in (2, 0):  # a chunk size of 0 is allowed on an empty axis, as in PyTorch
        chunks = Tensor(np.zeros((0, 2))).split(size)
        assert isinstance(chunks, tuple)  # torch.split returns a tuple
        assert [c.shape for c in chunks] == [(0, 2)]


# ----------------------------------------------------------------- indexing


@given(shapes.flatmap(lambda s: st.tuples(
    st.just(s), hnp.basic_indices(s, allow_newaxis=True, allow_ellipsis=True))), seeds)
def test_getitem_basic(case: Any, seed: int) -> None:
    shape, index = case
    x = _array(shape, seed)
    check_forward(lambda t: t[index], [x], x[index], seed)


@given(nonempty_shapes.flatmap(lambda s: st.tuples(st.just(s), hnp.integer_array_indices(
    s, result_shape=hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=4)))), st.sampled_from(
    ["array", "list", "tensor"]), seeds)
def test_getitem_integer_arrays(case: Any, kind: str, seed: int) -> None:
    shape, index = case
    x = _array(shape, seed)
    expected = x[index]
    if kind == "list":
        index = tuple(i.tolist() if i.size else i for i in index)  # [] would lose an empty array's shape
    elif kind == "tensor":
        index = tuple(Tensor(i) for i in index)
    check_forward(lambda t: t[index], [x], expected, seed)


@st.composite
def mixed_indices(draw: Any) -> tuple[tuple[int, ...], tuple[Any, ...]]:
    """Slices, None, Ellipsis and integer arrays in one tuple."""
    shape = draw(hnp.array_shapes(min_dims=2, max_dims=4, min_side=1, max_side=3))
    k = draw(st.integers(0, len(shape) - 1))
    picks = hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3)
    arr_shape = draw(picks)
    arr = draw(hnp.arrays(np.intp, arr_shape, elements=st.integers(-shape[k], shape[k] - 1)))
    prefix = tuple(draw(st.slices(n)) for n in shape[:k])
    rest = len(shape) - k - 1
    suffix_kind = draw(st.sampled_from(["none", "newaxis", "ellipsis", "second array"]))
    if suffix_kind == "newaxis":
        suffix: tuple[Any, ...] = (None,)
    elif suffix_kind == "ellipsis":
        suffix = (Ellipsis,)
    elif suffix_kind == "second array" and rest:
        n = shape[k + 1]
        suffix = (draw(hnp.arrays(np.intp, arr_shape, elements=st.integers(-n, n - 1))),)
    else:
        suffix = ()
    if draw(st.booleans()):
        prefix = (None,) + prefix
    return shape, prefix + (arr,) + suffix


@given(mixed_indices(), seeds)
def test_getitem_mixed(case: Any, seed: int) -> None:
    shape, index = case
    x = _array(shape, seed)
    check_forward(lambda t: t[index], [x], x[index], seed)


@st.composite
def mask_indices(draw: Any) -> tuple[tuple[int, ...], Any]:
    """A boolean mask over some axes, after some slices: (slice, ..., mask)."""
    shape = draw(nonempty_shapes)
    j = draw(st.integers(0, len(shape) - 1))
    k = draw(st.integers(1, len(shape) - j))
    mask = draw(hnp.arrays(np.bool_, shape[j : j + k]))
    prefix = tuple(draw(st.slices(n)) for n in shape[:j])
    return shape, (prefix + (mask,)) if prefix or draw(st.booleans()) else mask


@given(mask_indices(), st.booleans(), seeds)
def test_getitem_boolean_mask(case: Any, as_tensor: bool, seed: int) -> None:
    shape, index = case
    x = _array(shape, seed)
    expected = x[index]
    if as_tensor:
        index = tuple(Tensor(i) if isinstance(i, np.ndarray) else i for i in index) if isinstance(
            index, tuple) else Tensor(index)
    check_forward(lambda t: t[index], [x], expected, seed)


X345 = np.arange(60.0).reshape(3, 4, 5)


@pytest.mark.parametrize("index,expected", [
    # numpy would put the axis of the separated int and array first: shape (2, 4)
    ((1, slice(None), [0, 4]), np.stack([X345[1, :, 0], X345[1, :, 4]], axis=1)),
    ((0, Ellipsis, [1, 2]), X345[0][:, [1, 2]]),
    ((0, None, [1, 2]), X345[0][[1, 2]][None]),  # numpy: (2, 1, 5)
    ((slice(None), 1, [0, 0, 3]), X345[:, 1][:, [0, 0, 3]]),  # adjacent: numpy agrees
    ((1, slice(None), np.array([True, False, True, False, True])), X345[1][:, [0, 2, 4]]),
    ((range(2), 1), X345[[0, 1], 1]),  # a range is an integer array, as in PyTorch
])
def test_ints_mixed_with_index_arrays_apply_first_as_in_pytorch(index: Any, expected: np.ndarray) -> None:
    check_forward(lambda t: t[index], [X345], expected, seed=5)


@pytest.mark.parametrize("index", [True, False, np.True_, (), None, Ellipsis])
def test_getitem_on_a_0d_tensor(index: Any) -> None:
    x = np.array(1.5)
    check_forward(lambda t: t[index], [x], x[index], 0)


def test_repeated_indices_accumulate() -> None:
    x = Tensor(np.arange(5.0), requires_grad=True, dtype=F64)
    u = np.array([0.5, -1.0, 2.0, 4.0])
    x[[2, 0, 2, -3]].backward(u)
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [-1.0, 0.0, 0.5 + 2.0 + 4.0, 0.0, 0.0])


def test_repeated_rows_in_a_mixed_index_accumulate() -> None:
    x = Tensor(np.zeros((3, 2)), requires_grad=True, dtype=F64)
    u = np.array([[1.0], [10.0], [100.0]])
    x[[1, 1, 0], 1:].backward(u)
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [[0.0, 100.0], [0.0, 11.0], [0.0, 0.0]])


def test_index_array_changed_after_forward_does_not_change_backward() -> None:
    x = Tensor(np.arange(4.0), requires_grad=True, dtype=F64)
    idx = np.array([0, 1])
    mask = np.array([True, False, False, True])
    idx_tensor = Tensor(np.array([2, 2]))
    y = x[idx] + x[mask] * 10.0 + x[idx_tensor] * 100.0
    idx[:] = 3
    mask[:] = False
    idx_tensor.data[:] = 0
    y.backward(np.array([1.0, 2.0]))
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [11.0, 2.0, 300.0, 20.0])


@given(nonempty_shapes, st.data(), seeds)
def test_scatter_add(shape: tuple[int, ...], data: Any, seed: int) -> None:
    index = data.draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(min_dims=1, max_dims=2)))
    g = _array(np.zeros(shape)[index].shape, seed)
    expected = np.zeros(shape)
    np.add.at(expected, index, g)
    check_forward(lambda t: S.scatter_add(t, index, shape), [g], expected, seed)


# ------------------------------------------------------- concat, stack, pad


@st.composite
def concat_cases(draw: Any) -> tuple[list[tuple[int, ...]], int]:
    shape = draw(nonempty_shapes)
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    lengths = draw(st.lists(st.integers(0, 3), min_size=1, max_size=3))
    out = []
    for n in lengths:
        s = list(shape)
        s[axis] = n
        out.append(tuple(s))
    return out, axis


@given(concat_cases(), seeds)
def test_concat(case: tuple[list[tuple[int, ...]], int], seed: int) -> None:
    shapes_list, axis = case
    xs = [_array(s, seed + i) for i, s in enumerate(shapes_list)]
    check_forward(lambda *ts: S.concat(list(ts), axis=axis), xs, np.concatenate(xs, axis=axis), seed)


def test_cat_is_concat() -> None:
    assert S.cat is S.concat


def test_concat_stack_and_split_take_pytorchs_dim() -> None:
    import autograd

    x = Tensor(np.arange(6.0).reshape(2, 3))
    for by_dim, by_axis in [
        (autograd.cat([x, x], dim=1), np.concatenate([x.data, x.data], axis=1)),
        (autograd.concat([x, x], dim=-2), np.concatenate([x.data, x.data], axis=0)),
        (autograd.stack([x, x], dim=2), np.stack([x.data, x.data], axis=2)),
    ]:
        np.testing.assert_array_equal(by_dim.numpy(), by_axis)
    parts = autograd.split(x, [1, 2], dim=1)
    np.testing.assert_array_equal(parts[1].numpy(), x.data[:, 1:])
    with pytest.raises(ValueError, match=r"stack: dim 3 is out of range for a result of rank 3"):
        autograd.stack([x, x], dim=3)


def test_concat_with_a_constant_input() -> None:
    a = Tensor(np.ones((2, 2)), requires_grad=True, dtype=F64)
    b = np.full((1, 2), 3.0)
    out = S.concat([a, b, Tensor(b)])
    np.testing.assert_array_equal(out.data, np.concatenate([a.data, b, b]))
    u = np.arange(8.0).reshape(4, 2)
    out.backward(u)
    assert a.grad is not None
    np.testing.assert_array_equal(a.grad.data, u[:2])


@given(shapes, st.integers(1, 3), st.data(), seeds)
def test_stack(shape: tuple[int, ...], count: int, data: Any, seed: int) -> None:
    xs = [_array(shape, seed + i) for i in range(count)]
    axis = data.draw(st.integers(-len(shape) - 1, len(shape)))
    check_forward(lambda *ts: S.stack(list(ts), axis=axis), xs, np.stack(xs, axis=axis), seed)


@st.composite
def pad_widths(draw: Any) -> tuple[tuple[int, ...], Any]:
    shape = draw(shapes)
    widths = st.integers(0, 2)
    kind = draw(st.sampled_from(["int", "pair", "per axis"]))
    if kind == "int":
        return shape, draw(widths)
    if kind == "pair":
        return shape, (draw(widths), draw(widths))
    return shape, tuple((draw(widths), draw(widths)) for _ in shape)


@given(pad_widths(), st.floats(-3, 3), seeds)
def test_pad(case: tuple[tuple[int, ...], Any], value: float, seed: int) -> None:
    shape, width = case
    x = _array(shape, seed)
    expected = np.pad(x, width, mode="constant", constant_values=value) if shape else x
    check_forward(lambda t: S.pad(t, width, value=value), [x], expected, seed)


# --------------------------------------------------- second order (create_graph)


# Each shape op's second derivatives are checked from its declared cases in
# tests/test_op_registry.py; here only index forms those cases do not reach.
SECOND_ORDER_CASES: dict[str, tuple[Callable[..., Tensor], list[tuple[int, ...]]]] = {
    "getitem int array": (lambda t: t[[2, 0, 2], 1:], [(3, 4)]),
    "getitem mask": (lambda t: t[np.array([[True, False], [True, True]])], [(2, 2)]),
    "getitem basic": (lambda t: t[None, ::-2, 1], [(3, 2)]),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER_CASES))
def test_second_order(name: str) -> None:
    """Differentiate the op's backward (recorded with create_graph) once more, on
    fn(x)^2 so that the second derivative is not zero."""
    fn, shape_list = SECOND_ORDER_CASES[name]
    rng = np.random.default_rng(7)
    leaves = [Tensor(rng.standard_normal(s), requires_grad=True) for s in shape_list]
    assert gradgradcheck(lambda *ts: fn(*ts) * fn(*ts), leaves, atol=1e-7, rtol=1e-6, seed=7)
    assert gradgradcheck(fn, leaves, atol=1e-7, rtol=1e-6, seed=8)


def test_scatter_add_backward_records_a_graph() -> None:
    """Third order: getitem's backward (a scatter-add) differentiated twice."""
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    y = x[[0, 0, 2]]
    loss = (y * y * y).sum()  # d/dx0 = 2 * 3 x0^2, d2 = 12 x0, d3 = 12
    (g,) = engine.grad([loss], [np.ones(())], [x], create_graph=True, retain_graph=True)
    (h,) = engine.grad([g.sum()], [np.ones(())], [x], create_graph=True, retain_graph=True)
    (t,) = engine.grad([h.sum()], [np.ones(())], [x])
    np.testing.assert_allclose(g.data, [6.0, 0.0, 27.0])
    np.testing.assert_allclose(h.data, [12.0, 0.0, 18.0])
    np.testing.assert_allclose(np.asarray(t.data if isinstance(t, Tensor) else t), [12.0, 0.0, 6.0])


# -------------------------------------------------------------- error messages


X = Tensor(np.zeros((2, 3)))

ERRORS: list[tuple[Callable[[], Any], type[Exception], str]] = [
    (lambda: X.reshape(4, 2), ValueError, r"reshape: .*shape \(2, 3\).*\(4, 2\)"),
    (lambda: X.reshape(-1, -1), ValueError, r"reshape: .*\(-1, -1\)"),
    (lambda: X.reshape(4, -1), ValueError, r"reshape: .*\(4, -1\)"),
    (lambda: Tensor(np.zeros((0, 2))).reshape(0, -1), ValueError, r"reshape: .*\(0, -1\)"),
    (lambda: X.reshape(2.0, 3), TypeError, r"reshape: a shape must be a sequence of ints"),
    (lambda: X.expand(2, 4), ValueError, r"expand: .*shape \(2, 3\).*\(2, 4\)"),
    (lambda: X.expand(3), ValueError, r"expand: .*rank 2"),
    (lambda: X.expand(-1, 2, 3), ValueError, r"expand: .*\(-1, 2, 3\)"),
    (lambda: X.broadcast_to((3, 3)), ValueError, r"broadcast_to: .*shape \(2, 3\) to shape \(3, 3\)"),
    (lambda: X.broadcast_to((3,)), ValueError, r"broadcast_to: .*\(2, 3\).*\(3,\)"),
    (lambda: X.permute(0, 0), ValueError, r"permute: \(0, 0\) is not a permutation"),
    (lambda: X.permute(0, 1, 2), ValueError, r"permute: got 3 axes .* rank 2"),
    (lambda: X.permute(0, 2), np.exceptions.AxisError, r"permute: dim 2 .* rank 2"),
    (lambda: X.transpose(0, 2), np.exceptions.AxisError, r"transpose: dim 2 .* rank 2"),
    (lambda: X.transpose(-3, 0), IndexError, r"transpose: dim -3 .* rank 2"),
    (lambda: X.squeeze(2), np.exceptions.AxisError, r"squeeze: dim 2 .* rank 2"),
    (lambda: Tensor(np.zeros((1, 3))).squeeze((0, -2)), ValueError, r"squeeze: dim \(0, -2\) names an axis more"),
    (lambda: S.pad(X, 1, value=None), TypeError, r"pad: value must be a real number, got NoneType"),
    (lambda: S.pad(X, 1, value=[1.0, 2.0]), TypeError, r"pad: value must be a real number, got list"),
    (lambda: S.pad(X, 1, value=Tensor(2.0, requires_grad=True)), TypeError, r"pad: .*carries no gradient"),
    (lambda: S.pad(X, 10**12), ValueError, r"pad: padding a tensor of shape \(2, 3\) by 1000000000000"),
    (lambda: X.unsqueeze(3), np.exceptions.AxisError, r"unsqueeze: dim 3 .* rank 3"),
    (lambda: X.flatten(1, 0), ValueError, r"flatten: start_dim 1 comes after end_dim 0"),
    (lambda: X.flatten(0, 5), np.exceptions.AxisError, r"flatten: dim 5 .* rank 2"),
    (lambda: X.split(0), ValueError, r"split: the chunk size must be positive"),
    (lambda: X.split([1, 2], dim=0), ValueError, r"split: sections \(1, 2\) .* size 2 of axis 0 .*\(2, 3\)"),
    (lambda: X.split(1, dim=2), np.exceptions.AxisError, r"split: dim 2 .* rank 2"),
    (lambda: Tensor(1.0).split(1), np.exceptions.AxisError, r"split: cannot split a 0-d tensor"),
    (lambda: X[2], IndexError, r"getitem: index 2 does not fit a tensor of shape \(2, 3\)"),
    (lambda: X[:, [0, 3]], IndexError, r"getitem: .*does not fit a tensor of shape \(2, 3\).*index 3"),
    (lambda: X[0, 0, 0], IndexError, r"getitem: .*shape \(2, 3\).*too many indices"),
    (lambda: X[np.array([True, False, True])], IndexError, r"getitem: .*shape \(2, 3\)"),
    (lambda: X[1.5], TypeError, r"getitem: an index must be"),
    (lambda: X[np.array([0.5])], TypeError, r"getitem: index arrays must hold integers"),
    (lambda: X[Tensor([0.0, 1.0])], TypeError, r"getitem: index arrays must hold integers or booleans"),
    (lambda: S.concat([]), ValueError, r"concat: expected a non-empty sequence"),
    (lambda: S.concat(X), TypeError, r"concat: expected a sequence .* got Tensor"),
    (lambda: S.concat([X, Tensor(np.zeros((3, 3)))], axis=1), ValueError,
     r"concat: along axis 1, tensor 1 has shape \(3, 3\) but tensor 0 has shape \(2, 3\)"),
    (lambda: S.concat([X, Tensor(np.zeros(3))]), ValueError, r"concat: along axis 0, tensor 1 has shape \(3,\)"),
    (lambda: S.concat([X, X], axis=2), np.exceptions.AxisError, r"concat: dim 2 .* rank 2"),
    (lambda: S.concat([Tensor(1.0), Tensor(2.0)]), ValueError, r"concat: 0-d tensors"),
    (lambda: S.stack([]), ValueError, r"stack: expected a non-empty sequence"),
    (lambda: S.stack([X, Tensor(np.zeros((3, 2)))], axis=1), ValueError,
     r"stack: along axis 1, tensor 1 has shape \(3, 2\) but tensor 0 has shape \(2, 3\)"),
    (lambda: S.stack([X, X], axis=3), np.exceptions.AxisError, r"stack: dim 3 .* rank 3"),
    (lambda: S.pad(X, ((1, 1), (1, 1), (1, 1))), ValueError, r"pad: .*shape \(2, 3\)"),
    (lambda: S.pad(X, -1), ValueError, r"pad: pad widths must be non-negative"),
    (lambda: S.pad(X, 1.5), TypeError, r"pad: pad_width must be"),
]


@pytest.mark.parametrize("call, error, pattern", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_errors(call: Callable[[], Any], error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        call()


def test_axis_error_is_value_and_index_error() -> None:
    with pytest.raises(ValueError):
        X.transpose(0, 5)
    with pytest.raises(IndexError):
        X.unsqueeze(-4)


# --------------------------------------------------------------- torch oracle


TORCH_CASES: dict[str, tuple[Callable[..., Any], Callable[..., Any], tuple[int, ...]]] = {
    "split int": (lambda t: t.split(2, dim=1), lambda t: t.split(2, dim=1), (2, 5)),
    "split sections": (lambda t: t.split([1, 0, 3], dim=0), lambda t: t.split([1, 0, 3], dim=0), (4, 2)),
    "squeeze tuple": (lambda t: t.squeeze((0, 1)), lambda t: t.squeeze((0, 1)), (1, 3, 1)),
    "flatten": (lambda t: t.flatten(1, 2), lambda t: t.flatten(1, 2), (2, 3, 2, 2)),
    "transpose": (lambda t: t.transpose(0, -1), lambda t: t.transpose(0, -1), (2, 3, 4)),
    "swapaxes": (lambda t: t.swapaxes(0, 2), lambda t: t.swapaxes(0, 2), (2, 3, 4)),
    "repeated index": (lambda t: t[[1, 1, 0], ::2], lambda t: t[[1, 1, 0], ::2], (3, 4)),
    "int, slice, array": (lambda t: t[1, :, [0, 4, 4]], lambda t: t[1, :, [0, 4, 4]], (3, 4, 5)),
    "int, None, array": (lambda t: t[0, None, [2, 1]], lambda t: t[0, None, [2, 1]], (3, 4, 5)),
    "array, slice, int": (lambda t: t[[2, 0], :, 1], lambda t: t[[2, 0], :, 1], (3, 4, 5)),
    "mask": (lambda t: t[np.array([True, False, True])], None, (3, 2)),
    "cat": (lambda t: S.concat([t, t * 2.0], axis=1), None, (2, 3)),
}


@pytest.mark.parametrize("name", sorted(TORCH_CASES))
def test_against_torch(name: str) -> None:
    torch = pytest.importorskip("torch")
    ours, theirs, shape = TORCH_CASES[name]
    if theirs is None:
        theirs = {
            "mask": lambda t: t[torch.tensor([True, False, True])],
            "cat": lambda t: torch.cat([t, t * 2.0], dim=1),
            "stack": lambda t: torch.stack([t, t * 2.0], dim=1),
        }[name]
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape)
    xt = torch.tensor(x, requires_grad=True)
    xo = Tensor(x, requires_grad=True)
    outs_t, outs_o = _outputs(theirs(xt)), _outputs(ours(xo))
    assert len(outs_t) == len(outs_o)
    upstream = [rng.standard_normal(tuple(o.shape)) for o in outs_o]
    for ot, oo in zip(outs_t, outs_o):
        np.testing.assert_allclose(oo.data, ot.detach().numpy())
    torch.autograd.backward(list(outs_t), [torch.tensor(u) for u in upstream])
    engine.backward(outs_o, upstream)
    assert xo.grad is not None and xt.grad is not None
    np.testing.assert_allclose(xo.grad.data, xt.grad.numpy(), rtol=1e-12)
