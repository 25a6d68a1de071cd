"""Optimizers that update ``Value`` and ``Tensor`` parameters in place.

``SGD`` follows ``torch.optim.SGD``. With g the gradient of a parameter p::

    g = g + weight_decay * p                       (if weight_decay != 0)
    buf = g                                        (first step with momentum)
    buf = momentum * buf + (1 - dampening) * g     (later steps)
    g = g + momentum * buf if nesterov else buf    (if momentum != 0)
    p = p - lr * g

A ``Value`` parameter holds a Python float (``p.data -= lr * p.grad``); a ``Tensor``
parameter holds a numpy array, updated in place (``p.data -= lr * p.grad.data``), and
is skipped while its ``.grad`` is ``None``, as in PyTorch. With scipy installed that
last write goes through BLAS ``axpy``, one pass and no temporary (see :mod:`nn.axpy`).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.tensor import Tensor
from autograd.value import Value
from autograd.writes import mark_written
from nn.axpy import axpy, have_blas


class SGD:
    """Stochastic gradient descent, optionally with momentum and weight decay.

    Args:
        params: the parameters (``Value`` s and/or leaf ``Tensor`` s), e.g.
            ``model.parameters()``.
        lr: learning rate; may be changed between steps (``opt.lr = 0.1``).
        momentum, dampening, nesterov, weight_decay: as ``torch.optim.SGD``.
        fused: write ``p -= lr * g`` with BLAS ``axpy`` (one pass, no temporary
            array; scipy needed). ``None`` (the default) fuses when scipy is
            installed, ``True`` requires it, ``False`` uses numpy alone.

    ``param_groups`` is a one-element list holding these settings in a dict, so code
    that writes ``for g in opt.param_groups: g["lr"] = ...`` works.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        fused: bool | None = None,
    ) -> None:
        if isinstance(params, (Value, Tensor)):
            raise TypeError("SGD: params must be an iterable of parameters (e.g. model.parameters()), "
                            f"got a single {type(params).__name__}")
        plist = list(params)
        if not plist:
            raise ValueError("SGD: got an empty parameter list")
        for i, p in enumerate(plist):
            if isinstance(p, Tensor):
                if not p.is_leaf:
                    raise ValueError(f"SGD: parameter {i} is a non-leaf Tensor (made by {p.grad_fn}); "
                                     "only leaves can be optimized")
            elif not isinstance(p, Value):
                raise TypeError(f"SGD: parameter {i} must be a Value or a Tensor, got {type(p).__name__}")
        for name, val in (("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)):
            _check_rate(name, val)
        _check_rate("dampening", dampening, nonnegative=False)  # (unchecked in range, as in PyTorch)
        if nesterov and (momentum <= 0.0 or dampening != 0.0):
            raise ValueError("SGD: nesterov momentum needs momentum > 0 and dampening = 0")
        if fused is not None and not isinstance(fused, (bool, np.bool_)):
            raise TypeError(f"SGD: fused must be True, False or None, got {type(fused).__name__} {fused!r}")
        if fused and not have_blas():
            raise RuntimeError("SGD: fused=True needs scipy for its BLAS axpy (pip install scipy, or the "
                               "'fast' extra); pass fused=None to fall back to numpy when it is missing")
        self.param_groups: list[dict[str, Any]] = [
            {"params": plist, "lr": float(lr), "momentum": float(momentum), "dampening": float(dampening),
             "weight_decay": float(weight_decay), "nesterov": bool(nesterov)}
        ]
        self._fused = bool(fused is None or fused) and any(isinstance(p, Tensor) for p in plist) and have_blas()
        self._values = [p for p in plist if isinstance(p, Value)]
        self._tensors = [p for p in plist if isinstance(p, Tensor)]
        # Momentum buffers, index-aligned with _values / _tensors (None until first used).
        self._value_bufs: list[float | None] = [None] * len(self._values)
        self._tensor_bufs: list[np.ndarray | None] = [None] * len(self._tensors)

    @property
    def lr(self) -> float:
        return float(self.param_groups[0]["lr"])

    @lr.setter
    def lr(self, value: float) -> None:
        _check_rate("lr", value)
        self.param_groups[0]["lr"] = float(value)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients: a ``Value``'s becomes 0.0, a ``Tensor``'s ``None``
        (or zeros when ``set_to_none=False``)."""
        for v in self._values:
            v.grad = 0.0
        for t in self._tensors:
            if set_to_none:
                t.grad = None
            elif t.grad is not None:
                t.grad.data[...] = 0

    def step(self) -> None:
        """Update every parameter once (see the module docstring for the formula)."""
        group = self.param_groups[0]
        lr, momentum, wd = group["lr"], group["momentum"], group["weight_decay"]
        if momentum == 0.0 and wd == 0.0:
            # The plain update, kept lean: it is timed against hand-written numpy.
            for v in self._values:
                v.data -= lr * v.grad
            fused = self._fused
            written = []
            for t in self._tensors:
                g = t.grad
                if g is not None:
                    axpy(-lr, g.data, t.data, fused)
                    written.append(t.data)
            if written:
                mark_written(*written)  # so a graph made before this step cannot backward
            return
        self._step_general(lr, momentum, group["dampening"], wd, group["nesterov"])

    def _step_general(self, lr: float, momentum: float, dampening: float, wd: float, nesterov: bool) -> None:
        vbufs = self._value_bufs
        for i, v in enumerate(self._values):
            g = v.grad + wd * v.data if wd else v.grad
            if momentum:
                buf = vbufs[i]
                buf = g if buf is None else momentum * buf + (1.0 - dampening) * g
                vbufs[i] = buf
                g = g + momentum * buf if nesterov else buf
            v.data -= lr * g
        tbufs = self._tensor_bufs
        for i, t in enumerate(self._tensors):
            if t.grad is None:
                continue
            d = t.grad.data
            if wd:
                d = d + wd * t.data
            if momentum:
                tbuf = tbufs[i]
                if tbuf is None:
                    tbuf = tbufs[i] = np.array(d, dtype=t.data.dtype, copy=True)
                else:
                    tbuf *= momentum
                    tbuf += d if dampening == 0.0 else (1.0 - dampening) * d
                d = d + momentum * tbuf if nesterov else tbuf
            axpy(-lr, d, t.data, self._fused)
            mark_written(t.data)


def _check_rate(name: str, value: Any, nonnegative: bool = True) -> None:
    """A hyperparameter must be a real number, and most must be >= 0 (nan is refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"SGD: {name} must be a real number, got {type(value).__name__} {value!r}")
    if nonnegative and not float(value) >= 0.0:
        raise ValueError(f"SGD: {name} must be >= 0, got {value}")
