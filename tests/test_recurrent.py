"""Recurrent layers and their fused ops: layer gradients against finite differences,
outputs and gradients against PyTorch's, bad input, long sequences. (The fused ops'
first and second derivatives are their registry cases, in tests/test_op_registry.py.)"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck
from nn.layers.recurrent import recurrent_cell, recurrent_layer

KINDS = ("RNN", "LSTM", "GRU")
GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


def rand(rng: np.random.Generator, *shape: int, scale: float = 0.5) -> Tensor:
    return Tensor(rng.normal(size=shape) * scale, dtype=np.float64, requires_grad=True)


# ------------------------------------------------------------------- fused ops
# (their first and second derivatives are their registry cases: ``cases`` in
# autograd/ops/recurrent.py, run by tests/test_op_registry.py)


def test_one_node_per_direction_whatever_the_length() -> None:
    """The graph of a layer has as many nodes for 1,000 steps as for 3."""

    def nodes(T: int) -> int:
        layer = nn.LSTM(2, 3)
        out, _ = layer(Tensor(np.ones((T, 1, 2))))
        seen, stack = {id(out)}, [out]
        while stack:
            for p in stack.pop()._parents:
                if id(p) not in seen:
                    seen.add(id(p))
                    stack.append(p)
        return len(seen)

    assert nodes(3) == nodes(1000)


# ---------------------------------------------------------------------- layers


def layer_gradcheck(layer: Any, x: Tensor, state: Any) -> None:
    """gradcheck of the layer's computation (``recurrent_layer``, which its forward
    calls) in its input, initial state and every parameter."""
    states = list(state) if isinstance(state, tuple) else ([state] if state is not None else [])
    weights = [Tensor(w.data, dtype=np.float64, requires_grad=True) for w in layer._flat_weights()]
    n = len(weights)

    def fn(x: Tensor, *rest: Tensor) -> tuple[Tensor, ...]:
        given = rest[n:]
        hx = None if not given else (tuple(given) if len(given) == 2 else given[0])
        out, hn = recurrent_layer(layer.mode, x, hx, rest[:n], layer.num_layers, layer.bias, layer.batch_first,
                                  0.0, False, layer.bidirectional)
        return (out, *hn) if isinstance(hn, tuple) else (out, hn)

    assert gradcheck(fn, [x, *weights, *states])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("config", [
    {},
    {"num_layers": 2, "bidirectional": True},
    {"num_layers": 2, "batch_first": True, "bias": False},
])
def test_layer_gradcheck(kind: str, config: dict[str, Any]) -> None:
    rng = np.random.default_rng(2)
    layer = getattr(nn, kind)(3, 2, **config)
    L = layer.num_layers * (2 if layer.bidirectional else 1)
    x = rand(rng, 2, 4, 3) if config.get("batch_first") else rand(rng, 4, 2, 3)
    h = rand(rng, L, 2, 2)
    state = (h, rand(rng, L, 2, 2)) if kind == "LSTM" else h
    layer_gradcheck(layer, x, state)


@pytest.mark.parametrize("kind", KINDS)
def test_layer_gradcheck_unbatched_without_state(kind: str) -> None:
    layer_gradcheck(getattr(nn, kind)(3, 2), rand(np.random.default_rng(3), 5, 3), None)


@pytest.mark.parametrize("kind", KINDS)
def test_cell_gradcheck(kind: str) -> None:
    rng = np.random.default_rng(4)
    cell = getattr(nn, kind + "Cell")(3, 2)
    h = rand(rng, 2, 2)
    states = [h, rand(rng, 2, 2)] if kind == "LSTM" else [h]

    def fn(x: Tensor, *rest: Tensor) -> Any:
        s = rest[4:]
        hx = tuple(s) if kind == "LSTM" else s[0]
        # three steps by hand, as a user's loop would
        for t in range(x.shape[0]):
            hx = recurrent_cell(cell.mode, x[t], hx, *rest[:4])
        return hx

    params = [Tensor(getattr(cell, n).data, dtype=np.float64, requires_grad=True)
              for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    assert gradcheck(fn, [rand(rng, 3, 2, 3), *params, *states])


def test_default_init_and_names() -> None:
    layer = nn.LSTM(5, 4, num_layers=2, bidirectional=True)
    names = [n for n, _ in layer.named_parameters()]
    expected = [f"{w}_l{k}{s}" for k in range(2) for s in ("", "_reverse")
                for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    assert names == expected
    assert layer.weight_ih_l0.shape == (16, 5) and layer.weight_ih_l1.shape == (16, 8)
    k = 1 / np.sqrt(4)
    for n in names:
        data = getattr(layer, n).data
        assert np.all(np.abs(data) <= k) and data.std() > k / 4  # uniform(-k, k), not zeros


# ----------------------------------------------------------- against PyTorch


def copy_from_torch(ours: Any, theirs: Any) -> None:
    """PyTorch's weights into ours, by name (float64 on both sides)."""
    ours_by_name = dict(ours.named_parameters())
    assert list(ours_by_name) == [n for n, _ in theirs.named_parameters()]
    for name, p in theirs.named_parameters():
        ours_by_name[name].data = p.detach().numpy().copy()


