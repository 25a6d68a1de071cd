"""``Function``: an operation with a hand-written derivative, as ``torch.autograd.Function``.

Subclass it with two static methods and call ``apply``::

    class Exp(Function):
        \"\"\"e^x;  d/dx e^x = e^x.\"\"\"

        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, g):
            (y,) = ctx.saved_tensors
            return g * y

    y = Exp.apply(x)

``forward(ctx, *args)`` runs with grad mode off; it receives the arguments as given
(Tensors and anything else) and returns a Tensor or a tuple of Tensors.
``backward(ctx, *grad_outputs)`` receives one Tensor per output and returns one
gradient per forward argument: a Tensor (or array) of that argument's shape, or
``None`` (always ``None`` for an argument that is not a Tensor). ``ctx`` is a
:class:`FunctionCtx`: ``save_for_backward`` / ``saved_tensors``,
``needs_input_grad``, and any attribute you set on it (``ctx.k = 3``).

How it plugs into the engine
----------------------------
Each ``Function`` subclass gets its own :class:`_FunctionOp` (an :class:`Op` named
after the class); the node's saved object is a :class:`_Record` holding the user's
class and ``ctx``. The node's backward calls the user's ``backward`` with grad mode
on exactly when ``create_graph=True``, so a ``backward`` written with Tensor
operations records its own graph and can be differentiated again. Under
``create_graph`` the saved tensors are also reconnected to the graph: a saved input
is that input, a saved output is the output node (through a stand-in, so no node
refers to itself). A saved *intermediate* (made inside ``forward``, which records
nothing) stays a constant, as in PyTorch: its second derivative is lost. Return it as
an output, or recompute it in ``backward`` from the inputs; ``gradgradcheck`` tells
the difference.

*One output*: the output is the node itself.

*Several outputs*: the engine gives each node one gradient, but the user's
``backward`` wants all of them at once. So the floating-point outputs, flattened
and joined, form one hidden node (the ``_FunctionOp`` node, shape ``(n,)``), and
each returned output is a ``select`` node whose only parent is the hidden node.
A select node's backward places its gradient in its slice of a zero vector; the
engine sums those vectors into the hidden node's gradient (an output that no loss
reached contributes zeros), and the hidden node splits it again and calls the
user's ``backward`` once. Outputs that are not floating point (indices, masks)
are returned as constants.
"""

from __future__ import annotations

import inspect
import types
from typing import Any, ClassVar, cast

import numpy as np

from autograd.grad_mode import is_grad_enabled, no_grad, set_grad_enabled
from autograd.ops import formulas
from autograd.ops.base import BackwardContext, Op, new_tensor
from autograd.ops.base import record as record_node
from autograd.tensor import Tensor


class FunctionCtx:
    """The ``ctx`` that a :class:`Function`'s forward fills and its backward reads.

    Set any attribute on it (``ctx.k = 3``) to pass non-tensor data to backward.
    """

    needs_input_grad: tuple[bool, ...]

    def __init__(self) -> None:
        self.needs_input_grad = ()
        self._to_save: tuple[Tensor | None, ...] = ()
        # The saved tensors reconnected to the graph, during a create_graph backward only.
        self._graph_saved: tuple[Tensor | None, ...] | None = None

    def save_for_backward(self, *tensors: Tensor | None) -> None:
        """Keep tensors for backward (inputs, outputs or intermediates, or ``None``)."""
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward(): argument {i} must be a Tensor or None, got {type(t).__name__}; "
                                "store other objects as attributes of ctx")
        self._to_save = tensors

    @property
    def saved_tensors(self) -> tuple[Tensor | None, ...]:
        """What ``save_for_backward`` kept, in order."""
        if self._graph_saved is not None:
            return self._graph_saved
        return self._to_save


class _Record:
    """A Function node's saved object: the user's class, ctx, and how to reconnect."""

    __slots__ = ("fn", "ctx", "tensor_positions", "n_args", "layout", "saved_refs")

    def __init__(self, fn: type[Function], ctx: FunctionCtx, tensor_positions: tuple[int, ...], n_args: int,
                 layout: tuple[Any, ...] | None, saved_refs: tuple[tuple[str, Any], ...]) -> None:
        self.fn = fn
        self.ctx = ctx
        self.tensor_positions = tensor_positions  # where the Tensors (the node's parents) sit among the args
        self.n_args = n_args
        # None for one output; else per output (start, stop, shape, array) in the joined node
        # ((None, None, shape, None) for a constant output).
        self.layout = layout
        # Per saved tensor: ("input", k) a parent, ("output", j) an output, ("const", t) anything else.
        self.saved_refs = saved_refs


