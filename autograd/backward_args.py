"""The arguments of ``backward()`` and ``autograd.grad()``: seeds, inputs, grad mode."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import numpy as np

from autograd.grad_mode import enable_grad
from autograd.tensor import Tensor


def tensor_tuple(xs: Any, where: str, what: str) -> tuple[Tensor, ...]:
    """``xs`` (a Tensor, or any iterable of them) as a tuple, with a TypeError naming
    ``where`` and ``what`` otherwise (``autograd.grad``'s and ``backward``'s arguments)."""
    if isinstance(xs, Tensor):
        return (xs,)
    if isinstance(xs, (str, bytes)) or not isinstance(xs, Iterable):
        raise TypeError(f"{where}: {what} must be a Tensor or a sequence of Tensors, got {type(xs).__name__}")
    xs = tuple(xs)  # a generator too
    for i, x in enumerate(xs):
        if not isinstance(x, Tensor):
            raise TypeError(f"{where}: {what}[{i}] must be a Tensor, got {type(x).__name__}")
    return xs


def backward_inputs(inputs: Any) -> list[Tensor]:
    """``backward(inputs=...)``: a Tensor or an iterable of them, each requiring grad."""
    out = list(tensor_tuple(inputs, "backward()", "inputs"))
    if not out:
        raise ValueError("backward(): inputs cannot be empty (pass None to accumulate into every leaf)")
    for i, x in enumerate(out):
        if not x.requires_grad:
            raise RuntimeError(f"backward(): inputs[{i}] (shape {x.shape}) does not require grad")
    return out


def seed_gradient(root: Tensor, gradient: Any, where: str) -> Any:
    if gradient is None:
        if root.data.size != 1:
            raise RuntimeError(
                f"{where}: grad can be implicitly created only for a one-element output, but the output "
                f"has shape {root.shape}; pass gradient= (d loss / d output) of that shape"
            )
        seed = np.empty(root.data.shape, dtype=root.data.dtype)  # (np.ones is a slower Python wrapper)
        seed.fill(1)
        return seed
    try:
        g = gradient.data if isinstance(gradient, Tensor) else np.asarray(gradient, dtype=root.data.dtype)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: gradient must be a Tensor, an array or a number, got "
                        f"{type(gradient).__name__} {gradient!r}") from None
    if g.shape != root.shape:
        raise ValueError(f"{where}: gradient has shape {g.shape} but the output has shape {root.shape}")
    return g.astype(root.data.dtype, copy=True)


def recording_if(create_graph: bool) -> AbstractContextManager[None]:
    """Grad mode on for a create_graph backward (its formulas must record); left
    alone otherwise (the arrays involved record nothing anyway)."""
    return enable_grad() if create_graph else nullcontext()
