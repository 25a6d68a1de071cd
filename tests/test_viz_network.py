"""``draw_network`` from real models: weights on the edges, activations, layer diagrams."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
from autograd import Tensor
from viz import draw_network, render
from viz.network import draw_layers

SVG = "{http://www.w3.org/2000/svg}"


class Lin:
    """PyTorch's Linear, as draw_network sees it: a (out, in) weight and parameters()."""

    def __init__(self, w: np.ndarray) -> None:
        self.weight = Tensor(w, requires_grad=True)
        self.bias = Tensor(np.zeros(w.shape[0]), requires_grad=True)

    def parameters(self) -> list[Tensor]:
        return [self.weight, self.bias]


class Act:
    def parameters(self) -> list[Tensor]:
        return []


class ReLU(Act):
    pass


class Tanh(Act):
    pass


class Seq:
    """A Sequential: iterable, with forward."""

    def __init__(self, *layers: Any) -> None:
        self.items = list(layers)

    def __iter__(self) -> Any:
        return iter(self.items)

    def forward(self, x: Any) -> Any:
        raise NotImplementedError


class Conv2d(Lin):
    def __init__(self, c_in: int, c_out: int, k: int, padding: int = 0) -> None:
        super().__init__(np.ones((c_out, c_in, k, k)))
        self.padding, self.stride = padding, 1


class MaxPool2d(Act):
    def __init__(self, k: int) -> None:
        self.kernel_size, self.stride = k, None


class Flatten(Act):
    pass


def edges_with_style(source: str) -> dict[tuple[str, str], str]:
    return {(a, b): attrs for a, b, attrs in re.findall(r"^\s*(\w+) -> (\w+) \[(.*)\]$", source, flags=re.M)}


def test_sequential_edges_show_sign_and_size_and_activations_are_named() -> None:
    w1 = np.array([[1.0, -2.0], [0.5, 0.0], [-4.0, 3.0]])
    w2 = np.array([[2.0, -1.0, 0.1]])
    source = draw_network(Seq(Lin(w1), ReLU(), Lin(w2), Tanh())).source
    edges = edges_with_style(source)
    assert len(edges) == 2 * 3 + 3 * 1
    assert 'color="#3d85c6" penwidth=3.00' not in edges[("L0_0", "L1_2")]  # -4: red, widest
    assert edges[("L0_0", "L1_2")] == 'color="#cc0000" penwidth=3.00'
    assert edges[("L0_0", "L1_0")] == 'color="#3d85c6" penwidth=0.98'  # 1/4 of the largest
    assert edges[("L1_0", "L2_0")] == 'color="#3d85c6" penwidth=3.00'
    assert "hidden 1 (3)<br/>ReLU" in source and "output (1)<br/>Tanh" in source


def test_large_layers_are_elided_with_a_count() -> None:
    source = draw_network(Seq(Lin(np.ones((50, 4))), ReLU(), Lin(np.ones((2, 50)))), max_neurons=6).source
    assert "label=<+45<br/>more>" in source
    assert source.count("[style=dashed]") == 4 + 2


def test_scalar_mlp_diagram_uses_its_weights_and_activations() -> None:
    model = nn.MLP(2, [3, 1])
    source = draw_network(model).source
    w = model.layers[0].neurons[2].w[1].data
    colour = "#3d85c6" if w >= 0 else "#cc0000"
    assert f'L0_1 -> L1_2 [color="{colour}"' in source
    assert "hidden 1 (3)<br/>relu" in source


def lenet() -> Seq:
    return Seq(Conv2d(1, 6, 5, padding=2), ReLU(), MaxPool2d(2), Conv2d(6, 16, 5), ReLU(), MaxPool2d(2), Flatten(),
               Lin(np.ones((120, 400))), ReLU(), Lin(np.ones((84, 120))), ReLU(), Lin(np.ones((10, 84))))  # fmt: skip


def test_convolutional_sequential_is_a_layer_diagram_with_lenet_shapes(tmp_path: Path) -> None:
    graph = draw_network(lenet(), input_shape=(1, 28, 28))
    shapes = re.findall(r"<br/>([\d×]+)</td>", graph.source)
    assert shapes == ["1×28×28", "6×28×28", "6×28×28", "6×14×14", "16×10×10", "16×10×10", "16×5×5", "400",
                      "120", "120", "84", "84", "10"]  # fmt: skip
    assert "<b>Conv2d</b><br/>6@5×5 pad 2" in graph.source
    n = 6 * 25 + 6 + 16 * 6 * 25 + 16 + 120 * 400 + 120 + 84 * 120 + 84 + 10 * 84 + 10
    assert f"12 layers, {n} parameters" in graph.source
    if shutil.which("dot") is not None:
        ET.parse(render(graph, tmp_path / "lenet.svg"))
    assert "?" in draw_layers(lenet()).source  # no input shape: shapes unknown, still drawn


def test_layer_diagram_from_real_nn_modules_if_available() -> None:
    if not all(hasattr(nn, n) for n in ("Sequential", "Conv2d", "Linear", "ReLU", "Flatten", "MaxPool2d")):
        pytest.skip("nn's Sequential and Conv2d are not merged yet")
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 13 * 13, 10))
    shapes = re.findall(r"<br/>([\d×]+)</td>", draw_network(model, input_shape=(1, 28, 28)).source)
    assert shapes == ["1×28×28", "4×26×26", "4×26×26", "4×13×13", "676", "10"]
