"""Training plots with matplotlib (optional: ``pip install matplotlib``).

Each function returns the matplotlib ``Figure`` and, given a ``path``, also saves it
there (the format from the suffix: png, svg, pdf, jpg):

- ``plot_history(history)``: loss and metrics per epoch, training and validation;
- ``plot_decision_boundary(model, X, y)``: the regions a classifier assigns over 2-D data;
- ``plot_activations()``: each activation and its derivative, computed by the engine;
- ``plot_descent(f, start, optimizers, steps)``: a 2-D loss surface and each optimizer's path;
- ``plot_confusion_matrix(cm, labels)``, ``plot_filters(conv)`` (kernels as images),
  ``plot_gradient_flow(model)`` (gradient norm per parameter, log scale).

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


def _finish(fig: Any, path: str | Path | None, where: str) -> Any:
    if path is not None:
        fig.savefig(_output_path(path, where), dpi=100)
    return fig


def plot_history(
    history: Mapping[str, Sequence[float]], path: str | Path | None = None, *, title: str | None = None
) -> Any:
    """Plot training curves per epoch; return the Figure, saved to ``path`` if given.

    ``history`` maps series names to one number per epoch, e.g.
    ``{"train_loss": [...], "val_loss": [...], "train_acc": [...], "val_acc": [...]}``.
    Series whose name contains ``loss`` go on the left panel; those containing
    ``acc`` (accuracy) on a second panel, drawn only if there is one. Series may
    have different lengths; epochs are numbered from 1. ``nn``'s ``History`` (keys
    ``loss``, ``val_loss``, ``accuracy``, ...) works as it is.
    """
    if not isinstance(history, Mapping) and isinstance(getattr(history, "history", None), Mapping):
        history = history.history  # a Keras-style object holding the mapping
    if not isinstance(history, Mapping):
        if not (callable(getattr(history, "keys", None)) and hasattr(history, "__getitem__")):
            raise TypeError(f"plot_history: history must be a dict of lists, got {type(history).__name__}")
        history = {k: history[k] for k in history.keys()}
    loss_keys = [k for k in history if "loss" in str(k)]
    acc_keys = [k for k in history if "acc" in str(k) and "loss" not in str(k)]
    if not loss_keys:
        raise ValueError(f"plot_history: history has no loss series (a key containing 'loss'); keys: {list(history)}")
    series = {k: _series(history, k) for k in loss_keys + acc_keys}
    if path is not None:
        _output_path(path, "plot_history")  # a bad suffix fails before drawing

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
    return _finish(fig, path, "plot_history")


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


def _predict(model: Any, grid: np.ndarray) -> Any:
    """Call ``model`` on the grid: as an array, or as a Tensor if the model wants one."""
    try:
        return model(grid)
    except (TypeError, AttributeError):
        from autograd import Tensor, no_grad

        with no_grad():
            return model(Tensor(grid))


def plot_decision_boundary(
    predict_fn: Callable[[Any], Any],
    X: Any,
    y: Any,
    path: str | Path | None = None,
    *,
    resolution: int = 100,
    threshold: float | None = None,
    title: str | None = None,
) -> Path:
    """Shade the class regions of a 2-D classifier, scatter the data, save to ``path``.

    Args:
        predict_fn: a model or function, called once with an (N, 2) float64 array of
            grid points (or, if it refuses an array, with a Tensor of them); returns
            (N,) or (N, 1) scores or class labels, or (N, C) class scores (argmax is
            the class). A Tensor, ndarray or list of ``Value``/floats all work.
        X: (n, 2) data points; y: their n labels (numbers, e.g. 0/1 or -1/+1).
        resolution: grid points per axis (resolution**2 calls' worth of inputs).
        threshold: a score above it is class 1; by default integral outputs are
            taken as labels and other scores are split at 0 (use 0.5 for
            probabilities).
    Returns the Figure (saved to ``path`` if given).
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
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.1 * np.maximum(hi - lo, 1e-9) + 0.5
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    xx, yy = np.meshgrid(xs, ys)
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    zz = _classes(_to_array(_predict(predict_fn, grid)), grid.shape[0], np.unique(labels), threshold).reshape(xx.shape)

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
    return _finish(fig, path, "plot_decision_boundary")


# ------------------------------------------------------------------ activations
#: The activations of the curriculum, by ``Tensor`` method name.
ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid", "softplus", "gelu", "silu", "elu")


def plot_activations(path: str | Path | None = None, names: Sequence[str] | None = None, *,
                     lo: float = -4.0, hi: float = 4.0) -> Any:  # fmt: skip
    """Each activation (solid) and its derivative (dashed), both computed by the engine.

    ``names`` defaults to those of :data:`ACTIVATIONS` that ``Tensor`` has. The
    derivative is ``x.grad`` after ``f(x).sum().backward()``, so the picture shows
    what the library computes, not a formula copied beside it.
    """
    from autograd import Tensor

    chosen = [n for n in (names or ACTIVATIONS) if names is not None or hasattr(Tensor, n)]
    for n in chosen:
        if not hasattr(Tensor, n):
            raise ValueError(f"plot_activations: Tensor has no activation {n!r}; known: {', '.join(ACTIVATIONS)}")
    if not chosen:
        raise ValueError("plot_activations: no activation to plot")
    xs = np.linspace(lo, hi, 401)
    ncols = min(4, len(chosen))
    nrows = -(-len(chosen) // ncols)
    fig, _ = _figure("plot_activations", ncols=1, width=3.2 * ncols, height=2.6 * nrows)
    fig.clear()
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, name in zip(axes, chosen):
        x = Tensor(xs.copy(), requires_grad=True)
        y = getattr(x, name)()
        y.sum().backward()
        assert x.grad is not None
        ax.plot(xs, np.asarray(y.data), label=name)
        ax.plot(xs, np.asarray(x.grad.data), "--", label="derivative")
        ax.axhline(0, color="#999999", linewidth=0.5)
        ax.axvline(0, color="#999999", linewidth=0.5)
        ax.set_title(name)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    for ax in axes[len(chosen):]:
        ax.set_visible(False)
    return _finish(fig, path, "plot_activations")


# ------------------------------------------------------------------ descent
def _surface(f: Callable[[Any], Any], xx: np.ndarray, yy: np.ndarray) -> np.ndarray:
    """f on a grid: one call on a (2, n, n) Tensor if f is elementwise in p[0], p[1]."""
    from autograd import Tensor, no_grad

    with no_grad():
        try:
            z = np.asarray(getattr(f(Tensor(np.stack([xx, yy]))), "data", None), dtype=np.float64)
            if z.shape == xx.shape:
                return z
        except (TypeError, ValueError, IndexError):
            pass
        flat = [float(np.asarray(f(Tensor(np.array([a, b]))).data)) for a, b in zip(xx.ravel(), yy.ravel())]
    return np.asarray(flat).reshape(xx.shape)


def descent_path(f: Callable[[Any], Any], start: Sequence[float], make_optimizer: Callable[[list[Any]], Any],
                 steps: int) -> np.ndarray:  # fmt: skip
    """The points an optimizer visits minimising ``f`` from ``start``: shape (steps + 1, 2)."""
    from autograd import Tensor

    p = Tensor(np.asarray(start, dtype=np.float64).copy(), requires_grad=True)
    opt = make_optimizer([p])
    points = [p.data.copy()]
    for _ in range(steps):
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        opt.step()
        points.append(np.array(p.data, dtype=np.float64))
    return np.asarray(points)


def plot_descent(
    f: Callable[[Any], Any],
    start: Sequence[float],
    optimizers: Mapping[str, Callable[[list[Any]], Any]] | Sequence[Callable[[list[Any]], Any]],
    steps: int = 100,
    path: str | Path | None = None,
    *,
    bounds: tuple[float, float, float, float] | None = None,
    resolution: int = 120,
    title: str | None = None,
) -> Any:
    """Contours of a 2-D loss surface with the path each optimizer takes on it.

    Args:
        f: the loss of a point ``p``, a Tensor of shape (2,), written with Tensor ops
            on ``p[0]`` and ``p[1]`` (e.g. Rosenbrock's ``(1 - p[0])**2 + 100 * (p[1] - p[0]**2)**2``);
            if it is elementwise it is also evaluated on the whole grid at once.
        start: the starting point (x, y).
        optimizers: ``{"name": factory}`` or a list of factories; a factory is an
            optimizer class or a function taking a list of parameters
            (``nn.optim.Adam``, ``lambda ps: nn.SGD(ps, lr=1e-3, momentum=0.9)``).
        steps: optimizer steps per path.
        bounds: (xmin, xmax, ymin, ymax) of the contour plot; by default the paths'
            extent with a margin.
    """
    if isinstance(optimizers, Mapping):
        items = list(optimizers.items())
    else:
        items = [(getattr(o, "__name__", f"optimizer {i}"), o) for i, o in enumerate(optimizers)]
    if not items:
        raise ValueError("plot_descent: no optimizer given")
    if steps < 1:
        raise ValueError(f"plot_descent: steps must be >= 1, got {steps}")
    paths = [(name, descent_path(f, start, make, steps)) for name, make in items]
    if bounds is None:
        every = np.concatenate([pts[np.isfinite(pts).all(axis=1)] for _, pts in paths])
        lo, hi = every.min(axis=0), every.max(axis=0)
        pad = 0.15 * np.maximum(hi - lo, 1e-3) + 0.1
        bounds = (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
    xs = np.linspace(bounds[0], bounds[1], resolution)
    ys = np.linspace(bounds[2], bounds[3], resolution)
    xx, yy = np.meshgrid(xs, ys)
    zz = _surface(f, xx, yy)
    fig, axes = _figure("plot_descent", width=6.0, height=5.0)
    ax = axes[0]
    finite = zz[np.isfinite(zz)]
    shift = finite.min() if finite.size else 0.0
    ax.contourf(xx, yy, np.log1p(zz - shift), levels=30, cmap="viridis", alpha=0.8)
    ax.contour(xx, yy, np.log1p(zz - shift), levels=15, colors="white", linewidths=0.4, alpha=0.6)
    for name, pts in paths:
        ax.plot(pts[:, 0], pts[:, 1], "-o", markersize=2, linewidth=1.5, label=f"{name} ({steps} steps)")
    ax.plot([start[0]], [start[1]], "w*", markersize=12, markeredgecolor="k", label="start")
    ax.set_xlim(bounds[0], bounds[1])
    ax.set_ylim(bounds[2], bounds[3])
    ax.set_xlabel("p[0]")
    ax.set_ylabel("p[1]")
    ax.legend(fontsize=8)
    ax.set_title(title or "loss surface (log scale) and optimizer paths")
    return _finish(fig, path, "plot_descent")


# ------------------------------------------------------------------ confusion matrix
def plot_confusion_matrix(cm: Any, labels: Sequence[str] | None = None, path: str | Path | None = None, *,
                          normalize: bool = False, title: str | None = None) -> Any:  # fmt: skip
    """A confusion matrix (rows: true class, columns: predicted) with its counts written in."""
    m = np.asarray(getattr(cm, "data", cm), dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] == 0:
        raise ValueError(f"plot_confusion_matrix: expected a square (C, C) matrix, got shape {m.shape}")
    n = m.shape[0]
    names = [str(x) for x in labels] if labels is not None else [str(i) for i in range(n)]
    if len(names) != n:
        raise ValueError(f"plot_confusion_matrix: {len(names)} labels for a {n}x{n} matrix")
    shown = m / np.maximum(m.sum(axis=1, keepdims=True), 1e-12) if normalize else m
    fig, axes = _figure("plot_confusion_matrix", width=1.0 + 0.6 * n + 2, height=1.0 + 0.6 * n + 1)
    ax = axes[0]
    im = ax.imshow(shown, cmap="Blues")
    fig.colorbar(im, ax=ax, shrink=0.8)
    ax.set_xticks(range(n), names, rotation=45, ha="right")
    ax.set_yticks(range(n), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    top = float(shown.max()) if shown.size else 0.0
    if n <= 30:
        for i in range(n):
            for j in range(n):
                v = shown[i, j]
                text = f"{v:.2f}" if normalize else f"{v:.0f}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8,
                        color="white" if v > top / 2 else "black")  # fmt: skip
    ax.set_title(title or "confusion matrix")
    return _finish(fig, path, "plot_confusion_matrix")


# ------------------------------------------------------------------ filters
def plot_filters(conv: Any, path: str | Path | None = None, *, max_filters: int = 64) -> Any:
    """A convolution's kernels as images: one row per output channel, one column per input channel.

    ``conv`` is a layer with ``.weight`` of shape (out, in, kh, kw), or the weight
    itself. Three input channels are shown as one colour image per filter. Each image
    is scaled on its own; blue is negative, red positive.
    """
    w = getattr(conv, "weight", conv)
    w = np.asarray(getattr(w, "data", w), dtype=np.float64)
    if w.ndim != 4:
        raise ValueError(f"plot_filters: expected a weight of shape (out, in, kh, kw), got shape {w.shape}")
    w = w[:max_filters]
    n_out, n_in = w.shape[:2]
    rgb = n_in == 3
    cols = 1 if rgb else min(n_in, 16)
    if rgb:
        cols = min(8, n_out)
        rows = -(-n_out // cols)
    else:
        rows = n_out
    fig, _ = _figure("plot_filters", width=0.9 * cols + 0.5, height=0.9 * rows + 0.6)
    fig.clear()
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    if rgb:
        for k in range(n_out):
            img = np.transpose(w[k], (1, 2, 0))
            span = np.ptp(img) or 1.0
            axes.ravel()[k].imshow((img - img.min()) / span, interpolation="nearest")
        for ax in axes.ravel()[n_out:]:
            ax.set_visible(False)
    else:
        for k in range(n_out):
            for c in range(cols):
                kern = w[k, c]
                lim = float(np.abs(kern).max()) or 1.0
                axes[k, c].imshow(kern, cmap="bwr", vmin=-lim, vmax=lim, interpolation="nearest")
            axes[k, 0].set_ylabel(str(k), rotation=0, labelpad=8, fontsize=7)
    fig.suptitle(f"{n_out} filters" + (" (RGB)" if rgb else f", {n_in} input channels"), fontsize=9)
    return _finish(fig, path, "plot_filters")


# ------------------------------------------------------------------ gradient flow
def plot_gradient_flow(model: Any, path: str | Path | None = None, *, title: str | None = None) -> Any:
    """The gradient norm of every parameter after a backward pass, inputs first, log scale.

    ``model`` has ``named_parameters()`` (a Module) or is a list of ``(name, param)``.
    Vanishing gradients show as bars falling off to the left, exploding ones as bars
    rising; a parameter with no gradient, a zero one, or a NaN/Inf one is marked in red.
    """
    named = getattr(model, "named_parameters", None)
    items = list(named() if callable(named) else model)
    if not items:
        raise ValueError("plot_gradient_flow: the model has no parameters")
    names, norms, mean_abs, bad = [], [], [], []
    for name, p in items:
        g = getattr(p, "grad", None)
        g = None if g is None else np.asarray(getattr(g, "data", g), dtype=np.float64)
        names.append(str(name))
        if g is None or not np.isfinite(g).all() or not np.any(g):
            norms.append(np.nan)
            mean_abs.append(np.nan)
            bad.append("no grad" if g is None else "zero" if np.isfinite(g).all() else "NaN/Inf")
        else:
            norms.append(float(np.linalg.norm(g.ravel())))
            mean_abs.append(float(np.abs(g).mean()))
            bad.append("")
    fig, axes = _figure("plot_gradient_flow", width=max(5.0, 0.35 * len(names) + 2), height=4.5)
    ax = axes[0]
    xs = np.arange(len(names))
    ok = ~np.isnan(norms)
    ax.bar(xs[ok], np.asarray(norms)[ok], color="#3d85c6", alpha=0.7, label="‖grad‖")
    ax.plot(xs[ok], np.asarray(mean_abs)[ok], "o", color="#d94801", markersize=4, label="mean |grad|")
    floor = min([v for v in mean_abs if v == v] or [1e-8])
    for x, why in zip(xs, bad):
        if why:
            ax.axvline(x, color="red", linewidth=2, alpha=0.6)
            ax.text(x, floor, why, rotation=90, color="red", ha="center", va="bottom", fontsize=7)
    ax.set_yscale("log")
    ax.set_xticks(xs, names, rotation=60, ha="right", fontsize=7)
    ax.set_ylabel("gradient (log scale)")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(title or "gradient flow (inputs on the left)")
    return _finish(fig, path, "plot_gradient_flow")
