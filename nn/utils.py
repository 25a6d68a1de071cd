"""Gradient clipping and weight penalties, as ``torch.nn.utils`` (and two helpers).

``clip_grad_norm_(parameters, max_norm)`` scales every gradient by
``min(1, max_norm / (total_norm + 1e-6))``, where ``total_norm`` is the norm of all
the gradients taken together, and returns ``total_norm``; ``clip_grad_value_`` clamps
each gradient element to ``[-clip_value, clip_value]``. Both work in place, on
``Tensor`` parameters (those whose ``.grad`` is not ``None``) and ``Value`` ones.

``l1_penalty(params)`` and ``l2_penalty(params)`` build the regularization terms that
are added to a loss, differentiably (not in PyTorch, which leaves them to user code)::

    loss = F.cross_entropy(model(x), y) + 1e-4 * nn.utils.l2_penalty(model.parameters())

``parameters_to_vector`` joins the parameters into one differentiable vector, and
``vector_to_parameters`` writes one back into them, as PyTorch's.

``l2_penalty`` is the plain sum of squares (no 1/2), so ``lam * l2_penalty`` adds
``2 * lam * p`` to each gradient, the same as ``SGD(weight_decay=2 * lam)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.tensor import Tensor
from autograd.value import Value
from autograd.writes import mark_written

__all__ = ["clip_grad_norm_", "clip_grad_value_", "l1_penalty", "l2_penalty", "parameters_to_vector",
           "vector_to_parameters"]


def _as_list(parameters: Any, who: str) -> list[Any]:
    plist = [parameters] if isinstance(parameters, (Value, Tensor)) else list(parameters)
    for i, p in enumerate(plist):
        if not isinstance(p, (Value, Tensor)):
            raise TypeError(f"{who}: parameter {i} must be a Value or a Tensor, got {type(p).__name__}")
    return plist


def _grads(parameters: Any, who: str) -> tuple[list[Tensor], list[Value]]:
    plist = _as_list(parameters, who)
    tensors = [p for p in plist if isinstance(p, Tensor) and p.grad is not None]
    values = [p for p in plist if isinstance(p, Value)]
    return tensors, values


def _vector_norm(x: np.ndarray, p: float) -> float:
    a = np.abs(x.ravel()).astype(np.float64, copy=False)
    if a.size == 0:
        return 0.0
    if p == math.inf:
        return float(a.max())
    if p == -math.inf:
        return float(a.min())
    if p == 0:
        return float(np.count_nonzero(a))
    if p == 1:
        return float(a.sum())
    if p == 2:
        return float(np.sqrt(np.dot(a, a)))
    return float(np.sum(a**p) ** (1.0 / p))


def clip_grad_norm_(parameters: Iterable[Any] | Tensor | Value, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False) -> Tensor:
    """Scale the gradients in place so that their total ``norm_type``-norm is at most
    ``max_norm`` (a coefficient ``max_norm / (total + 1e-6)``, capped at 1, multiplies
    every gradient, as in PyTorch). Returns the total norm before clipping, a 0-d
    float64 Tensor. ``norm_type`` may be ``inf``; with ``error_if_nonfinite`` a nan
    or infinite total raises ``RuntimeError``."""
    who = "clip_grad_norm_"
    max_norm, p = float(max_norm), float(norm_type)
    tensors, values = _grads(parameters, who)
    if not tensors and not values:
        return Tensor(np.array(0.0))
    norms = [_vector_norm(t.grad.data, p) for t in tensors]  # type: ignore[union-attr]
    norms += [abs(v.grad) for v in values]
    total = _vector_norm(np.array(norms), p)
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(f"{who}: the total norm of order {norm_type} of the gradients is {total}, so they "
                           "cannot be clipped; pass error_if_nonfinite=False to clip anyway")
    coef = min(max_norm / (total + 1e-6), 1.0)
    for t in tensors:
        g = t.grad.data  # type: ignore[union-attr]
        g *= np.asarray(coef, dtype=g.dtype)
    if tensors:
        mark_written(*(t.grad.data for t in tensors))  # type: ignore[union-attr]
    for v in values:
        v.grad *= coef
    return Tensor(np.array(total))


def clip_grad_value_(parameters: Iterable[Any] | Tensor | Value, clip_value: float) -> None:
    """Clamp every gradient element to ``[-clip_value, clip_value]``, in place."""
    c = float(clip_value)
    tensors, values = _grads(parameters, "clip_grad_value_")
    for t in tensors:
        g = t.grad.data  # type: ignore[union-attr]
        np.clip(g, -c, c, out=g)
    if tensors:
        mark_written(*(t.grad.data for t in tensors))  # type: ignore[union-attr]
    for v in values:
        v.grad = min(max(v.grad, -c), c)


def _penalty(parameters: Iterable[Any] | Tensor | Value, who: str, power: int) -> Tensor | Value:
    plist = _as_list(parameters, who)
    if not plist:
        raise ValueError(f"{who}: got no parameters")
    kinds = {isinstance(p, Value) for p in plist}
    if len(kinds) != 1:
        raise TypeError(f"{who}: the parameters mix Values and Tensors; take the penalty of each kind apart")
    if isinstance(plist[0], Value):
        vterms = [(v.abs() if power == 1 else v * v) for v in plist]
        out: Value = vterms[0]
        for term in vterms[1:]:
            out = out + term
        return out
    tterms = [(t.abs() if power == 1 else t * t).sum() for t in plist]
    tout: Tensor = tterms[0]
    for term in tterms[1:]:
        tout = tout + term
    return tout


def l1_penalty(parameters: Iterable[Any] | Tensor | Value) -> Tensor | Value:
    """``sum |p|`` over every element of every parameter, differentiable: a 0-d
    ``Tensor`` for Tensor parameters, a ``Value`` for Value ones. (Its gradient at 0
    is 0, as ``abs``'s.)"""
    return _penalty(parameters, "l1_penalty", 1)


def l2_penalty(parameters: Iterable[Any] | Tensor | Value) -> Tensor | Value:
    """``sum p^2`` over every element of every parameter (no 1/2), differentiable: a
    0-d ``Tensor`` for Tensor parameters, a ``Value`` for Value ones."""
    return _penalty(parameters, "l2_penalty", 2)


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """The parameters flattened and joined into one vector (differentiable)."""
    plist = _as_list(parameters, "parameters_to_vector")
    if not plist or any(not isinstance(p, Tensor) for p in plist):
        raise TypeError("parameters_to_vector: expected a non-empty sequence of Tensors")
    from autograd.ops.shape import concat

    return concat([p.reshape(-1) for p in plist], axis=0)


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Write the slices of ``vec`` into the parameters' values, in place (no gradient
    is recorded, as an optimizer step)."""
    plist = _as_list(parameters, "vector_to_parameters")
    if not isinstance(vec, Tensor) or vec.ndim != 1:
        raise TypeError(f"vector_to_parameters: vec must be a 1-d Tensor, got {getattr(vec, 'shape', type(vec))}")
    total = sum(int(p.data.size) for p in plist)
    if total != vec.shape[0]:
        raise ValueError(f"vector_to_parameters: vec has {vec.shape[0]} elements, the parameters {total}")
    start = 0
    for p in plist:
        n = int(p.data.size)
        p.data[...] = vec.data[start:start + n].reshape(p.data.shape)
        start += n
    mark_written(*[p.data for p in plist])