class _FunctionOp(Op, register=False):
    """The node of a :class:`Function`; its backward is the user's backward.

    Never applied directly: ``Function.apply`` runs the user's forward and builds the
    node with ``autograd.ops.base.record``. Each Function subclass gets a subclass of this named
    after it.
    """

    name = "function"

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        record: _Record = ctx.saved
        create_graph = isinstance(ctx.out, Tensor)
        fn_name = record.fn.__name__
        if record.layout is None:
            grad_outputs: list[Any] = [g]
        else:
            grad_outputs = [
                np.zeros(shape, dtype=ctx.out.dtype) if start is None else g[start:stop].reshape(shape)
                for start, stop, shape, _ in record.layout
            ]
        grad_outputs = [go if isinstance(go, Tensor) else new_tensor(np.asarray(go)) for go in grad_outputs]
        user_ctx = record.ctx
        if create_graph:
            user_ctx._graph_saved = _reconnect(record, ctx)
        try:
            with set_grad_enabled(create_graph):
                result = record.fn.backward(user_ctx, *grad_outputs)
        finally:
            user_ctx._graph_saved = None  # holding graph nodes here would make a cycle
        grads = result if isinstance(result, tuple) else (result,)
        if len(grads) != record.n_args:
            raise RuntimeError(f"{fn_name}.backward returned {len(grads)} gradients, but forward took "
                               f"{record.n_args} arguments (return None for those that need none)")
        tensor_positions = set(record.tensor_positions)
        for i, gi in enumerate(grads):
            if i not in tensor_positions and gi is not None:
                raise RuntimeError(f"{fn_name}.backward returned a gradient for argument {i}, which is not a "
                                   "Tensor; return None for it")
        out: list[Any] = []
        for i in record.tensor_positions:
            gi = grads[i]
            if gi is None:
                out.append(None)
            elif create_graph:
                out.append(gi if isinstance(gi, Tensor) else new_tensor(np.asarray(gi)))
            else:
                out.append(gi.data if isinstance(gi, Tensor) else np.asarray(gi))
        return tuple(out)


def _reconnect(record: _Record, ctx: BackwardContext) -> tuple[Tensor | None, ...]:
    """The saved tensors as graph nodes, for a create_graph backward."""
    parents: tuple[Tensor, ...] = ctx.inputs
    resolved: list[Tensor | None] = []
    for kind, ref in record.saved_refs:
        if kind == "input":
            resolved.append(parents[ref])
        elif kind == "output":
            if record.layout is None:
                resolved.append(ctx.out)
            else:
                start, stop, _, value = record.layout[ref]
                resolved.append(_Select.apply(ctx.out, value=value, start=start, stop=stop))
        else:
            resolved.append(ref)
    return tuple(resolved)


class _Select(Op, register=False):
    """One output of a multi-output Function, taken from the hidden joined node;
    its backward puts the gradient into its slice of zeros of the joined shape.
    (Not in the registry: its forward returns a value computed elsewhere, so it is
    tested through Function's tests, not on its own.)"""

    name = "select"

    @staticmethod
    def forward(joined: Any, value: Any, start: int, stop: int) -> tuple[Any, Any]:
        return value, (start, stop)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        start, stop = ctx.saved
        n = ctx.inputs[0].shape[0]
        if isinstance(g, Tensor):
            return (formulas.scatter_add(g.reshape(-1), slice(start, stop), (n,)),)
        flat = np.zeros(n, dtype=np.result_type(g.dtype, ctx.inputs[0].dtype))
        flat[start:stop] = np.ravel(g)
        return (flat,)


