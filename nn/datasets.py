"""Small toy datasets, made with numpy alone (scikit-learn is not needed).

``make_moons`` builds the two interleaving half circles exactly as scikit-learn's
``sklearn.datasets.make_moons`` does, drawing from ``numpy.random.RandomState(seed)``
in the same order, so ``make_moons(100, noise=0.1, seed=1337)`` is the very data set
of micrograd's demo (which calls ``np.random.seed(1337)`` and then scikit-learn).
"""

from __future__ import annotations

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
