"""Layers and containers: PyTorch's numbers, names, layouts and defaults; gradcheck;
float32, float64 and empty batches; train/eval; input errors."""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, gradcheck, gradgradcheck

# (layer name, args, kwargs, input shape); "int" input shapes are index arrays
LAYERS = [
    ("Linear", (6, 4), {}, (3, 6)),
    ("Linear", (6, 4), {"bias": False}, (2, 5, 6)),
    ("Identity", (), {}, (3, 4)),
    ("Flatten", (), {}, (3, 2, 4)),
    ("Flatten", (0, 1), {}, (3, 2, 4)),
    ("Unflatten", (1, (2, 3)), {}, (4, 6)),
    ("Dropout", (0.3,), {}, (3, 4)),
    ("ReLU", (), {}, (3, 4)),
    ("LeakyReLU", (0.2,), {}, (3, 4)),
    ("Tanh", (), {}, (3, 4)),
    ("Sigmoid", (), {}, (3, 4)),
    ("Softplus", (2.0, 3.0), {}, (3, 4)),
    ("GELU", (), {}, (3, 4)),
    ("GELU", (), {"approximate": "tanh"}, (3, 4)),
    ("Softmax", (), {"dim": 1}, (3, 4)),
    ("LogSoftmax", (), {"dim": -1}, (2, 3, 4)),
    ("Conv1d", (3, 4, 3), {"stride": 2, "padding": 1}, (2, 3, 9)),
    ("Conv1d", (4, 4, 2), {"dilation": 2, "groups": 2, "padding": "same"}, (2, 4, 7)),
    ("Conv2d", (4, 6, 3), {"stride": 2, "padding": 1, "groups": 2}, (2, 4, 7, 7)),
    ("Conv2d", (3, 4, (3, 2)), {"padding": "same", "dilation": 2}, (2, 3, 6, 5)),
    ("Conv2d", (3, 2, 3), {"padding": "valid", "bias": False, "stride": (1, 2)}, (2, 3, 6, 7)),
    ("ConvTranspose2d", (4, 6, 3), {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2}, (2, 4, 4, 5)),
    ("ConvTranspose2d", (3, 2, (2, 3)), {"dilation": 2, "bias": False}, (2, 3, 3, 3)),
    ("MaxPool2d", (3,), {"stride": 2, "padding": 1}, (2, 3, 7, 7)),
    ("MaxPool2d", (2,), {}, (2, 3, 6, 6)),
    ("AvgPool2d", (3,), {"stride": 2, "padding": 1}, (2, 3, 7, 7)),
    ("AvgPool2d", (2,), {}, (3, 6, 6)),
    ("AdaptiveAvgPool2d", ((2, 3),), {}, (2, 3, 7, 8)),
    ("AdaptiveAvgPool2d", (1,), {}, (2, 3, 5, 5)),
    ("BatchNorm1d", (4,), {}, (5, 4)),
    ("BatchNorm1d", (4,), {"momentum": None}, (5, 4, 3)),
    ("BatchNorm2d", (3,), {"eps": 1e-3, "momentum": 0.3}, (4, 3, 5, 5)),
    ("BatchNorm2d", (3,), {"affine": False}, (4, 3, 2, 2)),
    ("BatchNorm2d", (3,), {"bias": False}, (4, 3, 2, 2)),
    ("BatchNorm2d", (3,), {"track_running_stats": False}, (4, 3, 2, 2)),
    ("LayerNorm", ((3, 4),), {}, (2, 5, 3, 4)),
    ("LayerNorm", (4,), {"elementwise_affine": False}, (3, 4)),
    ("LayerNorm", (4,), {"bias": False}, (3, 4)),
    ("Embedding", (10, 3), {}, "int"),
    ("Embedding", (10, 3), {"padding_idx": 2}, "int"),
]
IDS = [f"{name}{i}" for i, (name, *_rest) in enumerate(LAYERS)]
HAS_DTYPE = {"Linear", "Conv1d", "Conv2d", "ConvTranspose2d", "BatchNorm1d", "BatchNorm2d", "LayerNorm", "Embedding"}


@pytest.fixture
def float64_default():
    old = autograd.get_default_dtype()
    autograd.set_default_dtype(np.float64)
    yield
    autograd.set_default_dtype(old)


