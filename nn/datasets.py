"""Datasets as numpy arrays ``(X, y)``: generated toys, scikit-learn's bundled sets, MNIST files.

- ``make_moons``, ``make_circles``, ``make_blobs``: the toy sets made with numpy alone,
  equal to scikit-learn's for the same seed; ``make_spirals``: K interleaved spiral arms
  (cs231n's classic).
- ``load_digits``, ``load_breast_cancer``, ``load_diabetes``: scikit-learn's bundled
  sets (needs ``pip install scikit-learn``, the ``datasets`` extra).
- ``read_idx(path)`` and ``load_mnist(root, train=True)``: the IDX format of MNIST and
  Fashion-MNIST, plain or gzipped, from local files (nothing is downloaded).

``make_moons`` builds the two interleaving half circles exactly as scikit-learn's
``sklearn.datasets.make_moons`` does, drawing from ``numpy.random.RandomState(seed)``
in the same order, so ``make_moons(100, noise=0.1, seed=1337)`` is the very data set
of micrograd's demo (which calls ``np.random.seed(1337)`` and then scikit-learn).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import numpy as np


def make_moons(
    n_samples: int = 100, noise: float | None = 0.1, seed: int | None = None, shuffle: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles in the plane.

    The upper moon is (cos t, sin t) and the lower one (1 - cos t, 1/2 - sin t), for t
    evenly spaced in [0, pi]; ``n_samples // 2`` points on the first (label 0), the
    rest on the second (label 1). Then the points are shuffled (if ``shuffle``) and
    Gaussian noise with standard deviation ``noise`` is added.

    Returns ``X`` of shape (n_samples, 2), float64, and ``y`` of shape (n_samples,),
    integer labels 0/1 (see :func:`signed_labels` for -1/+1).
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"make_moons: n_samples must be a positive int, got {n_samples!r}")
    if noise is not None and not noise >= 0.0:
        raise ValueError(f"make_moons: noise must be >= 0 (or None), got {noise!r}")
    rng = np.random.RandomState(seed)
    n_out = int(n_samples) // 2
    n_in = int(n_samples) - n_out
    t_out = np.linspace(0.0, np.pi, n_out)
    t_in = np.linspace(0.0, np.pi, n_in)
    X = np.vstack([
        np.append(np.cos(t_out), 1.0 - np.cos(t_in)),
        np.append(np.sin(t_out), 1.0 - np.sin(t_in) - 0.5),
    ]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    if shuffle:
        order = np.arange(n_samples)
        rng.shuffle(order)
        X, y = X[order], y[order]
    if noise is not None:
        X = X + rng.normal(scale=noise, size=X.shape)
    return X, y


def signed_labels(y: np.ndarray) -> np.ndarray:
    """Labels 0/1 as -1/+1 (what a max-margin loss wants): 2 y - 1."""
    y = np.asarray(y)
    if y.size and not np.isin(y, (0, 1)).all():
        raise ValueError(f"signed_labels: expected labels 0 and 1, got values {np.unique(y)[:5].tolist()}")
    return y.astype(np.intp) * 2 - 1


def _check_n(where: str, n_samples: Any) -> int:
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"{where}: n_samples must be a positive int, got {n_samples!r}")
    return int(n_samples)


def _shuffle(rng: np.random.RandomState, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.arange(len(y))
    rng.shuffle(order)  # sklearn.utils.shuffle draws the same way
    return X[order], y[order]


def make_circles(
    n_samples: int = 100, noise: float | None = None, seed: int | None = None, shuffle: bool = True,
    factor: float = 0.8,
) -> tuple[np.ndarray, np.ndarray]:
    """A large circle (label 0) around a smaller one of radius ``factor`` (label 1), as
    ``sklearn.datasets.make_circles`` (same numbers for the same seed)."""
    n = _check_n("make_circles", n_samples)
    if not 0 <= factor < 1:
        raise ValueError(f"make_circles: factor must be in [0, 1), got {factor!r}")
    rng = np.random.RandomState(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.append(np.cos(t_out), np.cos(t_in) * factor),
                   np.append(np.sin(t_out), np.sin(t_in) * factor)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    if shuffle:
        X, y = _shuffle(rng, X, y)
    if noise is not None:
        X = X + rng.normal(scale=noise, size=X.shape)
    return X, y


def make_blobs(
    n_samples: int = 100, n_features: int = 2, centers: int | np.ndarray | None = None, cluster_std: float = 1.0,
    center_box: tuple[float, float] = (-10.0, 10.0), shuffle: bool = True, seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Isotropic Gaussian blobs, as ``sklearn.datasets.make_blobs`` with an int
    ``n_samples`` (same numbers for the same seed): ``centers`` random centers (3 by
    default) drawn uniformly in ``center_box``, or the given (k, n_features) array."""
    n = _check_n("make_blobs", n_samples)
    rng = np.random.RandomState(seed)
    if centers is None or isinstance(centers, (int, np.integer)):
        k = 3 if centers is None else int(centers)
        center_arr = rng.uniform(center_box[0], center_box[1], size=(k, n_features))
    else:
        center_arr = np.asarray(centers, dtype=np.float64)
        if center_arr.ndim != 2:
            raise ValueError("make_blobs: centers must be an int or a (k, n_features) array, "
                             f"got shape {center_arr.shape}")
        k, n_features = center_arr.shape
    counts = [n // k] * k
    for i in range(n % k):
        counts[i] += 1
    X = np.empty((n, n_features), dtype=np.float64)
    y = np.empty(n, dtype=np.intp)
    start = 0
    for i, c in enumerate(counts):
        X[start:start + c] = rng.normal(loc=center_arr[i], scale=cluster_std, size=(c, n_features))
        y[start:start + c] = i
        start += c
    if shuffle:
        X, y = _shuffle(rng, X, y)
    return X, y


def make_spirals(
    n_samples: int = 100, n_classes: int = 2, noise: float = 0.2, seed: int | None = None, shuffle: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """``n_classes`` interleaved spiral arms in the plane (cs231n's data set): arm ``j``
    has radius r in [0, 1] and angle ``4 j + 4 r`` plus Gaussian noise of std ``noise``
    (radians). Not linearly separable: a linear model gets about 1 / n_classes right."""
    n = _check_n("make_spirals", n_samples)
    if n_classes < 1:
        raise ValueError(f"make_spirals: n_classes must be >= 1, got {n_classes!r}")
    rng = np.random.RandomState(seed)
    counts = [n // n_classes + (1 if j < n % n_classes else 0) for j in range(n_classes)]
    xs, ys = [], []
    for j, c in enumerate(counts):
        r = np.linspace(0.0, 1.0, c)
        t = np.linspace(j * 4.0, (j + 1) * 4.0, c) + rng.normal(scale=noise, size=c)
        xs.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        ys.append(np.full(c, j, dtype=np.intp))
    X, y = np.vstack(xs), np.concatenate(ys)
    if shuffle:
        X, y = _shuffle(rng, X, y)
    return X, y


def _sklearn_datasets(where: str) -> Any:
    try:
        import sklearn.datasets
    except ImportError as exc:
        raise ImportError(f"{where} needs scikit-learn: pip install scikit-learn "
                          "(or pip install '.[datasets]')") from exc
    return sklearn.datasets


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 digits: ``X`` (1797, 64) float64 in [0, 16], ``y`` (1797,) in 0..9."""
    X, y = _sklearn_datasets("load_digits").load_digits(return_X_y=True)
    return X, y.astype(np.intp)


def load_breast_cancer() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's Wisconsin breast cancer set: ``X`` (569, 30), ``y`` 0 (malignant) / 1 (benign)."""
    X, y = _sklearn_datasets("load_breast_cancer").load_breast_cancer(return_X_y=True)
    return X, y.astype(np.intp)


def load_diabetes() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's diabetes regression set: ``X`` (442, 10) scaled, ``y`` (442,) float64."""
    return _sklearn_datasets("load_diabetes").load_diabetes(return_X_y=True)


_IDX_DTYPES: dict[int, np.dtype[Any]] = {0x08: np.dtype(np.uint8), 0x09: np.dtype(np.int8), 0x0B: np.dtype(">i2"),
               0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read one IDX file (MNIST's format), plain or gzipped (detected from its first bytes).

    The header is two zero bytes, a dtype code (0x08 uint8, 0x09 int8, 0x0B int16,
    0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, then each
    dimension as a big-endian uint32; the data follow, big-endian. A bad magic number,
    a truncated file or trailing bytes raise ``ValueError`` naming the file.
    """
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(2)
    opener: Any = gzip.open if head == b"\x1f\x8b" else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as exc:  # a damaged gzip stream
        raise ValueError(f"read_idx: {str(path)!r} is not a readable gzip file: {exc}") from exc
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"read_idx: {str(path)!r} has a bad magic number {raw[:4].hex() or '(empty)'}; "
                         "expected 00 00 <dtype code 08/09/0b/0c/0d/0e> <ndim>")
    dtype, ndim = _IDX_DTYPES[raw[2]], raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"read_idx: {str(path)!r} is truncated inside its header ({len(raw)} bytes)")
    shape = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) != expected:
        what = "truncated" if len(raw) < expected else "longer than its header says"
        raise ValueError(f"read_idx: {str(path)!r} is {what}: {len(raw)} bytes for shape {shape} of "
                         f"{dtype.name}, expected {expected}")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def _find(root: Path, name: str) -> Path:
    for candidate in (root / name, root / (name + ".gz")):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"load_mnist: neither {name} nor {name}.gz in {str(root)!r}")


def load_mnist(root: str | os.PathLike[str], train: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """MNIST (or Fashion-MNIST) from the four IDX files in ``root`` (``.gz`` or not):
    ``X`` (N, 28, 28) uint8 and ``y`` (N,) int labels; ``train=False`` gives the test set."""
    root = Path(root)
    prefix = "train" if train else "t10k"
    X = read_idx(_find(root, f"{prefix}-images-idx3-ubyte"))
    y = read_idx(_find(root, f"{prefix}-labels-idx1-ubyte"))
    if X.ndim != 3 or y.ndim != 1 or len(X) != len(y):
        raise ValueError(f"load_mnist: images of shape {X.shape} and labels of shape {y.shape} in {str(root)!r} "
                         "do not match")
    return X, y.astype(np.intp)
