"""Draw the computation graph of a ``Value`` or ``Tensor`` with graphviz.

``draw_dot(root)`` returns a :class:`graphviz.Digraph` with one record node per
value (``{ label | data 2.0000 | grad 1.0000 }`` for a ``Value``; name, shape,
dtype, small data and a gradient summary for a ``Tensor``) and one small node per
operation, feeding the value it produced::

    a ──▶ (*) ──▶ e ──▶ (+) ──▶ d
    b ──┘          c ──┘

The walk over the graph is iterative (a 100,000-node chain is fine) and numbers the
nodes in the order it meets them, so the DOT text of the same expression is the same
on every run. ``render(root, "graph.svg")`` writes the picture; the format is picked
from the suffix (``.svg``, ``.png``, ``.pdf``, or ``.dot`` for the DOT text, which
needs no graphviz program).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import graphviz
import numpy as np

from autograd import engine
from autograd.tensor import Tensor

#: What ``render`` can write, by path suffix.
SUPPORTED_SUFFIXES = (".svg", ".png", ".pdf", ".dot")
_RANKDIRS = ("LR", "RL", "TB", "BT")

# Colours by role (as torchviz: parameters blue, outputs green).
_FILL_PARAMETER = "#cfe2f3"
_FILL_CONSTANT = "#eeeeee"
_FILL_OUTPUT = "#d9ead3"
_FILL_OP = "#f6f6f6"
_OP_ATTRS = f'shape=ellipse fillcolor="{_FILL_OP}" fontsize=10 height=0.3 margin="0.05,0.02"'

_INSTALL_HINT = (
    "Install graphviz: 'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS), "
    "or run 'make test' / 'make demo', which install it. Writing a '.dot' file needs no 'dot' program."
)


class GraphvizNotFoundError(RuntimeError):
    """Graphviz's ``dot`` program, needed to render ``.svg``/``.png``/``.pdf``, is missing."""


# ------------------------------------------------------------------ walking
def _parents_of(node: Any) -> tuple[Any, ...]:
    try:
        parents = node._parents
    except AttributeError:
        raise TypeError(
            f"draw_dot: expected a Value or a Tensor (an object with '_parents'), got {type(node).__name__}"
        ) from None
    return tuple(parents)


# ------------------------------------------------------------------ labels
def _escape_record(text: str) -> str:
    """Make ``text`` safe inside one field of a graphviz record label."""
    text = text.replace("\\", "\\\\")
    for ch in "{}|<>":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", "\\n")  # graphviz's escape for a centred line break


def _quote(text: str) -> str:
    """A DOT double-quoted string (inside one, only the double quote is escaped)."""
    return '"' + text.replace('"', '\\"') + '"'


def _record(fields: list[str]) -> str:
    return "{ " + " | ".join(_escape_record(f) for f in fields) + " }"


def _array_text(arr: np.ndarray, precision: int) -> str:
    text = np.array2string(arr, precision=precision, separator=", ", suppress_small=True)
    return "\n".join(line.strip() for line in text.splitlines())


def _value_fields(v: Any, name: str, precision: int) -> list[str]:
    fields = [name] if name else []
    fields.append(f"data {float(v.data):.{precision}f}")
    fields.append(f"grad {float(v.grad):.{precision}f}")
    return fields


def _tensor_fields(t: Tensor, name: str, precision: int, max_elements: int) -> list[str]:
    fields = [name] if name else []
    data = np.asarray(t.data)
    fields.append(f"{tuple(data.shape)} {data.dtype}")
    if data.size <= max_elements:
        fields.append("data " + _array_text(data, precision))
    grad = t.grad
    if grad is not None:
        g = np.asarray(getattr(grad, "data", grad))
        if g.size <= max_elements:
            fields.append("grad " + _array_text(g, precision))
        else:
            norm = float(np.linalg.norm(g.astype(np.float64).ravel()))
            fields.append(f"grad {tuple(g.shape)} norm {norm:.{precision}g}")
    return fields


def _op_of(node: Any) -> str:
    """The operation's label: ``grad_fn``, one name for a Value and a Tensor (``"mul"``),
    else a micrograd-style leaf's own ``_op`` string."""
    name = getattr(node, "grad_fn", None)
    if name:
        return str(name)
    op = getattr(node, "_op", "")
    return op if isinstance(op, str) else ""


def _requires_grad(node: Any) -> bool:
    return bool(getattr(node, "requires_grad", True))