def _input(shape, dtype, rng, batch=None):
    if shape == "int":
        shape = (batch if batch is not None else 4, 5)
        return np.array([2, 2, 7, 0, 2])[None].repeat(shape[0], 0) if shape[0] else np.zeros((0, 5), np.int64)
    if batch is not None:
        shape = (batch, *shape[1:])
    return rng.normal(size=shape).astype(dtype)


def _pair(torch, name, args, kwargs, dtype):
    autograd.manual_seed(0)  # the same weights whatever ran before: tolerances hold for a known draw
    ours = getattr(nn, name)(*args, **kwargs)
    ref = getattr(torch.nn, name)(*args, **kwargs)
    if dtype == np.float64:
        ref = ref.double()
    return ours, ref


def _ours_to_torch(torch, ours, ref):
    sd = ours.state_dict()
    assert list(sd) == list(ref.state_dict())  # same names, same order
    ref.load_state_dict({k: torch.from_numpy(v.data.copy()) for k, v in sd.items()})  # strict: same shapes


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize(("name", "args", "kwargs", "shape"), LAYERS, ids=IDS)
def test_layer_matches_pytorch_float64(name, args, kwargs, shape, mode, float64_default):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    ours, ref = _pair(torch, name, args, kwargs, np.float64)
    if name == "Dropout" and mode == "train":
        pytest.skip("the masks come from different generators (train mode is tested below)")
    _ours_to_torch(torch, ours, ref)
    getattr(ours, mode)()
    getattr(ref, mode)()
    for step in range(2):  # twice: running statistics move, and the second call uses them
        x = _input(shape, np.float64, rng)
        if shape == "int":
            xt, xr = x, torch.from_numpy(x)
        else:
            xt, xr = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = ours(xt), ref(xr)
        assert out.dtype == np.float64
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
        g = rng.normal(size=out.shape)
        ours.zero_grad()
        ref.zero_grad()
        out.backward(Tensor(g))
        expected.backward(torch.from_numpy(g))
        if shape != "int":
            np.testing.assert_allclose(xt.grad.data, xr.grad.numpy(), rtol=1e-9, atol=1e-12)
        theirs = dict(ref.named_parameters())
        for pname, p in ours.named_parameters():
            np.testing.assert_allclose(p.grad.data, theirs[pname].grad.numpy(), rtol=1e-9, atol=1e-12,
                                       err_msg=f"{name}.{pname} step {step}")
        for bname, b in ours.state_dict().items():
            np.testing.assert_allclose(b.data, ref.state_dict()[bname].numpy(), rtol=1e-12, err_msg=bname)
    # and back: a torch state dict loads here (arrays), values identical
    again = getattr(nn, name)(*args, **kwargs)
    result = again.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    assert result == ([], [])
    for k, v in again.state_dict().items():
        assert np.array_equal(v.data, ref.state_dict()[k].numpy())


@pytest.mark.parametrize(("name", "args", "kwargs", "shape"), LAYERS, ids=IDS)
def test_layer_float32_and_empty_batch(name, args, kwargs, shape):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    ours, ref = _pair(torch, name, args, kwargs, np.float32)
    _ours_to_torch(torch, ours, ref)
    ours.eval()
    ref.eval()
    x = _input(shape, np.float32, rng)
    out = ours(Tensor(x) if shape != "int" else x)
    assert out.dtype == np.float32
    for p in ours.parameters():
        assert p.dtype == np.float32
    np.testing.assert_allclose(out.data, ref(torch.from_numpy(x)).detach().numpy(), rtol=2e-5, atol=2e-6)
    if (name == "Flatten" and args == (0, 1)) or (shape != "int" and name.endswith("Pool2d") and len(shape) == 3):
        # no batch dimension to empty (flattened away, or an unbatched (C, H, W) input:
        # emptying its first axis leaves no channels, which PyTorch's max/avg pooling refuse;
        # ours give the empty result, tested in test_pool_norm_ops)
        return
    for mode in ("eval", "train"):
        getattr(ours, mode)()
        getattr(ref, mode)()
        x0 = _input(shape, np.float32, rng, batch=0)
        x0t = Tensor(x0, requires_grad=True) if shape != "int" else x0
        out0 = ours(x0t)
        if not (name.startswith("BatchNorm") and mode == "train"):  # torch refuses to train on nothing
            assert out0.shape == tuple(ref(torch.from_numpy(x0)).shape)
        out0.sum().backward()
        if shape != "int":
            assert x0t.grad is None or x0t.grad.shape == x0.shape


