"""Tests for ``viz.draw_dot``'s module clusters, gradient flow, summaries and escaping.

Modules come from ``nn`` when it has PyTorch's hooks, else from a small stand-in with
the same hook API (``register_forward_pre_hook`` / ``register_forward_hook``).
"""

from __future__ import annotations

import math
import re
import shutil
import stat
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import autograd
import viz
import viz.graph
from autograd import Tensor, Value
from viz import GraphTooLargeError, RenderError, draw_dot, render

SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz's 'dot' program is not installed")


# ------------------------------------------------------------------ stand-in modules
class _Handle:
    def __init__(self, hooks: dict[int, Callable[..., Any]], key: int) -> None:
        self.hooks, self.key = hooks, key

    def remove(self) -> None:
        self.hooks.pop(self.key, None)


class Mod:
    """PyTorch's hook and naming API, nothing more."""

    _next_key = 0

    def __init__(self) -> None:
        self._pre: dict[int, Callable[..., Any]] = {}
        self._post: dict[int, Callable[..., Any]] = {}

    def _add(self, table: dict[int, Callable[..., Any]], hook: Callable[..., Any]) -> _Handle:
        Mod._next_key += 1
        table[Mod._next_key] = hook
        return _Handle(table, Mod._next_key)

    def register_forward_pre_hook(self, hook: Callable[..., Any]) -> _Handle:
        return self._add(self._pre, hook)

    def register_forward_hook(self, hook: Callable[..., Any]) -> _Handle:
        return self._add(self._post, hook)

    def __call__(self, *args: Any) -> Any:
        for h in list(self._pre.values()):
            h(self, args)
        out = self.forward(*args)
        for h in list(self._post.values()):
            h(self, args, out)
        return out

    def forward(self, *args: Any) -> Any:
        raise NotImplementedError

    def _children(self) -> list[tuple[str, Mod]]:
        return [(k, v) for k, v in vars(self).items() if isinstance(v, Mod)]

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Mod]]:
        stack = [(prefix, self)]
        while stack:
            name, m = stack.pop()
            yield name, m
            stack.extend((f"{name}.{k}" if name else k, c) for k, c in reversed(m._children()))

    def named_parameters(self) -> Iterator[tuple[str, Tensor]]:
        for name, m in self.named_modules():
            for k, v in vars(m).items():
                if isinstance(v, Tensor) and v.requires_grad:
                    yield (f"{name}.{k}" if name else k), v


class Linear(Mod):
    def __init__(self, n_in: int, n_out: int, seed: int) -> None:
        super().__init__()
        rng = np.random.default_rng(seed)
        self.weight = Tensor(rng.normal(size=(n_out, n_in)) / math.sqrt(n_in), requires_grad=True)
        self.bias = Tensor(np.zeros(n_out), requires_grad=True)

    def forward(self, x: Tensor) -> Tensor:
        return x @ self.weight.T + self.bias


class Tanh(Mod):
    def forward(self, x: Tensor) -> Tensor:
        return x.tanh()


class Block(Mod):
    def __init__(self, seed: int) -> None:
        super().__init__()
        self.fc = Linear(3, 3, seed)
        self.act = Tanh()

    def forward(self, x: Tensor) -> Tensor:
        return self.act(self.fc(x))


class Net(Mod):
    """block -> shared activation -> head -> the same activation again."""

    def __init__(self) -> None:
        super().__init__()
        self.block = Block(1)
        self.act = Tanh()
        self.head = Linear(3, 2, 2)

    def forward(self, x: Tensor) -> Tensor:
        return self.act(self.head(self.act(self.block(x))))


def clusters_of(source: str) -> dict[str, list[str]]:
    """node name -> the labels of the clusters around it, outermost first."""
    where: dict[str, list[str]] = {}
    stack: list[str] = []
    pending = False
    for line in source.splitlines():
        s = line.strip()
        if s.startswith("subgraph cluster_m"):
            stack.append("?")
            pending = True
        elif pending and s.startswith("label=<"):
            stack[-1] = s[len("label=<") : s.index(">")]
            pending = False
        elif s == "}" and stack:
            stack.pop()
        else:
            m = re.match(r"^(v\d+|op\d+|g\d+) \[label=", s)
            if m:
                where[m.group(1)] = list(stack)
    return where


def traced_loss() -> tuple[Net, Any, Tensor, Tensor]:
    net = Net()
    x = Tensor(np.linspace(-1, 1, 12).reshape(4, 3), name="x")
    with viz.trace(net) as trace:
        out = net(x)
        loss = (out * out).mean()
    return net, trace, x, loss


