"""Tensor construction, dtypes, properties, conversions, repr, the backward API
(seeds, retain_grad, detach, accumulation, freed graphs), grad modes, factories and
seeded randomness."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, broadcastable_shapes

import autograd.random as ag_random
from autograd import Tensor, enable_grad, get_default_dtype, is_grad_enabled, no_grad, set_default_dtype
from autograd import factories as fac


@pytest.fixture
def float64_default() -> Iterator[None]:
    """Make float64 the default dtype for one test, and restore it afterwards."""
    before = get_default_dtype()
    set_default_dtype(np.float64)
    try:
        yield
    finally:
        set_default_dtype(before)


@pytest.fixture
def restore_generator() -> Iterator[None]:
    before = ag_random._generator
    try:
        yield
    finally:
        ag_random._generator = before


shapes = array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)


# ------------------------------------------------------- construction rules
@pytest.mark.parametrize("data", [1.5, 3, [1, 2, 3], [[1.0, 2.0], [3.0, 4.0]], [True, False]])
def test_python_data_becomes_float32(data: object) -> None:
    t = Tensor(data)
    assert t.dtype == np.float32
    np.testing.assert_array_equal(t.data, np.array(data, dtype=np.float32))


def test_set_default_dtype_changes_python_data(float64_default: None) -> None:
    assert Tensor([1, 2]).dtype == np.float64
    assert fac.zeros(2).dtype == np.float64
    assert fac.arange(0.0, 1.0, 0.5).dtype == np.float64
    assert fac.randn(3).dtype == np.float64
    assert Tensor(np.zeros(2, dtype=np.float32)).dtype == np.float32  # arrays still keep theirs


def test_default_dtype_is_restored_and_checked() -> None:
    assert get_default_dtype() == np.float32
    with pytest.raises(TypeError, match="int64"):
        set_default_dtype(np.int64)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int8, np.int32, np.int64, np.uint8, np.bool_])
def test_numpy_arrays_keep_their_dtype(dtype: type) -> None:
    arr = np.ones((2, 2), dtype=dtype)
    assert Tensor(arr).dtype == dtype
    assert Tensor(arr).data is arr  # no copy


def test_dtype_argument_overrides() -> None:
    assert Tensor([1, 2], dtype=np.float64).dtype == np.float64
    assert Tensor([1, 2], dtype=np.int32).dtype == np.int32
    assert Tensor(np.ones(3, dtype=np.int64), dtype=np.float32).dtype == np.float32
    assert Tensor(np.float64(2.0)).dtype == np.float64


@pytest.mark.parametrize(
    "data,named",
    [("abc", "str"), (None, "NoneType"), ({"a": 1}, "dict"), ([["a", "b"]], "strings in a list"),
     (np.array(["x"]), "<U1"), (np.array([object()]), "object"), ([1.0, None], "None"),
     ([b"3"], "bytes"), ([1, "nan"], "strings"), ([1 + 2j], "complex"), ((1.0, object()), "object")],
)
def test_non_numeric_data_is_a_type_error(data: object, named: str) -> None:
    # Nested elements are checked too: numpy alone would turn None into nan and parse "1.5".
    with pytest.raises(TypeError, match=named):
        Tensor(data)


def test_ragged_data_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="ragged list"):
        Tensor([[1.0, 2.0], [3.0]])


def test_huge_python_ints_still_convert() -> None:
    # numpy holds ints beyond int64 as objects; they are numbers, so they convert.
    assert Tensor([2**70, 1]).tolist() == [float(np.float32(2**70)), 1.0]


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.bool_])
def test_requires_grad_needs_a_float_dtype(dtype: type) -> None:
    with pytest.raises(TypeError, match=np.dtype(dtype).name):
        Tensor(np.zeros(3, dtype=dtype), requires_grad=True)
    with pytest.raises(TypeError, match="floating"):
        Tensor([1, 2], dtype=dtype, requires_grad=True)
    with pytest.raises(TypeError, match=np.dtype(dtype).name):
        fac.zeros(3, dtype=dtype, requires_grad=True)
    with pytest.raises(TypeError, match="floating"):
        Tensor(np.zeros(3, dtype=dtype)).requires_grad_()


# -------------------------------------------------------------- properties
def test_shape_properties_and_transposes() -> None:
    arr = np.arange(24.0).reshape(2, 3, 4)
    t = Tensor(arr)
    assert (t.shape, t.ndim, t.size, t.numel(), t.dim(), t.dtype) == ((2, 3, 4), 3, 24, 24, 3, np.float64)
    assert t.T.shape == (4, 3, 2)
    np.testing.assert_array_equal(t.T.data, arr.transpose(2, 1, 0))
    assert t.mT.shape == (2, 4, 3)
    np.testing.assert_array_equal(t.mT.data, np.swapaxes(arr, -1, -2))
    m = Tensor(arr[0])
    np.testing.assert_array_equal(m.T.data, arr[0].T)


def test_conversions() -> None:
    arr = np.arange(6.0).reshape(2, 3)
    t = Tensor(arr)
    assert t.numpy() is arr
    assert np.asarray(t) is arr
    assert t.tolist() == arr.tolist()
    assert Tensor([[2.5]]).item() == 2.5
    assert isinstance(Tensor([3.0]).item(), float)
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        t.item()


@given(shape=shapes)
def test_ndarray_on_the_left_gives_a_tensor(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(0)
    arr = rng.normal(size=shape)
    x = Tensor(rng.normal(size=shape), requires_grad=True)
    for result, expected in ((arr + x, arr + x.data), (arr * x, arr * x.data), (arr - x, arr - x.data)):
        assert isinstance(result, Tensor) and result.requires_grad
        np.testing.assert_allclose(result.data, expected)
    (arr * x).sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, arr)


def test_ndarray_matmul_tensor() -> None:
    a = np.arange(6.0).reshape(2, 3)
    w = Tensor(np.ones((3, 4)), requires_grad=True)
    out = a @ w
    assert isinstance(out, Tensor) and out.shape == (2, 4)
    np.testing.assert_allclose(out.data, a @ np.ones((3, 4)))
    out.sum().backward()
    assert w.grad is not None
    np.testing.assert_allclose(w.grad.data, a.T @ np.ones((2, 4)))


def test_repr_is_pytorch_like() -> None:
    leaf = Tensor([1.0, 2.0], requires_grad=True)
    assert repr(Tensor([1.0, 2.0])).startswith("tensor(")
    assert "requires_grad=True" in repr(leaf)
    r = repr(leaf * 2)
    assert "tensor(" in r and "grad_fn=<mul>" in r and "requires_grad" not in r
    with no_grad():
        plain = leaf * 2
    assert "grad_fn" not in repr(plain) and "requires_grad" not in repr(plain)
    assert "dtype=float64" in repr(Tensor(np.zeros(2)))
    assert "dtype" not in repr(Tensor([0.0]))


# ------------------------------------------------------------- backward API
def test_backward_needs_gradient_for_non_scalars() -> None:
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"\(2, 3\)"):
        (x * 2).backward()


def test_backward_on_a_constant_raises() -> None:
    with pytest.raises(RuntimeError, match="does not require grad"):
        Tensor([1.0]).backward()


@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_backward_with_gradient(shape: tuple[int, ...], seed: int) -> None:
    rng = np.random.default_rng(seed)
    x0, w, g = rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=shape)
    x = Tensor(x0, requires_grad=True)
    y = x * Tensor(w)
    y.backward(gradient=g)
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, g * w)
    wrong = np.zeros(np.asarray(g).shape + (2,))
    with pytest.raises(ValueError, match=rf"{shape!r}".replace("(", r"\(").replace(")", r"\)")):
        (x * Tensor(w)).backward(gradient=wrong)


def test_retain_grad_keeps_only_marked_non_leaves() -> None:
    x = Tensor([1.0, -2.0, 3.0], requires_grad=True)
    h = x * 3
    h.retain_grad()
    k = h * h
    k.sum().backward()
    assert h.grad is not None and k.grad is None
    np.testing.assert_allclose(h.grad.data, 2 * h.data)
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 18 * x.data)
    assert h.retains_grad and not k.retains_grad
    with pytest.raises(RuntimeError, match="retain"):
        Tensor([1.0]).retain_grad()


def test_detach_cuts_the_graph() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    d = (x * 2).detach()
    assert d.is_leaf and not d.requires_grad and d.grad_fn is None
    np.testing.assert_array_equal(d.data, [2.0, 4.0])
    y = (x * d).sum()  # d is a constant here: dy/dx = d
    y.backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, [2.0, 4.0])


def test_requires_grad_() -> None:
    x = Tensor([1.0, 2.0])
    assert x.requires_grad_() is x and x.requires_grad
    (x * x).sum().backward()
    assert x.grad is not None
    x.requires_grad_(False)
    assert not (x * 2).requires_grad
    y = Tensor([1.0], requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="leaf"):
        y.requires_grad_(False)


def test_grad_zero_and_accumulation_over_fresh_graphs() -> None:
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    for _ in range(2):
        (x * x).sum().backward()  # a new graph each time
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 2 * (2 * x.data))
    g = x.grad
    assert g.zero_() is g
    np.testing.assert_array_equal(x.grad.data, 0.0)
    (x * 5).sum().backward()
    np.testing.assert_allclose(x.grad.data, 5.0)


def test_second_backward_through_freed_graph() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()
    x.grad = None
    z = (x * x).sum()
    z.backward(retain_graph=True)
    z.backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 2 * (2 * x.data))


# ------------------------------------------------------------ grad dtypes
@given(pair=broadcastable_shapes(shape=(3, 4), min_dims=0, max_dims=3, min_side=1, max_side=4))
def test_grads_keep_shape_and_dtype(pair: tuple[int, ...]) -> None:
    rng = np.random.default_rng(1)
    x = Tensor(rng.normal(size=(3, 4)).astype(np.float32), requires_grad=True)
    w = Tensor(rng.normal(size=pair), requires_grad=True)  # float64, broadcast against x
    y = x * w  # float64
    assert y.dtype == np.float64
    y.backward(gradient=rng.normal(size=y.shape))
    assert x.grad is not None and w.grad is not None
    assert (x.grad.shape, x.grad.dtype) == ((3, 4), np.float32)
    assert (w.grad.shape, w.grad.dtype) == (tuple(pair), np.float64)


def test_float64_upstream_on_float32_output() -> None:
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    (x * 2).backward(gradient=np.array([1.0, 2.0, 3.0], dtype=np.float64))
    assert x.grad is not None and x.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.data, [2.0, 4.0, 6.0])


@given(pair=broadcastable_shapes(shape=(2, 3), min_dims=0, max_dims=2))
def test_sum_of_leaves_gives_independent_grads(pair: tuple[int, ...]) -> None:
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    y = Tensor(np.ones(pair), requires_grad=True)
    (x + y).sum().backward()
    assert x.grad is not None and y.grad is not None
    before = y.grad.data.copy()
    x.grad.data[...] = 42.0
    np.testing.assert_array_equal(y.grad.data, before)
    x.grad.zero_()
    np.testing.assert_array_equal(y.grad.data, before)


def test_leaf_grad_is_a_writable_array_of_its_own() -> None:
    # sum's backward broadcasts g: the leaf must not keep a read-only broadcast view.
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    x.sum().backward()
    assert x.grad is not None
    x.grad.zero_()
    np.testing.assert_array_equal(x.grad.data, np.zeros((2, 3)))
    x.mean().backward()
    np.testing.assert_allclose(x.grad.data, np.full((2, 3), 1 / 6))


def test_retained_grad_is_not_shared_with_a_parent() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    z = x + Tensor([3.0, 4.0], requires_grad=True)
    z.retain_grad()
    (z * Tensor([2.0, 3.0])).sum().backward()
    assert x.grad is not None and z.grad is not None
    x.grad.zero_()
    np.testing.assert_allclose(z.grad.data, [2.0, 3.0])


def test_same_leaf_twice_adds_up() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x + x).sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, [2.0, 2.0])


# -------------------------------------------------------------- grad modes
def test_no_grad_and_enable_grad_as_context_managers() -> None:
    x = Tensor([1.0], requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        y = x * 2
        with enable_grad():
            z = x * 2
        assert not is_grad_enabled()
    assert is_grad_enabled()
    assert not y.requires_grad and y.is_leaf
    assert z.requires_grad and z.grad_fn == "mul"


def test_grad_modes_as_decorators() -> None:
    @no_grad()
    def frozen(t: Tensor) -> Tensor:
        return t * 2

    @enable_grad()
    def tracked(t: Tensor) -> Tensor:
        return t * 2

    x = Tensor([1.0], requires_grad=True)
    assert not frozen(x).requires_grad
    with no_grad():
        assert tracked(x).requires_grad
    assert is_grad_enabled()


def test_grad_mode_is_thread_local() -> None:
    entered, release = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def worker() -> None:
        with no_grad():
            seen["worker"] = is_grad_enabled()
            entered.set()
            release.wait(5)

    th = threading.Thread(target=worker)
    th.start()
    try:
        assert entered.wait(5)
        assert is_grad_enabled()  # the other thread's no_grad does not leak here
        assert (Tensor([1.0], requires_grad=True) * 2).requires_grad
    finally:
        release.set()
        th.join()
    assert seen["worker"] is False

    with no_grad():
        th2 = threading.Thread(target=lambda: seen.__setitem__("fresh", is_grad_enabled()))
        th2.start()
        th2.join()
    assert seen["fresh"] is True


# --------------------------------------------------------------- factories
@given(shape=array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
def test_factories_accept_both_size_forms(shape: tuple[int, ...]) -> None:
    for make, fill in ((fac.zeros, 0.0), (fac.ones, 1.0)):
        a, b = make(*shape), make(shape)
        assert a.shape == b.shape == shape and a.dtype == b.dtype == np.float32
        np.testing.assert_array_equal(a.data, fill)
    assert fac.full(shape, 2.5).shape == shape
    assert fac.rand(*shape).shape == fac.randn(shape).shape == shape


def test_factory_dtypes_follow_pytorch() -> None:
    assert fac.arange(5).dtype == np.int64
    np.testing.assert_array_equal(fac.arange(5).data, np.arange(5))
    np.testing.assert_array_equal(fac.arange(2, 8, 2).data, [2, 4, 6])
    assert fac.arange(0, 1, 0.25).dtype == np.float32
    np.testing.assert_allclose(fac.arange(0, 1, 0.25).data, [0, 0.25, 0.5, 0.75])
    assert fac.arange(3, dtype=np.float64).dtype == np.float64
    assert fac.full((2,), 3).dtype == np.int64
    assert fac.full((2,), 3.0).dtype == np.float32
    assert fac.full(2, True).dtype == np.bool_
    np.testing.assert_array_equal(fac.eye(2, 3).data, np.eye(2, 3))
    assert fac.eye(3, dtype=np.float64).dtype == np.float64
    z = fac.zeros(2, 2, requires_grad=True)
    assert z.requires_grad and z.is_leaf
    with pytest.raises(TypeError, match="int64"):
        fac.arange(3, requires_grad=True)


def test_like_factories_keep_shape_and_dtype() -> None:
    base = Tensor(np.arange(6.0).reshape(2, 3))  # float64
    for make in (fac.zeros_like, fac.ones_like, fac.rand_like, fac.randn_like):
        out = make(base)
        assert (out.shape, out.dtype) == ((2, 3), np.float64)
        assert make(base, dtype=np.float32).dtype == np.float32
    np.testing.assert_array_equal(fac.full_like(base, 7).data, np.full((2, 3), 7.0))
    np.testing.assert_array_equal(fac.ones_like(base).data, 1.0)
    with pytest.raises(TypeError, match="int64"):
        fac.rand_like(Tensor(np.zeros(2, dtype=np.int64)))


def test_from_numpy_shares_and_tensor_copies() -> None:
    arr = np.arange(4, dtype=np.int32)
    shared = fac.from_numpy(arr)
    copied = fac.tensor(arr)
    arr[0] = 99
    assert shared.dtype == np.int32 and shared.data[0] == 99
    assert copied.dtype == np.int32 and copied.data[0] == 0
    assert fac.tensor([1, 2]).dtype == np.float32
    t = fac.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    assert t.requires_grad and t.dtype == np.float64
    src = Tensor([1.0, 2.0], requires_grad=True) * 2
    c = fac.tensor(src)
    assert c.is_leaf and not c.requires_grad and c.data is not src.data
    with pytest.raises(TypeError, match="list"):
        fac.from_numpy([1, 2])  # type: ignore[arg-type]


def test_factory_size_errors() -> None:
    with pytest.raises(ValueError, match="negative"):
        fac.zeros(2, -1)
    with pytest.raises(TypeError, match="size"):
        fac.ones(2.5)
    with pytest.raises(TypeError, match="Generator"):
        fac.randn(2, generator=42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="step"):
        fac.arange(0, 3, 0)


def test_rand_is_uniform_on_unit_interval() -> None:
    r = fac.rand(10_000, generator=np.random.default_rng(0)).data
    assert r.dtype == np.float32 and r.min() >= 0.0 and r.max() < 1.0
    assert abs(r.mean() - 0.5) < 0.02
    n = fac.randn(10_000, generator=np.random.default_rng(0)).data
    assert abs(n.mean()) < 0.05 and abs(n.std() - 1.0) < 0.05


# -------------------------------------------------------- seeded randomness
def test_manual_seed_makes_randn_reproducible(restore_generator: None) -> None:
    ag_random.manual_seed(123)
    a = fac.randn(3, 4).data
    ag_random.manual_seed(123)
    b = fac.randn(3, 4).data
    np.testing.assert_array_equal(a, b)
    ag_random.manual_seed(124)
    assert not np.array_equal(a, fac.randn(3, 4).data)
    with pytest.raises(TypeError, match="int"):
        ag_random.manual_seed(1.5)  # type: ignore[arg-type]


def test_generator_argument_is_independent_of_the_default(restore_generator: None) -> None:
    a = fac.randn(5, generator=np.random.default_rng(9)).data
    b = fac.randn(5, generator=np.random.default_rng(9)).data
    np.testing.assert_array_equal(a, b)
    ag_random.manual_seed(5)
    first = fac.rand(4).data
    ag_random.manual_seed(5)
    fac.rand(4, generator=np.random.default_rng(0))  # must not consume the default stream
    np.testing.assert_array_equal(fac.rand(4).data, first)
    assert ag_random.default_generator() is ag_random._generator


def test_to_cpu_and_type_as_pytorch_code_calls_them() -> None:
    x = Tensor([1.0, 2.0])
    assert x.to("cpu") is x and x.to(device="cpu:0") is x and x.cpu() is x
    assert x.to("float64").dtype == np.float64 and x.to(np.float64, device="cpu").dtype == np.float64
    assert x.type() == "float32" and x.type(np.float64).dtype == np.float64
    for device in ("cuda", "cuda:0", "mps"):
        with pytest.raises(RuntimeError, match=rf"^to: device '{device}' is not available: this library computes"):
            x.to(device)
