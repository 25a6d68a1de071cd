"""``Optimizer``: the base of every optimizer, with PyTorch's parameter groups and state.

An optimizer holds ``param_groups``, a list of dicts: each has ``"params"`` (a list of
``Value`` s and/or leaf ``Tensor`` s) and that group's options (``"lr"``, ...), which
start as ``defaults`` and may be set per group. ``state`` maps a parameter to its own
dict (momentum buffers, step counts), filled by the first ``step()``.

``state_dict()`` is PyTorch's format: ``{"state": {index: {...}}, "param_groups":
[{..., "params": [index, ...]}]}``, parameters numbered in group order. It holds only
dicts, lists, numbers, bools, strings and numpy arrays (copies), so ``nn.save`` can
store it; ``load_state_dict`` also takes the indices as strings and Tensors for arrays.

Parameters. A ``Tensor`` parameter holds a numpy array, updated in place, and is
skipped while its ``.grad`` is ``None``; a ``Value`` holds a Python float and its
``.grad`` (a float) is always used, as micrograd's loop does.
"""

from __future__ import annotations

import numbers
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd.grad_mode import enable_grad
from autograd.tensor import Tensor
from autograd.value import Value
from autograd.writes import mark_written

Param = Value | Tensor


class Optimizer:
    """Base class: subclasses define ``_update`` (one parameter, numpy arrays in place)
    or override ``_step_group``, and ``_check_group`` for their options.

    Args:
        params: an iterable of parameters, or of dicts each with ``"params"`` and
            options that override ``defaults`` for that group.
        defaults: every option's default value.
    """

    _value_state_as_float = False  # (SGD keeps a Value's momentum as a float; the rest, 0-d arrays)
    _scalar_state: tuple[str, ...] = ()  # state entries that are one number per parameter (NAdam's mu_product)

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        name = type(self).__name__
        if isinstance(params, (Value, Tensor, dict)):
            raise TypeError(f"{name}: params must be an iterable of parameters or of dicts "
                            f"(e.g. model.parameters()), got a single {type(params).__name__}")
        self.defaults: dict[str, Any] = dict(defaults)
        self.state: defaultdict[Any, dict[str, Any]] = defaultdict(dict)  # (as PyTorch's: {} for a new key)
        self.param_groups: list[dict[str, Any]] = []
        groups = list(params)
        if not groups:
            raise ValueError(f"{name}: got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params"]
        return "\n".join(lines) + "\n)"

    # --------------------------------------------------------------- groups
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group: a dict with ``"params"`` and any options (the rest from
        ``defaults``). The options are checked as the constructor checks them."""
        name = type(self).__name__
        if not isinstance(param_group, dict):
            raise TypeError(f"{name}: a param group must be a dict, got {type(param_group).__name__}")
        if "params" not in param_group:
            raise ValueError(f"{name}: a param group needs a 'params' entry")
        params = param_group["params"]
        plist = [params] if isinstance(params, (Value, Tensor)) else list(params)
        for i, p in enumerate(plist):
            if isinstance(p, Tensor):
                if not p.is_leaf:
                    raise ValueError(f"{name}: parameter {i} is a non-leaf Tensor (made by {p.grad_fn}); "
                                     "only leaves can be optimized")
            elif not isinstance(p, Value):
                raise TypeError(f"{name}: parameter {i} must be a Value or a Tensor, got {type(p).__name__}")
        if len({id(p) for p in plist}) != len(plist):
            raise ValueError(f"{name}: a parameter appears twice in one param group")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in plist):
            raise ValueError(f"{name}: some parameters appear in more than one parameter group")
        unknown = set(param_group) - set(self.defaults) - {"params", "initial_lr"}
        if unknown:
            raise TypeError(f"{name}: unknown option(s) {sorted(unknown)} in a param group; "
                            f"it takes {sorted(self.defaults)}")
        group = {**self.defaults, **param_group, "params": plist}
        self._check_group(group)
        self.param_groups.append(group)

    def _check_group(self, group: dict[str, Any]) -> None:
        """Check (and normalize) one group's options; raise naming the argument."""
        group["lr"] = check_real(self, "lr", group["lr"])

    # ----------------------------------------------------------------- lr
    @property
    def lr(self) -> float:
        """The first group's learning rate; setting it sets every group's (a shortcut,
        not in PyTorch, for the one-group case)."""
        return float(self.param_groups[0]["lr"])

    @lr.setter
    def lr(self, value: float) -> None:
        value = check_real(self, "lr", value)
        for group in self.param_groups:
            group["lr"] = value

    # ------------------------------------------------------------- stepping
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients: a ``Value``'s becomes 0.0, a ``Tensor``'s ``None``
        (or zeros, in place, when ``set_to_none=False``)."""
        for group in self.param_groups:
            for p in group["params"]:
                if isinstance(p, Value):
                    p.grad = 0.0
                elif set_to_none:
                    p._grad = None  # (the slot behind .grad: this runs every step)
                elif p.grad is not None:
                    p.grad.data[...] = 0

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter once. ``closure`` (optional) recomputes the loss
        (zero_grad, forward, backward) before the update; its result is returned."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            self._step_group(group)
        return loss

    def _step_group(self, group: dict[str, Any]) -> None:
        """Apply ``_update`` to each parameter of the group that has a gradient. A
        ``Value`` goes through a 0-d float64 array (same rounding as a float)."""
        written = []
        state = self.state
        for p in group["params"]:
            if isinstance(p, Value):
                data = np.array(p.data, dtype=np.float64)
                self._update(data, np.array(p.grad, dtype=np.float64), state.setdefault(p, {}), group)
                p.data = float(data)
            elif p.grad is not None:
                self._update(p.data, p.grad.data, state.setdefault(p, {}), group)
                written.append(p.data)
        if written:
            mark_written(*written)  # so a graph made before this step cannot backward

    def _update(self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define _update or _step_group")

    # ----------------------------------------------------------- state dicts
    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state in PyTorch's format (arrays copied): ``{"state":
        {index: {name: array or number}}, "param_groups": [{option: value, "params":
        [index, ...]}]}``, parameters numbered 0, 1, ... across the groups in order."""
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                ids.append(index.setdefault(id(p), len(index)))
            groups.append({**{k: _plain(v) for k, v in group.items() if k != "params"}, "params": ids})
        state = {}
        for group in self.param_groups:
            for p in group["params"]:
                st = self.state.get(p)
                if st:
                    state[index[id(p)]] = {k: _plain(v) for k, v in st.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore what ``state_dict()`` gave (taking copies). The groups must have
        the same sizes as this optimizer's; state arrays take the parameter's dtype."""
        name = type(self).__name__
        if not isinstance(state_dict, dict) or set(state_dict) != {"state", "param_groups"}:
            raise ValueError(f"{name}.load_state_dict: expected a dict with 'state' and 'param_groups'")
        saved_groups = list(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(f"{name}.load_state_dict: the state dict has {len(saved_groups)} param groups, "
                             f"this optimizer {len(self.param_groups)}")
        by_index: dict[int, Param] = {}
        for i, (mine, saved) in enumerate(zip(self.param_groups, saved_groups)):
            ids = [int(j) for j in saved["params"]]
            if len(ids) != len(mine["params"]):
                raise ValueError(f"{name}.load_state_dict: param group {i} has {len(ids)} parameters in the "
                                 f"state dict, {len(mine['params'])} in this optimizer")
            by_index.update(zip(ids, mine["params"]))
        new_groups = []
        for mine, saved in zip(self.param_groups, saved_groups):
            group = {**self.defaults, **{k: v for k, v in saved.items() if k != "params"}, "params": mine["params"]}
            self._check_group(group)  # (normalizes too: betas saved as a list become a tuple)
            new_groups.append(group)
        new_state: defaultdict[Any, dict[str, Any]] = defaultdict(dict)
        for key, st in dict(state_dict["state"]).items():
            p = by_index.get(int(key))
            if p is None:
                raise ValueError(f"{name}.load_state_dict: state for parameter {key}, which no group holds")
            new_state[p] = {k: self._restore(p, k, v) for k, v in dict(st).items()}
        self.param_groups = new_groups
        self.state = new_state

    def _restore(self, p: Param, key: str, value: Any) -> Any:
        name = type(self).__name__
        if isinstance(value, Tensor):
            value = value.data
        if key == "step":
            return int(np.asarray(value))
        if key in self._scalar_state:
            return float(np.asarray(value))
        if isinstance(p, Value):
            return float(np.asarray(value)) if self._value_state_as_float else np.array(value, dtype=np.float64)
        arr = np.array(value, dtype=p.data.dtype)  # (a copy, in the parameter's dtype)
        if arr.shape != p.data.shape:
            raise ValueError(f"{name}.load_state_dict: state {key!r} has shape {arr.shape}, "
                             f"its parameter {p.data.shape}")
        return arr


def _plain(value: Any) -> Any:
    """A state-dict value: arrays copied, tuples as lists (what a saver can store)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        return list(value)
    return value


def check_real(opt: Any, name: str, value: Any, low: float | None = 0.0, high: float | None = None) -> float:
    """``value`` as a float, or a clear error naming the optimizer (or scheduler) and the
    argument: it must be a real number (not a bool), ``>= low``, ``< high`` (nan refused)."""
    who = type(opt).__name__
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{who}: {name} must be a real number, got {type(value).__name__} {value!r}")
    v = float(value)
    if low is not None and high is not None and not low <= v < high:
        raise ValueError(f"{who}: {name} must be in [{low:g}, {high:g}), got {value}")
    if low is not None and not v >= low:
        raise ValueError(f"{who}: {name} must be >= {low:g}, got {value}")
    if low is None and v != v:
        raise ValueError(f"{who}: {name} must not be nan")
    return v


def check_flag(opt: Any, name: str, value: Any) -> bool:
    """A bool option (numpy bools too), or a TypeError naming it."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{type(opt).__name__}: {name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def check_betas(opt: Any, betas: Any) -> tuple[float, float]:
    """Adam's and Adamax's ``betas``: a pair of floats in [0, 1), or an error naming them."""
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise TypeError(f"{type(opt).__name__}: betas must be a pair of floats, got {betas!r}")
    beta1, beta2 = (check_real(opt, f"betas[{i}]", b, 0.0, 1.0) for i, b in enumerate(betas))
    return beta1, beta2
