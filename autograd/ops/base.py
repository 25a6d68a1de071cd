"""How a tensor operation is written, and the one place broadcast gradients are reduced.

An operation is a class with two static methods, side by side::

    class Tanh(Op):
        \"\"\"tanh(x);  d/dx tanh(x) = 1 - tanh(x)^2.\"\"\"

        @staticmethod
        def forward(x):                 # numpy arrays in
            return np.tanh(x), None     # (result, whatever backward needs saved)

        @staticmethod
        def backward(ctx, g):           # one gradient out per input
            return (g * (1 - ctx.out * ctx.out),)

``forward`` works on numpy arrays and returns the result with a *saved* object
(``None`` when nothing is needed: shapes, axes, masks, indices).

``backward`` receives a :class:`BackwardContext` and the upstream gradient ``g`` and
returns one gradient per input (``None`` where an input needs none; look at
``ctx.needs_input_grad`` to skip expensive ones). It is written once for two modes:

* usually ``g``, ``ctx.inputs`` and ``ctx.out`` are numpy arrays, and the formula
  runs at numpy speed;
* under ``create_graph=True`` they are :class:`Tensor` s, the same formula records a
  graph, and the gradient can itself be differentiated.

So a formula may use operators, the methods numpy arrays and Tensors share
(``sum``, ``reshape``, ``mean``, ``@``, ``.T``, indexing) and the functions of
:mod:`autograd.ops.formulas`. ``ctx.saved`` is never differentiated: save only what is
piecewise constant (shapes, masks, indices); recompute anything else from
``ctx.inputs`` and ``ctx.out``.

Gradients may come back with a broadcast shape: :func:`sum_to` reduces them to the
input's shape in exactly one place (``Tensor._backprop``).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from autograd.tensor import Tensor, make_node


class BackwardContext:
    """What an op's backward sees: its inputs, its output, what forward saved."""

    __slots__ = ("inputs", "out", "saved", "needs_input_grad")

    # Filled in by Tensor._backprop, one per backward step.
    inputs: Any  # the inputs' arrays (Tensors under create_graph)
    out: Any  # the result's array (a Tensor standing in for the result under create_graph)
    saved: Any  # what forward returned beside its result
    needs_input_grad: list[bool]


class Op:
    """Base of every tensor operation; see the module docstring."""

    name: ClassVar[str] = ""

    @staticmethod
    def forward(*arrays: Any, **params: Any) -> tuple[Any, Any]:
        raise NotImplementedError

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    @classmethod
    def apply(cls, *inputs: Tensor, **params: Any) -> Tensor:
        """Run ``forward`` on the inputs' arrays and record the result in the graph."""
        if len(inputs) == 1:  # most ops: skip building a list
            out, saved = cls.forward(inputs[0].data, **params)
        else:
            out, saved = cls.forward(*[t.data for t in inputs], **params)
        return make_node(out, inputs, cls, saved)

    @classmethod
    def op_name(cls) -> str:
        return cls.name or cls.__name__.lower()


def broadcast_shapes(op: str, *shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The broadcast shape of ``shapes``, or a ValueError naming the op and shapes."""
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        listed = " and ".join(str(tuple(s)) for s in shapes)
        raise ValueError(f"{op}: shapes {listed} cannot be broadcast together") from None


def sum_to(g: Any, shape: tuple[int, ...]) -> Any:
    """Sum a broadcast gradient back to ``shape`` (the inverse of broadcasting).

    Leading axes that broadcasting added are summed away; axes where ``shape`` has
    size 1 are summed with keepdims. Works on numpy arrays and Tensors alike.
    """
    gshape = g.shape
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    if lead < 0 or any(n != 1 and gshape[i + lead] != n for i, n in enumerate(shape)):
        raise ValueError(f"gradient of shape {tuple(gshape)} cannot be reduced to shape {shape}")
    if lead and gshape[lead:] == shape:  # only new leading axes, e.g. a bias over a batch
        return g.sum(axis=tuple(range(lead)) if lead > 1 else 0)
    axes = tuple(range(lead)) + tuple(i + lead for i, n in enumerate(shape) if n == 1 and gshape[i + lead] != 1)
    g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape) if lead else g
