"""Each plot writes a non-empty image whose pixels are not all one colour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import viz
from autograd import Tensor

pytest.importorskip("matplotlib")


def assert_picture(path: Path) -> None:
    from matplotlib.image import imread

    assert path.stat().st_size > 1000
    pixels = imread(path)
    assert pixels.ndim == 3 and pixels.shape[0] > 50 and pixels.shape[1] > 50
    flat = pixels.reshape(-1, pixels.shape[-1])
    assert len(np.unique(flat, axis=0)) > 10, "the image is (nearly) one colour"


class GD:
    """A stand-in optimizer with PyTorch's interface: params list in, zero_grad, step."""

    def __init__(self, params: list[Tensor], lr: float = 1e-3, momentum: float = 0.0) -> None:
        self.params, self.lr, self.momentum = params, lr, momentum
        self.v = [np.zeros_like(p.data) for p in params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        for p, v in zip(self.params, self.v):
            assert p.grad is not None
            v *= self.momentum
            v += p.grad.data
            p.data -= self.lr * v


def rosenbrock(p: Tensor) -> Tensor:
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def test_plot_history_from_a_history_mapping(tmp_path: Path) -> None:
    history = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.7, 0.6], "accuracy": [0.5, 0.7, 0.8],
               "val_accuracy": [0.4, 0.6, 0.7]}  # fmt: skip
    fig = viz.plot_history(history, tmp_path / "h.png")
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy"]
    assert_picture(tmp_path / "h.png")
    assert viz.plot_history(history) is not None  # no path: nothing written, figure returned
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.png"]

    class Record:  # a History-like object: keys() and [] without being a Mapping
        def keys(self) -> list[str]:
            return list(history)

        def __getitem__(self, key: str) -> list[float]:
            return history[key]

    assert len(viz.plot_history(Record()).axes) == 2


def test_plot_activations_uses_the_engine(tmp_path: Path) -> None:
    fig = viz.plot_activations(tmp_path / "act.png", names=["relu", "tanh", "sigmoid"])
    assert_picture(tmp_path / "act.png")
    ax = fig.axes[1]
    xs, ys = ax.lines[0].get_data()
    _, dys = ax.lines[1].get_data()
    np.testing.assert_allclose(ys, np.tanh(xs))
    np.testing.assert_allclose(dys, 1 - np.tanh(xs) ** 2, atol=1e-12)
    with pytest.raises(ValueError, match="no activation 'swish2'"):
        viz.plot_activations(names=["swish2"])


def test_plot_descent_draws_each_optimizers_path(tmp_path: Path) -> None:
    optimizers = {"GD": lambda ps: GD(ps, lr=1e-3), "momentum": lambda ps: GD(ps, lr=1e-3, momentum=0.9)}
    fig = viz.plot_descent(rosenbrock, (-1.5, 2.0), optimizers, steps=60, path=tmp_path / "d.png")
    assert_picture(tmp_path / "d.png")
    paths = [line for line in fig.axes[0].lines if "steps" in str(line.get_label())]
    assert len(paths) == 2 and all(len(line.get_xdata()) == 61 for line in paths)
    expected = viz.plots.descent_path(rosenbrock, (-1.5, 2.0), optimizers["GD"], 60)
    np.testing.assert_allclose(np.column_stack(paths[0].get_data()), expected)
    assert expected[-1, 0] > -1.5  # it moved downhill
    # a plain optimizer class (a factory taking the params list) works too
    viz.plot_descent(rosenbrock, (0.0, 0.0), [GD], steps=5)


def test_plot_confusion_matrix(tmp_path: Path) -> None:
    cm = np.array([[5, 1, 0], [2, 7, 1], [0, 0, 9]])
    fig = viz.plot_confusion_matrix(cm, ["cat", "dog", "emu"], tmp_path / "cm.png")
    assert_picture(tmp_path / "cm.png")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[:3] == ["5", "1", "0"] and len(texts) == 9
    with pytest.raises(ValueError, match="square"):
        viz.plot_confusion_matrix(np.zeros((2, 3)))


def test_plot_filters(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    conv: Any = type("Conv", (), {"weight": Tensor(rng.normal(size=(6, 1, 5, 5)))})()
    viz.plot_filters(conv, tmp_path / "f.png")
    assert_picture(tmp_path / "f.png")
    viz.plot_filters(rng.normal(size=(4, 3, 3, 3)), tmp_path / "rgb.png")
    assert_picture(tmp_path / "rgb.png")
    with pytest.raises(ValueError, match=r"\(out, in, kh, kw\)"):
        viz.plot_filters(np.zeros((3, 3)))


def test_plot_gradient_flow_marks_missing_and_nan(tmp_path: Path) -> None:
    a = Tensor(np.ones(3), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    c = Tensor(np.ones(3), requires_grad=True)
    d = Tensor(np.ones(3), requires_grad=True)
    ((a * 1e-6).sum() + (b * 10.0).sum() + (d * float("nan")).sum()).backward()
    fig = viz.plot_gradient_flow([("a", a), ("b", b), ("c", c), ("d", d)], tmp_path / "g.png")
    assert_picture(tmp_path / "g.png")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["no grad", "NaN/Inf"]
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    np.testing.assert_allclose(heights, [1e-6 * np.sqrt(3), 10 * np.sqrt(3)])


def test_plot_decision_boundary_takes_a_tensor_model(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(float)

    def model(t: Tensor) -> Tensor:
        if not isinstance(t, Tensor):
            raise TypeError("a Tensor model")
        return t[:, 0]

    viz.plot_decision_boundary(model, X, y, tmp_path / "b.png", resolution=30)
    assert_picture(tmp_path / "b.png")
