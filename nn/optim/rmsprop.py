"""``RMSprop``, as ``torch.optim.RMSprop`` (single-tensor path).

With g the gradient of p (negated when ``maximize``), v the running mean of squares,
m the running mean of gradients (``centered``) and b the momentum buffer (all zeros at
first)::

    g = g + weight_decay * p                 (if weight_decay != 0)
    v = alpha * v + (1 - alpha) * g * g
    m = lerp(m, g, 1 - alpha)                (centered: avg = sqrt(v - m * m))
    avg = sqrt(v) + eps                      (or the centered one, + eps)
    b = momentum * b + g / avg; p = p - lr * b      (momentum > 0)
    p = p - lr * g / avg                            (otherwise)

The state per parameter: ``"step"``, ``"square_avg"``, and ``"momentum_buffer"``
(momentum > 0), ``"grad_avg"`` (centered).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from nn.optim.adam import lerp_
from nn.optim.optimizer import Optimizer, check_flag, check_real


class RMSprop(Optimizer):
    """RMSProp (Hinton's lecture 6e): divide the step by a running root mean square of
    recent gradients.

    Args:
        params: parameters or param-group dicts.
        lr, alpha, eps, weight_decay, momentum, centered, maximize: as
            ``torch.optim.RMSprop``.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {"lr": lr, "alpha": alpha, "eps": eps, "weight_decay": weight_decay, "momentum": momentum,
                    "centered": centered, "maximize": maximize}
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        for name in ("lr", "alpha", "eps", "weight_decay", "momentum"):
            group[name] = check_real(self, name, group[name])
        for name in ("centered", "maximize"):
            group[name] = check_flag(self, name, group[name])

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]) -> None:
        alpha, momentum = group["alpha"], group["momentum"]
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(param)
            if momentum > 0:
                state["momentum_buffer"] = np.zeros_like(param)
            if group["centered"]:
                state["grad_avg"] = np.zeros_like(param)
        if group["maximize"]:
            grad = -grad
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        square_avg = state["square_avg"]
        square_avg *= alpha
        square_avg += (1 - alpha) * grad * grad
        if group["centered"]:
            grad_avg = state["grad_avg"]
            lerp_(grad_avg, grad, 1 - alpha)
            avg = np.sqrt(square_avg + -1.0 * grad_avg * grad_avg)
        else:
            avg = np.sqrt(square_avg)
        avg += group["eps"]
        if momentum > 0:
            buf = state["momentum_buffer"]
            buf *= momentum
            buf += grad / avg
            param += -group["lr"] * buf
        else:
            upd = grad * -group["lr"]
            upd /= avg
            param += upd
