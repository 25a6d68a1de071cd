"""Training plots with matplotlib (optional: ``pip install matplotlib``).

``plot_history(history, path)`` draws loss (and accuracy) per epoch;
``plot_decision_boundary(predict_fn, X, y, path)`` shades the regions a classifier
assigns to each class over 2-D data, as in micrograd's demo.

Figures are drawn with matplotlib's object-oriented API on the Agg canvas, never
through ``pyplot``: nothing here changes the user's backend or opens a window, and
the figure is freed when the function returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

_IMAGE_SUFFIXES = (".png", ".svg", ".pdf", ".jpg", ".jpeg")


def _figure(where: str, ncols: int = 1, width: float = 6.0, height: float = 4.5) -> tuple[Any, Any]:
    """A new Agg-backed matplotlib Figure and its axes, or an ImportError saying what to install."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(f"{where} needs matplotlib: pip install matplotlib (or pip install '.[plots]')") from exc
    fig = Figure(figsize=(width * ncols, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, axes


def _output_path(path: str | Path, where: str) -> Path:
    out = Path(path)
    if out.suffix.lower() not in _IMAGE_SUFFIXES:
        raise ValueError(
            f"{where}: unsupported file suffix {out.suffix or '(none)'!r} in {str(out)!r}; "
            f"supported: {', '.join(_IMAGE_SUFFIXES)}"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _series(history: Mapping[str, Any], key: str) -> np.ndarray:
    try:
        values = np.asarray([float(v) for v in history[key]], dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"plot_history: history[{key!r}] must be a sequence of numbers") from None
    return values


_WORDS = {"val": "validation", "acc": "accuracy", "train": "training"}


def _pretty(key: str) -> str:
    """'val_acc' -> 'validation accuracy'."""
    return " ".join(_WORDS.get(w, w) for w in str(key).split("_"))


def plot_history(history: Mapping[str, Sequence[float]], path: str | Path, *, title: str | None = None) -> Path:
    """Plot training curves per epoch and save them to ``path`` (png, svg, pdf, jpg).

    ``history`` maps series names to one number per epoch, e.g.
    ``{"train_loss": [...], "val_loss": [...], "train_acc": [...], "val_acc": [...]}``.
    Series whose name contains ``loss`` go on the left panel; those containing
    ``acc`` (accuracy) on a second panel, drawn only if there is one. Series may
    have different lengths; epochs are numbered from 1. Returns the path written.
    """
    if not isinstance(history, Mapping):
        raise TypeError(f"plot_history: history must be a dict of lists, got {type(history).__name__}")
    loss_keys = [k for k in history if "loss" in str(k)]
    acc_keys = [k for k in history if "acc" in str(k) and "loss" not in str(k)]
    if not loss_keys:
        raise ValueError(f"plot_history: history has no loss series (a key containing 'loss'); keys: {list(history)}")
    series = {k: _series(history, k) for k in loss_keys + acc_keys}
    out = _output_path(path, "plot_history")

    fig, axes = _figure("plot_history", ncols=2 if acc_keys else 1, width=5.5, height=4.0)
    panels = [(axes[0], loss_keys, "loss")]
    if acc_keys:
        panels.append((axes[1], acc_keys, "accuracy"))
    for ax, keys, ylabel in panels:
        for k in keys:
            values = series[k]
            epochs = np.arange(1, len(values) + 1)
            style = "--" if str(k).startswith("val") else "-"
            ax.plot(epochs, values, style, marker="o" if len(values) <= 30 else None, markersize=3, label=_pretty(k))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        ax.legend()
    losses = [series[k] for k in loss_keys if series[k].size]
    if losses and all(np.all(v > 0) for v in losses):
        if max(float(v.max()) for v in losses) > 100 * min(float(v.min()) for v in losses):
            axes[0].set_yscale("log")  # losses spanning decades read better on a log axis
    if title:
        fig.suptitle(title)
    fig.savefig(out, dpi=100)
    return out


def _to_array(values: Any) -> np.ndarray:
    """Numbers from an ndarray, a Tensor, or a list of Values/floats."""
    data = getattr(values, "data", None)
    if isinstance(data, np.ndarray):  # a Tensor
        return data
    if isinstance(values, np.ndarray):
        return values
    return np.asarray([getattr(v, "data", v) for v in values], dtype=np.float64)


def _classes(scores: np.ndarray, n: int, label_set: np.ndarray, threshold: float | None) -> np.ndarray:
    """Predicted labels from what ``predict_fn`` returned for ``n`` points.

    (n, C) scores give their argmax. One score per point is split at ``threshold``
    (0 when None, micrograd's sign convention) unless, with no threshold given, the
    scores are already whole numbers (labels). A split gives the smaller and the
    larger of two labels in ``label_set`` (0 and 1 otherwise), so -1/+1 data works.
    """
    if scores.ndim == 2 and scores.shape[0] == n and scores.shape[1] > 1:
        return np.argmax(scores, axis=1).astype(np.float64)
    if scores.size != n:
        raise ValueError(
            f"plot_decision_boundary: predict_fn returned shape {scores.shape} for {n} points; "
            f"expected ({n},), ({n}, 1) or ({n}, n_classes)"
        )
    flat = scores.reshape(n).astype(np.float64)
    if threshold is None and np.all(flat == np.round(flat)):
        return flat
    low, high = (label_set[0], label_set[-1]) if label_set.size == 2 else (0.0, 1.0)
    return np.where(flat > (0.0 if threshold is None else threshold), high, low)


def plot_decision_boundary(
    predict_fn: Callable[[np.ndarray], Any],
    X: Any,
    y: Any,
    path: str | Path,
    *,
    resolution: int = 100,
    threshold: float | None = None,
    title: str | None = None,
) -> Path:
    """Shade the class regions of a 2-D classifier, scatter the data, save to ``path``.

    Args:
        predict_fn: called once with an (N, 2) float64 array of grid points; returns
            (N,) or (N, 1) scores or class labels, or (N, C) class scores (argmax is
            the class). A Tensor, ndarray or list of ``Value``/floats all work.
        X: (n, 2) data points; y: their n labels (numbers, e.g. 0/1 or -1/+1).
        resolution: grid points per axis (resolution**2 calls' worth of inputs).
        threshold: a score above it is class 1; by default integral outputs are
            taken as labels and other scores are split at 0 (use 0.5 for
            probabilities).
    Returns the path written.
    """
    points = np.asarray(X, dtype=np.float64)
    labels = np.asarray(y, dtype=np.float64).reshape(-1)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary: X must have shape (n, 2), got {points.shape}")
    if labels.shape[0] != points.shape[0]:
        raise ValueError(f"plot_decision_boundary: X has {points.shape[0]} points but y has {labels.shape[0]} labels")
    if points.shape[0] == 0:
        raise ValueError("plot_decision_boundary: X holds no points")
    if resolution < 2:
        raise ValueError(f"plot_decision_boundary: resolution must be at least 2, got {resolution}")
    out = _output_path(path, "plot_decision_boundary")

    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.1 * np.maximum(hi - lo, 1e-9) + 0.5
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    xx, yy = np.meshgrid(xs, ys)
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    zz = _classes(_to_array(predict_fn(grid)), grid.shape[0], np.unique(labels), threshold).reshape(xx.shape)

    fig, axes = _figure("plot_decision_boundary", width=5.5, height=5.0)
    ax = axes[0]
    levels = np.unique(np.concatenate([zz.ravel(), labels]))
    edges = np.concatenate([[levels[0] - 0.5], (levels[:-1] + levels[1:]) / 2, [levels[-1] + 0.5]])
    ax.contourf(xx, yy, zz, levels=edges, cmap="Spectral", alpha=0.4)
    ax.scatter(points[:, 0], points[:, 1], c=labels, cmap="Spectral", vmin=edges[0], vmax=edges[-1],
               s=20, edgecolors="k", linewidths=0.5)
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    fig.savefig(out, dpi=100)
    return out
