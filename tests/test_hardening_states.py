"""Issue 13, second pass: states the library must refuse, errors that must come early
and name the op, and strings that must reach a rendered graph intact. Each test failed
on the code before it (PyTorch decides where it raises or computes)."""

from __future__ import annotations

import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import autograd
import nn
import nn.functional
import nn.losses_scalar
from autograd import Tensor, Value

SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz's 'dot' program is not installed")


def _torch():  # type: ignore[no-untyped-def]
    return pytest.importorskip("torch")


# ------------------------------------------------------------ .grad assignment
def test_a_tensor_cannot_be_its_own_gradient() -> None:
    torch = _torch()
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="own grad"):
        t.grad = t
    x = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"^x.grad = \.\.\.: a tensor cannot be its own gradient"):
        x.grad = x
    (x * x).sum().backward()  # x's values stay its own
    np.testing.assert_array_equal(x.data, [1.0, 2.0])
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])


# ------------------------------------------------------- binary cross-entropy
@pytest.mark.parametrize(("probs", "targets", "which"), [
    ([0.5, 0.5], [1.0, 2.0], "target"),
    ([0.5, 0.5], [1.0, np.nan], "target"),
    ([0.5, 0.5], [-0.5, 1.0], "target"),
    ([np.nan, np.nan], [1.0, 1.0], "input"),
])
def test_binary_cross_entropy_refuses_what_torch_refuses(probs: list[float], targets: list[float], which: str) -> None:
    torch = _torch()
    with pytest.raises(RuntimeError, match=f"all elements of {which} should be between 0 and 1"):
        torch.nn.functional.binary_cross_entropy(torch.tensor(probs), torch.tensor(targets))
    with pytest.raises(ValueError, match=f"^binary_cross_entropy: {which} must hold probabilities in \\[0, 1\\]"):
        nn.functional.binary_cross_entropy(Tensor(probs), Tensor(targets))
    with pytest.raises(ValueError, match="^binary_cross_entropy: predictions and targets must be probabilities"):
        nn.losses_scalar.binary_cross_entropy([Value(p) for p in probs], targets)


def test_binary_cross_entropy_of_probabilities_still_matches_torch() -> None:
    torch = _torch()
    p, t = [0.2, 0.9, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0]
    expected = torch.nn.functional.binary_cross_entropy(torch.tensor(p, dtype=torch.float64),
                                                        torch.tensor(t, dtype=torch.float64)).item()
    assert nn.functional.binary_cross_entropy(Tensor(p, dtype=np.float64), Tensor(t, dtype=np.float64)).item() == \
        pytest.approx(expected, rel=1e-12)


def test_a_nan_probability_is_refused_without_a_numpy_warning() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (np.nanmin of all-NaN warned before the error)
        with pytest.raises(ValueError, match="got only NaN"):
            nn.functional.binary_cross_entropy(Tensor([np.nan]), Tensor([1.0]))


# ------------------------------------------------------------------ rendering
def _svg_texts(path: Path) -> list[str]:
    return [t.text or "" for t in ET.parse(path).getroot().iter(f"{SVG}text")]


@needs_dot
@pytest.mark.parametrize("text", ["]", "]]", "two \\\\ backslashes", "\\N", "\\G", "x\\L", "\\E\\T\\H"])
@pytest.mark.parametrize("where", ["op", "label"])
def test_graphviz_escapes_and_brackets_reach_the_svg_as_typed(tmp_path: Path, where: str, text: str) -> None:
    from viz import render

    a = Value(1.0, label=text if where == "label" else "a")
    b = a * 2.0
    if where == "op":
        b._op = text  # a micrograd-style op string
    out = render(b, tmp_path / "g.svg")  # dot 2.43 rejected a label that is only "]"
    assert text in _svg_texts(out)  # dot read "\\" as one backslash and "\N" as the node's name


