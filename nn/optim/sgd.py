"""``SGD``: stochastic gradient descent, as ``torch.optim.SGD`` (its single-tensor path).

With g the gradient of a parameter p (negated when ``maximize``)::

    g = g + weight_decay * p                       (if weight_decay != 0)
    buf = g                                        (first step with momentum)
    buf = momentum * buf + (1 - dampening) * g     (later steps)
    g = g + momentum * buf if nesterov else buf    (if momentum != 0)
    p = p - lr * g

With scipy installed the last write to a ``Tensor`` goes through BLAS ``axpy``, one
pass and no temporary (see :mod:`nn.axpy`); the plain update (no momentum, no weight
decay) is kept lean, since it is timed against hand-written numpy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.tensor import Tensor
from autograd.value import Value
from autograd.writes import mark_written
from nn.axpy import axpy, have_blas
from nn.optim.optimizer import Optimizer, check_flag, check_real


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum and weight decay.

    Args:
        params: parameters (``Value`` s and/or leaf ``Tensor`` s), e.g.
            ``model.parameters()``, or dicts of param groups.
        lr, momentum, dampening, weight_decay, nesterov, maximize: as
            ``torch.optim.SGD`` (the state is ``"momentum_buffer"`` per parameter).
        fused: write ``p -= lr * g`` with BLAS ``axpy`` (one pass, no temporary
            array; scipy needed). ``None`` (the default) fuses when scipy is
            installed, ``True`` requires it, ``False`` uses numpy alone. A property
            of this machine, not of training: it is not in ``param_groups``.
    """

    _value_state_as_float = True

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        fused: bool | None = None,
    ) -> None:
        if fused is not None and not isinstance(fused, (bool, np.bool_)):
            raise TypeError(f"SGD: fused must be True, False or None, got {type(fused).__name__} {fused!r}")
        if fused and not have_blas():
            raise RuntimeError("SGD: fused=True needs scipy for its BLAS axpy (pip install scipy, or the "
                               "'fast' extra); pass fused=None to fall back to numpy when it is missing")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
                    "nesterov": nesterov, "maximize": maximize}
        super().__init__(params, defaults)
        self._fused = bool(fused is None or fused) and have_blas()

    def _check_group(self, group: dict[str, Any]) -> None:
        for name in ("lr", "momentum", "weight_decay"):
            group[name] = check_real(self, name, group[name])
        group["dampening"] = check_real(self, "dampening", group["dampening"], low=None)  # (any real, as in PyTorch)
        group["nesterov"] = check_flag(self, "nesterov", group["nesterov"])
        group["maximize"] = check_flag(self, "maximize", group["maximize"])
        if group["nesterov"] and (group["momentum"] <= 0.0 or group["dampening"] != 0.0):
            raise ValueError("SGD: nesterov momentum needs momentum > 0 and dampening = 0")

    def _step_group(self, group: dict[str, Any]) -> None:
        lr, momentum, wd = group["lr"], group["momentum"], group["weight_decay"]
        if momentum == 0.0 and wd == 0.0 and not group["maximize"]:
            # The plain update, kept lean: it is timed against hand-written numpy.
            fused = self._fused
            written = []
            for p in group["params"]:
                if isinstance(p, Value):
                    p.data -= lr * p.grad
                elif p._grad is not None:  # (the slots behind .grad and .data: this loop is timed)
                    axpy(-lr, p._grad._data, p._data, fused)
                    written.append(p._data)
            if written:
                mark_written(*written)  # so a graph made before this step cannot backward
            return
        self._step_general(group["params"], lr, momentum, group["dampening"], wd, group["nesterov"],
                           group["maximize"])

    def _step_general(self, params: list[Any], lr: float, momentum: float, dampening: float, wd: float,
                      nesterov: bool, maximize: bool) -> None:
        state = self.state
        for p in params:
            if isinstance(p, Value):
                g = -p.grad if maximize else p.grad
                if wd:
                    g = g + wd * p.data
                if momentum:
                    st = state.setdefault(p, {})
                    buf = st.get("momentum_buffer")
                    buf = g if buf is None else momentum * buf + (1.0 - dampening) * g
                    st["momentum_buffer"] = buf
                    g = g + momentum * buf if nesterov else buf
                p.data -= lr * g
                continue
            if not isinstance(p, Tensor) or p.grad is None:
                continue
            d = p.grad.data
            if maximize:
                d = -d
            if wd:
                d = d + wd * p.data
            if momentum:
                st = state.setdefault(p, {})
                tbuf = st.get("momentum_buffer")
                if tbuf is None:
                    tbuf = st["momentum_buffer"] = np.array(d, dtype=p.data.dtype, copy=True)
                else:
                    tbuf *= momentum
                    tbuf += d if dampening == 0.0 else (1.0 - dampening) * d
                d = d + momentum * tbuf if nesterov else tbuf
            axpy(-lr, d, p.data, self._fused)
            mark_written(p.data)
