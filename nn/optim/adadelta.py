"""``Adadelta``, as ``torch.optim.Adadelta`` (single-tensor path).

With g the gradient of p (negated when ``maximize``), v the running mean of squared
gradients and u the running mean of squared updates (both zeros at first)::

    g = g + weight_decay * p                 (if weight_decay != 0)
    v = rho * v + (1 - rho) * g * g
    delta = sqrt(u + eps) / sqrt(v + eps) * g
    u = rho * u + (1 - rho) * delta * delta
    p = p - lr * delta

The state per parameter: ``"step"``, ``"square_avg"``, ``"acc_delta"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from nn.optim.optimizer import Optimizer, check_flag, check_real


class Adadelta(Optimizer):
    """ADADELTA (Zeiler, 2012): steps scaled by the ratio of the running RMS of past
    updates to that of the gradients, so ``lr`` = 1 needs no tuning.

    Args:
        params: parameters or param-group dicts.
        lr, rho, eps, weight_decay, maximize: as ``torch.optim.Adadelta``.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay, "maximize": maximize}
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        for name in ("lr", "rho", "eps", "weight_decay"):
            group[name] = check_real(self, name, group[name])
        if not 0.0 <= group["rho"] <= 1.0:
            raise ValueError(f"Adadelta: rho must be in [0, 1], got {group['rho']}")
        group["maximize"] = check_flag(self, "maximize", group["maximize"])

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]) -> None:
        if not state:
            state.update(step=0, square_avg=np.zeros_like(param), acc_delta=np.zeros_like(param))
        rho, eps = group["rho"], group["eps"]
        if group["maximize"]:
            grad = -grad
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        square_avg *= rho
        square_avg += (1 - rho) * grad * grad
        delta = np.sqrt(acc_delta + eps) / np.sqrt(square_avg + eps) * grad
        acc_delta *= rho
        acc_delta += (1 - rho) * delta * delta
        param -= group["lr"] * delta
