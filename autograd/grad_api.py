"""``grad``: gradients of outputs with respect to chosen inputs, as ``torch.autograd.grad``.

Where ``Tensor.backward()`` *accumulates* into ``.grad`` of every leaf,
``grad(outputs, inputs)`` *returns* d(outputs)/d(inputs) and stores nothing::

    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x ** 3).sum()
    (dx,) = grad(y, x, create_graph=True)      # 3 x^2, itself differentiable
    (ddx,) = grad(dx.sum(), x)                 # 6 x

With ``create_graph=True`` the backward pass runs with grad mode on, so every
operation of the pass is recorded and the gradients can be differentiated again,
to any order. Inputs may be non-leaf tensors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Union

import numpy as np

from autograd import engine
from autograd.backward_args import recording_if, seed_gradient, tensor_tuple
from autograd.ops.base import FREED_INPUTS, new_tensor
from autograd.tensor import Tensor

Tensors = Union[Tensor, Sequence[Tensor]]


def _seeds(outputs: tuple[Tensor, ...], grad_outputs: Any, create_graph: bool) -> list[Any]:
    """d(loss)/d(output) for each output: given, or ones for a one-element output."""
    if grad_outputs is None:
        given: list[Any] = [None] * len(outputs)
    elif isinstance(grad_outputs, (tuple, list)):
        given = list(grad_outputs)
    else:
        given = [grad_outputs]
    if len(given) != len(outputs):
        raise ValueError(f"grad(): got {len(given)} grad_outputs for {len(outputs)} outputs")
    seeds = []
    for i, (out, g) in enumerate(zip(outputs, given)):
        if g is None and out.data.size != 1:
            raise RuntimeError(
                f"grad(): outputs[{i}] has shape {out.shape}; a gradient can be implied only for a one-element "
                "output, so pass grad_outputs (d loss / d output, of that shape)"
            )
        if create_graph and isinstance(g, Tensor):
            # Keep the graph of a Tensor seed, so the result is differentiable in it too.
            if g.shape != out.shape:
                raise ValueError(
                    f"grad(): grad_outputs[{i}] has shape {g.shape} but outputs[{i}] has shape {out.shape}"
                )
            seeds.append(g)
        else:
            seeds.append(seed_gradient(out, g, f"grad() (grad_outputs[{i}])"))
    return seeds


def grad(
    outputs: Tensors,
    inputs: Tensors,
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """The sum over ``outputs`` of d(output . grad_output)/d(input), for each input.

    Parameters follow ``torch.autograd.grad``:

    outputs, inputs
        a Tensor or a sequence of Tensors. Every input must require grad; it may be
        a non-leaf tensor.
    grad_outputs
        d(loss)/d(output) for each output (a Tensor, array or number of the
        output's shape, or ``None``); required for an output of more than one element.
    retain_graph
        keep the graph's saved buffers for another backward pass; defaults to
        ``create_graph``.
    create_graph
        record the backward pass itself, so the gradients can be differentiated again.
    allow_unused
        return ``None`` for an input the outputs do not depend on, instead of raising.

    Returns a tuple with one gradient per input (the input's shape), and stores nothing
    in ``.grad``.
    """
    outs = tensor_tuple(outputs, "grad()", "outputs")
    ins = tensor_tuple(inputs, "grad()", "inputs")
    for i, out in enumerate(outs):
        if not out.requires_grad:
            raise RuntimeError(
                f"grad(): outputs[{i}] (shape {out.shape}) does not require grad and has no grad_fn "
                "(was it computed from tensors that require grad, with grad mode on?)"
            )
    for i, x in enumerate(ins):
        if not x.requires_grad:
            raise RuntimeError(f"grad(): inputs[{i}] (shape {x.shape}) does not require grad")
    seeds = _seeds(outs, grad_outputs, create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    roots: list[Any] = list(outs)
    wanted: list[Any] = list(ins)
    _raise_if_freed(roots)  # a freed graph no longer reaches its inputs: say that, not "unused"
    with recording_if(create_graph):
        raw = engine.grad(roots, seeds, wanted, retain_graph=retain_graph, create_graph=create_graph)
    result: list[Tensor | None] = []
    for i, (x, g) in enumerate(zip(ins, raw)):
        if g is None:
            if not allow_unused:
                raise RuntimeError(
                    f"grad(): inputs[{i}] (shape {x.shape}) was not used to compute the outputs; "
                    "pass allow_unused=True to get None as its gradient"
                )
            result.append(None)
        elif isinstance(g, Tensor):
            result.append(g)
        else:
            # An inner input's gradient is also what its own backward passed on, so
            # two results may share memory: each gets its own (writable) array.
            result.append(new_tensor(np.array(g, dtype=x.data.dtype, copy=True)))
    return tuple(result)


def _raise_if_freed(roots: list[Any]) -> None:
    """Raise the second-backward error if the graph behind ``roots`` was freed."""
    for node in engine.topological_order(roots):
        if node._parents is FREED_INPUTS:
            node._backprop(None, False)  # raises, naming the op and how to keep the graph
