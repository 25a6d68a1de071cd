"""Draw the computation graph of ``Value`` or ``Tensor`` roots with graphviz.

``draw_dot(root)`` returns a :class:`graphviz.Digraph` (which shows itself inline as
SVG in Jupyter). A ``Value`` is a row ``label | data 2.0000 | grad 1.0000`` fed by a
small node naming its operation, as in micrograd::

    a ──▶ (*) ──▶ e ──▶ (+) ──▶ d
    b ──┘          c ──┘

A ``Tensor`` is one node: its operation (bold), output shape and dtype, small data
and a gradient summary; leaves show their names (``params=model`` names a model's
parameters). Nodes are coloured by role (input, parameter, operation, output) and a
legend says so.

Options: ``trace=`` (from ``with viz.trace(model) as trace``) draws the nodes each
module's forward made inside a box labelled with the module's name and type, nested
as the modules are, and ``depth=N`` draws each module at depth N as one node;
``grads=True`` computes every node's gradient norm itself (the graph is kept, no
gradient is stored) and colours nodes on a log scale of it, NaN and Inf in red;
``max_nodes=N`` summarises a bigger graph: module internals, then chains of single
operations, are collapsed into nodes that say how many operations they hold, and
what is still too much is lumped into one node, so even a 10^5-node graph draws
in seconds.

Walks are iterative, nodes are numbered ``v0, v1, ...`` in the order of the engine's
topological walk (parents first), so the DOT text is the same on every run.
``render(root, "graph.svg")`` writes a picture (format from the suffix; ``.dot``
needs no graphviz program); it refuses graphs too large for ``dot`` and turns a
failing ``dot`` into a :class:`RenderError` saying what happened.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphviz
import numpy as np

from autograd import engine
from autograd.ops.base import FREED_INPUTS
from autograd.tensor import Tensor
from viz.escape import html, label

#: What ``render`` can write, by path suffix.
SUPPORTED_SUFFIXES = (".svg", ".png", ".pdf", ".dot")
_RANKDIRS = ("LR", "RL", "TB", "BT")

#: ``render`` refuses a graph with more node statements than this: graphviz's ``dot``
#: takes minutes near 10^4 nodes and crashes (SIGSEGV) near 10^5.
MAX_RENDER_NODES = 5000

# Colours by role (as torchviz: parameters blue, outputs green).
_FILL_PARAMETER = "#cfe2f3"
_FILL_CONSTANT = "#eeeeee"  # inputs: leaves that are not parameters
_FILL_OUTPUT = "#d9ead3"
_FILL_OP = "#fff2cc"
_FILL_VALUE = "white"
_FILL_GROUP = "#ead1dc"
_BORDER = {"input": "#999999", "parameter": "#3d85c6", "op": "#bf9000", "output": "#38761d", "value": "#666666"}
_FILL = {"input": _FILL_CONSTANT, "parameter": _FILL_PARAMETER, "op": _FILL_OP, "output": _FILL_OUTPUT,
         "value": _FILL_VALUE}  # fmt: skip
# Gradient norms, small to large, on a log scale; zero and non-finite apart.
_GRAD_PALETTE = ("#f7fbff", "#c6dbef", "#6baed6", "#fdd0a2", "#fd8d3c", "#d94801")
_FILL_ZERO_GRAD = "#e0e0e0"
_FILL_BAD = "#ff0000"
_OP_ATTRS = 'shape=ellipse fontsize=10 height=0.3 margin="0.05,0.02"'

_INSTALL_HINT = (
    "Install graphviz: 'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS), "
    "or run 'make test' / 'make demo', which install it. Writing a '.dot' file needs no 'dot' program."
)


class GraphvizNotFoundError(RuntimeError):
    """Graphviz's ``dot`` program, needed to render ``.svg``/``.png``/``.pdf``, is missing."""


class GraphTooLargeError(ValueError):
    """The graph has more nodes than ``dot`` can lay out; ``draw_dot(max_nodes=...)`` summarises it."""


