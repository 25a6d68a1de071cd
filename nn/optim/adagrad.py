"""``Adagrad``, as ``torch.optim.Adagrad`` (single-tensor path).

With g the gradient of p (negated when ``maximize``), t the step count (from 1) and
s the running sum of squares (``initial_accumulator_value`` at first)::

    g = g + weight_decay * p                 (if weight_decay != 0)
    clr = lr / (1 + (t - 1) * lr_decay)
    s = s + g * g
    p = p - clr * g / (sqrt(s) + eps)

The state per parameter (made at construction, as in PyTorch): ``"step"``, ``"sum"``.

One intentional difference: a param group's own ``initial_accumulator_value`` is
used for its parameters (PyTorch starts every group's sums at the constructor's).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.value import Value
from nn.optim.optimizer import Optimizer, check_flag, check_real


class Adagrad(Optimizer):
    """AdaGrad (Duchi et al., 2011): each coordinate's step shrinks with the sum of its
    squared gradients.

    Args:
        params: parameters or param-group dicts.
        lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize: as
            ``torch.optim.Adagrad``.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {"lr": lr, "lr_decay": lr_decay, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "eps": eps, "maximize": maximize}
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        for name in ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"):
            group[name] = check_real(self, name, group[name])
        group["maximize"] = check_flag(self, "maximize", group["maximize"])

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        init = group["initial_accumulator_value"]
        for p in group["params"]:
            like = np.array(p.data, dtype=np.float64) if isinstance(p, Value) else p.data
            self.state[p] = {"step": 0, "sum": np.full_like(like, init)}

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]) -> None:
        if not state:  # (a state dict loaded without this parameter's entry)
            state.update(step=0, sum=np.full_like(param, group["initial_accumulator_value"]))
        state["step"] += 1
        step = float(state["step"])
        if group["maximize"]:
            grad = -grad
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        state_sum = state["sum"]
        state_sum += grad * grad
        std = np.sqrt(state_sum)
        std += group["eps"]
        upd = grad * -clr
        upd /= std
        param += upd