# ------------------------------------------------------------------ clusters
def test_clusters_follow_nested_modules_and_a_module_called_twice() -> None:
    net, trace, x, loss = traced_loss()
    assert [c.title for c in trace.calls] == [
        "model (Net)", "block (Block)", "block.fc (Linear)", "block.act (Tanh)", "act (Tanh)", "head (Linear)",
        "act (Tanh) #2",
    ]  # fmt: skip
    source = draw_dot(loss, trace=trace, params=net, legend=False).source
    where = clusters_of(source)
    order = viz.graph.engine.topological_order([loss])
    index = {id(n): i for i, n in enumerate(order)}

    def node(t: Tensor) -> list[str]:
        return where[f"v{index[id(t)]}"]

    # walk back from the loss: mean <- mul <- act#2 tanh <- head add <- head matmul <- act tanh <- block...
    mean = loss
    mul = mean._parents[0]
    tanh2 = mul._parents[0]
    head_add = tanh2._parents[0]
    tanh1 = head_add._parents[0]._parents[0]
    block_tanh = tanh1._parents[0]
    fc_add = block_tanh._parents[0]
    assert node(mean) == [] and node(mul) == []
    assert node(tanh2) == ["model (Net)", "act (Tanh) #2"]
    assert node(head_add) == ["model (Net)", "head (Linear)"]
    assert node(tanh1) == ["model (Net)", "act (Tanh)"]
    assert node(block_tanh) == ["model (Net)", "block (Block)", "block.act (Tanh)"]
    assert node(fc_add) == ["model (Net)", "block (Block)", "block.fc (Linear)"]
    # a parameter used by one call is drawn inside it, named by params=net
    assert node(net.block.fc.weight) == ["model (Net)", "block (Block)", "block.fc (Linear)"]
    assert "<td>block.fc.weight<br/>(3, 3) float64" in source
    assert node(x) == []  # made before the trace


def test_trace_removes_its_hooks_even_on_error() -> None:
    net = Net()
    with pytest.raises(ZeroDivisionError), viz.trace(net):
        raise ZeroDivisionError
    assert all(not m._pre and not m._post for _, m in net.named_modules())
    with pytest.raises(TypeError, match="register_forward_pre_hook"):
        viz.trace(object())


def test_depth_collapses_modules_to_one_node_each() -> None:
    net, trace, x, loss = traced_loss()
    source = draw_dot(loss, trace=trace, params=net, depth=1, legend=False).source
    groups = dict(re.findall(r"^\s*(g\d+) \[label=<.*?<b>([^<]*)</b>", source, flags=re.M))
    assert sorted(groups.values()) == sorted(["block (Block)", "act (Tanh)", "head (Linear)", "act (Tanh) #2"])
    where = clusters_of(source)
    assert all(where[g] == ["model (Net)"] for g in groups)
    assert not re.search(r"block\.fc", source)  # inside the collapsed block
    head = next(g for g, t in groups.items() if t == "head (Linear)")
    label = re.search(rf"^\s*{head} \[label=(.*)\]$", source, flags=re.M)
    assert label is not None and "add" in label.group(1) and "+ 2 leaves" in label.group(1)
    assert "→ (4, 2) float64" in label.group(1)


def test_max_nodes_collapses_module_internals_first() -> None:
    net, trace, x, loss = traced_loss()
    source = draw_dot(loss, trace=trace, params=net, max_nodes=8, legend=False).source
    drawn = re.findall(r"^\s*(v\d+|g\d+) \[", source, flags=re.M)
    assert len(drawn) <= 8
    groups = re.findall(r"^\s*g\d+ \[label=<.*?<b>([^<]*)</b><br/>([^<]*)", source, flags=re.M)
    assert groups and all("(" in title and " op" in ops for title, ops in groups), groups


@needs_dot
def test_svg_with_clusters_parses_and_names_them(tmp_path: Path) -> None:
    net, trace, x, loss = traced_loss()
    out = render(loss, tmp_path / "net.svg", trace=trace, params=net, grads=True)
    root = ET.parse(out).getroot()
    titles = {
        g.find(f"{SVG}title").text: " ".join(t.text or "" for t in g.iter(f"{SVG}text"))  # type: ignore[union-attr]
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "cluster"
    }
    labels = set(titles.values())
    assert {"model (Net)", "block (Block)", "block.fc (Linear)", "act (Tanh) #2"} <= labels
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "legend: fill is the gradient norm (log scale), border the role" in texts


