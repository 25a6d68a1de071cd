"""Tests for ``viz``: computation graphs, network diagrams and training plots."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import viz
import viz.graph
from autograd import Tensor, Value
from viz import GraphvizNotFoundError, draw_dot, draw_network, render
from viz.graph import op_name

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parents[1]

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz's 'dot' program is not installed")


# ------------------------------------------------------------------ helpers
def svg_elements(path: Path, kind: str) -> dict[str, list[str]]:
    """title -> the text lines of every <g class=kind> element of an SVG file."""
    tree = ET.parse(path)
    found = {}
    for g in tree.getroot().iter(f"{SVG}g"):
        if g.get("class") == kind:
            title = g.find(f"{SVG}title")
            assert title is not None and title.text is not None
            found[title.text] = [t.text or "" for t in g.iter(f"{SVG}text")]
    return found


def dot_statements(source: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The node names and the edges of DOT text (default-attribute lines excluded)."""
    nodes = re.findall(r"^\s*(?!node\b|edge\b|graph\b)(\w+) \[", source, flags=re.M)
    edges = re.findall(r"^\s*(\w+) -> (\w+)", source, flags=re.M)
    return nodes, edges


def lecture_expression() -> tuple[Value, dict[str, Value]]:
    """L = (a*b + c) * f, with every node labelled, after backward."""
    a, b, c, f = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c"), Value(-2.0, label="f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    L.backward()
    return L, {"a": a, "b": b, "c": c, "f": f, "e": e, "d": d, "L": L}


def reachable(root: object) -> list[object]:
    """All nodes behind ``root`` (a breadth-first walk, independent of viz's)."""
    seen, todo, out = {id(root)}, [root], []
    while todo:
        node = todo.pop()
        out.append(node)
        for p in node._parents:  # type: ignore[attr-defined]
            if id(p) not in seen:
                seen.add(id(p))
                todo.append(p)
    return out


# ----------------------------------------------------------- draw_dot: Value
@needs_dot
def test_svg_has_one_node_per_value_and_op_with_their_labels(tmp_path: Path) -> None:
    L, values = lecture_expression()
    out = render(L, tmp_path / "sub" / "graph.svg", legend=False)
    assert out == tmp_path / "sub" / "graph.svg"
    nodes = svg_elements(out, "node")
    value_nodes = {t: texts for t, texts in nodes.items() if t.startswith("v")}
    op_nodes = {t: texts for t, texts in nodes.items() if t.startswith("op")}
    assert len(value_nodes) == len(values) == 7
    assert len(op_nodes) == 3
    assert len(nodes) == 10
    by_label = {texts[0]: texts for texts in value_nodes.values()}
    assert set(by_label) == set(values)
    for label, v in values.items():
        assert by_label[label] == [label, f"data {v.data:.4f}", f"grad {v.grad:.4f}"]
    assert sorted(texts[0] for texts in op_nodes.values()) == sorted(op_name(v) for v in (values["e"], values["d"], L))
    # 6 edges into ops (two parents each) + 3 from each op to its result
    assert len(svg_elements(out, "edge")) == 9


def test_edges_follow_the_graph_and_number_nodes_in_walk_order() -> None:
    L, values = lecture_expression()
    nodes, edges = dot_statements(draw_dot(L, legend=False).source)
    assert nodes == ["v0", "v1", "v2", "op2", "v3", "v4", "op4", "v5", "v6", "op6"]
    # a, b -> (*) -> e;  e, c -> (+) -> d;  d, f -> (*) -> L
    assert sorted(edges) == sorted([
        ("op2", "v2"), ("v0", "op2"), ("v1", "op2"),
        ("op4", "v4"), ("v2", "op4"), ("v3", "op4"),
        ("op6", "v6"), ("v4", "op6"), ("v5", "op6"),
    ])  # fmt: skip
    assert "<td>L</td><td>data -8.0000</td><td>grad 1.0000</td>" in draw_dot(L).source


