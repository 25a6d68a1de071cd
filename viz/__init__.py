"""Pictures of computation graphs, networks and training runs.

Computation graphs (:mod:`viz.graph`, needs the ``graphviz`` Python package; the
``dot`` program only to render images)::

    from autograd import Value
    import viz

    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = (a * b).tanh(); loss.label = "loss"
    loss.backward()
    viz.draw_dot(loss)                  # a graphviz.Digraph (shows inline in Jupyter)
    viz.render(loss, "out/loss.svg")    # or .png, .pdf; .dot needs no graphviz program

Each ``Value`` is a row ``label | data 2.0000 | grad 1.0000`` fed by a small node
naming its operation; a ``Tensor`` is one node with its operation, shape, dtype,
data (when small) and a gradient summary. ``params=`` (a Module or ``{"w": w}``)
names parameters; colours show each node's role, with a legend. The walk is
iterative and numbers nodes in traversal order, so graphs of any depth draw and the
DOT text is the same on every run. A missing ``dot`` program raises
:class:`GraphvizNotFoundError`, a failing one :class:`RenderError`, and a graph too
big for it :class:`GraphTooLargeError` (``max_nodes=`` summarises it).

Network diagrams (:mod:`viz.network`)::

    viz.render(viz.draw_network([2, 16, 16, 1]), "out/mlp.svg")
    viz.render(viz.draw_network(cnn, input_shape=(1, 28, 28)), "out/cnn_layers.svg")

Training plots (:mod:`viz.plots`, needs matplotlib, imported only when used)::

    viz.plot_history({"loss": [...], "val_loss": [...]}, "out/history.png")
    viz.plot_decision_boundary(predict_fn, X, y, "out/boundary.png")
    # also plot_activations, plot_descent, plot_confusion_matrix, plot_filters,
    # plot_gradient_flow; each returns the Figure and saves it when given a path

Module clusters and gradient flow::

    with viz.trace(model) as trace:
        loss = loss_fn(model(x), y)
    viz.draw_dot(loss, trace=trace, params=model, grads=True, max_nodes=300)

The command line: ``python -m viz "tanh(x*w + b)" --set x=0.5 w=-3 b=2 -o graph.svg``.
"""

from __future__ import annotations

from typing import Any

from viz.graph import GraphTooLargeError, GraphvizNotFoundError, RenderError, draw_dot, render
from viz.network import draw_network
from viz.trace import Trace, trace

_PLOTS = (
    "plot_activations",
    "plot_confusion_matrix",
    "plot_decision_boundary",
    "plot_descent",
    "plot_filters",
    "plot_gradient_flow",
    "plot_history",
)

__all__ = [
    "GraphTooLargeError",
    "GraphvizNotFoundError",
    "RenderError",
    "Trace",
    "draw_dot",
    "draw_network",
    "render",
    "trace",
    *_PLOTS,
]


def __getattr__(name: str) -> Any:
    # The plotting functions load matplotlib's module only when first asked for, so
    # ``import viz`` works without matplotlib installed.
    if name in _PLOTS:
        from viz import plots

        return getattr(plots, name)
    raise AttributeError(f"module 'viz' has no attribute {name!r}")
