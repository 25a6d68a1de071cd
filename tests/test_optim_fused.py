"""The fused update ``y += alpha * x`` (``nn.axpy``) and SGD's ``fused`` switch.

With scipy installed, SGD writes ``p -= lr * g`` through BLAS axpy; these tests
check that it gives numpy's numbers (to one rounding), falls back to numpy for every
array BLAS cannot take as it is, is really used when it can be, and that
``SGD(fused=...)`` means what it says with and without scipy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nn.axpy as axpy_module
from autograd import Tensor
from nn.axpy import CHUNK, axpy, have_blas
from nn.optim import SGD

needs_scipy = pytest.mark.skipif(not have_blas(), reason="scipy (the fused update's BLAS) is not installed")


def _numpy_axpy(alpha: float, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = y.copy()
    out += alpha * x
    return out


@pytest.fixture
def kernel_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, int]]]:
    """Log the BLAS calls axpy makes, as (dtype, elements updated); each still runs
    the real kernel."""
    calls: list[tuple[str, int]] = []
    if not have_blas():
        pytest.skip("scipy (the fused update's BLAS) is not installed")
    assert axpy_module._kernels

    def spy(dtype: np.dtype[Any], kernel: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
        def call(*args: Any, **kwargs: Any) -> np.ndarray:
            calls.append((str(dtype), args[1].size))
            return kernel(*args, **kwargs)

        return call

    spies = {dt: spy(dt, k) for dt, k in axpy_module._kernels.items()}
    monkeypatch.setattr(axpy_module, "_kernels", spies)
    yield calls


@pytest.fixture
def without_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as on a machine without scipy."""
    monkeypatch.setattr(axpy_module, "_kernels", {})


float_arrays = st.sampled_from([np.float32, np.float64]).flatmap(
    lambda dt: hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5).flatmap(
        lambda shape: st.tuples(
            *(hnp.arrays(dt, shape, elements=st.floats(-1e3, 1e3, width=32)) for _ in range(2))
        )
    )
)


@needs_scipy
@given(float_arrays, st.floats(-10, 10, width=32))
def test_axpy_matches_numpy_to_one_rounding(xy: tuple[np.ndarray, np.ndarray], alpha: float) -> None:
    x, y = xy
    expected = _numpy_axpy(alpha, x, y)
    x_before = x.copy()
    axpy(alpha, x, y)
    np.testing.assert_array_equal(x, x_before)  # x is read, never written
    assert y.dtype == expected.dtype and y.shape == expected.shape
    # BLAS may fuse the multiply and the add: the two differ by at most one rounding
    # of alpha * x, i.e. one ulp of |alpha * x|, plus one of the result.
    tol = np.spacing(np.abs(alpha * x).astype(y.dtype)) + np.spacing(np.abs(expected))
    assert np.all(np.abs(y - expected) <= tol)


@given(float_arrays, st.floats(-10, 10, width=32))
def test_axpy_unfused_is_numpy_exactly(xy: tuple[np.ndarray, np.ndarray], alpha: float) -> None:
    x, y = xy
    expected = _numpy_axpy(alpha, x, y)
    axpy(alpha, x, y, fused=False)
    np.testing.assert_array_equal(y, expected)


def test_axpy_uses_blas_for_contiguous_float_arrays(kernel_calls: list[tuple[str, int]]) -> None:
    y32, y64 = np.ones((4, 3), np.float32), np.ones(5)
    axpy(-0.5, np.full((4, 3), 2, np.float32), y32)
    axpy(2.0, np.arange(5.0), y64)
    assert kernel_calls == [("float32", 12), ("float64", 5)]
    np.testing.assert_array_equal(y32, np.zeros((4, 3)))
    np.testing.assert_array_equal(y64, [1.0, 3.0, 5.0, 7.0, 9.0])