def assert_same_run(ours: Any, theirs: Any, x: np.ndarray, hx: list[np.ndarray] | None, lstm: bool) -> None:
    """Outputs, final states and every gradient (parameters, input, initial state) agree
    under a random upstream gradient."""
    import torch

    rng = np.random.default_rng(5)
    xt, xo = torch.tensor(x, requires_grad=True), Tensor(x, requires_grad=True)
    if hx is None:
        ht: list[Any] = []
        ho: list[Tensor] = []
        rt, ro = theirs(xt), ours(xo)
    else:
        ht = [torch.tensor(h, requires_grad=True) for h in hx]
        ho = [Tensor(h, requires_grad=True) for h in hx]
        rt = theirs(xt, tuple(ht) if lstm else ht[0])
        ro = ours(xo, tuple(ho) if lstm else ho[0])
    # layers return (out, h) or (out, (h, c)); cells h or (h, c)
    flat_t = [rt[0], *rt[1]] if isinstance(rt, tuple) and isinstance(rt[1], tuple) else \
        list(rt) if isinstance(rt, tuple) else [rt]
    flat_o = [ro[0], *ro[1]] if isinstance(ro, tuple) and isinstance(ro[1], tuple) else \
        list(ro) if isinstance(ro, tuple) else [ro]
    gs = [rng.normal(size=tuple(a.shape)) for a in flat_t]
    sum((a * torch.tensor(g)).sum() for a, g in zip(flat_t, gs)).backward()
    sum((a * Tensor(g)).sum() for a, g in zip(flat_o, gs)).backward()
    for a, b in zip(flat_t, flat_o):
        np.testing.assert_allclose(b.data, a.detach().numpy(), rtol=1e-10, atol=1e-12)
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(getattr(ours, name).grad.data, p.grad.numpy(), rtol=1e-9, atol=1e-12,
                                   err_msg=name)
    np.testing.assert_allclose(xo.grad.data, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    for a, b in zip(ht, ho):
        np.testing.assert_allclose(b.grad.data, a.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("kind", ["RNN", "RNN_relu", "LSTM", "GRU"])
@pytest.mark.parametrize("config,batched,with_state", [
    ({}, True, True),
    ({"num_layers": 2, "bidirectional": True}, True, True),
    ({"num_layers": 2, "batch_first": True, "bias": False}, True, False),
    ({"num_layers": 3, "bidirectional": True}, False, True),
    ({"num_layers": 2, "dropout": 0.5}, True, True),  # eval mode: no dropout on either side
])
def test_layer_matches_torch(kind: str, config: dict[str, Any], batched: bool, with_state: bool) -> None:
    torch = pytest.importorskip("torch")
    name, extra = (kind, {}) if kind != "RNN_relu" else ("RNN", {"nonlinearity": "relu"})
    torch.manual_seed(0)
    theirs = getattr(torch.nn, name)(4, 3, **config, **extra).double().eval()
    ours = getattr(nn, name)(4, 3, **config, **extra).eval()
    copy_from_torch(ours, theirs)
    rng = np.random.default_rng(6)
    T, B = 5, 2
    x = rng.normal(size=(B, T, 4) if config.get("batch_first") else (T, B, 4))
    if not batched:
        x = x[:, 0]
    L = theirs.num_layers * (2 if theirs.bidirectional else 1)
    shape = (L, B, 3) if batched else (L, 3)
    hx = [rng.normal(size=shape) for _ in range(2 if name == "LSTM" else 1)] if with_state else None
    assert_same_run(ours, theirs, x, hx, name == "LSTM")


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("batched", [True, False])
def test_cell_matches_torch(kind: str, batched: bool) -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(1)
    theirs = getattr(torch.nn, kind + "Cell")(4, 3).double()
    ours = getattr(nn, kind + "Cell")(4, 3)
    copy_from_torch(ours, theirs)
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 4) if batched else (4,))
    shape = (2, 3) if batched else (3,)
    assert_same_run(ours, theirs, x, [rng.normal(size=shape) for _ in range(2 if kind == "LSTM" else 1)],
                    kind == "LSTM")
    assert_same_run(ours, theirs, x, None, kind == "LSTM")