def test_dot_text_is_identical_across_builds_and_processes() -> None:
    first = draw_dot(lecture_expression()[0]).source
    second = draw_dot(lecture_expression()[0]).source
    assert first == second
    script = (
        "import sys; sys.path.insert(0, 'tests'); from test_viz import lecture_expression; "
        "from viz import draw_dot; sys.stdout.write(draw_dot(lecture_expression()[0]).source)"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert run.stdout == first


OPS = ("+", "*", "-", "tanh", "const*", "relu")


@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPS), st.integers(0, 100), st.integers(0, 100)), min_size=1, max_size=25
    ),
    leaves=st.lists(st.floats(-2, 2), min_size=1, max_size=4),
)
def test_random_graphs_have_one_record_per_value_and_one_node_per_op(
    steps: list[tuple[str, int, int]], leaves: list[float]
) -> None:
    def build() -> Value:
        vals = [Value(x, label=f"x{i}") for i, x in enumerate(leaves)]
        for op, i, j in steps:
            a, b = vals[i % len(vals)], vals[j % len(vals)]
            if op == "+":
                vals.append(a + b)
            elif op == "*":
                vals.append(a * b)
            elif op == "-":
                vals.append(a - b)
            elif op == "tanh":
                vals.append(a.tanh())
            elif op == "const*":
                vals.append(a * 0.5)
            else:
                vals.append(a.relu())
        return vals[-1]

    root = build()
    root.backward()
    source = draw_dot(root, legend=False).source
    nodes, edges = dot_statements(source)
    expected = reachable(root)
    results = [n for n in expected if n._parents]  # type: ignore[attr-defined]
    assert sum(n.startswith("v") for n in nodes) == len(expected)
    assert sum(n.startswith("op") for n in nodes) == len(results)
    assert len(edges) == sum(len(n._parents) + 1 for n in results)  # type: ignore[attr-defined]
    assert sorted(re.findall(r"^\s*op\d+ \[label=<([^>]*)>", source, flags=re.M)) == sorted(
        op_name(n) for n in results
    )
    # every edge joins declared nodes, ops only feed values and values only feed ops
    declared = set(nodes)
    for tail, head in edges:
        assert tail in declared and head in declared
        assert tail.startswith("v") != head.startswith("v")
    root2 = build()
    root2.backward()
    assert draw_dot(root2, legend=False).source == source


def test_a_100000_node_chain_builds_without_recursion() -> None:
    x = Value(0.5, label="x")
    y = x
    for _ in range(100_000):
        y = y * 1.0
    source = draw_dot(y, legend=False).source
    nodes, edges = dot_statements(source)
    assert len(nodes) == 2 * 100_000 + 1
    assert len(edges) == 2 * 100_000
    assert nodes[0] == "v0" and nodes[-1] == "op100000"
    assert "<td>x</td><td>data 0.5000</td><td>grad 0.0000</td>" in source


def test_labels_with_record_characters_stay_one_field(tmp_path: Path) -> None:
    v = Value(1.5, label='odd|{label}<with> "quotes"\\')
    w = v.exp()
    source = draw_dot(w).source
    # (the backslash doubled: graphviz reads backslash escapes even in HTML-like labels)
    assert "<td>odd|{label}&lt;with&gt; &quot;quotes&quot;\\\\</td><td>data 1.5000</td>" in source
    if shutil.which("dot") is not None:
        nodes = svg_elements(render(w, tmp_path / "odd.svg"), "node")
        assert nodes["v0"] == ['odd|{label}<with> "quotes"\\', "data 1.5000", "grad 0.0000"]


