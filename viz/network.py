"""Draw a network: columns of neurons for a fully connected one, boxes for a CNN.

``draw_network([2, 16, 16, 1])``, ``draw_network(nn.MLP(2, [16, 16, 1]))`` or
``draw_network(Sequential(Linear, ReLU, ...))`` returns a :class:`graphviz.Digraph`:
one column of circles per layer (input, hidden..., output), every neuron joined to
every neuron of the next layer. With weights known, an edge is blue for a positive
weight and red for a negative one, and thicker the larger it is. A layer bigger
than ``max_neurons`` shows its first neurons, a "+N more" node standing for the
rest, and its last neuron; that node is joined to its neighbours with dashed edges.
The activation applied after a layer is written under it.

A model with convolutions is drawn as a layer diagram instead (as the LeNet-5
figure): one box per layer with its type, its settings and its output shape. The
shapes come from running a zero input of ``input_shape`` through the model with
forward hooks, or, failing that, from each layer's arithmetic.
Render with ``viz.render(graph, "net.svg")``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import graphviz
import numpy as np

from viz.escape import html, label
from viz.graph import _FILL_OUTPUT, _FILL_PARAMETER

_FILL_HIDDEN = "white"


def layer_sizes(model_or_sizes: Any) -> list[int]:
    """The neuron count of every layer, inputs first.

    Accepts a list of sizes (``[2, 16, 16, 1]``), or a model with ``.layers`` whose
    layers have ``.neurons`` (each with a weight list ``.w``, micrograd-style) or a
    ``.weight`` of shape (out_features, in_features) (PyTorch-style); other layers in
    ``.layers`` (activations) are skipped.
    """
    if _layer_list(model_or_sizes) is None:
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
    dense = _dense_layers(model_or_sizes)
    return [dense[0][0].shape[1]] + [w.shape[0] for w, _ in dense]


def _layer_list(model: Any) -> list[Any] | None:
    """The layers of a model in order: ``.layers``, a Sequential's items, or ``children()``."""
    if isinstance(model, (list, tuple)) and model and all(isinstance(x, int) for x in model):
        return None
    layers = getattr(model, "layers", None)
    if layers is not None:
        return list(layers)
    if hasattr(model, "forward") and hasattr(model, "__iter__"):
        return list(model)
    children = getattr(model, "children", None)
    if callable(children) and hasattr(model, "forward"):
        return list(children())
    return None


def _array(x: Any) -> np.ndarray:
    return np.asarray(getattr(x, "data", x), dtype=np.float64)


def _dense_layers(model: Any) -> list[tuple[np.ndarray, str]]:
    """(weight matrix (out, in), activation name after it) for each fully connected layer."""
    out: list[tuple[np.ndarray, str]] = []
    for i, layer in enumerate(_layer_list(model) or []):
        neurons = getattr(layer, "neurons", None)
        weight = getattr(layer, "weight", None)
        if neurons is not None:
            neurons = list(neurons)
            if not neurons:
                raise ValueError(f"draw_network: layer {i} has no neurons")
            w = np.array([[float(getattr(v, "data", v)) for v in n.w] for n in neurons], dtype=np.float64)
            act = str(getattr(neurons[0], "activation", "relu" if getattr(neurons[0], "nonlin", False) else ""))
            act = "" if act == "linear" else act
        elif weight is not None and len(getattr(weight, "shape", ())) == 2:
            w, act = _array(weight), ""
        else:
            if out and not list(getattr(layer, "parameters", lambda: [])()):
                w_prev, prev = out[-1]  # an activation module: it names what follows the layer before
                out[-1] = (w_prev, (prev + ", " if prev else "") + type(layer).__name__)
            continue
        if out and out[-1][0].shape[0] != w.shape[1]:
            raise ValueError(
                f"draw_network: layer {i} takes {w.shape[1]} inputs but the layer before gives {out[-1][0].shape[0]}"
            )
        out.append((w, act))
    if not out:
        raise ValueError(f"draw_network: {type(model).__name__} holds no layer with neurons or weight")
    return out


def _shown(n: int, max_neurons: int) -> list[int | None]:
    """The neuron indices drawn for a layer of ``n``; ``None`` is the "+N more" node."""
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


def _is_conv_net(model: Any) -> bool:
    layers = _layer_list(model)
    return layers is not None and any(len(getattr(getattr(x, "weight", None), "shape", ())) == 4 for x in layers)


def _edge_style(w: float, scale: float) -> str:
    """Blue for a positive weight, red for a negative one; width grows with |w|."""
    colour = "#3d85c6" if w >= 0 else "#cc0000"
    width = 0.3 + 2.7 * min(1.0, abs(w) / scale) if scale > 0 else 0.6
    return f"color=\"{colour}\" penwidth={width:.2f}"


