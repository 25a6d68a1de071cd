"""nn.datasets: generated sets equal scikit-learn's, bundled sets, the IDX (MNIST) reader."""

import gzip

import numpy as np
import pytest

from nn import datasets


def test_circles_and_blobs_equal_sklearn():
    skd = pytest.importorskip("sklearn.datasets")
    X, y = datasets.make_circles(57, noise=0.05, seed=3, factor=0.5)
    Xs, ys = skd.make_circles(57, noise=0.05, random_state=3, factor=0.5)
    np.testing.assert_array_equal(X, Xs)
    np.testing.assert_array_equal(y, ys)
    X, y = datasets.make_blobs(103, n_features=3, centers=4, cluster_std=0.7, seed=5)
    Xs, ys = skd.make_blobs(103, n_features=3, centers=4, cluster_std=0.7, random_state=5)
    np.testing.assert_array_equal(X, Xs)
    np.testing.assert_array_equal(y, ys)


def test_spirals_shape_and_seed():
    X, y = datasets.make_spirals(301, n_classes=3, seed=0)
    assert X.shape == (301, 2) and sorted(np.bincount(y).tolist()) == [100, 100, 101]
    assert np.all(np.hypot(X[:, 0], X[:, 1]) <= 1.0 + 1e-12)
    np.testing.assert_array_equal(X, datasets.make_spirals(301, n_classes=3, seed=0)[0])


def test_sklearn_loaders():
    pytest.importorskip("sklearn")
    X, y = datasets.load_digits()
    assert X.shape == (1797, 64) and set(np.unique(y)) == set(range(10))
    X, y = datasets.load_breast_cancer()
    assert X.shape == (569, 30) and set(np.unique(y)) == {0, 1}
    X, y = datasets.load_diabetes()
    assert X.shape == (442, 10) and y.dtype == np.float64


def _idx_bytes(arr, code):
    header = bytes([0, 0, code, arr.ndim]) + np.array(arr.shape, dtype=">u4").tobytes()
    return header + arr.astype(arr.dtype.newbyteorder(">")).tobytes()


@pytest.mark.parametrize("zipped", [False, True])
def test_read_idx_and_load_mnist(tmp_path, zipped):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    suffix = ".gz" if zipped else ""
    write = gzip.open if zipped else open
    with write(tmp_path / f"t10k-images-idx3-ubyte{suffix}", "wb") as f:
        f.write(_idx_bytes(images, 0x08))
    with write(tmp_path / f"t10k-labels-idx1-ubyte{suffix}", "wb") as f:
        f.write(_idx_bytes(labels, 0x08))
    X, y = datasets.load_mnist(tmp_path, train=False)
    np.testing.assert_array_equal(X, images)
    assert y.tolist() == [3, 1, 4, 1, 5]
    floats = np.linspace(-1, 1, 6).reshape(2, 3)
    (tmp_path / "f.idx").write_bytes(_idx_bytes(floats, 0x0E))
    np.testing.assert_array_equal(datasets.read_idx(tmp_path / "f.idx"), floats)
    with pytest.raises(FileNotFoundError, match="train-images"):
        datasets.load_mnist(tmp_path, train=True)


def test_read_idx_broken_files(tmp_path):
    good = _idx_bytes(np.arange(12, dtype=np.int32).reshape(3, 4), 0x0C)
    cases = {
        "magic.idx": (b"\x01\x00" + good[2:], "bad magic number"),
        "dtype.idx": (good[:2] + b"\x07" + good[3:], "bad magic number"),
        "short.idx": (good[:-3], "truncated"),
        "header.idx": (good[:6], "truncated inside its header"),
        "long.idx": (good + b"\x00", "longer than its header says"),
        "empty.idx": (b"", "bad magic number"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ValueError, match=message) as info:
            datasets.read_idx(tmp_path / name)
        assert name in str(info.value)
    (tmp_path / "cut.gz").write_bytes(gzip.compress(good)[:-10])
    with pytest.raises(ValueError, match="cut.gz"):
        datasets.read_idx(tmp_path / "cut.gz")


def test_missing_sklearn_message(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith("sklearn"):
            raise ImportError("no sklearn")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match="scikit-learn"):
        datasets.load_digits()