# Dropout draws a new mask per call; the padding row of an Embedding gets no gradient by design
GRADCHECKED = [(c, i) for c, i in zip(LAYERS, IDS) if c[0] != "Dropout" and "padding_idx" not in c[2]]


@pytest.mark.parametrize(("name", "args", "kwargs", "shape"), [c for c, _ in GRADCHECKED],
                         ids=[i for _, i in GRADCHECKED])
def test_layer_gradcheck(name, args, kwargs, shape, float64_default):
    autograd.manual_seed(0)
    layer = getattr(nn, name)(*args, **kwargs)
    rng = np.random.default_rng(2)
    x = _input(shape, np.float64, rng)
    names = [n for n, _ in layer.named_parameters()]
    params = [Tensor(p.data.copy(), requires_grad=True) for p in layer.parameters()]
    for p in params:  # affine parameters start at ones/zeros: move them off the trivial point
        p.data += rng.normal(scale=0.3, size=p.shape)

    def f(*inputs):
        xin, ps = (x, inputs) if shape == "int" else (inputs[0], inputs[1:])
        for n, p in zip(names, ps):
            object.__setattr__(layer, n, p)  # the forward reads the attribute; registration is untouched
        return layer(xin)

    inputs = params if shape == "int" else [Tensor(x, requires_grad=True), *params]
    assert gradcheck(f, inputs)
    if name in ("Conv2d", "ConvTranspose2d", "BatchNorm2d", "LayerNorm", "Embedding", "MaxPool2d", "Linear"):
        assert gradgradcheck(f, inputs)


# ---------------------------------------------------------------- defaults
def test_default_init_has_pytorch_bounds():
    autograd.manual_seed(0)
    for layer, fan_in in ((nn.Conv2d(6, 16, 5), 150), (nn.Conv2d(8, 4, 3, groups=4), 18), (nn.Conv1d(3, 32, 7), 21),
                          (nn.ConvTranspose2d(4, 12, 3, groups=2), 54), (nn.Linear(120, 84), 120)):
        bound = 1 / math.sqrt(fan_in)
        for p in (layer.weight, layer.bias):
            assert np.abs(p.data).max() <= bound
            assert np.abs(p.data).max() > 0.8 * bound, type(layer).__name__  # spread over the range
    bn = nn.BatchNorm2d(5)
    assert np.all(bn.weight.data == 1) and np.all(bn.bias.data == 0)
    assert np.all(bn.running_mean.data == 0) and np.all(bn.running_var.data == 1)
    assert bn.num_batches_tracked.dtype == np.int64 and bn.num_batches_tracked.shape == ()
    ln = nn.LayerNorm(7)
    assert np.all(ln.weight.data == 1) and np.all(ln.bias.data == 0)
    emb = nn.Embedding(1000, 20, padding_idx=-1)
    assert emb.padding_idx == 999 and np.all(emb.weight.data[999] == 0)
    assert abs(emb.weight.data[:999].std() - 1) < 0.02 and abs(emb.weight.data[:999].mean()) < 0.02
    autograd.manual_seed(3)
    a = nn.Conv2d(2, 3, 3).weight.data.copy()
    autograd.manual_seed(3)
    assert np.array_equal(nn.Conv2d(2, 3, 3).weight.data, a)


def test_default_init_matches_pytorch_parameter_shapes_and_repr():
    torch = pytest.importorskip("torch")
    for name, args, kwargs, _ in LAYERS:
        ours, ref = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
        assert [(k, tuple(v.shape)) for k, v in ours.state_dict().items()] == \
            [(k, tuple(v.shape)) for k, v in ref.state_dict().items()], name
        if name not in ("Softmax", "LogSoftmax"):
            assert repr(ours) == repr(ref), name


