"""nn.Module on tensors: registration, naming, hooks, modes, state dicts, repr, init."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn import init


class _Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(np.ones(3, dtype=np.float32))
        self.features = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2, bias=False)
        self.register_buffer("steps", Tensor(np.zeros((), dtype=np.int64)))
        self.register_buffer("cache", Tensor(np.zeros(2)), persistent=False)

    def forward(self, x):
        return self.head(self.features(x) * self.scale)


def test_registration_and_names_in_pytorch_order():
    net = _Net()
    assert [n for n, _ in net.named_parameters()] == ["scale", "features.weight", "features.bias", "head.weight"]
    assert net.parameters()[0] is net.scale and len(net.parameters()) == 4
    assert [n for n, _ in net.named_parameters(recurse=False)] == ["scale"]
    assert [n for n, _ in net.named_buffers()] == ["steps", "cache"]
    assert [n for n, _ in net.named_children()] == ["features", "head"]
    assert [n for n, _ in net.named_modules()] == ["", "features", "head"]
    assert list(net.state_dict()) == ["scale", "steps", "features.weight", "features.bias", "head.weight"]
    assert net.head.bias is None and "bias" in net.head._parameters
    assert isinstance(net.scale, Tensor) and net.scale.requires_grad
    with pytest.raises(TypeError, match="cannot assign 'Tensor' as parameter 'scale'"):
        net.scale = Tensor(np.ones(3))
    with pytest.raises(TypeError, match="buffer 'steps'"):
        net.steps = np.zeros(())
    net.steps = Tensor(np.ones((), dtype=np.int64))
    assert net.buffers()[0] is net.steps
    del net.head
    assert [n for n, _ in net.named_children()] == ["features"]


def test_shared_parameter_listed_once_and_frozen_still_listed():
    lin = nn.Linear(2, 2)
    seq = nn.Module()
    seq.a = lin
    seq.b = lin
    assert [n for n, _ in seq.named_parameters()] == ["a.weight", "a.bias"]
    lin.requires_grad_(False)
    assert len(seq.parameters()) == 2 and not lin.weight.requires_grad


def test_hooks_replace_args_and_output_and_remove():
    autograd.manual_seed(0)
    net = _Net()
    x = Tensor(np.ones((5, 4), dtype=np.float32))
    calls = []
    h1 = net.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    h2 = net.register_forward_hook(lambda m, args, out: calls.append((m, args[0].shape, out.shape)))
    out = net(x)
    assert calls == [(net, (5, 4), (5, 2))]
    bias_only = net.head(net.features.bias * net.scale)
    # (float32, and F.linear picks its product order by batch size: not bit-identical)
    np.testing.assert_allclose(out.data, np.broadcast_to(bias_only.data, (5, 2)), rtol=1e-5, atol=1e-6)
    h1.remove()
    h2.remove()
    h3 = net.register_forward_hook(lambda m, args, out: out * 2)
    np.testing.assert_allclose(net(x).data, 2 * net.forward(x).data, rtol=1e-5, atol=1e-6)
    h3.remove()
    np.testing.assert_allclose(net(x).data, net.forward(x).data)
    assert len(calls) == 1
    with pytest.raises(TypeError, match="callable"):
        net.register_forward_hook(3)


def test_train_eval_zero_grad_apply():
    net = _Net()
    assert net.eval() is net and not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    net(Tensor(np.ones((2, 4), dtype=np.float32))).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(np.all(p.grad.data == 0) for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    seen = []
    assert net.apply(lambda m: seen.append(type(m).__name__)) is net
    assert seen == ["Linear", "Linear", "_Net"]


def test_state_dict_round_trip_and_errors():
    a, b = _Net(), _Net()
    sd = a.state_dict()
    assert np.shares_memory(sd["features.weight"].data, a.features.weight.data)
    assert not sd["features.weight"].requires_grad
    result = b.load_state_dict(sd)
    assert result == ([], []) and result.missing_keys == []
    for (na, ta), (nb, tb) in zip(a.state_dict().items(), b.state_dict().items()):
        assert na == nb and np.array_equal(ta.data, tb.data)
    before = b.features.weight.data.copy()
    arrays = {k: v.data.copy() + 1 for k, v in a.state_dict().items()}
    b.load_state_dict(arrays)  # numpy arrays are accepted
    np.testing.assert_array_equal(b.features.weight.data, before + 1)

    bad = dict(arrays)
    del bad["scale"]
    bad["extra"] = np.zeros(1)
    bad["features.weight"] = np.zeros((4, 3), dtype=np.float32)
    snapshot = b.features.bias.data.copy()
    with pytest.raises(RuntimeError) as err:
        b.load_state_dict(bad)
    msg = str(err.value)
    assert 'Missing key(s) in state_dict: "scale"' in msg
    assert 'Unexpected key(s) in state_dict: "extra"' in msg
    assert "size mismatch for features.weight" in msg and "(4, 3)" in msg and "(3, 4)" in msg
    np.testing.assert_array_equal(b.features.bias.data, snapshot)  # nothing written
    del bad["features.weight"]
    missing, unexpected = b.load_state_dict(bad, strict=False)
    assert missing == ["scale", "features.weight"] and unexpected == ["extra"]


def test_scalar_and_tensor_parameters_on_one_base():
    class Mixed(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(2, 1)
            self.gain = autograd.Value(2.0)
            self.layer = nn.Layer(2, 1, seed=0)

    m = Mixed()
    names = [n for n, _ in m.named_parameters()]
    assert names == ["lin.weight", "lin.bias", "gain", "layer.neurons.0.w.0", "layer.neurons.0.w.1",
                     "layer.neurons.0.b"]
    assert list(m.state_dict()) == ["lin.weight", "lin.bias"]


def test_repr_nested_like_pytorch():
    net = _Net()
    assert repr(net) == (
        "_Net(\n"
        "  (features): Linear(in_features=4, out_features=3, bias=True)\n"
        "  (head): Linear(in_features=3, out_features=2, bias=False)\n"
        ")"
    )
    assert repr(nn.Identity()) == "Identity()"
    assert repr(nn.Parameter(np.zeros(1))).startswith("Parameter containing:\ntensor(")


# ---------------------------------------------------------------------- init
def test_linear_default_init_bounds_and_seed():
    autograd.manual_seed(0)
    lin = nn.Linear(300, 50)
    bound = 1 / math.sqrt(300)
    assert lin.weight.shape == (50, 300) and lin.bias.shape == (50,)
    assert lin.weight.dtype == np.float32
    for p in (lin.weight, lin.bias):
        assert np.abs(p.data).max() <= bound and np.abs(p.data).max() > 0.9 * bound
    autograd.manual_seed(0)
    again = nn.Linear(300, 50)
    assert np.array_equal(again.weight.data, lin.weight.data)
    assert nn.Linear(2, 3, dtype=np.float64).weight.dtype == np.float64
    assert nn.Linear(0, 3).weight.shape == (3, 0)


@pytest.mark.parametrize(
    ("fn", "kwargs", "kind", "scale"),
    [
        (init.xavier_uniform_, {}, "uniform", math.sqrt(6 / (40 * 9 + 20 * 9))),
        (init.xavier_uniform_, {"gain": 2.0}, "uniform", 2 * math.sqrt(6 / (40 * 9 + 20 * 9))),
        (init.xavier_normal_, {}, "normal", math.sqrt(2 / (40 * 9 + 20 * 9))),
        (init.kaiming_uniform_, {}, "uniform", math.sqrt(2) * math.sqrt(3 / (40 * 9))),
        (init.kaiming_uniform_, {"a": math.sqrt(5)}, "uniform", 1 / math.sqrt(40 * 9)),
        (init.kaiming_uniform_, {"mode": "fan_out", "nonlinearity": "relu"}, "uniform",
         math.sqrt(2) * math.sqrt(3 / (20 * 9))),
        (init.kaiming_normal_, {"nonlinearity": "relu"}, "normal", math.sqrt(2) / math.sqrt(40 * 9)),
        (init.kaiming_normal_, {"mode": "fan_out", "nonlinearity": "tanh"}, "normal", 5 / 3 / math.sqrt(20 * 9)),
    ],
)
def test_init_distributions(fn, kwargs, kind, scale):
    t = Tensor(np.zeros((20, 40, 3, 3)))
    out = fn(t, generator=np.random.default_rng(0), **kwargs)
    assert out is t
    if kind == "uniform":
        assert np.abs(t.data).max() <= scale and np.abs(t.data).max() > 0.98 * scale
        assert abs(t.data.std() - scale / math.sqrt(3)) < 0.03 * scale
    else:
        assert abs(t.data.std() - scale) < 0.03 * scale


def test_init_simple_fills_gain_and_errors():
    t = Tensor(np.zeros((2, 3)), requires_grad=True)
    assert init.ones_(t) is t and np.all(t.data == 1) and t._op is None
    init.constant_(t, 2.5)
    assert np.all(t.data == 2.5)
    init.zeros_(t)
    assert np.all(t.data == 0)
    init.uniform_(t, -2, -1, generator=np.random.default_rng(1))
    assert t.data.min() >= -2 and t.data.max() <= -1
    init.normal_(t, 5.0, 0.0)
    assert np.all(t.data == 5.0)
    a = init.normal_(Tensor(np.zeros(5)), generator=np.random.default_rng(3)).data
    b = init.normal_(Tensor(np.zeros(5)), generator=np.random.default_rng(3)).data
    assert np.array_equal(a, b)
    assert init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    assert init.calculate_gain("conv2d") == 1.0 and init.calculate_gain("selu") == 0.75
    assert init._calculate_fan_in_and_fan_out(Tensor(np.zeros((5, 4, 3)))) == (12, 15)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(Tensor(np.zeros(3)))
    with pytest.raises(ValueError, match="unsupported nonlinearity"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="Mode"):
        init.kaiming_normal_(Tensor(np.zeros((2, 2))), mode="fan")
    with pytest.raises(TypeError, match="generator"):
        init.uniform_(t, generator=3)


def test_init_and_linear_against_torch():
    torch = pytest.importorskip("torch")
    lin = nn.Linear(5, 3, dtype=np.float64)
    ref = torch.nn.Linear(5, 3, dtype=torch.float64)
    ref.load_state_dict({k: torch.from_numpy(v.data.copy()) for k, v in lin.state_dict().items()})
    x = np.random.default_rng(0).normal(size=(4, 5))
    xt = Tensor(x, requires_grad=True)
    xr = torch.tensor(x, requires_grad=True)
    g = np.random.default_rng(1).normal(size=(4, 3))
    lin(xt).backward(Tensor(g))
    ref(xr).backward(torch.tensor(g))
    np.testing.assert_allclose(xt.grad.data, xr.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(lin.weight.grad.data, ref.weight.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(lin.bias.grad.data, ref.bias.grad.numpy(), rtol=1e-12)
    assert list(lin.state_dict()) == list(ref.state_dict())
    for name in ("linear", "relu", "tanh", "sigmoid", "selu", "conv2d"):
        assert init.calculate_gain(name) == pytest.approx(torch.nn.init.calculate_gain(name))
    w = torch.empty(7, 4, 2)
    assert init._calculate_fan_in_and_fan_out(Tensor(w.numpy())) == torch.nn.init._calculate_fan_in_and_fan_out(w)


def test_linear_input_errors():
    lin = nn.Linear(4, 2)
    with pytest.raises(ValueError, match=r"Linear: expected 4 input features .* got 3 .*\(5, 3\)"):
        lin(Tensor(np.zeros((5, 3), dtype=np.float32)))
    with pytest.raises(ValueError, match="Linear: in_features must be an int"):
        nn.Linear(-1, 2)
    assert lin(Tensor(np.zeros((0, 4), dtype=np.float32))).shape == (0, 2)


def test_parameter_list_and_dict_register_as_pytorchs() -> None:
    torch = pytest.importorskip("torch")

    class Ours(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.scales = nn.ParameterList([nn.Parameter(Tensor(np.full(2, float(i)))) for i in range(2)])
            self.scales.append(Tensor(np.ones(3)))  # (a Tensor becomes a Parameter)
            self.extra = nn.ParameterDict({"a": Tensor(np.zeros(1)), "b": nn.Parameter(Tensor(np.ones(1)))})

    class Theirs(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.scales = torch.nn.ParameterList([torch.nn.Parameter(torch.full((2,), float(i))) for i in range(2)])
            self.scales.append(torch.ones(3))
            self.extra = torch.nn.ParameterDict({"a": torch.zeros(1), "b": torch.nn.Parameter(torch.ones(1))})

    ours, theirs = Ours(), Theirs()
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in ours.parameters())
    assert len(ours.scales) == 3 and ours.scales[-1].shape == (3,) and "a" in ours.extra
    loss = sum((p * p).sum() for p in ours.scales) + ours.extra["b"].sum()
    loss.backward()
    assert ours.scales[1].grad.tolist() == [2.0, 2.0] and ours.extra["b"].grad.tolist() == [1.0]
    with pytest.raises(TypeError, match="^ParameterList: list is not a Parameter or a Tensor"):
        ours.scales.append([1.0])
    with pytest.raises(IndexError, match="^index 3 is out of range for a ParameterList of length 3"):
        ours.scales[3]
