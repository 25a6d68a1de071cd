"""Draw a fully connected network as columns of neurons.

``draw_network([2, 16, 16, 1])`` returns a :class:`graphviz.Digraph`: one column of
circles per layer (input, hidden..., output), every neuron joined to every neuron of
the next layer. A layer bigger than ``max_neurons`` shows its first neurons, an
ellipsis node standing for the rest, and its last neuron; the ellipsis is joined to
its neighbours with dashed edges. Render it with ``viz.render(graph, "net.svg")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import graphviz

from viz.graph import _FILL_OUTPUT, _FILL_PARAMETER

_FILL_HIDDEN = "white"


def layer_sizes(model_or_sizes: Any) -> list[int]:
    """The neuron count of every layer, inputs first.

    Accepts a list of sizes (``[2, 16, 16, 1]``), or a model with ``.layers`` whose
    layers have ``.neurons`` (each with a weight list ``.w``, micrograd-style) or a
    ``.weight`` of shape (out_features, in_features) (PyTorch-style); other layers in
    ``.layers`` (activations) are skipped.
    """
    layers = getattr(model_or_sizes, "layers", None)
    if layers is None:
        if isinstance(model_or_sizes, (str, bytes)) or not isinstance(model_or_sizes, Sequence):
            raise TypeError(
                "draw_network: expected a list of layer sizes like [2, 16, 16, 1] or a model with .layers, "
                f"got {type(model_or_sizes).__name__}"
            )
        sizes = list(model_or_sizes)
        for s in sizes:
            if isinstance(s, bool) or not isinstance(s, int) or s < 1:
                raise ValueError(f"draw_network: layer sizes must be positive integers, got {sizes!r}")
        if len(sizes) < 2:
            raise ValueError(f"draw_network: need at least an input and an output layer, got {sizes!r}")
        return sizes

    sizes = []
    for i, layer in enumerate(layers):
        neurons = getattr(layer, "neurons", None)
        weight = getattr(layer, "weight", None)
        if neurons is not None:
            neurons = list(neurons)
            if not neurons:
                raise ValueError(f"draw_network: layer {i} has no neurons")
            n_in, n_out = len(neurons[0].w), len(neurons)
        elif weight is not None and len(getattr(weight, "shape", ())) == 2:
            n_out, n_in = (int(d) for d in weight.shape)
        else:
            continue
        if sizes and sizes[-1] != n_in:
            raise ValueError(f"draw_network: layer {i} takes {n_in} inputs but the layer before gives {sizes[-1]}")
        if not sizes:
            sizes.append(n_in)
        sizes.append(n_out)
    if not sizes:
        raise ValueError(f"draw_network: {type(model_or_sizes).__name__}.layers holds no layer with neurons or weight")
    return sizes


def _shown(n: int, max_neurons: int) -> list[int | None]:
    """The neuron indices drawn for a layer of ``n``; ``None`` is the ellipsis."""
    if n <= max_neurons:
        return list(range(n))
    return [*range(max_neurons - 2), None, n - 1]


def _layer_name(i: int, last: int) -> tuple[str, str]:
    """(title, neuron prefix) of layer ``i``."""
    if i == 0:
        return "input", "x"
    if i == last:
        return "output", "y"
    return f"hidden {i}", ""


def draw_network(model_or_sizes: Any, *, max_neurons: int = 8, rankdir: str = "LR") -> graphviz.Digraph:
    """A diagram of a fully connected network.

    Args:
        model_or_sizes: layer sizes such as ``[2, 16, 16, 1]`` (inputs first), or a
            model with ``.layers`` (see :func:`layer_sizes`), e.g. ``nn.MLP(2, [16, 16, 1])``.
        max_neurons: the most nodes drawn per layer (at least 3); a bigger layer
            shows its first ``max_neurons - 2`` neurons, an ellipsis and its last.
        rankdir: ``"LR"`` (inputs on the left) or ``"TB"`` (inputs on top).

    Nodes are named ``L{layer}_{neuron}`` (``L{layer}_more`` for an ellipsis). The
    graph's caption gives the sizes and the parameter count (weights and biases).
    """
    if max_neurons < 3:
        raise ValueError(f"draw_network: max_neurons must be at least 3, got {max_neurons}")
    if rankdir not in ("LR", "TB"):
        raise ValueError(f"draw_network: rankdir must be 'LR' or 'TB', got {rankdir!r}")
    sizes = layer_sizes(model_or_sizes)
    n_params = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
    last = len(sizes) - 1

    dot = graphviz.Digraph(
        name="network",
        graph_attr={
            "rankdir": rankdir,
            "splines": "line",
            "nodesep": "0.15",
            "ranksep": "1.2",
            "label": f"MLP {'-'.join(map(str, sizes))}: {n_params} parameters",
            "labelloc": "b",
            "fontsize": "12",
        },
        node_attr={"shape": "circle", "style": "filled", "fixedsize": "true", "width": "0.45", "fontsize": "10"},
        edge_attr={"arrowhead": "none", "color": "#888888", "penwidth": "0.6"},
    )
    columns: list[list[str]] = []
    for i, n in enumerate(sizes):
        title, prefix = _layer_name(i, last)
        fill = _FILL_PARAMETER if i == 0 else _FILL_OUTPUT if i == last else _FILL_HIDDEN
        names = []
        with dot.subgraph(name=f"cluster_{i}") as col:
            col.attr(label=f"{title} ({n})", color="white", fontsize="11")
            for j in _shown(n, max_neurons):
                if j is None:
                    name = f"L{i}_more"
                    col.node(name, "⋮", shape="plaintext", fillcolor="transparent", fontsize="16")
                else:
                    name = f"L{i}_{j}"
                    col.node(name, f"{prefix}{j + 1}" if prefix else "", fillcolor=fill)
                names.append(name)
        columns.append(names)
    for left, right in zip(columns, columns[1:]):
        for a in left:
            for b in right:
                if a.endswith("_more") or b.endswith("_more"):
                    dot.edge(a, b, style="dashed")
                else:
                    dot.edge(a, b)
    return dot
