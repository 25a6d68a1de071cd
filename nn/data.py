"""Datasets and mini-batches: ``Dataset``, ``TensorDataset``, ``Subset``, ``DataLoader``,
``random_split`` (PyTorch's ``torch.utils.data`` names and behaviour).

::

    X, y = nn.datasets.make_moons(200, seed=0)
    loader = nn.data.DataLoader(nn.data.TensorDataset(X, y), batch_size=32, shuffle=True)
    for xb, yb in loader:            # Tensors: xb (32, 2) float64, yb (32,) int
        ...

A shuffling loader draws a new order every epoch from its ``generator=`` (a
``numpy.random.Generator``) or, without one, from ``autograd``'s default generator, so
``autograd.manual_seed(0)`` reproduces the orders. ``loader.state_dict()`` holds the
generator's state; a checkpoint that saves it lets a resumed run draw the same orders.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from autograd import random as _random
from autograd.tensor import Tensor

__all__ = ["DataLoader", "Dataset", "Subset", "TensorDataset", "default_collate", "random_split"]


class Dataset:
    """A map-style dataset: ``__getitem__(i)`` gives sample ``i``, ``__len__`` the count."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must implement __len__")


def _as_array(x: Any, where: str) -> np.ndarray:
    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, np.ndarray):
        return x
    raise TypeError(f"{where}: expected Tensors or numpy arrays, got {type(x).__name__}")


class TensorDataset(Dataset):
    """Samples ``i`` of each array (or Tensor) given: ``(X[i], y[i])``.

    All must have the same first dimension. The data are kept as numpy arrays (a Tensor's
    ``.data``, not copied); batches come out of a ``DataLoader`` as Tensors.
    """

    def __init__(self, *tensors: Any) -> None:
        if not tensors:
            raise ValueError("TensorDataset: needs at least one array")
        arrays = tuple(_as_array(t, "TensorDataset") for t in tensors)
        if any(a.ndim == 0 for a in arrays):
            raise ValueError("TensorDataset: 0-d arrays have no samples")
        sizes = [a.shape[0] for a in arrays]
        if len(set(sizes)) != 1:
            raise ValueError(f"TensorDataset: the arrays' first dimensions differ: {sizes}")
        self.tensors = arrays

    def __getitem__(self, index: Any) -> tuple[np.ndarray, ...]:
        return tuple(a[index] for a in self.tensors)

    def __len__(self) -> int:
        return int(self.tensors[0].shape[0])


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order."""

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = [int(i) for i in indices]

    def __getitem__(self, index: int) -> Any:
        if isinstance(index, (list, np.ndarray)):
            return self.dataset[[self.indices[int(i)] for i in index]]
        return self.dataset[self.indices[index]]

    def __len__(self) -> int:
        return len(self.indices)


def _to_tensor(x: Any) -> Any:
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        return Tensor(x)
    return x


def default_collate(samples: Sequence[Any]) -> Any:
    """Stack a list of samples into a batch: tuples/lists field by field, dicts key by
    key, arrays/Tensors/numbers stacked along a new first axis into Tensors."""
    first = samples[0]
    if isinstance(first, (tuple, list)):
        fields = [default_collate([s[i] for s in samples]) for i in range(len(first))]
        return tuple(fields) if isinstance(first, tuple) else fields
    if isinstance(first, dict):
        return {k: default_collate([s[k] for s in samples]) for k in first}
    if isinstance(first, (str, bytes)):
        return list(samples)
    return Tensor(np.stack([s.data if isinstance(s, Tensor) else np.asarray(s) for s in samples]))


class DataLoader:
    """Mini-batches over a dataset.

    ``batch_size`` samples per batch (the last one smaller unless ``drop_last``); with
    ``shuffle`` a fresh permutation every epoch, drawn from ``generator`` (a
    ``numpy.random.Generator``) or from ``autograd``'s default generator at the time
    iteration starts. ``collate_fn(list_of_samples)`` builds a batch (default: stack
    into Tensors). ``len(loader)`` is the number of batches. A ``TensorDataset`` with
    the default collate is indexed with the whole batch of indices at once.
    """

    def __init__(self, dataset: Any, batch_size: int = 1, shuffle: bool = False, *,
                 generator: np.random.Generator | None = None, drop_last: bool = False,
                 collate_fn: Callable[[list[Any]], Any] | None = None) -> None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive int, got {batch_size!r}")
        if generator is not None:
            _random.resolve_generator(generator, "DataLoader")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.generator = generator
        self.drop_last = bool(drop_last)
        self.collate_fn = collate_fn

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def _rng(self) -> np.random.Generator:
        return _random.resolve_generator(self.generator, "DataLoader")

    def __iter__(self) -> Iterator[Any]:
        n = len(self.dataset)
        order = self._rng().permutation(n) if self.shuffle else np.arange(n)
        # fast path: a TensorDataset (or a Subset of one, as random_split makes) is indexed per batch
        base, lookup = self.dataset, None
        if isinstance(self.dataset, Subset) and isinstance(self.dataset.dataset, TensorDataset):
            base, lookup = self.dataset.dataset, np.asarray(self.dataset.indices, dtype=np.intp)
        fast = self.collate_fn is None and isinstance(base, TensorDataset)
        for b in range(len(self)):
            idx = order[b * self.batch_size:(b + 1) * self.batch_size]
            if fast:
                rows = idx if lookup is None else lookup[idx]
                yield tuple(Tensor(a[rows]) for a in base.tensors)
            else:
                samples = [self.dataset[int(i)] for i in idx]
                yield (self.collate_fn or default_collate)(samples)

    def state_dict(self) -> dict[str, Any]:
        """The shuffling generator's state (``bit_generator.state``), for checkpoints."""
        return {"generator": self._rng().bit_generator.state}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore the generator state saved by :meth:`state_dict` (in place)."""
        self._rng().bit_generator.state = state["generator"]


def random_split(dataset: Any, lengths: Sequence[float], generator: np.random.Generator | None = None) -> list[Subset]:
    """Split ``dataset`` into non-overlapping random ``Subset``s of the given lengths.

    ``lengths`` are counts summing to ``len(dataset)``, or fractions summing to 1 (each
    gets ``floor(frac * n)`` and the remainder is dealt one by one, round-robin, as
    PyTorch does).
    """
    n = len(dataset)
    lengths = list(lengths)
    if lengths and all(0 <= f <= 1 for f in lengths) and math.isclose(sum(lengths), 1) and sum(lengths) != n:
        counts = [int(math.floor(n * f)) for f in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if any(isinstance(k, float) and not float(k).is_integer() for k in lengths) or sum(lengths) != n:
        raise ValueError(f"random_split: lengths {lengths} must sum to the dataset's length {n} "
                         "(or be fractions summing to 1)")
    order = _random.resolve_generator(generator, "random_split").permutation(n)
    out, start = [], 0
    for k in lengths:
        out.append(Subset(dataset, order[start:start + int(k)].tolist()))
        start += int(k)
    return out