def test_params_name_nodes_and_roles_colour_them() -> None:
    L, values = lecture_expression()
    source = draw_dot(L, params={"weight": values["a"]}).source
    assert "<td>weight</td><td>data 2.0000" in source and "<td>a</td>" not in source
    row = r'^\s*v\d+ \[label=<<table [^>]*bgcolor="([^"]+)"[^>]*><tr><td>(\w+)</td>'
    lines = {name: fill for fill, name in re.findall(row, source, flags=re.M)}
    assert set(lines) == {"weight", "b", "c", "f", "e", "d", "L"}
    param, inp, inner, out = lines["weight"], lines["b"], lines["e"], lines["L"]
    assert len({param, inp, inner, out}) == 4  # parameter, input, intermediate, output
    assert lines["b"] == lines["c"] == lines["f"] == inp
    assert lines["d"] == inner
    for role in ("input", "parameter", "operation", "output"):
        assert f"<td>{role}</td>" in source  # the legend names every role drawn


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_rankdir_reaches_the_graph(rankdir: str) -> None:
    assert f"rankdir={rankdir}" in draw_dot(Value(1.0) + 1.0, rankdir=rankdir).source


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="rankdir"):
        draw_dot(Value(1.0), rankdir="sideways")
    with pytest.raises(TypeError, match="float"):
        draw_dot(1.0)
    with pytest.raises(ValueError, match="empty"):
        draw_dot([])


# ----------------------------------------------------------- draw_dot: Tensor
def test_tensor_graph_shows_names_shapes_dtypes_and_gradients(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=(4, 3)), name="x")
    W = Tensor(rng.normal(size=(3, 2)), requires_grad=True, name="W")
    loss = (x @ W).tanh().sum()
    loss.backward(retain_graph=True)  # backward() alone frees the graph, as in PyTorch
    assert W.grad is not None
    source = draw_dot(loss, max_elements=6, legend=False).source
    nodes, _ = dot_statements(source)
    assert len(nodes) == 5  # x, W, x@W, tanh, sum: one node each, the op in bold
    ops = re.findall(r"<td><b>(\w+)</b><br/>(\([\d, ]*\)) (\w+)", source)
    assert sorted(ops) == sorted([(op_name(loss), "()", "float64"), ("tanh", "(4, 2)", "float64"),
                                  (op_name(loss._parents[0]._parents[0]), "(4, 2)", "float64")])
    assert "<td>x<br/>(4, 3) float64</td>" in source  # 12 elements > 6: no data shown
    assert "<td>W<br/>(3, 2) float64<br/>data [[" in source  # 6 elements: data and gradient values
    assert "<br/>grad [[" in source

    big = draw_dot(loss, max_elements=4).source
    norm = float(np.linalg.norm(W.grad.data))
    assert f"<td>W<br/>(3, 2) float64<br/>grad (3, 2) norm {norm:.4g}</td>" in big

    if shutil.which("dot") is not None:
        svg = svg_elements(render(loss, tmp_path / "tensor.svg", max_elements=6, legend=False), "node")
        assert len(svg) == 5
        texts = [line for lines in svg.values() for line in lines]
        assert "(4, 3) float64" in texts and "(3, 2) float64" in texts and "(4, 2) float64" in texts


# ------------------------------------------------------------------ render
def test_render_writes_dot_without_graphviz_and_explains_the_svg_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    L, _ = lecture_expression()
    empty = tmp_path / "empty_bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("dot") is None
    out = render(L, tmp_path / "deep" / "er" / "graph.dot")
    assert out.read_text(encoding="utf-8") == draw_dot(L).source
    with pytest.raises(GraphvizNotFoundError) as info:
        render(L, tmp_path / "graph.svg")
    assert isinstance(info.value, RuntimeError)
    message = str(info.value)
    assert "apt-get install graphviz" in message and "brew install graphviz" in message and "make test" in message
    assert not (tmp_path / "graph.svg").exists()
    # dot "found" by shutil.which but failing to run: graphviz's own error is translated too
    monkeypatch.setattr(viz.graph.shutil, "which", lambda name: "/nowhere/dot")
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        render(L, tmp_path / "graph.png")