def test_dot_text_is_identical_with_every_option() -> None:
    sources = set()
    for _ in range(2):
        net, trace, x, loss = traced_loss()
        sources.add(draw_dot(loss, trace=trace, params=net, grads=True, max_nodes=12).source)
    assert len(sources) == 1


# ------------------------------------------------------------------ gradients
def test_grads_annotate_every_node_without_storing_or_freeing() -> None:
    net, trace, x, loss = traced_loss()
    source = draw_dot(loss, params=net, grads=True, legend=True).source
    assert all(p.grad is None for _, p in net.named_parameters())  # nothing stored
    (gw,) = autograd.grad(loss, [net.head.weight], retain_graph=True)
    gw = gw.data
    assert "<td>head.weight<br/>(2, 3) float64<br/>data " in source
    assert f"‖grad‖ {np.linalg.norm(gw):.3g}" in source
    assert source.count("‖grad‖ ") >= 10
    assert len(re.findall(r"‖grad‖ ≈ [\d.e+-]+<", source)) == 6  # the legend's colour scale
    loss.backward()  # the graph was kept
    assert net.head.weight.grad is not None
    np.testing.assert_allclose(net.head.weight.grad.data, gw)


def test_nan_and_inf_gradients_are_flagged() -> None:
    x = Tensor(np.array([0.0, 4.0]), requires_grad=True, name="x")
    y = (x.sqrt() * 0.0).sum()  # finite data, but d/dx sqrt(0) = inf, times 0: NaN
    source = draw_dot(y, grads=True).source
    leaf = re.search(r"^\s*v\d+ \[label=(.*<br/>x<br/>.*)\]$", source, flags=re.M)
    assert leaf is not None
    assert "⚠ NaN/Inf ⚠" in leaf.group(1) and 'bgcolor="#ff0000"' in leaf.group(1)
    assert "NaN or Inf (data or grad)" in source  # the legend explains it
    clean = draw_dot((x * 2.0).sum(), grads=True).source
    assert "⚠" not in clean
    # Values too, and NaN data without grads
    v = Value(float("nan"), label="bad")
    assert "⚠ NaN/Inf ⚠" in draw_dot(v * 2.0).source


def test_grads_on_a_freed_graph_say_how_to_keep_it() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(ValueError, match="retain_graph=True"):
        draw_dot(y, grads=True)


def test_value_grads_match_backward() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    out = (a * b).tanh()
    source = draw_dot(out, grads=True).source
    out.backward()
    assert f"<td>a</td><td>data 2.0000</td><td>grad {abs(a.grad):.4f}</td>" in source


# ------------------------------------------------------------------ size
def test_100000_node_graph_summarised_renders_fast(tmp_path: Path) -> None:
    y = x = Value(0.5, label="x")
    for i in range(100_000):
        y = (y * 1.0001) if i % 2 else (y + 0.001)
    start = time.perf_counter()
    graph = draw_dot(y, max_nodes=50)
    if shutil.which("dot") is not None:
        out = render(graph, tmp_path / "big.svg")
        ET.parse(out)
    elapsed = time.perf_counter() - start
    assert elapsed < 30, f"took {elapsed:.1f} s"
    nodes = re.findall(r"^\s*(v\d+|op\d+|g\d+) \[", graph.source, flags=re.M)
    assert len(nodes) <= 50 * 2
    # every one of the 100,000 operations is drawn or counted in a summary node
    summarised = sum(int(n) for n in re.findall(r"<br/>(\d+) ops?: ", graph.source))
    drawn_ops = len(re.findall(r"^\s*op\d+ \[", graph.source, flags=re.M))
    assert summarised + drawn_ops == 100_000
    assert "<td>x</td>" not in graph.source and "leaf" in graph.source  # x is inside a summary, counted
    assert x.data == 0.5


def test_max_nodes_bounds_any_graph_and_keeps_the_output() -> None:
    rng = np.random.default_rng(0)
    vals = [Value(float(v), label=f"x{i}") for i, v in enumerate(rng.normal(size=30))]
    for _ in range(3000):  # a tangled DAG: no long chains to collapse
        i, j = rng.integers(0, len(vals), 2)
        vals.append(vals[i] * vals[j] if rng.random() < 0.5 else vals[i] + vals[j])
    root = vals[-1]
    root.label = "root"
    source = draw_dot(root, max_nodes=40, legend=False).source
    drawn = re.findall(r"^\s*(v\d+|g\d+) \[", source, flags=re.M)
    assert len(drawn) <= 40
    assert "<td>root</td>" in source
    assert "earlier part of the graph" in source


