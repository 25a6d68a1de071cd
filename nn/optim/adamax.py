"""``Adamax``, as ``torch.optim.Adamax`` (single-tensor path): Adam with the infinity
norm in place of the root mean square.

With g the gradient of p (negated when ``maximize``), m the running mean of gradients
and u the running infinity norm (both zeros at first), t the step count::

    g = g + weight_decay * p                 (if weight_decay != 0)
    m = lerp(m, g, 1 - beta1)
    u = max(beta2 * u, |g| + eps)
    p = p - lr / (1 - beta1^t) * m / u

The state per parameter: ``"step"``, ``"exp_avg"``, ``"exp_inf"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from nn.optim.adam import lerp_
from nn.optim.optimizer import Optimizer, check_betas, check_flag, check_real


class Adamax(Optimizer):
    """Adamax (Kingma and Ba, 2015, section 7.1).

    Args:
        params: parameters or param-group dicts.
        lr, betas, eps, weight_decay, maximize: as ``torch.optim.Adamax``.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay, "maximize": maximize}
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        for name in ("lr", "eps", "weight_decay"):
            group[name] = check_real(self, name, group[name])
        group["betas"] = check_betas(self, group["betas"])
        group["maximize"] = check_flag(self, "maximize", group["maximize"])

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]) -> None:
        if not state:
            state.update(step=0, exp_avg=np.zeros_like(param), exp_inf=np.zeros_like(param))
        beta1, beta2 = group["betas"]
        if group["maximize"]:
            grad = -grad
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        lerp_(exp_avg, grad, 1 - beta1)
        exp_inf *= beta2
        np.maximum(exp_inf, np.abs(grad) + group["eps"], out=exp_inf)
        clr = group["lr"] / (1 - beta1 ** float(state["step"]))
        upd = exp_avg * -clr
        upd /= exp_inf
        param += upd