class Function:
    """Base class of an operation with a user-written backward; see the module docstring."""

    _op: ClassVar[type[_FunctionOp]] = _FunctionOp

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A node class per Function, so graphs and grad_fn show the Function's name.
        cls._op = cast(type[_FunctionOp], types.new_class(f"{cls.__name__}Op", (_FunctionOp,), {"register": False},
                                                         lambda ns: ns.update(name=cls.__name__)))

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any) -> Any:
        """Compute the outputs (Tensors) from ``args``; runs with grad mode off."""
        raise NotImplementedError("subclasses of Function must implement forward(ctx, *args)")

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Tensor) -> Any:
        """Return d(loss)/d(arg) for each forward argument, given d(loss)/d(output) for each output."""
        raise NotImplementedError("subclasses of Function must implement backward(ctx, *grad_outputs)")

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` and, when grad mode is on and a Tensor argument requires
        grad, record it in the graph with ``backward`` as its derivative.

        Keyword arguments are bound to ``forward``'s parameters (defaults filled in),
        so ``backward`` returns one gradient per parameter of ``forward`` after ctx."""
        if kwargs:
            args = _bind(cls, args, kwargs)
        tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        inputs: tuple[Tensor, ...] = tuple(args[i] for i in tensor_positions)
        recording = is_grad_enabled() and any(t.requires_grad for t in inputs)
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(recording and isinstance(a, Tensor) and a.requires_grad for a in args)
        with no_grad():
            result = cls.forward(ctx, *args)
        outs = result if isinstance(result, tuple) else (result,)
        for j, o in enumerate(outs):
            if not isinstance(o, Tensor):
                raise TypeError(f"{cls.__name__}.forward must return a Tensor or a tuple of Tensors, "
                                f"but output {j} is {type(o).__name__}")
        if not recording:
            return result
        saved_refs = tuple(_classify(t, inputs, outs) for t in ctx._to_save)
        if len(outs) == 1 and not isinstance(result, tuple):
            if outs[0].dtype.kind != "f":
                return new_tensor(outs[0].data)
            record = _Record(cls, ctx, tensor_positions, len(args), None, saved_refs)
            return record_node(outs[0].data, inputs, cls._op, record)
        return _apply_many(cls, ctx, inputs, tensor_positions, len(args), outs, saved_refs)


def _bind(cls: type[Function], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """``args`` and ``kwargs`` as the positional arguments of ``cls.forward`` (after ctx)."""
    try:
        bound = inspect.signature(cls.forward).bind(None, *args, **kwargs)
    except TypeError as exc:
        raise TypeError(f"{cls.__name__}.apply: {exc}") from None
    bound.apply_defaults()
    if bound.kwargs:
        raise TypeError(f"{cls.__name__}.apply: keyword-only parameters of forward ({', '.join(bound.kwargs)}) "
                        "are not supported; make them ordinary parameters")
    return tuple(bound.args[1:])


def _classify(t: Tensor | None, inputs: tuple[Tensor, ...], outs: tuple[Tensor, ...]) -> tuple[str, Any]:
    """Whether a saved tensor is an input, an output, or neither (compared by identity)."""
    if t is None:
        return ("const", None)
    for k, x in enumerate(inputs):
        if t is x:
            return ("input", k)
    for j, o in enumerate(outs):
        if t is o and o.dtype.kind == "f":
            return ("output", j)
    return ("const", t)


def _apply_many(cls: type[Function], ctx: FunctionCtx, inputs: tuple[Tensor, ...], tensor_positions: tuple[int, ...],
                n_args: int, outs: tuple[Tensor, ...], saved_refs: tuple[tuple[str, Any], ...]) -> tuple[Tensor, ...]:
    """Record a Function with a tuple of outputs: one hidden joined node, a select node per output."""
    layout: list[tuple[Any, ...]] = []
    pieces = []
    start = 0
    for o in outs:
        if o.dtype.kind != "f":  # a constant output: no gradient flows through it
            layout.append((None, None, o.shape, None))
            continue
        stop = start + o.data.size
        layout.append((start, stop, o.shape, o.data))
        pieces.append(o.data.ravel())
        start = stop
    if not pieces:
        return tuple(new_tensor(o.data) for o in outs)
    record = _Record(cls, ctx, tensor_positions, n_args, tuple(layout), saved_refs)
    joined = record_node(np.concatenate(pieces), inputs, cls._op, record)
    return tuple(
        new_tensor(o.data) if part[0] is None else _Select.apply(joined, value=o.data, start=part[0], stop=part[1])
        for o, part in zip(outs, layout)
    )