# ------------------------------------------------------------ train / eval
def test_dropout_switches_with_train_and_eval():
    d = nn.Dropout(0.25)
    x = Tensor(np.ones((200, 50)))
    y = d(x).data
    assert set(np.unique(y)) == {0.0, 1 / 0.75}
    assert abs((y == 0).mean() - 0.25) < 0.02
    d.eval()
    assert np.array_equal(d(x).data, x.data)
    seq = nn.Sequential(nn.Linear(50, 50), nn.Dropout(0.5))
    seq.eval()
    assert np.array_equal(seq(x).data, seq(x).data)
    seq.train()
    assert not np.array_equal(seq(x).data, seq(x).data)
    with pytest.raises(ValueError, match=r"Dropout: p must be a probability in \[0, 1\]"):
        nn.Dropout(1.5)


def test_batchnorm_switches_with_train_and_eval():
    bn = nn.BatchNorm1d(3, dtype=np.float64)
    x = Tensor(np.random.default_rng(0).normal(3.0, 2.0, size=(64, 3)))
    y = bn(x).data
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=0), 1, rtol=1e-3)
    np.testing.assert_allclose(bn.running_mean.data, 0.1 * x.data.mean(axis=0))
    assert int(bn.num_batches_tracked.data) == 1
    bn.eval()
    before = bn.running_mean.data.copy()
    y_eval = bn(x).data
    np.testing.assert_allclose(y_eval, (x.data - before) / np.sqrt(bn.running_var.data + 1e-5))
    assert np.array_equal(bn.running_mean.data, before) and int(bn.num_batches_tracked.data) == 1


