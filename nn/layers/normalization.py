"""Normalization layers: ``BatchNorm1d``, ``BatchNorm2d`` and ``LayerNorm``.

Batch norm keeps ``running_mean`` (zeros), ``running_var`` (ones) and
``num_batches_tracked`` as buffers (they go into ``state_dict()`` as in PyTorch):
in training it normalizes by the batch's statistics and moves the running ones by
``momentum`` (``None``: a cumulative average); in evaluation it uses the running ones.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.ops import args as _args
from autograd.tensor import Tensor, get_default_dtype
from autograd.writes import mark_written
from nn import functional as F
from nn import init
from nn.layers._util import check_count, check_input, empty_parameter
from nn.module import Module, Parameter

__all__ = ["BatchNorm1d", "BatchNorm2d", "GroupNorm", "LayerNorm"]


class _BatchNorm(Module):
    _ranks: tuple[int, ...] = (2, 3)

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        super().__init__()
        name = type(self).__name__
        self.num_features = check_count(name, "num_features", num_features)
        if momentum is not None and (isinstance(momentum, bool) or not isinstance(momentum, numbers.Real)):
            raise TypeError(f"{name}: momentum must be a number or None, got {momentum!r}")
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        self.weight: Parameter | None
        self.bias: Parameter | None
        name = type(self).__name__
        self.register_parameter("weight", empty_parameter(num_features, dtype=dtype, where=name) if affine else None)
        self.register_parameter("bias", empty_parameter(num_features, dtype=dtype, where=name) if affine and bias
                                else None)
        dt = get_default_dtype() if dtype is None else _args.dtype(name, dtype)
        if track_running_stats:
            self.register_buffer("running_mean", Tensor(np.zeros(num_features, dtype=dt)))
            self.register_buffer("running_var", Tensor(np.ones(num_features, dtype=dt)))
            self.register_buffer("num_batches_tracked", Tensor(np.zeros((), dtype=np.int64)))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            for t, v in ((self.running_mean, 0), (self.running_var, 1), (self.num_batches_tracked, 0)):
                t.data[...] = v
                mark_written(t.data)

    def reset_parameters(self) -> None:
        self.reset_running_stats()
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        check_input(type(self).__name__, input, self._ranks, 1, self.num_features)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked.data += 1
            mark_written(self.num_batches_tracked.data)
            if self.momentum is None:
                factor = 1.0 / float(self.num_batches_tracked.data)
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        keep = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if keep else None, self.running_var if keep else None,
                            self.weight, self.bias, use_batch, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalization of (N, C) or (N, C, L) inputs over N (and L), per channel C."""

    _ranks = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalization of (N, C, H, W) inputs over N, H and W, per channel C."""

    _ranks = (4,)


class LayerNorm(Module):
    """Normalization over the trailing ``normalized_shape`` dimensions, then
    ``* weight + bias`` (ones and zeros at first) when ``elementwise_affine``."""

    def __init__(self, normalized_shape: int | Sequence[int], eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) else tuple(normalized_shape)
        self.normalized_shape = tuple(check_count("LayerNorm", "normalized_shape", s) for s in shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        self.weight: Parameter | None
        self.bias: Parameter | None
        name = type(self).__name__
        self.register_parameter("weight", empty_parameter(*self.normalized_shape, dtype=dtype, where=name)
                                if elementwise_affine else None)
        self.register_parameter("bias", empty_parameter(*self.normalized_shape, dtype=dtype, where=name)
                                if elementwise_affine and bias else None)
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        ns = self.normalized_shape
        check_input("LayerNorm", input, tuple(range(len(ns), 64)))
        if input.shape[input.ndim - len(ns):] != ns:
            raise ValueError(f"LayerNorm: expected an input whose last dimensions are {ns}, got shape {input.shape}")
        return F.layer_norm(input, ns, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")


class GroupNorm(Module):
    """Normalization over groups of channels (each with its spatial dims), then
    ``* weight + bias`` per channel (ones and zeros at first) when ``affine``."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.num_groups = check_count("GroupNorm", "num_groups", num_groups)
        self.num_channels = check_count("GroupNorm", "num_channels", num_channels)
        if self.num_channels % self.num_groups:
            raise ValueError(f"GroupNorm: num_channels ({num_channels}) must be divisible by num_groups "
                             f"({num_groups})")
        self.eps = eps
        self.affine = affine
        self.weight: Parameter | None
        self.bias: Parameter | None
        self.register_parameter("weight", empty_parameter(num_channels, dtype=dtype, where="GroupNorm")
                                if affine else None)
        self.register_parameter("bias", empty_parameter(num_channels, dtype=dtype, where="GroupNorm")
                                if affine else None)
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        if input.ndim < 2 or input.shape[1] != self.num_channels:
            raise ValueError(f"GroupNorm: expected an input (N, {self.num_channels}, ...), got shape {input.shape}")
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}"