class RenderError(RuntimeError):
    """Graphviz's ``dot`` failed (crashed, timed out or rejected the DOT text)."""


# ------------------------------------------------------------------ nodes
def _parents_of(node: Any) -> tuple[Any, ...]:
    try:
        parents = node._parents
    except AttributeError:
        raise TypeError(
            f"draw_dot: expected a Value or a Tensor (an object with '_parents'), got {type(node).__name__}"
        ) from None
    return tuple(parents)


def op_name(node: Any) -> str:
    """The name of the operation that made ``node`` (``""`` for a leaf).

    The one place labels get an op's name: ``grad_fn`` as a string (``"mul"``) or as
    an object with PyTorch's ``name()``, else micrograd's ``_op`` string (``"*"``) or an
    op class with ``op_name()``.
    """
    fn = getattr(node, "grad_fn", None)
    if isinstance(fn, str):
        return fn
    if fn is not None and callable(getattr(fn, "name", None)):
        return str(fn.name())
    op = getattr(node, "_op", "")
    if not op:
        return ""
    if isinstance(op, str):
        return op
    if callable(getattr(op, "op_name", None)):
        return str(op.op_name())
    return str(getattr(op, "__name__", op))


def _param_names(params: Any) -> dict[int, str]:
    """id(node) -> name, from a Module (``named_parameters()``) or a name -> node mapping."""
    if params is None:
        return {}
    named = getattr(params, "named_parameters", None)
    if callable(named):
        items = list(named())
    elif isinstance(params, Mapping):
        items = list(params.items())
    else:
        raise TypeError(f"draw_dot: params must be a Module or a mapping name -> node, got {type(params).__name__}")
    names: dict[int, str] = {}
    for key, node in items:
        names.setdefault(id(node), str(key))
    return names


def _array_text(arr: np.ndarray, precision: int) -> str:
    text = np.array2string(arr, precision=precision, separator=", ", suppress_small=True)
    return "\n".join(line.strip() for line in text.splitlines())


