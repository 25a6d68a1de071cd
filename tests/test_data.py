"""nn.data: DataLoader covers every sample once per epoch, reproduces orders, splits."""

import numpy as np
import pytest

import autograd
from autograd.tensor import Tensor
from nn.data import DataLoader, Dataset, Subset, TensorDataset, random_split


def _data(n=23):
    X = np.arange(n * 3, dtype=np.float64).reshape(n, 3)
    y = np.arange(n)
    return X, y


@pytest.mark.parametrize("batch_size", [1, 4, 23, 50])
@pytest.mark.parametrize("shuffle", [False, True])
def test_every_sample_once_per_epoch(batch_size, shuffle):
    X, y = _data()
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=shuffle,
                        generator=np.random.default_rng(0))
    assert len(loader) == -(-23 // batch_size)
    orders = []
    for _ in range(3):
        seen = []
        for xb, yb in loader:
            assert isinstance(xb, Tensor) and isinstance(yb, Tensor)
            assert len(yb.data) <= batch_size
            np.testing.assert_array_equal(xb.data, X[yb.data])  # rows stay paired
            seen.extend(yb.data.tolist())
        assert sorted(seen) == list(range(23))
        orders.append(seen)
    if shuffle:
        assert orders[0] != orders[1]  # a new order each epoch
    else:
        assert orders[0] == list(range(23))


def test_drop_last():
    X, y = _data()
    loader = DataLoader(TensorDataset(X, y), batch_size=5, drop_last=True)
    assert len(loader) == 4
    assert [len(b[1].data) for b in loader] == [5, 5, 5, 5]


def test_order_reproduced_from_seed():
    X, y = _data()

    def orders(loader):
        return [np.concatenate([b[1].data for b in loader]).tolist() for _ in range(2)]

    autograd.manual_seed(3)
    a = orders(DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True))
    autograd.manual_seed(3)
    b = orders(DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True))
    assert a == b
    c = orders(DataLoader(TensorDataset(X, y), 4, True, generator=np.random.default_rng(7)))
    d = orders(DataLoader(TensorDataset(X, y), 4, True, generator=np.random.default_rng(7)))
    assert c == d


def test_state_dict_restores_order():
    X, y = _data()
    loader = DataLoader(TensorDataset(X, y), 4, True, generator=np.random.default_rng(1))
    state = loader.state_dict()
    first = [b[1].data.tolist() for b in loader]
    loader.load_state_dict(state)
    assert [b[1].data.tolist() for b in loader] == first


def test_generic_dataset_collate_and_subset():
    class Squares(Dataset):
        def __getitem__(self, i):
            return {"x": np.array([i, i * i], dtype=float), "i": i}

        def __len__(self):
            return 6

    batches = list(DataLoader(Squares(), batch_size=4))
    assert len(batches) == 2
    np.testing.assert_array_equal(batches[0]["x"].data, [[0, 0], [1, 1], [2, 4], [3, 9]])
    np.testing.assert_array_equal(batches[1]["i"].data, [4, 5])
    sub = Subset(Squares(), [5, 1])
    assert sub[0]["i"] == 5 and len(sub) == 2
    got = list(DataLoader(Squares(), batch_size=3, collate_fn=lambda s: [d["i"] for d in s]))
    assert got == [[0, 1, 2], [3, 4, 5]]


def test_tensor_dataset_accepts_tensors_and_checks_lengths():
    ds = TensorDataset(Tensor(np.ones((4, 2))), np.zeros(4))
    assert len(ds) == 4 and ds[1][0].shape == (2,)
    with pytest.raises(ValueError, match="first dimensions"):
        TensorDataset(np.ones((4, 2)), np.zeros(3))
    with pytest.raises(TypeError, match="TensorDataset"):
        TensorDataset([1, 2, 3])
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(ds, batch_size=0)


def test_random_split():
    ds = TensorDataset(*_data(10))
    a, b = random_split(ds, [7, 3], generator=np.random.default_rng(0))
    assert len(a) == 7 and len(b) == 3
    assert sorted(a.indices + b.indices) == list(range(10))
    parts = random_split(ds, [0.5, 0.25, 0.25], generator=np.random.default_rng(0))
    assert [len(p) for p in parts] == [6, 2, 2]  # floor 5,2,2, then the remainder round-robin (PyTorch)
    with pytest.raises(ValueError, match="sum"):
        random_split(ds, [3, 3])
    # a Subset of a TensorDataset batches its own samples, in its order
    X, y = ds.tensors
    got = [b for b in DataLoader(a, batch_size=3)]
    np.testing.assert_array_equal(np.concatenate([b[1].data for b in got]), y[a.indices])
    np.testing.assert_array_equal(np.concatenate([b[0].data for b in got]), X[a.indices])