@needs_dot
@pytest.mark.parametrize(("suffix", "magic"), [(".png", PNG_MAGIC), (".pdf", b"%PDF"), (".SVG", b"<?xml")])
def test_render_picks_the_format_from_the_suffix(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = render(Value(2.0, label="two").tanh(), tmp_path / f"g{suffix}")
    assert out.read_bytes().startswith(magic)


def test_render_rejects_unknown_suffixes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"'\.gif'.*\.svg, \.png, \.pdf, \.dot"):
        render(Value(1.0), tmp_path / "g.gif")
    with pytest.raises(ValueError, match="none"):
        render(Value(1.0), tmp_path / "graph")
    with pytest.raises(TypeError, match="rankdir"):
        render(draw_network([1, 1]), tmp_path / "net.dot", rankdir="TB")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ network
def network_counts(sizes: list[int], max_neurons: int) -> tuple[int, int]:
    shown = [min(n, max_neurons) for n in sizes]
    return sum(shown), sum(a * b for a, b in zip(shown, shown[1:]))


def test_network_2_3_1_has_every_neuron_and_connection(tmp_path: Path) -> None:
    graph = draw_network([2, 3, 1])
    nodes, edges = dot_statements(graph.source)
    assert sorted(nodes) == ["L0_0", "L0_1", "L1_0", "L1_1", "L1_2", "L2_0"]
    assert len(edges) == 2 * 3 + 3 * 1 == len(set(edges))
    assert {(a[:2], b[:2]) for a, b in edges} == {("L0", "L1"), ("L1", "L2")}
    assert "13 parameters" in graph.source  # 2*3+3 + 3*1+1
    if shutil.which("dot") is not None:
        out = render(graph, tmp_path / "net.svg")
        assert len(svg_elements(out, "node")) == 6
        assert len(svg_elements(out, "edge")) == 9


@given(sizes=st.lists(st.integers(1, 12), min_size=2, max_size=5), max_neurons=st.integers(3, 9))
def test_network_counts_with_ellipses(sizes: list[int], max_neurons: int) -> None:
    source = draw_network(sizes, max_neurons=max_neurons).source
    nodes, edges = dot_statements(source)
    assert (len(nodes), len(edges)) == network_counts(sizes, max_neurons)
    ellipses = [n for n in nodes if n.endswith("_more")]
    assert len(ellipses) == sum(n > max_neurons for n in sizes)
    dashed = source.count("[style=dashed]")
    assert dashed == sum(1 for a, b in edges if a in ellipses or b in ellipses)
    for i, n in enumerate(sizes):  # the last neuron of every layer is always drawn
        assert f"L{i}_{n - 1}" in nodes


def test_network_from_a_model_with_layers_of_neurons() -> None:
    def layer(n_in: int, n_out: int) -> SimpleNamespace:
        return SimpleNamespace(neurons=[SimpleNamespace(w=[Value(0.0)] * n_in) for _ in range(n_out)])

    model = SimpleNamespace(layers=[layer(2, 4), SimpleNamespace(), layer(4, 3), layer(3, 1)])
    assert viz.network.layer_sizes(model) == [2, 4, 3, 1]
    assert dot_statements(draw_network(model).source) == dot_statements(draw_network([2, 4, 3, 1]).source)
    linear = [SimpleNamespace(weight=np.zeros((5, 2))), SimpleNamespace(weight=np.zeros((1, 5)))]
    torch_like = SimpleNamespace(layers=linear)
    assert viz.network.layer_sizes(torch_like) == [2, 5, 1]
    broken = SimpleNamespace(layers=[layer(2, 4), layer(3, 1)])
    with pytest.raises(ValueError, match="layer 1 takes 3 inputs"):
        draw_network(broken)


def test_network_from_nn_mlp_if_available() -> None:
    nn = pytest.importorskip("nn")
    if not hasattr(nn, "MLP"):
        pytest.skip("nn.MLP is not available")
    assert viz.network.layer_sizes(nn.MLP(3, [4, 4, 1])) == [3, 4, 4, 1]