def _norm(g: Any) -> float:
    if isinstance(g, Tensor):
        g = g.data
    if isinstance(g, np.ndarray):
        flat = g.ravel()
        if flat.dtype != np.float64:
            flat = flat.astype(np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            return math.sqrt(float(np.dot(flat, flat))) if flat.size else 0.0
    return abs(float(g))


def _finite(x: Any) -> bool:
    if isinstance(x, np.ndarray):
        if x.dtype.kind not in "fc":
            return True
        with np.errstate(over="ignore", invalid="ignore"):
            if math.isfinite(x.sum()):  # a NaN or Inf anywhere makes the sum non-finite
                return True
        return bool(np.isfinite(x).all())
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


# ------------------------------------------------------------------ gradients
def _gradient_norms(roots: list[Any], order: list[Any]) -> dict[int, float]:
    """id(node) -> norm of d(sum of roots)/d(node), for every node that gets a gradient.

    Runs the engine on the retained graph with ``inputs=`` every node, which stores
    nothing on the nodes and frees nothing.
    """
    for node in order:
        if node._parents is FREED_INPUTS:
            raise ValueError(
                "draw_dot(grads=True): this graph was freed by backward(); draw it before calling backward(), "
                "or call backward(retain_graph=True)"
            )
    seeds = [np.ones_like(r.data) if isinstance(r, Tensor) else 1.0 for r in roots]
    wanted = [n for n in order if getattr(n, "requires_grad", True)]
    if not wanted:
        return {}
    raw = engine.grad(roots, seeds, wanted, retain_graph=True)
    return {id(n): _norm(g) for n, g in zip(wanted, raw) if g is not None}


def _grad_fill(norm: float | None, lo: float, hi: float) -> str:
    if norm is None:
        return _FILL_ZERO_GRAD
    if not math.isfinite(norm):
        return _FILL_BAD
    if norm == 0.0:
        return _FILL_ZERO_GRAD
    if hi <= lo:
        return _GRAD_PALETTE[len(_GRAD_PALETTE) // 2]
    t = (math.log10(norm) - lo) / (hi - lo)
    return _GRAD_PALETTE[min(len(_GRAD_PALETTE) - 1, max(0, int(t * len(_GRAD_PALETTE))))]


# ------------------------------------------------------------------ grouping
@dataclass
class _Group:
    """Several graph nodes drawn as one (a collapsed module, chain or remainder)."""

    title: str
    members: list[int] = field(default_factory=list)  # node indices, in walk order
    call: int = -1  # the cluster it is drawn in


class _Plan:
    """Which node is drawn how: on its own, or inside a group; and in which cluster."""

    def __init__(self, order: list[Any]) -> None:
        self.order = order
        n = len(order)
        self.index = {id(node): i for i, node in enumerate(order)}
        self.parents = [[self.index[id(p)] for p in node._parents] for node in order]
        self.consumers: list[list[int]] = [[] for _ in range(n)]
        for i, ps in enumerate(self.parents):
            for p in ps:
                self.consumers[p].append(i)
        self.group = [-1] * n  # index into self.groups
        self.groups: list[_Group] = []
        self.call = [-1] * n  # the trace call (cluster) a node is drawn in

    def units(self) -> int:
        """How many things would be drawn."""
        return sum(1 for g in self.group if g < 0) + sum(1 for g in self.groups if g.members)

    def add_group(self, title: str, call: int) -> int:
        """A new, empty group; nodes join it through ``self.group`` and ``rebuild_members``."""
        self.groups.append(_Group(title, [], call))
        return len(self.groups) - 1

    def absorb_leaves(self) -> None:
        """A leaf all of whose consumers sit in one group joins that group."""
        for i, ps in enumerate(self.parents):
            if ps or self.group[i] >= 0 or not self.consumers[i]:
                continue
            targets = {self.group[c] for c in self.consumers[i]}
            if len(targets) == 1:
                (k,) = targets
                if k >= 0:
                    self.group[i] = k
        self.rebuild_members()  # members stay in walk order: a group's last member is its output

    def rebuild_members(self) -> None:
        """Refill every group's member list from ``self.group``, in walk order."""
        for g in self.groups:
            g.members.clear()
        for i, k in enumerate(self.group):
            if k >= 0:
                self.groups[k].members.append(i)


def _collapse_modules(plan: _Plan, trace: Any, depth: int, roots: set[int]) -> None:
    """Each call at ``depth`` (and everything inside it) becomes one group."""
    calls = trace.calls
    made: dict[int, int] = {}
    for i, ps in enumerate(plan.parents):
        if not ps:
            plan.group[i] = -1  # leaves follow their consumers again (absorb_leaves)
    for i in range(len(plan.order)):
        c = plan.call[i]
        if c < 0 or i in roots:
            continue
        top = -1
        for a in trace.chain(c):
            if calls[a].depth == depth:
                top = a
                break
        if top < 0:
            continue
        k = made.get(top)
        if k is None:
            k = made[top] = plan.add_group(calls[top].title, calls[top].parent)
        plan.group[i] = k
    plan.rebuild_members()


def _collapse_chains(plan: _Plan, roots: set[int]) -> None:
    """Runs of operations each consuming the only output of the one before become one group."""
    chain = [-1] * len(plan.order)
    heads: list[int] = []
    for i, ps in enumerate(plan.parents):
        if not ps or plan.group[i] >= 0 or i in roots:
            continue
        ops = [p for p in ps if plan.parents[p]]
        if len(ops) == 1:
            p = ops[0]
            if chain[p] >= 0 and len(plan.consumers[p]) == 1 and plan.call[p] == plan.call[i]:
                chain[i] = chain[p]
                continue
        chain[i] = len(heads)
        heads.append(i)
    sizes = [0] * len(heads)
    for c in chain:
        if c >= 0:
            sizes[c] += 1
    group_of: dict[int, int] = {}
    for i, c in enumerate(chain):
        if c >= 0 and sizes[c] > 1:
            k = group_of.get(c)
            if k is None:
                k = group_of[c] = plan.add_group("chain", plan.call[i])
            plan.group[i] = k
    plan.rebuild_members()


def _lump_oldest(plan: _Plan, max_nodes: int, roots: set[int]) -> None:
    """Merge the oldest drawn units into one node until ``max_nodes`` remain."""
    excess = plan.units() - max_nodes + 1
    if excess <= 0:
        return
    k = plan.add_group("earlier part of the graph", -1)
    seen_groups: set[int] = set()
    for i in range(len(plan.order)):
        if excess <= 0:
            break
        if i in roots:
            continue
        g = plan.group[i]
        if g == k:
            continue
        if g < 0:
            plan.group[i] = k
            excess -= 1
        elif g not in seen_groups:
            seen_groups.add(g)
            excess -= 1
    # whole groups move: every member of a group met above joins the lump
    for i, g in enumerate(plan.group):
        if g in seen_groups:
            plan.group[i] = k
    plan.rebuild_members()


# ------------------------------------------------------------------ labels
def _row(cells: list[str], fill: str, colour: str, border: int = 0, **extra: str) -> str:
    """An HTML-like table: one row of cells (already escaped); ``border`` is the outer frame's width."""
    attrs = "".join(f' {k}="{v}"' for k, v in extra.items())
    tds = "".join(
        f"<td>{c}</td>" for c in cells
    )
    return (
        f'<<table border="{border}" cellborder="1" cellspacing="0" cellpadding="4" bgcolor="{fill}" '
        f'color="{colour}"{attrs}><tr>{tds}</tr></table>>'
    )


def _column(lines: list[str], fill: str, colour: str, bold_first: bool, border: int = 1, **extra: str) -> str:
    """An HTML-like table: one cell holding ``lines`` (already escaped)."""
    attrs = "".join(f' {k}="{v}"' for k, v in extra.items())
    parts = [("<b>" + line + "</b>" if bold_first and j == 0 else line) for j, line in enumerate(lines)]
    return (
        f'<<table border="{border}" cellborder="0" cellspacing="0" cellpadding="4" bgcolor="{fill}" '
        f'color="{colour}"{attrs}><tr><td>{"<br/>".join(parts)}</td></tr></table>>'
    )


def _fmt(x: float, precision: int) -> str:
    return f"{x:.{precision}f}" if math.isfinite(x) else str(x)


def _value_cells(v: Any, name: str, precision: int, norm: float | None, grads: bool) -> list[str]:
    cells = [html(name)] if name else []
    cells.append(f"data {_fmt(float(v.data), precision)}")
    if grads:
        cells.append("grad " + ("none" if norm is None else _fmt(norm, precision)))
    else:
        cells.append(f"grad {_fmt(float(v.grad), precision)}")
    return cells


def _tensor_lines(t: Tensor, name: str, op: str, precision: int, max_elements: int, norm: float | None,
                  grads: bool) -> list[str]:  # fmt: skip
    lines = [html(op)] if op else []
    if name:
        lines.append(html(name))
    data = np.asarray(t.data)
    lines.append(html(f"{tuple(data.shape)} {data.dtype}"))
    if data.size <= max_elements:
        lines.append(html("data " + _array_text(data, precision)))
    if grads:
        if norm is not None:
            lines.append(html(f"‖grad‖ {norm:.3g}"))
        return lines
    grad = t.grad
    if grad is not None:
        g = np.asarray(getattr(grad, "data", grad))
        if g.size <= max_elements:
            lines.append(html("grad " + _array_text(g, precision)))
        else:
            lines.append(html(f"grad {tuple(g.shape)} norm {_norm(g):.{precision}g}"))
    return lines


def _shape_of(node: Any) -> str:
    if isinstance(node, Tensor):
        return f"{tuple(node.data.shape)} {node.data.dtype}"
    return ""


# ------------------------------------------------------------------ drawing
def draw_dot(
    root: Any,
    rankdir: str = "LR",
    params: Any = None,
    *,
    trace: Any = None,
    depth: int | None = None,
    grads: bool = False,
    max_nodes: int | None = None,
    legend: bool = True,
    max_elements: int = 8,
    precision: int = 4,
) -> graphviz.Digraph:
    """The computation graph ending at ``root`` as a :class:`graphviz.Digraph`.

    Args:
        root: a ``Value`` or ``Tensor``, or a list/tuple of them (several losses).
        rankdir: layout direction: ``"LR"`` (inputs on the left), ``"RL"``, ``"TB"``, ``"BT"``.
        params: a ``Module`` (its ``named_parameters()`` name the leaves) or a mapping
            ``{"w1": w1, ...}``; a name replaces the node's own label, and a named
            leaf is drawn as a parameter.
        trace: from ``with viz.trace(model) as trace: ...``: draw the nodes each module
            call made inside a box labelled ``name (Type)``, nested as the modules are.
        depth: with ``trace``, draw each module call at this depth (the traced model
            is depth 0, its children depth 1, ...) as one node, with everything inside it.
        grads: annotate every node with the norm of d(sum of roots)/d(node), computed
            here on the retained graph (nothing is stored on the nodes), and colour
            nodes on a log scale of it; NaN or Inf data or gradients are drawn red with
            a thick double border. The graph must not have been freed by ``backward()``.
        max_nodes: draw at most about this many nodes: collapse module calls (deepest
            first), then chains of single operations, then lump the oldest rest; each
            collapsed node says what it holds.
        legend: add a box explaining the colours.
        max_elements: a tensor with at most this many elements shows its data.
        precision: digits after the point for numbers.
    """
    if rankdir not in _RANKDIRS:
        raise ValueError(f"draw_dot: rankdir must be one of {_RANKDIRS}, got {rankdir!r}")
    if max_elements < 0:
        raise ValueError(f"draw_dot: max_elements must be >= 0, got {max_elements}")
    if max_nodes is not None and max_nodes < 2:
        raise ValueError(f"draw_dot: max_nodes must be at least 2, got {max_nodes}")
    if depth is not None and (trace is None or depth < 0):
        raise ValueError("draw_dot: depth needs trace= (from viz.trace(model)) and must be >= 0")
    roots = list(root) if isinstance(root, (list, tuple)) else [root]
    if not roots:
        raise ValueError("draw_dot: no root to draw (got an empty list)")
    for r in roots:
        _parents_of(r)  # a clear TypeError for anything that is not a node
    names = _param_names(params)
    order: list[Any] = list(engine.topological_order(roots))
    plan = _Plan(order)
    root_ids = {plan.index[id(r)] for r in roots}

    if trace is not None:
        call_of = trace.call_of
        for i, node in enumerate(order):
            plan.call[i] = call_of(node._seq)
        for i, ps in enumerate(plan.parents):  # a parameter used in one call only is drawn in that box
            node = order[i]
            named = id(node) in names or (isinstance(node, Tensor) and node.requires_grad)
            if not ps and plan.consumers[i] and named:
                calls = {plan.call[c] for c in plan.consumers[i]}
                if len(calls) == 1:
                    plan.call[i] = calls.pop()
    if depth is not None:
        _collapse_modules(plan, trace, depth, root_ids)
        plan.absorb_leaves()
    if max_nodes is not None and plan.units() > max_nodes:
        if trace is not None and depth is None and trace.calls:
            for d in range(max(c.depth for c in trace.calls), 0, -1):
                _collapse_modules(plan, trace, d, root_ids)
                plan.absorb_leaves()
                if plan.units() <= max_nodes:
                    break
        if plan.units() > max_nodes:
            _collapse_chains(plan, root_ids)
            plan.absorb_leaves()
        if plan.units() > max_nodes:
            _lump_oldest(plan, max_nodes, root_ids)

    norms = _gradient_norms(roots, order) if grads else {}
    finite = [math.log10(v) for v in norms.values() if v > 0 and math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 0.0)

    dot = graphviz.Digraph(
        name="computation_graph",
        graph_attr={"rankdir": rankdir, "fontsize": "11"},
        node_attr={"shape": "plaintext", "fontsize": "11"},
        edge_attr={"arrowsize": "0.7"},
    )
    # Statements go to per-cluster lists, then into ``dot.body``: graphviz's ``node()``
    # re-quotes every attribute on every call, which dominates on big graphs.
    n_calls = len(trace.calls) if trace is not None else 0
    bodies: list[list[str]] = [[] for _ in range(n_calls + 1)]  # last: outside every cluster
    top = bodies[-1]
    head: list[str] = [""] * len(order)  # drawn name of node i as an edge's tail
    tail: list[str] = [""] * len(order)  # drawn name of node i as an edge's head
    roles_used: set[str] = set()
    bad_seen = False

    for i, node in enumerate(order):
        if plan.group[i] >= 0:
            head[i] = tail[i] = f"g{plan.group[i]}"
            continue
        out = bodies[plan.call[i]] if plan.call[i] >= 0 else top
        is_tensor = isinstance(node, Tensor)
        own = node.name if is_tensor else getattr(node, "label", "")
        name = names.get(id(node)) or own or ""
        parents = plan.parents[i]
        op = op_name(node)
        if i in root_ids:
            role = "output"
        elif parents:
            role = "op" if is_tensor else "value"
        elif id(node) in names or (is_tensor and node.requires_grad):
            role = "parameter"
        else:
            role = "input"
        roles_used.add(role)
        norm = norms.get(id(node))
        bad = not _finite(np.asarray(node.data) if is_tensor else node.data) or (
            norm is not None and not math.isfinite(norm)
        )
        bad_seen |= bad
        fill = _grad_fill(norm, lo, hi) if grads else _FILL[role]
        border = _BORDER[role]
        width = 3 if grads else 1
        if bad:
            fill, border, width = _FILL_BAD, "#000000", 5
        if is_tensor:
            lines = _tensor_lines(node, name, op, precision, max_elements, norm, grads)
            if bad:
                lines.insert(0, "<b>⚠ NaN/Inf ⚠</b>")
            out.append(f"\tv{i} [label={_column(lines, fill, border, bool(op), width)}]\n")
            head[i] = tail[i] = f"v{i}"
            continue
        cells = _value_cells(node, name, precision, norm, grads)
        if bad:
            cells.insert(0, "<b>⚠ NaN/Inf ⚠</b>")
        out.append(f"\tv{i} [label={_row(cells, fill, border, width if grads or bad else 0)}]\n")
        head[i] = tail[i] = f"v{i}"
        if op or parents:
            roles_used.add("op")
            out.append(f'\top{i} [label={label(op or "?")} {_OP_ATTRS} style=filled fillcolor="{_FILL_OP}"]\n')
            out.append(f"\top{i} -> v{i}\n")
            tail[i] = f"op{i}"

    for k, group in enumerate(plan.groups):
        if not group.members:
            continue
        out = bodies[group.call] if group.call >= 0 else top
        out.append(f"\tg{k} [label={_group_label(plan, group, norms, grads, lo, hi)}]\n")

    # One edge per use (x + x draws two), but one edge between collapsed groups.
    seen: set[tuple[str, str]] = set()
    for i, ps in enumerate(plan.parents):
        for p in ps:
            a, b = head[p], tail[i]
            if a == b:
                continue
            if a[0] == "g" or b[0] == "g":
                if (a, b) in seen:
                    continue
                seen.add((a, b))
            top.append(f"\t{a} -> {b}\n")

    _emit_clusters(dot, trace, bodies, plan)
    if legend:
        _emit_legend(dot, roles_used, grads, lo, hi, bad_seen)
    return dot


def _group_label(plan: _Plan, group: _Group, norms: dict[int, float], grads: bool, lo: float, hi: float) -> str:
    ops: dict[str, int] = {}
    leaves = 0
    for i in group.members:
        if plan.parents[i]:
            name = op_name(plan.order[i]) or "?"
            ops[name] = ops.get(name, 0) + 1
        else:
            leaves += 1
    n_ops = sum(ops.values())
    counts = ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in sorted(ops.items(), key=lambda kv: (-kv[1], kv[0])))
    if len(counts) > 60:
        counts = counts[:57] + "..."
    plural = "s" if n_ops != 1 else ""
    lines = [html(group.title), html(f"{n_ops} op{plural}: {counts}" if n_ops else "no ops")]
    if leaves:
        lines.append(html(f"+ {leaves} leaf" if leaves == 1 else f"+ {leaves} leaves"))
    last = group.members[-1]
    shape = _shape_of(plan.order[last])
    if shape:
        lines.append(html("→ " + shape))
    fill, border = _FILL_GROUP, "#741b47"
    if grads:
        member_norms = [norms[id(plan.order[i])] for i in group.members if id(plan.order[i]) in norms]
        if member_norms:
            worst = max(member_norms, key=lambda v: (not math.isfinite(v), v))
            lines.append(html(f"max ‖grad‖ {worst:.3g}"))
            fill = _grad_fill(worst, lo, hi)
    bad = any(not _finite(np.asarray(getattr(plan.order[i], "data", 0.0))) for i in group.members) or (
        grads and any(not math.isfinite(norms.get(id(plan.order[i]), 0.0)) for i in group.members)
    )
    if bad:
        lines.insert(0, "<b>⚠ NaN/Inf ⚠</b>")
        fill, border = _FILL_BAD, "#000000"
    return _column(lines, fill, border, True, 5 if bad else 2, style="rounded")


def _emit_clusters(dot: graphviz.Digraph, trace: Any, bodies: list[list[str]], plan: _Plan) -> None:
    """Write the statements, each call's inside its (nested) cluster; iterative."""
    body = dot.body
    body.extend(bodies[-1])  # outside every cluster
    if trace is None:
        return
    calls = trace.calls
    # A call is drawn if it or a call inside it holds something.
    used = [bool(b) for b in bodies[:-1]]
    for c in range(len(calls) - 1, -1, -1):
        if used[c] and calls[c].parent >= 0:
            used[calls[c].parent] = True
    children: list[list[int]] = [[] for _ in calls]
    tops: list[int] = []
    for c, call in enumerate(calls):
        if not used[c]:
            continue
        (children[call.parent] if call.parent >= 0 else tops).append(c)
    stack: list[tuple[int, bool]] = [(c, False) for c in reversed(tops)]
    while stack:
        c, closing = stack.pop()
        if closing:
            body.append("\t}\n")
            continue
        call = calls[c]
        body.append(f"\tsubgraph cluster_m{c} {{\n")
        body.append(f'\t\tlabel={label(call.title)} style="rounded,dashed" color="#741b47" fontsize=10\n')
        body.extend("\t" + s for s in bodies[c])
        stack.append((c, True))
        stack.extend((k, False) for k in reversed(children[c]))


def _emit_legend(dot: graphviz.Digraph, roles: set[str], grads: bool, lo: float, hi: float, bad: bool) -> None:
    """One node, ``legend``: a table of colour swatches and what they mean."""
    entries: list[tuple[str, str, str]] = []  # (text, fill, border)
    names = {"input": "input", "parameter": "parameter", "op": "operation", "output": "output", "value": "value"}
    for role in ("input", "parameter", "value", "op", "output"):
        if role in roles:
            text = names[role] + (" (border)" if grads else "")
            entries.append((text, "white" if grads else _FILL[role], _BORDER[role]))
    if grads:
        n = len(_GRAD_PALETTE)
        for j, colour in enumerate(_GRAD_PALETTE):
            exp = lo + (hi - lo) * (j + 0.5) / n
            entries.append((f"‖grad‖ ≈ {10 ** exp:.2g}", colour, "#666666"))
        entries.append(("no / zero gradient", _FILL_ZERO_GRAD, "#666666"))
    if bad or grads:
        entries.append(("NaN or Inf (data or grad)", _FILL_BAD, "#000000"))
    title = "legend: fill is the gradient norm (log scale), border the role" if grads else "legend"
    rows = "".join(
        f'<tr><td bgcolor="{fill}" color="{border}" border="2" width="24"> </td><td>{html(text)}</td></tr>'
        for text, fill, border in entries
    )
    dot.body.append(
        '\tlegend [label=<<table border="1" cellborder="0" cellspacing="3" cellpadding="2" color="#999999">'
        f'<tr><td colspan="2"><b>{html(title)}</b></td></tr>{rows}</table>> fontsize=10]\n'
    )


# ---------------------------------------------------------------- rendering
def _count_nodes(graph: graphviz.Digraph | graphviz.Graph) -> int:
    return sum(1 for s in graph.body if "[label=" in s)


def _check_size(n: int) -> None:
    if n > MAX_RENDER_NODES:
        raise GraphTooLargeError(
            f"render: the graph has {n} nodes or more, more than graphviz's 'dot' can lay out (limit "
            f"{MAX_RENDER_NODES}); pass max_nodes= (e.g. max_nodes=200) to draw_dot/render to summarise it, or "
            "write a '.dot' file"
        )


def render(root: Any, path: str | Path, *, timeout: float | None = 120.0, **kw: Any) -> Path:
    """Draw ``root`` and write it to ``path``; the format comes from the suffix.

    ``root`` is a ``Value`` or ``Tensor`` (drawn with ``draw_dot(root, **kw)``) or an
    already built ``graphviz.Digraph``/``Graph`` (e.g. from ``draw_network``).
    ``.svg``, ``.png`` and ``.pdf`` need graphviz's ``dot`` program; ``.dot`` writes the
    DOT text and needs nothing. Parent directories are created. Returns the path.

    Raises:
        ValueError: the suffix is not one of ``.svg``, ``.png``, ``.pdf``, ``.dot``.
        GraphTooLargeError: more than ``MAX_RENDER_NODES`` nodes for ``dot``; pass
            ``max_nodes=`` to summarise the graph.
        GraphvizNotFoundError: ``dot`` is needed but not installed.
        RenderError: ``dot`` crashed, ran past ``timeout`` seconds or refused the text.
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
        if suffix != ".dot" and kw.get("max_nodes") is None and kw.get("depth") is None:
            # Unsummarised, every value is at least one node: refuse before drawing them all
            # (drawing 10^5 nodes alone takes seconds).
            roots = list(root) if isinstance(root, (list, tuple)) else [root]
            for r in roots:
                _parents_of(r)  # (draw_dot's TypeError for anything that is not a node)
            _check_size(len(engine.topological_order(roots)))
        graph = draw_dot(root, **kw)
    if suffix == ".dot":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(graph.source, encoding="utf-8")
        return out
    _check_size(_count_nodes(graph))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(run_dot(graph.source, suffix[1:], str(out), timeout))
    return out


def run_dot(source: str, fmt: str, target: str = "the picture", timeout: float | None = 120.0) -> bytes:
    """Run ``dot -T<fmt>`` on DOT ``source`` and return its output, or raise a clear error."""
    missing = f"render: graphviz's 'dot' program was not found, so {target!r} cannot be written. {_INSTALL_HINT}"
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizNotFoundError(missing)
    try:
        done = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=timeout)
    except FileNotFoundError as exc:
        raise GraphvizNotFoundError(missing) from exc
    except OSError as exc:
        raise GraphvizNotFoundError(f"{missing} ({exc})") from exc
    except subprocess.TimeoutExpired as exc:
        raise RenderError(
            f"render: graphviz's 'dot' ran past {timeout} s on {target!r}; draw fewer nodes with max_nodes="
        ) from exc
    if done.returncode != 0:
        code = done.returncode
        how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
        err = done.stderr.decode("utf-8", "replace").strip()[-500:]
        raise RenderError(
            f"render: graphviz's 'dot' {how} while writing {target!r}"
            + (f": {err}" if err else "")
            + "; a crash usually means a graph too large for dot: pass max_nodes= to summarise it"
        )
    return done.stdout