@needs_dot
def test_rendering_a_huge_graph_is_refused_at_once_naming_max_nodes(tmp_path: Path) -> None:
    from viz import render

    y = Value(0.5)
    for _ in range(100_000):
        y = y * 1.0001
    start = time.perf_counter()
    with pytest.raises(Exception, match=r"max_nodes=") as info:  # dot crashed after 5 s with SIGSEGV
        render(y, tmp_path / "g.svg")
    assert time.perf_counter() - start < 5.0
    assert "100001 nodes" in str(info.value)
    assert not (tmp_path / "g.svg").exists()



# --------------------------------------------------- integers that do not fit
@pytest.mark.parametrize("write", [
    lambda x: x.__setitem__(0, 2**100), lambda x: x.fill_(2**100), lambda x: x.__iadd__(2**100),
], ids=["setitem", "fill_", "iadd"])
def test_an_integer_too_big_for_an_integer_tensor_is_refused_in_place(write: Any) -> None:
    torch = _torch()
    with pytest.raises((OverflowError, ValueError, RuntimeError)):
        write(torch.tensor([1, 2]))
    x = Tensor(np.array([1, 2]))
    with pytest.raises(OverflowError, match=r"^(x\[index\] = value|x \+= y|fill_): .*126765060022\.\.\. \(31 digits\) "
                                            r"does not fit x's dtype int64"):
        write(x)
    assert x.dtype == np.int64 and list(x.data) == [1, 2]


def test_an_integer_past_a_narrow_dtype_is_refused_where_torch_refuses() -> None:
    torch = _torch()
    with pytest.raises(RuntimeError, match="without overflow"):
        torch.zeros(2, dtype=torch.int32).fill_(2**40)
    x = Tensor(np.zeros(2, dtype=np.int32))
    with pytest.raises(OverflowError, match=r"1099511627776 does not fit x's dtype int32"):
        x.fill_(2**40)
    with pytest.raises(OverflowError, match=r"^x\[index\] = value: the integer -1 does not fit x's dtype uint8"):
        Tensor(np.zeros(2, dtype=np.uint8))[0] = -1  # (PyTorch wraps this one to 255; refused here)


def test_a_big_integer_written_into_a_float_tensor_is_its_float() -> None:
    x = Tensor([1.0, 2.0])
    x[0] = 2**100  # (numpy made it an object array: "value must be a number")
    assert x.data[0] == np.float32(2.0**100) and x.dtype == np.float32


@pytest.mark.parametrize(("make", "name"), [
    (lambda: autograd.full((2,), 2**100), "full"),
    (lambda: autograd.full((2,), 2**40, dtype=np.int32), "full"),
    (lambda: autograd.arange(2**100, 2**100 + 2), "arange"),
    (lambda: Tensor(np.array([1, 2])).clamp(0, 2**100), "clip"),
])
def test_factories_and_clamp_refuse_integers_that_do_not_fit(make: Any, name: str) -> None:
    with pytest.raises(OverflowError, match=f"^{name}: "):
        make()


def test_integers_past_float_range_name_the_op() -> None:
    x = Tensor([1.0])
    for op, name in [(lambda: x + 2**2000, "add"), (lambda: 2**2000 - x, "sub"), (lambda: x / 2**2000, "div"),
                     (lambda: x ** 2**2000, "pow"), (lambda: x.clamp(0, 2**2000), "clip")]:
        with pytest.raises(OverflowError, match=f"^{name}: .*114813069527.* too large for a float"):
            op()
    v = Value(1.0)
    for op, symbol in [(lambda: v + 2**2000, r"\+"), (lambda: v * 2**2000, r"\*"), (lambda: 2**2000 - v, "-"),
                       (lambda: v / 2**2000, "/"), (lambda: 2**2000 / v, "/"), (lambda: v ** 2**2000, r"\*\*")]:
        with pytest.raises(OverflowError, match=f"^Value {symbol}: the integer 114813069527... \\(603 digits\\)"):
            op()