def draw_network(model_or_sizes: Any, *, max_neurons: int = 8, rankdir: str = "LR",
                 input_shape: Sequence[int] | None = None) -> graphviz.Digraph:  # fmt: skip
    """A diagram of a network.

    Args:
        model_or_sizes: layer sizes such as ``[2, 16, 16, 1]`` (inputs first); the
            scalar ``nn.MLP``; or a ``Sequential`` of ``Linear`` layers and activation
            modules (any model with ``.layers``, iteration or ``children()``). A model
            with a convolution (a 4-D weight) is drawn as a layer diagram.
        max_neurons: the most nodes drawn per layer (at least 3); a bigger layer
            shows its first ``max_neurons - 2`` neurons, a "+N more" node and its last.
        rankdir: ``"LR"`` (inputs on the left) or ``"TB"`` (inputs on top).
        input_shape: for a convolutional model, one example's shape, e.g. ``(1, 28, 28)``.

    Nodes are named ``L{layer}_{neuron}`` (``L{layer}_more`` for the "+N more" node).
    The caption gives the sizes and the parameter count (weights and biases).
    """
    if max_neurons < 3:
        raise ValueError(f"draw_network: max_neurons must be at least 3, got {max_neurons}")
    if rankdir not in ("LR", "TB"):
        raise ValueError(f"draw_network: rankdir must be 'LR' or 'TB', got {rankdir!r}")
    if _is_conv_net(model_or_sizes):
        return draw_layers(model_or_sizes, input_shape=input_shape, rankdir=rankdir)
    dense = _dense_layers(model_or_sizes) if _layer_list(model_or_sizes) is not None else None
    sizes = layer_sizes(model_or_sizes)
    n_params = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
    last = len(sizes) - 1
    acts = [""] + [act for _, act in dense] if dense else [""] * len(sizes)

    dot = graphviz.Digraph(
        name="network",
        graph_attr={
            "rankdir": rankdir,
            "splines": "line",
            "nodesep": "0.15",
            "ranksep": "1.2",
            "label": f"MLP {'-'.join(map(str, sizes))}: {n_params} parameters"
            + ("; edges: blue positive, red negative weights, width |w|" if dense else ""),
            "labelloc": "b",
            "fontsize": "12",
        },
        node_attr={"shape": "circle", "style": "filled", "fixedsize": "true", "width": "0.45", "fontsize": "10"},
        edge_attr={"arrowhead": "none", "color": "#888888", "penwidth": "0.6"},
    )
    columns: list[list[tuple[str, int | None]]] = []
    for i, n in enumerate(sizes):
        title, prefix = _layer_name(i, last)
        fill = _FILL_PARAMETER if i == 0 else _FILL_OUTPUT if i == last else _FILL_HIDDEN
        names: list[tuple[str, int | None]] = []
        caption = f"{title} ({n})" + (f"\n{acts[i]}" if acts[i] else "")
        with dot.subgraph(name=f"cluster_{i}") as col:
            col.attr(label=label(caption), color="white", fontsize="11", labelloc="b")
            for j in _shown(n, max_neurons):
                if j is None:
                    name = f"L{i}_more"
                    more = n - max_neurons + 1
                    col.node(name, f"<+{more}<br/>more>", shape="plaintext", fillcolor="transparent", fontsize="9")
                else:
                    name = f"L{i}_{j}"
                    col.node(name, f"{prefix}{j + 1}" if prefix else "", fillcolor=fill)
                names.append((name, j))
        columns.append(names)
    for k, (left, right) in enumerate(zip(columns, columns[1:])):
        w = dense[k][0] if dense else None
        scale = float(np.abs(w).max()) if w is not None and w.size else 0.0
        for a, ja in left:
            for b, jb in right:
                if ja is None or jb is None:
                    dot.edge(a, b, style="dashed")
                elif w is not None:
                    dot.body.append(f"\t{a} -> {b} [{_edge_style(float(w[jb, ja]), scale)}]\n")
                else:
                    dot.edge(a, b)
    return dot


# ------------------------------------------------------------------ layer diagrams
def _pair(x: Any, default: int) -> tuple[int, int]:
    if x is None:
        return default, default
    if isinstance(x, (tuple, list)):
        return int(x[0]), int(x[1])
    return int(x), int(x)