@pytest.mark.parametrize("shape", [(100, CHUNK // 100), (CHUNK + 1,), (3, CHUNK + 17)])
def test_axpy_updates_long_arrays_in_pieces_that_keep_openblas_on_one_thread(
    shape: tuple[int, ...], kernel_calls: list[tuple[str, int]]
) -> None:
    # Longer calls would wake a second OpenBLAS thread pool beside numpy's (see nn.axpy).
    rng = np.random.default_rng(len(shape))
    x, y = rng.normal(size=shape), rng.normal(size=shape)
    expected = _numpy_axpy(-0.3, x, y)
    axpy(-0.3, x, y)
    sizes = [n for _, n in kernel_calls]
    assert max(sizes) <= CHUNK and sum(sizes) == y.size and len(sizes) == -(-y.size // CHUNK)
    np.testing.assert_allclose(y, expected, rtol=1e-15, atol=1e-15)


def _transposed_param() -> tuple[np.ndarray, np.ndarray]:
    return np.full((3, 2), 2.0), np.ones((2, 3)).T  # y is a non-contiguous view


def _float64_grad_for_float32_param() -> tuple[np.ndarray, np.ndarray]:
    return np.full((2, 3), 2.0), np.ones((2, 3), np.float32)


def _broadcast_grad() -> tuple[np.ndarray, np.ndarray]:
    return np.full(3, 2.0), np.ones((2, 3))


def _same_array() -> tuple[np.ndarray, np.ndarray]:
    y = np.ones((2, 3))
    return y, y


def _overlapping_views() -> tuple[np.ndarray, np.ndarray]:
    base = np.arange(6.0)
    return base[:4], base[2:]


@pytest.mark.parametrize("make", [_transposed_param, _float64_grad_for_float32_param, _broadcast_grad, _same_array,
                                  _overlapping_views])
def test_axpy_falls_back_to_numpy_where_blas_cannot_take_the_arrays(
    make: Callable[[], tuple[np.ndarray, np.ndarray]], kernel_calls: list[tuple[str, int]]
) -> None:
    x, y = make()
    alpha = -0.25
    expected = _numpy_axpy(alpha, x.copy(), y.copy()) if x is not y else y * (1 + alpha)
    axpy(alpha, x, y)
    assert kernel_calls == []
    np.testing.assert_array_equal(y, expected)


def test_axpy_on_a_read_only_array_raises_numpys_error(kernel_calls: list[tuple[str, int]]) -> None:
    y = np.ones(3)
    y.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        axpy(1.0, np.ones(3), y)
    assert kernel_calls == []


# ------------------------------------------------------------------- SGD
def _params() -> list[Tensor]:
    rng = np.random.default_rng(0)
    params = [Tensor(rng.normal(size=(5, 4)).astype(np.float32), requires_grad=True),
              Tensor(rng.normal(size=3), requires_grad=True)]
    for p in params:
        p.grad = Tensor(rng.normal(size=p.shape).astype(p.dtype))
    return params


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_fused_and_unfused_agree_and_fused_calls_blas(momentum: float, kernel_calls: list[tuple[str, int]]) -> None:
    fused, plain = _params(), _params()
    grads = [p.grad.data.copy() for p in fused]  # type: ignore[union-attr]
    o1, o2 = SGD(fused, lr=0.1, momentum=momentum), SGD(plain, lr=0.1, momentum=momentum, fused=False)
    for _ in range(3):
        o1.step()
        o2.step()
    assert [dtype for dtype, _ in kernel_calls] == ["float32", "float64"] * 3  # the default fuses (scipy is there)
    for a, b, g in zip(fused, plain, grads):
        np.testing.assert_allclose(a.data, b.data, rtol=1e-6, atol=1e-6 if a.dtype == np.float32 else 1e-14)
        np.testing.assert_array_equal(a.grad.data, g)  # type: ignore[union-attr]  # .grad left intact


def test_sgd_fused_false_never_calls_blas(kernel_calls: list[tuple[str, int]]) -> None:
    SGD(_params(), lr=0.1, fused=False).step()
    assert kernel_calls == []


def test_sgd_without_scipy_updates_with_numpy(without_scipy: None) -> None:
    params = _params()
    expected = [p.data - np.asarray(0.1, p.dtype) * p.grad.data for p in params]  # type: ignore[union-attr]
    opt = SGD(params, lr=0.1)  # fused=None: falls back quietly
    opt.step()
    for p, e in zip(params, expected):
        np.testing.assert_array_equal(p.data, e)


def test_sgd_fused_true_without_scipy_says_what_is_missing(without_scipy: None) -> None:
    with pytest.raises(RuntimeError, match=r"^SGD: fused=True needs scipy"):
        SGD(_params(), lr=0.1, fused=True)


@pytest.mark.parametrize("bad", ["yes", 1, 0.0])
def test_sgd_fused_must_be_a_bool_or_none(bad: Any) -> None:
    with pytest.raises(TypeError, match=r"^SGD: fused must be True, False or None"):
        SGD(_params(), lr=0.1, fused=bad)