def test_benchmark_sides_take_the_same_steps() -> None:
    pytest.importorskip("torch")
    bench_dir = str(Path(__file__).resolve().parents[1] / "benchmarks")
    sys.path.insert(0, bench_dir)
    try:
        import recurrent as bench
    finally:
        sys.path.remove(bench_dir)
    X, y = bench.make_data()
    for kind in bench.KINDS:
        weights = bench.init_weights(kind)
        ours, ours_params = bench.ours(kind, weights, X, y)
        theirs, their_params = bench.torch_step(kind, weights, X, y)
        for _ in range(2):
            np.testing.assert_allclose(float(ours().item()), float(theirs().item()), rtol=1e-4)
        for a, b in zip(ours_params, their_params):
            np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=1e-4, atol=1e-6)


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize("make,call,message", [
    (lambda: nn.LSTM(3, 2), lambda m: m(Tensor(np.zeros((2, 2, 2, 3)))),
     r"LSTM: expected input of rank 2.*\(2, 2, 2, 3\)"),
    (lambda: nn.GRU(3, 2), lambda m: m(Tensor(np.zeros((4, 2, 5)))), r"GRU: input has 5 features.*input_size=3"),
    (lambda: nn.RNN(3, 2), lambda m: m(Tensor(np.zeros((4, 2, 3))), Tensor(np.zeros((1, 3, 2)))),
     r"RNN: expected h_0 of shape \(1, 2, 2\), got \(1, 3, 2\)"),
    (lambda: nn.LSTM(3, 2, num_layers=2), lambda m: m(Tensor(np.zeros((4, 2, 3))),
                                                      (Tensor(np.zeros((2, 2, 2))), Tensor(np.zeros((1, 2, 2))))),
     r"LSTM: expected c_0 of shape \(2, 2, 2\), got \(1, 2, 2\)"),
    (lambda: nn.LSTM(3, 2), lambda m: m(Tensor(np.zeros((4, 2, 3))), Tensor(np.zeros((1, 2, 2)))),
     r"LSTM: expected the initial state as a tuple \(h_0, c_0\)"),
    (lambda: nn.GRUCell(3, 2), lambda m: m(Tensor(np.zeros((2, 4)))), r"GRUCell: expected input of shape.*\(2, 4\)"),
    (lambda: nn.LSTMCell(3, 2), lambda m: m(Tensor(np.zeros((5, 3))), (Tensor(np.zeros((5, 2))),
                                                                       Tensor(np.zeros((4, 2))))),
     r"LSTMCell: expected c of shape \(5, 2\), got \(4, 2\)"),
    (lambda: nn.RNN(3, 2, batch_first=True), lambda m: m(Tensor(np.zeros((2, 0, 3)))),
     r"RNN: expected a sequence of at least one step, got input of shape \(2, 0, 3\)"),
    (lambda: nn.RNN(3, 2, nonlinearity="sigmoid"), None, r"RNN: unknown nonlinearity 'sigmoid'"),
    (lambda: nn.RNNCell(3, 2, nonlinearity="gelu"), None, r"RNNCell: unknown nonlinearity 'gelu'"),
])
def test_bad_input_names_layer_and_shapes(make: Callable[[], Any], call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        m = make()
        call(m)


# ------------------------------------------------------------- long sequences


def test_thousand_steps_train_without_recursion() -> None:
    """Backpropagation through 1,000 steps under a recursion limit no recursive walk
    would survive, and the loss goes down."""
    rng = np.random.default_rng(8)
    layer = nn.LSTM(2, 8)
    head_w = Tensor(rng.normal(size=(1, 8)) * 0.1, requires_grad=True)
    x = Tensor(rng.normal(size=(1000, 4, 2)).astype(np.float32))
    target = Tensor(np.ones((4, 1), dtype=np.float32))
    params = layer.parameters() + [head_w]
    opt = nn.SGD(params, lr=0.1)
    limit = sys.getrecursionlimit()
    losses = []
    try:
        sys.setrecursionlimit(120)
        for _ in range(3):
            out, _ = layer(x)
            loss = ((out[-1] @ head_w.T - target) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
    finally:
        sys.setrecursionlimit(limit)
    assert all(np.isfinite(p.grad.data).all() for p in params)
    assert losses[-1] < losses[0]


def test_truncated_bptt_with_detach() -> None:
    """The detached state carries the numbers but no gradient: the second chunk's
    gradients equal those of a fresh run started from the same numbers."""
    rng = np.random.default_rng(9)
    layer = nn.GRU(2, 3)
    chunks = [Tensor(rng.normal(size=(5, 2, 2))) for _ in range(2)]
    out, h = layer(chunks[0])
    h = h.detach()
    assert not h.requires_grad
    out, _ = layer(chunks[1], h)
    out.sum().backward()
    grads = [layer.weight_hh_l0.grad.data.copy(), layer.bias_ih_l0.grad.data.copy()]
    layer.zero_grad()
    out2, _ = layer(chunks[1], Tensor(h.data.copy()))
    out2.sum().backward()
    np.testing.assert_allclose(layer.weight_hh_l0.grad.data, grads[0], rtol=1e-6)
    np.testing.assert_allclose(layer.bias_ih_l0.grad.data, grads[1], rtol=1e-6)


def test_dropout_with_one_layer_warns() -> None:
    with pytest.warns(UserWarning, match="LSTM: dropout is applied between layers"):
        nn.LSTM(3, 2, dropout=0.5)


def test_dropout_between_layers_only_in_training() -> None:
    layer = nn.GRU(3, 4, num_layers=2, dropout=0.5)
    x = Tensor(np.random.default_rng(10).normal(size=(6, 2, 3)))
    trained = layer(x)[0].data
    layer.eval()
    first, second = layer(x)[0].data, layer(x)[0].data
    np.testing.assert_array_equal(first, second)
    assert not np.allclose(trained, first)


@pytest.mark.parametrize("kind", KINDS)
def test_state_dict_moves_between_us_and_torch(kind: str) -> None:
    torch = pytest.importorskip("torch")
    if not hasattr(nn.Module, "load_state_dict"):
        pytest.skip("needs nn.Module.state_dict / load_state_dict (the nn-modules work)")
    theirs = getattr(torch.nn, kind)(4, 3, num_layers=2, bidirectional=True)
    ours = getattr(nn, kind)(4, 3, num_layers=2, bidirectional=True)
    ours.load_state_dict({k: Tensor(v.numpy().copy()) for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(11).normal(size=(5, 2, 4)).astype(np.float32)
    np.testing.assert_allclose(ours(Tensor(x))[0].data, theirs(torch.from_numpy(x))[0].detach().numpy(),
                               rtol=1e-5, atol=1e-6)
    back = getattr(torch.nn, kind)(4, 3, num_layers=2, bidirectional=True)
    back.load_state_dict({k: torch.from_numpy(np.asarray(v.data if isinstance(v, Tensor) else v).copy())
                          for k, v in ours.state_dict().items()})
    for (n1, p1), (n2, p2) in zip(theirs.named_parameters(), back.named_parameters()):
        assert n1 == n2
        np.testing.assert_array_equal(p1.detach().numpy(), p2.detach().numpy())


@pytest.mark.parametrize("make", [
    lambda m: m.LSTM(3, 4, num_layers=2),
    lambda m: m.RNN(2, 3, nonlinearity="relu", bidirectional=True, batch_first=True),
    lambda m: m.GRUCell(3, 4, bias=False),
    lambda m: m.RNNCell(2, 3, nonlinearity="relu"),
])
def test_repr_matches_torch(make: Callable[[Any], Any]) -> None:
    torch = pytest.importorskip("torch")
    assert repr(make(nn)) == repr(make(torch.nn))