def _arithmetic(layer: Any, shape: tuple[int, ...] | None) -> tuple[tuple[int, ...] | None, str]:
    """(output shape, settings text) of ``layer`` from its attributes, PyTorch's formulas."""
    kind = type(layer).__name__
    weight = getattr(layer, "weight", None)
    wshape = tuple(getattr(weight, "shape", ()))
    if len(wshape) == 4:
        k = wshape[2:]
        s, p, d = (_pair(getattr(layer, a, None), dv) for a, dv in (("stride", 1), ("padding", 0), ("dilation", 1)))
        text = f"{wshape[0]}@{k[0]}×{k[1]}" + (f" stride {s[0]}" if s != (1, 1) else "") + (
            f" pad {p[0]}" if p != (0, 0) else ""
        )
        if shape is None or len(shape) != 3:
            return None, text
        h = (shape[1] + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
        w = (shape[2] + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
        return (wshape[0], h, w), text
    if "Pool" in kind:
        k = _pair(getattr(layer, "kernel_size", None), 2)
        s = _pair(getattr(layer, "stride", None) or k, 1)
        p = _pair(getattr(layer, "padding", None), 0)
        text = f"{k[0]}×{k[1]}" + (f" stride {s[0]}" if s != k else "")
        if shape is None or len(shape) != 3:
            return None, text
        return (shape[0], (shape[1] + 2 * p[0] - k[0]) // s[0] + 1, (shape[2] + 2 * p[1] - k[1]) // s[1] + 1), text
    if kind == "Flatten":
        return ((math.prod(shape),) if shape is not None else None), ""
    if len(wshape) == 2:
        return (wshape[0],), f"{wshape[1]} → {wshape[0]}"
    return shape, ""  # activations, dropout, normalization: the shape passes through


def _hooked_shapes(layers: list[Any], model: Any, input_shape: Sequence[int]) -> list[tuple[int, ...]] | None:
    """Each layer's output shape from one zero input run with forward hooks, or None."""
    if not all(hasattr(x, "register_forward_hook") for x in layers):
        return None
    from autograd import Tensor, no_grad

    shapes: dict[int, tuple[int, ...]] = {}
    handles = []
    try:
        for i, layer in enumerate(layers):
            def hook(module: Any, args: Any, output: Any, i: int = i) -> None:
                shapes[i] = tuple(getattr(output, "shape", ()))[1:]

            handles.append(layer.register_forward_hook(hook))
        with no_grad():
            model(Tensor(np.zeros((1, *input_shape))))
    except Exception:  # any failure: fall back to the layers' arithmetic
        return None
    finally:
        for h in handles:
            h.remove()
    if len(shapes) != len(layers):
        return None
    return [shapes[i] for i in range(len(layers))]


def _shape_text(shape: tuple[int, ...] | None) -> str:
    return "?" if shape is None else "×".join(map(str, shape))


def draw_layers(model: Any, *, input_shape: Sequence[int] | None = None, rankdir: str = "LR") -> graphviz.Digraph:
    """A layer diagram: one box per layer with its type, settings and output shape."""
    layers = _layer_list(model) or []
    shape: tuple[int, ...] | None = tuple(int(d) for d in input_shape) if input_shape is not None else None
    hooked = _hooked_shapes(layers, model, input_shape) if input_shape is not None else None
    dot = graphviz.Digraph(
        name="layers",
        graph_attr={"rankdir": rankdir, "nodesep": "0.2", "ranksep": "0.3", "fontsize": "12", "labelloc": "b"},
        node_attr={"shape": "plaintext", "fontsize": "10"},
        edge_attr={"arrowsize": "0.6"},
    )
    n_params = 0
    dot.body.append(f"\tin [label={_box('input', '', shape, _FILL_PARAMETER)}]\n")
    prev = "in"
    for i, layer in enumerate(layers):
        out_shape, text = _arithmetic(layer, shape)
        if hooked is not None:
            out_shape = hooked[i]
        n_params += sum(int(np.prod(getattr(p, "shape", ()))) for p in getattr(layer, "parameters", lambda: [])())
        kind = type(layer).__name__
        has_weight = getattr(layer, "weight", None) is not None
        fill = "#fff2cc" if has_weight else "#f3f3f3"
        if i == len(layers) - 1:
            fill = _FILL_OUTPUT
        dot.body.append(f"\tl{i} [label={_box(kind, text, out_shape, fill)}]\n")
        dot.body.append(f"\t{prev} -> l{i}\n")
        prev, shape = f"l{i}", out_shape
    dot.body.append(f"\tlabel={label(f'{type(model).__name__}: {len(layers)} layers, {n_params} parameters')}\n")
    return dot


def _box(kind: str, text: str, shape: tuple[int, ...] | None, fill: str) -> str:
    lines = [f"<b>{html(kind)}</b>"]
    if text:
        lines.append(html(text))
    lines.append(html(_shape_text(shape)))
    return (
        f'<<table border="1" cellborder="0" cellspacing="0" cellpadding="4" bgcolor="{fill}" style="rounded">'
        f'<tr><td>{"<br/>".join(lines)}</td></tr></table>>'
    )