# ------------------------------------------------------------ dtype arguments
@pytest.mark.parametrize(("make", "name"), [
    (lambda d: autograd.full((2,), 1, dtype=d), "full"),
    (lambda d: autograd.arange(3, dtype=d), "arange"),
    (lambda d: autograd.zeros(2, dtype=d), "zeros"),
    (lambda d: autograd.eye(2, dtype=d), "eye"),
    (lambda d: autograd.zeros_like(Tensor([1.0]), dtype=d), "zeros_like"),
    (lambda d: autograd.ones_like(Tensor([1.0]), dtype=d), "ones_like"),
    (lambda d: autograd.full_like(Tensor([1.0]), 1, dtype=d), "full_like"),
    (lambda d: autograd.rand_like(Tensor([1.0]), dtype=d), "rand_like"),
    (lambda d: nn.Linear(2, 3, dtype=d), "Linear"),
    (lambda d: nn.Conv2d(1, 1, 3, dtype=d), "Conv2d"),
    (lambda d: nn.BatchNorm1d(3, affine=False, dtype=d), "BatchNorm1d"),
    (lambda d: nn.LayerNorm(3, dtype=d), "LayerNorm"),
    (lambda d: nn.Embedding(3, 2, dtype=d), "Embedding"),
])
@pytest.mark.parametrize("dtype", ["foo", object, str])
def test_dtype_arguments_are_checked_naming_the_function(make: Any, name: str, dtype: Any) -> None:
    with pytest.raises(TypeError, match=f"^{name}: ('foo' is not a dtype|dtype (object|<U0) is not numeric)"):
        make(dtype)


def test_set_default_dtype_names_itself() -> None:
    torch = _torch()
    with pytest.raises(TypeError):
        torch.set_default_dtype(None)
    for bad in ("foo", None, np.int64):
        with pytest.raises(TypeError, match="^set_default_dtype: "):
            autograd.set_default_dtype(bad)
    assert autograd.get_default_dtype() == np.float32


def test_a_fill_value_that_is_no_number_names_the_function() -> None:
    with pytest.raises(TypeError, match="^full_like: fill_value must be a real number, got str"):
        autograd.full_like(Tensor([1.0]), "a")  # (numpy: "could not convert string to float")


# ---------------------------------------------------- scalar functions and layers
def test_value_list_functions_and_scalar_layers_name_themselves_for_bad_elements() -> None:
    with pytest.raises(TypeError, match=r"^softmax: Value\(\) expects a real number .* got str"):
        autograd.value.softmax(["a", 1.0])
    with pytest.raises(TypeError, match=r"^MLP: Layer: Value\(\) expects a real number .* got str"):
        nn.MLP(2, [3, 1])(["a", "b"])
    with pytest.raises(TypeError, match=r"^MLP: Layer: .* got Tensor"):
        nn.MLP(2, [3, 1])(Tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match=r"^ReLUNeuron\(2\): Value\(\) expects a real number .* got NoneType"):
        nn.Neuron(2)([None, 1.0])
    assert isinstance(nn.MLP(2, [3, 1])([1.0, 2.0]), Value)  # and numbers still work


# ------------------------------------------------------------------- copying
def test_deepcopy_of_a_leaf_whose_grad_is_a_graph_says_so() -> None:
    import copy

    torch = _torch()
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    (t * t * t).sum().backward(create_graph=True)
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(t)  # (PyTorch refuses: its grad is not a leaf)
    w = Tensor([1.0, 2.0], requires_grad=True)
    (w * w * w).sum().backward(create_graph=True)
    with pytest.raises(RuntimeError, match=r"^deepcopy: x.grad is itself part of a graph .*x.grad.detach\(\)"):
        copy.deepcopy(w)
    w.grad = w.grad.detach()
    np.testing.assert_array_equal(copy.deepcopy(w).grad.data, [3.0, 12.0])