@pytest.mark.parametrize(
    ("arg", "error"),
    [([2], ValueError), ([2, 0, 1], ValueError), ([2, 1.5], ValueError), ("21", TypeError), (3, TypeError)],
)
def test_network_rejects_bad_sizes(arg: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="draw_network"):
        draw_network(arg)


# ------------------------------------------------------------------ plots
def test_importing_viz_needs_no_matplotlib() -> None:
    script = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import viz\n"
        "assert callable(viz.draw_dot) and callable(viz.plot_history)\n"
        "try:\n"
        "    viz.plot_history({'loss': [1.0]}, 'never.png')\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "pip install matplotlib" in run.stdout
    assert not (ROOT / "never.png").exists()


def test_plot_history_writes_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    history = {
        "train_loss": [1.2, 0.8, 0.5, 0.4],
        "val_loss": [1.3, 0.9, 0.7, 0.65],
        "train_acc": [0.5, 0.7, 0.8, 0.9],
        "val_acc": [0.4, 0.6, 0.7],
    }
    fig = viz.plot_history(history, tmp_path / "plots" / "history.png", title="run")
    assert len(fig.axes) == 2  # loss and accuracy panels
    out = tmp_path / "plots" / "history.png"
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 1000
    viz.plot_history({"loss": [3.0, 0.01]}, tmp_path / "loss.png")
    loss_only = (tmp_path / "loss.png").read_bytes()
    assert loss_only.startswith(PNG_MAGIC) and loss_only != data


def test_plot_history_rejects_bad_input(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    with pytest.raises(ValueError, match="no loss series"):
        viz.plot_history({"train_acc": [0.5]}, tmp_path / "h.png")
    with pytest.raises(TypeError, match="train_loss"):
        viz.plot_history({"train_loss": ["high", "low"]}, tmp_path / "h.png")
    with pytest.raises(ValueError, match="suffix"):
        viz.plot_history({"loss": [1.0]}, tmp_path / "h.txt")


def test_plot_decision_boundary_writes_a_png_from_values_or_arrays(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 2))
    y = np.where(X[:, 0] + X[:, 1] > 0, 1, -1)

    def scalar_model(points: np.ndarray) -> list[Value]:  # micrograd style: one Value per point
        return [Value(float(p[0])) + Value(float(p[1])) for p in points]

    viz.plot_decision_boundary(scalar_model, X, y, tmp_path / "b.png", resolution=20)
    first = (tmp_path / "b.png").read_bytes()
    assert first.startswith(PNG_MAGIC) and len(first) > 1000
    viz.plot_decision_boundary(
        lambda p: Tensor(1 / (1 + np.exp(-p.sum(axis=1)))), X, y, tmp_path / "p.png", resolution=20, threshold=0.5
    )
    assert (tmp_path / "p.png").read_bytes() == first  # the same regions, from probabilities split at 0.5
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        viz.plot_decision_boundary(scalar_model, X[:, :1], y, tmp_path / "c.png")
    with pytest.raises(ValueError, match="returned shape"):
        viz.plot_decision_boundary(lambda p: np.zeros(3), X, y, tmp_path / "c.png", resolution=5)


def test_decision_classes_follow_the_labels() -> None:
    from viz.plots import _classes

    labels = np.array([-1.0, 1.0])
    assert _classes(np.array([-0.3, 0.2]), 2, labels, None).tolist() == [-1.0, 1.0]
    assert _classes(np.array([0.3, 0.7]), 2, labels, 0.5).tolist() == [-1.0, 1.0]
    assert _classes(np.array([[0.1, 0.9, 0.0], [2.0, 1.0, 0.0]]), 2, np.array([0.0, 1.0, 2.0]), None).tolist() == [1, 0]
    assert _classes(np.array([2.0, 0.0]), 2, np.array([0.0, 1.0, 2.0]), None).tolist() == [2.0, 0.0]