def test_render_refuses_graphs_too_large_for_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viz.graph, "MAX_RENDER_NODES", 50)
    y = Value(1.0)
    for _ in range(100):
        y = y * 1.0
    with pytest.raises(GraphTooLargeError, match="max_nodes="):
        render(y, tmp_path / "g.svg")
    assert not (tmp_path / "g.svg").exists()
    render(y, tmp_path / "g.dot")  # DOT text needs no dot
    if shutil.which("dot") is not None:
        render(y, tmp_path / "small.svg", max_nodes=20)


def test_a_crashing_dot_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'out of memory' >&2\nkill -SEGV $$\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(fake.parent))
    with pytest.raises(RenderError, match=r"killed by signal 11.*out of memory.*max_nodes="):
        render(Value(1.0) * 2.0, tmp_path / "g.svg")


# ------------------------------------------------------------------ escaping (issue 13)
def svg_texts(path: Path) -> list[str]:
    return [t.text or "" for t in ET.parse(path).getroot().iter(f"{SVG}text")]


@needs_dot
@pytest.mark.parametrize(
    ("where", "text", "shown"),
    [
        ("label", "a\x00b", "a\\x00b"),
        ("name", "w\x00", "w\\x00"),
        ("params", "p\x00q", "p\\x00q"),
        ("label", "esc\x1b[0m\x07", "esc\\x1b[0m\\x07"),
        ("label", "lone \udc80 surrogate", "lone \\udc80 surrogate"),
        ("label", "θ₁ ∂L/∂w", "θ₁ ∂L/∂w"),
        ("label", "x &amp; y", "x &amp; y"),
    ],
)
def test_every_string_reaches_the_svg_escaped_and_valid(tmp_path: Path, where: str, text: str, shown: str) -> None:
    if where == "name":
        t = Tensor(np.ones(2), requires_grad=True, name=text)
        root: Any = (t * 2.0).sum()
        kw: dict[str, Any] = {}
    else:
        v = Value(1.0, label=text if where == "label" else "")
        root = v * 2.0
        kw = {"params": {text: v}} if where == "params" else {}
    out = render(root, tmp_path / "g.svg", **kw)
    texts = svg_texts(out)  # parses: the SVG is well-formed XML
    assert any(shown in t for t in texts), texts


@needs_dot
@pytest.mark.parametrize("op", ["ends in a backslash\\", 'a "quote"', 'both \\"', "tab\there"])
def test_micrograd_op_strings_with_backslashes_and_quotes(tmp_path: Path, op: str) -> None:
    a = Value(1.0, label="a")
    b = a * 2.0
    b._op = op  # a micrograd-style op string, as a user's own operation would set it
    out = render(b, tmp_path / "g.svg")
    assert op.replace("\t", " ") in svg_texts(out)


def test_jupyter_display_is_svg() -> None:
    graph = draw_dot(Value(1.0) * 2.0)
    if shutil.which("dot") is None:
        pytest.skip("no dot")
    bundle = graph._repr_mimebundle_()
    assert "image/svg+xml" in bundle
    ET.fromstring(bundle["image/svg+xml"])


def test_trace_with_real_nn_modules() -> None:
    nn = pytest.importorskip("nn")
    if not hasattr(nn.Module, "register_forward_hook") or not hasattr(nn, "Linear"):
        pytest.skip("nn.Module has no forward hooks yet")

    class TwoLayer(nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.fc1 = nn.Linear(3, 4)
            self.fc2 = nn.Linear(4, 2)

        def forward(self, x: Tensor) -> Tensor:
            return self.fc2(self.fc1(x).tanh())

    model = TwoLayer()
    x = Tensor(np.ones((5, 3)), name="x")
    with viz.trace(model) as trace:
        loss = model(x).sum()
    assert [c.title for c in trace.calls] == ["model (TwoLayer)", "fc1 (Linear)", "fc2 (Linear)"]
    source = draw_dot(loss, trace=trace, params=model, grads=True).source
    where = clusters_of(source)
    names = dict(re.findall(r"^\s*(v\d+) \[label=<.*?<td>(fc\d\.\w+)<br/>", source, flags=re.M))
    assert sorted(names.values()) == ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]
    for node, name in names.items():
        assert where[node] == ["model (TwoLayer)", f"{name.split('.')[0]} (Linear)"]
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())  # removed
