"""nn's scalar side: Module, micrograd's Neuron/Layer/MLP, scalar losses, SGD, moons."""

from __future__ import annotations

import importlib.util
import math
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from autograd import Tensor, Value
from nn import losses_scalar as L

ROOT = Path(__file__).resolve().parents[1]


def _load_demo():
    spec = importlib.util.spec_from_file_location("demo", ROOT / "examples" / "demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def central_diff(f, xs: list[float], h: float = 1e-6) -> list[float]:
    out = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        out.append((f(up) - f(down)) / (2 * h))
    return out


# ------------------------------------------------------------------ the demo
def test_demo_training_reaches_full_accuracy():
    demo = _load_demo()
    X, y, model = demo.make_problem()
    history = nn.train_max_margin(model, X, y, steps=100)
    # micrograd's demo notebook prints "step 0 loss 0.8958441028683222, accuracy 50.0%"
    # for this very data and these weights.
    assert history[0][0] == pytest.approx(0.8958441028683222, rel=1e-9)
    assert history[0][1] == 0.5
    assert history[-1][0] < 0.05
    assert nn.accuracy(model, X, y) == 1.0
    # The demo's vectorized numpy forward is the same function as the model.
    scores = demo.numpy_predict(model)(X)
    np.testing.assert_allclose(scores, [model(row).data for row in X.tolist()], rtol=1e-12, atol=1e-12)


def micrograd_demo_steps(Value, MLP, X, y, weights, steps=2):  # noqa: N803 (micrograd's names)
    """micrograd's demo notebook code, verbatim but for the model's weights."""
    model = MLP(2, [16, 16, 1])
    for p, w in zip(model.parameters(), weights):
        p.data = w
    record = []
    for k in range(steps):
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        alpha = 1e-4
        reg_loss = alpha * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        model.zero_grad()
        total_loss.backward()
        grads = [p.grad for p in model.parameters()]
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        record.append((total_loss.data, sum(accuracy) / len(accuracy), grads, [p.data for p in model.parameters()]))
    return record, model


def _moons_problem(n=30, seed=3):
    X, y = nn.make_moons(n, noise=0.1, seed=seed)
    weights = [p.data for p in nn.MLP(2, [16, 16, 1], seed=seed).parameters()]
    return X, nn.signed_labels(y), weights


def _assert_records_close(a, b):
    for (la, aa, ga, pa), (lb, ab, gb, pb) in zip(a, b):
        assert la == pytest.approx(lb, rel=1e-9, abs=1e-12)
        assert aa == ab
        np.testing.assert_allclose(ga, gb, rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(pa, pb, rtol=1e-8, atol=1e-12)


def test_micrograd_code_runs_unchanged_and_matches_the_fast_path():
    X, y, weights = _moons_problem()
    record, model = micrograd_demo_steps(Value, nn.MLP, X, y, weights)
    # The same two steps through nn's own helpers give the same numbers.
    fast = nn.MLP(2, [16, 16, 1])
    params = fast.parameters()
    for p, w in zip(params, weights):
        p.data = w
    opt = nn.SGD(params, lr=1.0)
    for k, (loss_ref, acc_ref, grads_ref, params_ref) in enumerate(record):
        loss, acc = nn.max_margin_loss(fast, X, y)
        fast.zero_grad()
        loss.backward()
        assert loss.data == pytest.approx(loss_ref, rel=1e-12)
        assert acc == acc_ref
        np.testing.assert_allclose([p.grad for p in params], grads_ref, rtol=1e-9, atol=1e-14)
        opt.lr = 1.0 - 0.9 * k / 100
        opt.step()
        np.testing.assert_allclose([p.data for p in params], params_ref, rtol=1e-12, atol=1e-14)


def test_drop_in_for_micrograd_same_numbers():
    pytest.importorskip("micrograd")
    from micrograd.engine import Value as MValue
    from micrograd.nn import MLP as MMLP

    X, y, weights = _moons_problem()
    ours, our_model = micrograd_demo_steps(Value, nn.MLP, X, y, weights)
    theirs, their_model = micrograd_demo_steps(MValue, MMLP, X, y, weights)
    _assert_records_close(ours, theirs)
    assert repr(our_model) == repr(their_model)


def test_same_global_seed_gives_micrograds_weights():
    pytest.importorskip("micrograd")
    from micrograd.nn import MLP as MMLP

    random.seed(7)
    theirs = [p.data for p in MMLP(3, [4, 2]).parameters()]
    random.seed(7)
    ours = [p.data for p in nn.MLP(3, [4, 2]).parameters()]
    assert ours == theirs


# --------------------------------------------------------- neuron, layer, MLP
def test_reprs_and_structure_like_micrograd():
    random.seed(0)
    assert repr(nn.Neuron(2)) == "ReLUNeuron(2)"
    assert repr(nn.Neuron(3, nonlin=False)) == "LinearNeuron(3)"
    assert repr(nn.Neuron(3, activation="tanh")) == "TanhNeuron(3)"
    assert repr(nn.Layer(2, 2)) == "Layer of [ReLUNeuron(2), ReLUNeuron(2)]"
    m = nn.MLP(2, [3, 1])
    assert repr(m) == "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]"
    assert len(m.layers) == 2 and len(m.layers[0].neurons) == 3
    assert all(len(n.w) == 2 and n.b.data == 0.0 for n in m.layers[0].neurons)
    assert all(-1.0 <= w.data <= 1.0 for n in m.layers[0].neurons for w in n.w)
    assert isinstance(m([1.0, 2.0]), Value)
    out = nn.Layer(2, 3)([Value(1.0), 2.0])
    assert isinstance(out, list) and len(out) == 3


@pytest.mark.parametrize(
    ("activation", "f"),
    [
        ("relu", lambda z: max(z, 0.0)),
        ("tanh", math.tanh),
        ("sigmoid", lambda z: 1.0 / (1.0 + math.exp(-z))),
        ("leaky_relu", lambda z: z if z > 0 else 0.01 * z),
        ("linear", lambda z: z),
    ],
)
@given(x=st.lists(st.floats(-3, 3), min_size=3, max_size=3), seed=st.integers(0, 2**16))
def test_neuron_computes_activation_of_weighted_sum(activation, f, x, seed):
    n = nn.Neuron(3, activation=activation, seed=seed)
    n.b.data = 0.25
    z = sum(w.data * xi for w, xi in zip(n.w, x)) + 0.25
    out = n([Value(xi) for xi in x])
    assert out.data == pytest.approx(f(z), rel=1e-12, abs=1e-12)
    # One node for the weighted sum: the activation's only parent.
    if activation != "linear":
        assert len(out._parents) == 1 and len(out._parents[0]._parents) == 7


def test_mlp_hidden_activation_and_linear_output():
    m = nn.MLP(2, [4, 4, 2], activation="tanh", seed=1)
    kinds = [{n.activation for n in layer.neurons} for layer in m.layers]
    assert kinds == [{"tanh"}, {"tanh"}, {"linear"}]
    assert len(m([0.5, -0.5])) == 2


def test_seeded_initialization_is_reproducible():
    a = [p.data for p in nn.MLP(2, [8, 1], seed=11).parameters()]
    b = [p.data for p in nn.MLP(2, [8, 1], seed=11).parameters()]
    c = [p.data for p in nn.MLP(2, [8, 1], seed=12).parameters()]
    assert a == b and a != c
    # seed=s draws what random.Random(s) (and micrograd after random.seed(s)) draws
    assert [p.data for p in nn.MLP(2, [8, 1], rng=random.Random(11)).parameters()] == a
    random.seed(11)
    assert [p.data for p in nn.MLP(2, [8, 1]).parameters()] == a
    nn.manual_seed(11)
    assert [p.data for p in nn.MLP(2, [8, 1]).parameters()] == a
    assert [p.data for p in nn.Layer(2, 8, seed=11).parameters()] == a[: 8 * 3]
    assert [w.data for w in nn.Neuron(2, seed=11).w] == a[:2]


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        nn.Neuron(2, seed=0)([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="unknown activation"):
        nn.Neuron(2, activation="swish")
    with pytest.raises(ValueError, match="nin must be a positive int"):
        nn.Neuron(0)
    with pytest.raises(ValueError, match="not both"):
        nn.MLP(2, [1], seed=1, rng=random.Random(1))
    with pytest.raises(TypeError, match="seed must be an int"):
        nn.Neuron(2, seed=1.5)  # type: ignore[arg-type]


# -------------------------------------------------------------------- Module
class _Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.gain = Value(2.0)
        self.table = [Value(3.0), (Value(4.0), Value(5.0))]


class _Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = Tensor(np.ones((2, 2)), requires_grad=True)
        self.buffer = Tensor(np.zeros(3))  # data, not a parameter
        self.block = _Block()
        self.scale = Value(1.5)
        self._private = Value(9.0)  # never searched
        self.alias = self.scale  # shared: listed once
        self.blocks = [_Block()]
        self.micro = nn.Neuron(2, seed=0)  # overrides parameters()


def test_module_parameters_in_attribute_order():
    net = _Net()
    names = [name for name, _ in net.named_parameters()]
    assert names == [
        "w", "block.gain", "block.table.0", "block.table.1.0", "block.table.1.1", "scale",
        "blocks.0.gain", "blocks.0.table.0", "blocks.0.table.1.0", "blocks.0.table.1.1",
        "micro.w.0", "micro.w.1", "micro.b",
    ]
    params = net.parameters()
    assert [p for _, p in net.named_parameters()] == params
    assert params[0] is net.w and params[5] is net.scale and params[-1] is net.micro.b
    assert len({id(p) for p in params}) == len(params)
    assert [name for name, _ in _Net().named_parameters()] == names
    assert net.num_parameters() == 4 + 12
    assert [type(m).__name__ for m in net.modules()] == ["_Net", "_Block", "_Block", "Neuron"]
    assert net.children() == [net.block, net.blocks[0], net.micro]


def test_mlp_parameter_order_matches_discovery_and_micrograd():
    m = nn.MLP(2, [3, 1], seed=0)
    expected = [p for layer in m.layers for n in layer.neurons for p in (*n.w, n.b)]
    assert m.parameters() == expected
    assert nn.Module.parameters(m) == expected  # the generic attribute walk agrees
    names = [name for name, _ in m.named_parameters()]
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert names[-1] == "layers.1.neurons.0.b" and len(names) == 13


def test_zero_grad_clears_every_parameter():
    net = _Net()
    loss = (net.w * net.w).sum()
    loss.backward()
    vals = [p for p in net.parameters() if isinstance(p, Value)]
    net.micro.b.data = 0.3
    s = sum(p * p for p in vals) * net.scale
    s.backward()
    assert net.w.grad is not None and all(p.grad != 0.0 for p in vals)
    net.zero_grad()
    assert net.w.grad is None
    assert all(p.grad == 0.0 for p in vals)

    m = nn.MLP(2, [4, 1], seed=5)
    loss, _ = nn.max_margin_loss(m, [[0.5, -1.0], [1.0, 2.0]], [1, -1])
    loss.backward()
    assert any(p.grad != 0.0 for p in m.parameters())
    m.zero_grad()
    assert all(p.grad == 0.0 for p in m.parameters())


def test_module_call_runs_forward():
    class Scale(nn.Module):
        def __init__(self):
            super().__init__()
            self.k = Value(3.0)

        def forward(self, x):
            return self.k * x

    out = Scale()(Value(2.0))
    assert out.data == 6.0
    with pytest.raises(NotImplementedError, match="_Block defines no forward"):
        _Block()(1.0)
    # micrograd-style modules take any iterable of inputs, as micrograd's zip does
    n = nn.Neuron(2, seed=0)
    assert n(x for x in (1.0, 2.0)).data == n([1.0, 2.0]).data


def test_train_eval_reach_every_submodule():
    net = _Net()
    assert net.eval() is net
    assert all(not m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


# -------------------------------------------------------------------- losses
finite = st.floats(-3.0, 3.0, allow_nan=False)


def _grad_check(loss_fn, ref_fn, xs, targets, upstream):
    """Value and gradient of loss_fn(Values) against the float reference ref_fn."""
    vs = [Value(x) for x in xs]
    out = loss_fn(vs, targets)
    assert out.data == pytest.approx(ref_fn(xs), rel=1e-9, abs=1e-12)
    out.backward(upstream)
    numeric = [upstream * g for g in central_diff(ref_fn, xs)]
    np.testing.assert_allclose([v.grad for v in vs], numeric, rtol=1e-5, atol=1e-7)


@given(data=st.data(), upstream=st.floats(-2.0, 2.0).filter(lambda g: abs(g) > 0.1))
def test_mse(data, upstream):
    n = data.draw(st.integers(1, 6))
    xs = data.draw(st.lists(finite, min_size=n, max_size=n))
    ts = data.draw(st.lists(finite, min_size=n, max_size=n))
    _grad_check(L.mse, lambda p: sum((a - b) ** 2 for a, b in zip(p, ts)) / n, xs, ts, upstream)


@given(data=st.data(), upstream=st.floats(-2.0, 2.0).filter(lambda g: abs(g) > 0.1))
def test_binary_cross_entropy(data, upstream):
    n = data.draw(st.integers(1, 6))
    ps = data.draw(st.lists(st.floats(0.05, 0.95), min_size=n, max_size=n))
    ts = data.draw(st.lists(st.sampled_from([0.0, 1.0, 0.3]), min_size=n, max_size=n))

    def ref(p):
        return -sum(t * math.log(a) + (1 - t) * math.log(1 - a) for a, t in zip(p, ts)) / n

    _grad_check(L.binary_cross_entropy, ref, ps, ts, upstream)


@given(data=st.data(), upstream=st.floats(-2.0, 2.0).filter(lambda g: abs(g) > 0.1))
def test_binary_cross_entropy_with_logits(data, upstream):
    n = data.draw(st.integers(1, 6))
    zs = data.draw(st.lists(st.floats(-6.0, 6.0), min_size=n, max_size=n))
    ts = data.draw(st.lists(st.sampled_from([0.0, 1.0, 0.7]), min_size=n, max_size=n))

    def ref(z):
        s = [1.0 / (1.0 + math.exp(-a)) for a in z]
        return -sum(t * math.log(a) + (1 - t) * math.log(1 - a) for a, t in zip(s, ts)) / n

    _grad_check(L.binary_cross_entropy_with_logits, ref, zs, ts, upstream)


def test_losses_saturate_gracefully():
    # with logits: exact far out where sigmoid rounds to 1
    z = Value(1000.0)
    loss = L.binary_cross_entropy_with_logits([z], [0.0])
    loss.backward()
    assert loss.data == pytest.approx(1000.0) and z.grad == pytest.approx(1.0)
    # on probabilities: clamped, finite, no gradient through the clamp (as torch.clamp)
    p = Value(0.0)
    loss = L.binary_cross_entropy([p], [1.0], eps=1e-7)
    loss.backward()
    assert loss.data == pytest.approx(-math.log(1e-7)) and p.grad == 0.0


@given(data=st.data(), upstream=st.floats(-2.0, 2.0).filter(lambda g: abs(g) > 0.1))
def test_hinge(data, upstream):
    n = data.draw(st.integers(1, 6))
    ts = data.draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=n, max_size=n))
    # keep 1 - t s away from the kink at 0
    ss = data.draw(st.lists(finite.filter(lambda s: abs(abs(s) - 1.0) > 1e-3), min_size=n, max_size=n))
    _grad_check(L.hinge, lambda s: sum(max(0.0, 1 - t * a) for a, t in zip(s, ts)) / n, ss, ts, upstream)


@given(xs=st.lists(finite, min_size=1, max_size=6))
def test_l2_penalty(xs):
    _grad_check(lambda vs, _: L.l2_penalty(vs), lambda p: sum(a * a for a in p), xs, None, 1.0)


def test_loss_input_errors():
    with pytest.raises(ValueError, match="mse: got 2 predictions but 1 targets"):
        L.mse([Value(1.0), Value(2.0)], [1.0])
    with pytest.raises(TypeError, match="hinge: expected lists"):
        L.hinge(Value(1.0), [1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no samples"):
        L.binary_cross_entropy([], [])


# ----------------------------------------------------------------------- SGD
def _hand_sgd(p, grads, lr, momentum, wd, nesterov=False):
    buf = None
    for g in grads:
        d = g + wd * p
        buf = d if buf is None else momentum * buf + d
        p = p - lr * ((d + momentum * buf) if nesterov else buf)
    return p


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum_two_steps_by_hand(nesterov):
    lr, mom, wd = 0.1, 0.9, 0.01
    g1, g2 = 0.5, -0.25
    v = Value(1.0)
    t = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    opt = nn.SGD([v, t], lr=lr, momentum=mom, weight_decay=wd, nesterov=nesterov)
    for g in (g1, g2):
        v.grad = g
        t.grad = Tensor(np.array([g, 2 * g]))
        opt.step()
    # written out: d1 = g1 + wd p0; b1 = d1; p1 = p0 - lr b1; d2 = g2 + wd p1; b2 = mom b1 + d2; p2 = p1 - lr b2
    d1 = g1 + wd * 1.0
    p1 = 1.0 - lr * ((d1 + mom * d1) if nesterov else d1)
    d2 = g2 + wd * p1
    b2 = mom * d1 + d2
    p2 = p1 - lr * ((d2 + mom * b2) if nesterov else b2)
    assert v.data == pytest.approx(p2, rel=1e-14)
    np.testing.assert_allclose(t.data, [_hand_sgd(1.0, [g1, g2], lr, mom, wd, nesterov),
                                        _hand_sgd(-2.0, [2 * g1, 2 * g2], lr, mom, wd, nesterov)], rtol=1e-14)


def test_sgd_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=(3, 2))
    grads = [rng.normal(size=(3, 2)) for _ in range(3)]
    ours = Tensor(w0.copy(), requires_grad=True)
    theirs = torch.tensor(w0.copy(), requires_grad=True)
    o1 = nn.SGD([ours], lr=0.05, momentum=0.8, dampening=0.1, weight_decay=0.02)
    o2 = torch.optim.SGD([theirs], lr=0.05, momentum=0.8, dampening=0.1, weight_decay=0.02)
    for g in grads:
        ours.grad = Tensor(g)
        theirs.grad = torch.tensor(g)
        o1.step()
        o2.step()
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12)


def test_sgd_plain_update_zero_grad_and_lr():
    v, t, idle = Value(1.0), Tensor(np.array([1.0, 2.0]), requires_grad=True), Tensor(np.ones(2), requires_grad=True)
    opt = nn.SGD([v, t, idle], lr=0.5)
    v.grad, t.grad = 2.0, Tensor(np.array([4.0, -2.0]))
    opt.step()
    assert v.data == 0.0
    np.testing.assert_array_equal(t.data, [-1.0, 3.0])
    np.testing.assert_array_equal(idle.data, [1.0, 1.0])  # grad None: skipped
    opt.lr = 0.25
    assert opt.param_groups[0]["lr"] == 0.25
    opt.zero_grad(set_to_none=False)
    assert v.grad == 0.0
    np.testing.assert_array_equal(t.grad.data, [0.0, 0.0])
    opt.zero_grad()
    assert t.grad is None
    with pytest.raises(ValueError, match="empty parameter list"):
        nn.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="must be a Value or a Tensor"):
        nn.SGD([1.0], lr=0.1)
    with pytest.raises(ValueError, match="lr must be >= 0"):
        nn.SGD([v], lr=-1.0)
    with pytest.raises(ValueError, match="momentum must be >= 0, got nan"):
        nn.SGD([v], lr=0.1, momentum=float("nan"))
    for name in ("lr", "momentum", "weight_decay", "dampening"):
        with pytest.raises(TypeError, match=rf"^SGD: {name} must be a real number, got str '0.1'"):
            nn.SGD([v], **{"lr": 0.1, name: "0.1"})
    with pytest.raises(TypeError, match=r"^SGD: lr must be a real number, got NoneType"):
        opt.lr = None  # type: ignore[assignment]


# --------------------------------------------------------------------- moons
@given(n=st.integers(1, 60), seed=st.integers(0, 2**31 - 1))
def test_make_moons_shape_labels_and_curves(n, seed):
    X, y = nn.make_moons(n, noise=0.0, seed=seed)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert (y == 0).sum() == n // 2 and (y == 1).sum() == n - n // 2
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0, atol=1e-12)
    assert set(nn.signed_labels(y).tolist()) <= {-1, 1}
    Xa, ya = nn.make_moons(n, noise=0.1, seed=seed)
    Xb, yb = nn.make_moons(n, noise=0.1, seed=seed)
    np.testing.assert_array_equal(Xa, Xb)


def test_make_moons_matches_scikit_learn():
    datasets = pytest.importorskip("sklearn.datasets")
    for n, noise in ((100, 0.1), (7, None), (33, 0.3)):
        X, y = nn.make_moons(n, noise=noise, seed=1337)
        Xs, ys = datasets.make_moons(n_samples=n, noise=noise, random_state=1337)
        np.testing.assert_array_equal(X, Xs)
        np.testing.assert_array_equal(y, ys)
