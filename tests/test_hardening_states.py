"""Issue 13, second pass: states the library must refuse, errors that must come early
and name the op, and strings that must reach a rendered graph intact. Each test failed
on the code before it (PyTorch decides where it raises or computes)."""

from __future__ import annotations

import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

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