# ------------------------------------------------------------------ errors
def test_layer_input_errors_name_layer_and_shapes():
    x = Tensor(np.zeros((8, 1, 28, 28), dtype=np.float32))
    with pytest.raises(ValueError, match=r"Conv2d: expected 3 input channels .*\(\*, 3, \*, \*\).*got 1 .*"
                                         r"\(8, 1, 28, 28\)"):
        nn.Conv2d(3, 16, 3)(x)
    with pytest.raises(ValueError, match=r"Conv2d: expected a 3-d or 4-d input, got shape \(28, 28\)"):
        nn.Conv2d(1, 16, 3)(Tensor(np.zeros((28, 28), dtype=np.float32)))
    with pytest.raises(ValueError, match=r"Conv1d: expected 2 input channels"):
        nn.Conv1d(2, 4, 3)(Tensor(np.zeros((1, 3, 9), dtype=np.float32)))
    with pytest.raises(ValueError, match=r"BatchNorm2d: expected a 4-d input, got shape \(8, 3\)"):
        nn.BatchNorm2d(3)(Tensor(np.zeros((8, 3), dtype=np.float32)))
    with pytest.raises(ValueError, match=r"BatchNorm1d: expected 4 input features .* got 3"):
        nn.BatchNorm1d(4)(Tensor(np.zeros((8, 3), dtype=np.float32)))
    with pytest.raises(ValueError, match=r"LayerNorm: expected an input whose last dimensions are \(4,\)"):
        nn.LayerNorm(4)(Tensor(np.zeros((2, 5), dtype=np.float32)))
    with pytest.raises(ValueError, match=r"kernel_size must be an int >= 1"):
        nn.Conv2d(1, 2, 0)
    with pytest.raises(ValueError, match=r"stride must be an int >= 1 .* got 1.5"):
        nn.Conv2d(1, 2, 3, stride=1.5)
    with pytest.raises(ValueError, match=r"padding must be an int >= 0"):
        nn.Conv2d(1, 2, 3, padding=-1)
    with pytest.raises(ValueError, match=r"divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match=r"padding='same' needs stride 1"):
        nn.Conv2d(3, 4, 3, padding="same", stride=2)
    with pytest.raises(ValueError, match=r"conv2d.*kernel"):
        nn.Conv2d(1, 2, 5)(Tensor(np.zeros((1, 1, 3, 3), dtype=np.float32)))
    with pytest.raises(ValueError, match="Unflatten: cannot split dimension 1 of size 5"):
        nn.Unflatten(1, (2, 3))(Tensor(np.zeros((2, 5))))
    with pytest.raises(ValueError, match="Embedding: padding_idx must be within num_embeddings"):
        nn.Embedding(3, 2, padding_idx=3)


# -------------------------------------------------------------- containers
def test_sequential_indexing_slicing_append_and_names():
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    assert len(model) == 3 and isinstance(model[0], nn.Linear) and model[-1] is model[2]
    assert [n for n, _ in model.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    head = model[1:]
    assert isinstance(head, nn.Sequential) and len(head) == 2 and head[1] is model[2]
    assert [n for n, _ in head.named_parameters()] == ["2.weight", "2.bias"]  # PyTorch keeps the keys
    assert [type(m).__name__ for m in model] == ["Linear", "ReLU", "Linear"]
    model.append(nn.LogSoftmax(dim=1))
    assert len(model) == 4 and "(3): LogSoftmax(dim=1)" in repr(model)
    y = model(Tensor(np.zeros((2, 784), dtype=np.float32)))
    assert y.shape == (2, 10)
    named = nn.Sequential(OrderedDict([("conv", nn.Conv2d(1, 2, 3)), ("act", nn.ReLU())]))
    assert [n for n, _ in named.named_parameters()] == ["conv.weight", "conv.bias"] and named.conv is named[0]
    del model[1]
    assert [n for n, _ in model.named_children()] == ["0", "1", "2"]
    with pytest.raises(IndexError, match="out of range"):
        model[7]
    with pytest.raises(TypeError, match="is not a Module subclass"):
        nn.Sequential(nn.ReLU(), 3)


def test_nested_names_like_pytorch():
    torch = pytest.importorskip("torch")

    def build(self, lib):
        self.features = lib.Sequential(lib.Conv2d(1, 6, 5), lib.ReLU(), lib.MaxPool2d(2), lib.Conv2d(6, 16, 5),
                                       lib.BatchNorm2d(16))
        self.heads = lib.ModuleList([lib.Linear(16, 4), lib.Linear(16, 2)])
        self.extra = lib.ModuleDict({"proj": lib.Linear(4, 4), "norm": lib.LayerNorm(4)})

    class Net(nn.Module):
        def __init__(self, lib):
            super().__init__()
            build(self, lib)

    class TorchNet(torch.nn.Module):
        def __init__(self, lib):
            super().__init__()
            build(self, lib)

    ours, ref = Net(nn), TorchNet(torch.nn)
    assert list(ours.state_dict()) == list(ref.state_dict())
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in ref.named_modules()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in ref.named_buffers()]
    assert "features.3.bias" in dict(ours.named_parameters())
    assert repr(ours).replace("Net(", "X(") == repr(ref).replace("TorchNet(", "X(")


def test_module_list_and_dict():
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    assert len(layers) == 3 and len(layers.parameters()) == 6
    layers.append(nn.ReLU())
    layers += [nn.Tanh()]
    assert [type(m).__name__ for m in layers][-2:] == ["ReLU", "Tanh"]
    assert isinstance(layers[1:3], nn.ModuleList) and layers[1:3][0] is layers[1]
    layers.insert(0, nn.Identity())
    assert isinstance(layers[0], nn.Identity) and [n for n, _ in layers.named_children()][-1] == "5"
    d = nn.ModuleDict({"a": nn.Linear(2, 3)})
    d["b"] = nn.ReLU()
    assert list(d) == ["a", "b"] and "a" in d and len(d) == 2 and d["b"] is d.b
    assert [n for n, _ in d.named_parameters()] == ["a.weight", "a.bias"]
    assert d.pop("a").out_features == 3 and list(d.keys()) == ["b"]
    with pytest.raises(KeyError, match="already exists"):
        d["update"] = nn.ReLU()


def test_one_hot_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    from nn import functional as F

    idx = np.array([[0, 2], [1, 1]])
    for k in (-1, 3, 5):
        np.testing.assert_array_equal(F.one_hot(Tensor(idx), k).data,
                                      torch.nn.functional.one_hot(torch.from_numpy(idx), k).numpy())
    assert F.one_hot(Tensor(idx)).dtype == np.int64
    with pytest.raises(ValueError, match=r"^one_hot: class values must lie in \[0, 2\), got values in \[0, 2\]"):
        F.one_hot(Tensor(idx), 2)
    with pytest.raises(TypeError, match="^one_hot: the indices must be an integer tensor, got dtype float32"):
        F.one_hot(Tensor([1.0]))
