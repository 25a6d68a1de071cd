"""nn.save / nn.load: safetensors round trips, nested checkpoints, PyTorch interchange,
and refusal of anything that is not safetensors."""

from __future__ import annotations

import os
import pickle
import struct

import numpy as np
import pytest

import nn
from autograd import Tensor


def _model(dtype=np.float32):
    return nn.Sequential(nn.Conv2d(1, 4, 3, dtype=dtype), nn.BatchNorm2d(4, dtype=dtype), nn.ReLU(), nn.Flatten(),
                         nn.Linear(4 * 6 * 6, 3, dtype=dtype))


def test_state_dict_round_trip_is_bit_exact(tmp_path):
    for dtype in (np.float32, np.float64):
        m = _model(dtype)
        m.train()(Tensor(np.random.default_rng(0).normal(size=(5, 1, 8, 8)).astype(dtype)))  # move running stats
        path = tmp_path / f"m{np.dtype(dtype).name}.safetensors"
        nn.save(m.state_dict(), path)
        back = nn.load(path)
        assert list(back) == list(m.state_dict())
        for (k, a), b in zip(m.state_dict().items(), back.values()):
            assert isinstance(b, Tensor) and b.dtype == a.dtype and b.shape == a.shape, k
            assert a.data.tobytes() == b.data.tobytes(), k
        other = _model(dtype)
        other.load_state_dict(back)
        assert all(np.array_equal(a.data, b.data) for a, b in zip(m.state_dict().values(),
                                                                   other.state_dict().values()))
        assert back["1.num_batches_tracked"].dtype == np.int64 and int(back["1.num_batches_tracked"].data) == 1


def test_nested_checkpoint_keeps_structure_and_types(tmp_path):
    m = _model()
    ckpt = {
        "model": m.state_dict(),
        "optimizer": {"state": {0: {"step": 3, "exp_avg": np.arange(4.0)}},
                      "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "params": [0, 1], "nesterov": False,
                                        "name": None}]},
        "epoch": 3,
        "loss": 0.1 + 0.2,  # not representable exactly in a short decimal
        "tiny": 5e-324,
        "inf": float("inf"),
        "note": "dots.in.keys are fine",
        "a.b": np.float32(1.5),
        "a": {"b": Tensor(np.ones(2))},
        "empty": [],
        "nested": ((1, 2.5), [Tensor(np.zeros((0, 3)))]),
    }
    path = tmp_path / "ckpt.safetensors"
    nn.save(ckpt, path)
    back = nn.load(path)
    assert list(back) == list(ckpt)
    assert list(back["model"]) == list(ckpt["model"])
    assert all(np.array_equal(a.data, b.data) for a, b in zip(ckpt["model"].values(), back["model"].values()))
    st = back["optimizer"]["state"]
    assert list(st) == [0] and st[0]["step"] == 3 and type(st[0]["step"]) is int
    assert isinstance(st[0]["exp_avg"], np.ndarray) and np.array_equal(st[0]["exp_avg"], np.arange(4.0))
    group = back["optimizer"]["param_groups"][0]
    assert group == {"lr": 0.1, "betas": (0.9, 0.999), "params": [0, 1], "nesterov": False, "name": None}
    assert type(group["betas"]) is tuple
    assert back["epoch"] == 3 and type(back["epoch"]) is int
    assert back["loss"] == 0.1 + 0.2 and back["tiny"] == 5e-324 and back["inf"] == float("inf")
    assert back["note"] == ckpt["note"]
    assert back["a.b"] == np.float32(1.5) and back["a.b"].dtype == np.float32
    assert np.array_equal(back["a"]["b"].data, np.ones(2))
    assert back["empty"] == []
    assert back["nested"][0] == (1, 2.5) and type(back["nested"]) is tuple
    assert back["nested"][1][0].shape == (0, 3)


def test_save_refuses_what_it_cannot_store(tmp_path):
    with pytest.raises(TypeError, match=r"cannot store a set \(at x\)"):
        nn.save({"x": {1, 2}}, tmp_path / "a.safetensors")
    with pytest.raises(TypeError, match="dict keys must be str or int"):
        nn.save({(1, 2): 3}, tmp_path / "a.safetensors")
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="appears twice"):
        nn.save(loop, tmp_path / "a.safetensors")


def test_load_refuses_pickles_npz_and_truncated_files(tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    pkl = tmp_path / "evil.pt"
    pkl.write_bytes(pickle.dumps(Evil()))
    with pytest.raises(ValueError, match="is a pickle, not a safetensors file"):
        nn.load(pkl)
    assert not marker.exists()
    npz = tmp_path / "w.npz"
    np.savez(npz, w=np.ones(3))
    with pytest.raises(ValueError, match="zip archive"):
        nn.load(npz)
    good = tmp_path / "good.safetensors"
    nn.save({"w": Tensor(np.arange(1000.0))}, good)
    data = good.read_bytes()
    for cut in (4, 20, len(data) - 8):
        bad = tmp_path / f"cut{cut}.safetensors"
        bad.write_bytes(data[:cut])
        with pytest.raises(ValueError, match="nn.load"):
            nn.load(bad)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(struct.pack("<Q", 10) + b"not json!!")
    with pytest.raises(ValueError, match="not a"):
        nn.load(junk)
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.safetensors")
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(ValueError):
        nn.load(pkl)
    assert sorted(os.listdir(tmp_path)) == before  # load creates nothing


def _torch_model(torch):
    return torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                               torch.nn.Flatten(), torch.nn.Linear(4 * 6 * 6, 3))


def test_weights_cross_to_pytorch_and_back(tmp_path):
    torch = pytest.importorskip("torch")
    st_torch = pytest.importorskip("safetensors.torch")
    ours = _model()
    ours.train()(Tensor(np.random.default_rng(1).normal(size=(5, 1, 8, 8)).astype(np.float32)))
    ours.eval()
    path = tmp_path / "ours.safetensors"
    nn.save(ours.state_dict(), path)
    ref = _torch_model(torch)
    ref.load_state_dict(st_torch.load_file(str(path)))  # strict: every key and shape matches
    ref.eval()
    x = np.random.default_rng(2).normal(size=(2, 1, 8, 8)).astype(np.float32)
    np.testing.assert_allclose(ours(Tensor(x)).data, ref(torch.from_numpy(x)).detach().numpy(), rtol=1e-5,
                               atol=1e-6)
    # and back: a file PyTorch wrote loads here bit for bit
    with torch.no_grad():
        for p in ref.parameters():
            p.mul_(1.5)
    theirs = tmp_path / "theirs.safetensors"
    st_torch.save_file(ref.state_dict(), str(theirs))
    fresh = _model()
    result = fresh.load_state_dict(nn.load(theirs))
    assert result.missing_keys == [] and result.unexpected_keys == []
    for k, v in ref.state_dict().items():
        assert fresh.state_dict()[k].data.tobytes() == v.numpy().tobytes(), k


def test_header_length_that_starts_like_a_pickle_loads(tmp_path):
    """A safetensors header whose length byte is 0x80 (pickle's first byte) is still safetensors."""
    for pad in range(300):
        path = tmp_path / "x.safetensors"
        nn.save({"w": np.zeros(2), "note": "x" * pad}, path)
        if path.read_bytes()[:1] == b"\x80":
            break
    assert path.read_bytes()[:1] == b"\x80" and struct.unpack("<Q", path.read_bytes()[:8])[0] % 256 == 0x80
    assert nn.load(path)["note"] == "x" * pad