# ------------------------------------------------------------------ drawing
def draw_dot(
    root: Any,
    rankdir: str = "LR",
    params: Mapping[str, Any] | None = None,
    *,
    max_elements: int = 8,
    precision: int = 4,
) -> graphviz.Digraph:
    """The computation graph ending at ``root`` as a :class:`graphviz.Digraph`.

    Args:
        root: a ``Value`` or ``Tensor`` (or a list/tuple of them, e.g. several losses).
        rankdir: graphviz layout direction: ``"LR"`` (inputs on the left), ``"RL"``,
            ``"TB"`` or ``"BT"``.
        params: optional names for nodes, ``{"w1": w1, ...}`` (as torchviz's
            ``make_dot``); a name replaces the node's own label.
        max_elements: a tensor with at most this many elements shows its data
            (and its gradient); bigger ones show a gradient summary.
        precision: digits after the point for numbers.

    Values are numbered ``v0, v1, ...`` in the order of an iterative depth-first walk
    (parents before children); the operation that produced ``vI`` is ``opI``. Colours:
    parameters (leaves that require a gradient) blue, constants grey, outputs green.
    """
    if rankdir not in _RANKDIRS:
        raise ValueError(f"draw_dot: rankdir must be one of {_RANKDIRS}, got {rankdir!r}")
    if max_elements < 0:
        raise ValueError(f"draw_dot: max_elements must be >= 0, got {max_elements}")
    roots = list(root) if isinstance(root, (list, tuple)) else [root]
    if not roots:
        raise ValueError("draw_dot: no root to draw (got an empty list)")
    names: dict[int, str] = {}
    for key, node in (params or {}).items():
        names[id(node)] = str(key)
    outputs = {id(r) for r in roots}

    for root in roots:
        _parents_of(root)  # a clear TypeError for anything that is not a node
    # the engine's own walk: iterative, parents first, the same order on every run
    order: list[Any] = list(engine.topological_order(roots))
    number = {id(node): i for i, node in enumerate(order)}

    dot = graphviz.Digraph(
        name="computation_graph",
        graph_attr={"rankdir": rankdir},
        node_attr={"shape": "record", "style": "filled", "fontsize": "11"},
        edge_attr={"arrowsize": "0.7"},
    )
    # Statements are appended to ``dot.body`` directly: graphviz's ``node()`` re-quotes
    # every attribute on every call and is ten times slower on big graphs.
    emit = dot.body.append
    for i, node in enumerate(order):
        is_tensor = isinstance(node, Tensor)
        own = node.name if is_tensor else getattr(node, "label", "")
        name = names.get(id(node)) or own or ""
        if is_tensor:
            fields = _tensor_fields(node, name, precision, max_elements)
        else:
            fields = _value_fields(node, name, precision)
        parents = _parents_of(node)
        if id(node) in outputs:
            fill = _FILL_OUTPUT
        elif parents:
            fill = "white"
        elif _requires_grad(node):
            fill = _FILL_PARAMETER
        else:
            fill = _FILL_CONSTANT
        emit(f'\tv{i} [label={_quote(_record(fields))} fillcolor="{fill}"]\n')
        op = _op_of(node)
        if op or parents:
            emit(f'\top{i} [label={_quote(op or "?")} {_OP_ATTRS}]\n')
            emit(f"\top{i} -> v{i}\n")
            for parent in parents:
                emit(f"\tv{number[id(parent)]} -> op{i}\n")
    return dot


# ---------------------------------------------------------------- rendering
def render(root: Any, path: str | Path, **kw: Any) -> Path:
    """Draw ``root`` and write it to ``path``; the format comes from the suffix.

    ``root`` is a ``Value`` or ``Tensor`` (drawn with ``draw_dot(root, **kw)``) or an
    already built ``graphviz.Digraph``/``Graph`` (e.g. from ``draw_network``).
    ``.svg``, ``.png`` and ``.pdf`` need graphviz's ``dot`` program; ``.dot`` writes the
    DOT text and needs nothing. Parent directories are created. Returns the path.

    Raises:
        ValueError: the suffix is not one of ``.svg``, ``.png``, ``.pdf``, ``.dot``.
        GraphvizNotFoundError: ``dot`` is needed but not installed.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValueError(
            f"render: unsupported file suffix {suffix or '(none)'!r} in {str(out)!r}; "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if isinstance(root, (graphviz.Digraph, graphviz.Graph)):
        if kw:
            raise TypeError(f"render: options {sorted(kw)} apply to draw_dot, not to an already built graph")
        graph = root
    else:
        graph = draw_dot(root, **kw)
    if suffix == ".dot":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(graph.source, encoding="utf-8")
        return out
    missing = f"render: graphviz's 'dot' program was not found, so {str(out)!r} cannot be written. {_INSTALL_HINT}"
    if shutil.which("dot") is None:
        raise GraphvizNotFoundError(missing)
    try:
        data = graph.pipe(format=suffix[1:])
    except graphviz.ExecutableNotFound as exc:
        raise GraphvizNotFoundError(missing) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out
