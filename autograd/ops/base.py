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
input's shape in exactly one place (:func:`backprop`).

This module is also where an op is *run*: ``Op.apply`` calls ``forward`` and
:func:`record` (the one way a node enters the graph; ``make_node`` is its older
name), which builds the result with :func:`new_tensor` (the one place a Tensor's
slots are written). The engine calls ``Tensor._backprop``, which is
:func:`backprop`: it builds the :class:`BackwardContext`, calls the op's
``backward`` and checks, reduces (``sum_to``) and casts what comes back.

**The registry.** Every subclass of :class:`Op` is registered when it is defined
(``Op.registry``, keyed ``"module.QualName"``; pass ``register=False`` in the class
statement for a base class or a helper that is never applied on its own). Beside
its two methods an op declares how to test it, as ``cases``: a tuple of
:class:`Case`, each one way to draw its inputs::

    class Log(Op):
        cases = (Case(shapes=[(3, 4)], low=0.5, high=3.0, reference=np.log),)

``tests/test_op_registry.py`` runs every case of every registered op of the library
through forward-vs-``reference``, ``gradcheck`` and ``gradgradcheck`` in float64,
and fails for an op without cases. A ``Case`` holds (all optional but ``shapes``):

* ``shapes``: one shape per Tensor input (drawn uniformly from [``low``, ``high``));
* ``low``, ``high``: the range to draw from (e.g. ``low=0.5`` for ``log``), or one
  per input (``low=(0.25, -2.0)`` for ``pow``'s positive base and signed exponent);
* ``kinks``: points where the op is not differentiable (relu's 0, abs's 0); inputs
  are moved at least ``gap`` (default 0.1) away from each;
* ``params``: keyword arguments for ``forward`` (axes, masks, indices...);
* ``reference``: ``reference(*arrays, **params)`` gives the expected forward result
  in plain numpy or closed form; leave it out where ``forward`` is that already;
* ``call``: how to run the op from Tensors when ``Op.apply(*inputs, **params)``
  is not it (a public function that normalizes arguments first, for instance);
* ``second_order=False`` for an op whose backward is documented to refuse
  ``create_graph``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from autograd import engine
from autograd.grad_mode import _state
from autograd.writes import last_write as _last_write
from autograd.writes import written_since

if TYPE_CHECKING:
    from autograd.tensor import Tensor

_new = object.__new__
_next_seq = engine.next_seq


# --------------------------------------------------------------- declaring ops
@dataclass(frozen=True)
class Case:
    """One way to draw an op's inputs for the registry's tests (see the module docstring)."""

    shapes: tuple[tuple[int, ...], ...] | list[tuple[int, ...]]
    low: float | tuple[float, ...] = -2.0
    high: float | tuple[float, ...] = 2.0
    kinks: tuple[float, ...] = ()
    gap: float = 0.1
    params: dict[str, Any] = field(default_factory=dict)
    reference: Callable[..., Any] | None = None
    call: Callable[..., Any] | None = None
    second_order: bool = True


class BackwardContext:
    """What an op's backward sees: its inputs, its output, what forward saved."""

    __slots__ = ("inputs", "out", "saved", "needs_input_grad")

    # Filled in by backprop, one per backward step.
    inputs: Any  # the inputs' arrays (Tensors under create_graph)
    out: Any  # the result's array (a Tensor standing in for the result under create_graph)
    saved: Any  # what forward returned beside its result
    needs_input_grad: list[bool]


class Op:
    """Base of every tensor operation; see the module docstring."""

    name: ClassVar[str] = ""
    cases: ClassVar[tuple[Case, ...]] = ()
    registry: ClassVar[dict[str, type[Op]]] = {}

    def __init_subclass__(cls, register: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if register:
            Op.registry[f"{cls.__module__}.{cls.__qualname__}"] = cls

    @staticmethod
    def forward(*arrays: Any, **params: Any) -> tuple[Any, Any]:
        raise NotImplementedError

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    @classmethod
    def apply(cls, *inputs: Tensor, **params: Any) -> Tensor:
        """Run ``forward`` on the inputs' arrays and record the result in the graph."""
        # (Spelled out per arity, and without ** when there are no params: this runs
        # for every op, and the general call costs more than a small op's forward.)
        n = len(inputs)
        if n == 1:
            out, saved = cls.forward(inputs[0]._data, **params) if params else cls.forward(inputs[0]._data)
        elif n == 2:
            a, b = inputs[0]._data, inputs[1]._data
            out, saved = cls.forward(a, b, **params) if params else cls.forward(a, b)
        elif n == 3:
            out, saved = cls.forward(inputs[0]._data, inputs[1]._data, inputs[2]._data, **params)
        else:
            out, saved = cls.forward(*[t._data for t in inputs], **params)
        return record(out, inputs, cls, saved)

    @classmethod
    def op_name(cls) -> str:
        return cls.name or cls.__name__.lower()


# ------------------------------------------------------------- building nodes
def new_tensor(data: np.ndarray, requires_grad: bool = False, parents: tuple[Tensor, ...] = (), op: Any = None,
               saved: Any = None) -> Tensor:
    """A Tensor around ``data`` (no copy, no checks): the one place its slots are
    written (``Tensor.__init__`` checks the data, then comes here too)."""
    return init_slots(_new(Tensor), data, requires_grad, parents, op, saved)


def init_slots(t: Tensor, data: np.ndarray, requires_grad: bool, parents: tuple[Tensor, ...], op: Any,
               saved: Any) -> Tensor:
    t._seq = _next_seq()
    t._data = data
    t._grad = None
    t._requires_grad = requires_grad
    t.name = None
    t._parents = parents
    t._op = op
    t._saved = saved
    t._retains_grad = False
    return t


def record(out: Any, inputs: tuple[Tensor, ...], op: Any, saved: Any) -> Tensor:
    """The result ``out`` of ``op`` on ``inputs`` as a Tensor: a node that remembers
    ``op``, ``inputs`` and ``saved`` when grad mode is on and an input requires a
    gradient, a constant otherwise. Every node of the graph is made here."""
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    if _state.enabled:
        for x in inputs:
            if x._requires_grad:
                return init_slots(_new(Tensor), out, True, inputs, op, saved)
    return init_slots(_new(Tensor), out, False, (), None, None)


make_node = record  # the older name, kept for ops written against it


def _shadow(node: Tensor) -> Tensor:
    """A stand-in for ``node``'s output inside a create_graph backward.

    It has the same data, op, inputs and saved buffers, so differentiating through
    it is differentiating through ``node``, without the node referring to itself.
    """
    return init_slots(_new(Tensor), node._data, True, node._parents, node._op, node._saved)


def floating(x: Tensor) -> Tensor:
    """``x``, or for an integer or boolean tensor its values in the default floating
    dtype: what float-valued functions (exp, log, softmax, ...) of integers give in
    PyTorch, where numpy would give float16 (int8, uint8, bool) or float64, and where
    ``-x`` would wrap around (uint8) or fail (bool). Integers carry no gradient, so
    the cast is a constant."""
    if x.data.dtype.kind == "f":
        return x
    return new_tensor(x.data.astype(get_default_dtype()))


class _Freed:
    """Marks a node whose saved buffers backward() has released."""

    def __repr__(self) -> str:
        return "<freed>"


FREED = _Freed()


# ------------------------------------------------------------ running backward
def backprop(node: Tensor, grad: Any, create_graph: bool) -> Iterable[tuple[Tensor, Any]]:
    """The vector-Jacobian product of one node: pair each input with d(root)/d(input),
    computed by the op's ``backward`` from ``grad`` = d(root)/d(node) (what the
    engine calls as ``Tensor._backprop``)."""
    parents = node._parents
    if not parents:
        return ()  # a leaf
    op = node._op
    saved = node._saved
    if saved is FREED:
        raise RuntimeError(
            f"backward through the graph a second time: the buffers of '{op.op_name()}' were freed by "
            "the first backward(). Pass retain_graph=True to the first call to backward twice."
        )
    if _last_write[0] > node._seq:  # something was written in place since this node was made
        _refuse_if_written(node, parents)
    # (One plain loop: this runs for every node, and in Python 3.11 each list
    # comprehension would be a function call of its own.)
    needs = []
    arrays = []
    for p in parents:
        needs.append(p._requires_grad)
        arrays.append(p._data)
    ctx = _new(BackwardContext)
    ctx.saved = saved
    ctx.needs_input_grad = needs
    if create_graph:
        ctx.inputs = parents
        ctx.out = _shadow(node)
        grads = _backward_recording(op, ctx, grad)
    else:
        ctx.inputs = arrays
        ctx.out = node._data
        grads = op.backward(ctx, grad)
    if len(grads) != len(parents):
        raise RuntimeError(f"{op.op_name()}.backward returned {len(grads)} gradients for {len(parents)} inputs")
    # The one place where gradients are checked and broadcasting is undone.
    out: list[Any] = []
    for data, need, g in zip(arrays, needs, grads):
        if g is None or not need:
            out.append(None)
            continue
        if g.shape != data.shape:
            g = _reduce_to_input(op, g, data.shape)
        if create_graph:
            if g.dtype != data.dtype:
                g = g.astype(data.dtype)  # a recorded cast, so it differentiates too
            for earlier in out:
                if g is earlier:  # as below; a Tensor's copy is recorded
                    g = g.clone() if isinstance(g, Tensor) else g.copy()
                    break
        else:
            if type(g) is not np.ndarray or g.dtype != data.dtype:
                g = np.asarray(g, dtype=data.dtype)
            for earlier in out:
                if g is earlier:  # x + y hands both the same array: give each its own
                    g = g.copy()
                    break
        out.append(g)
    return zip(parents, out)


def _backward_recording(op: Any, ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
    """``op.backward`` under create_graph, where its formula gets Tensors: a numpy
    function called on one fails deep inside numpy; say which op and what to use."""
    try:
        return op.backward(ctx, g)  # type: ignore[no-any-return]
    except (TypeError, RuntimeError) as exc:  # (Tensor.__array__ / __array_ufunc__ refuse, naming numpy)
        if not str(exc).startswith("Can't call "):
            raise
        raise TypeError(
            f"{op.op_name()}.backward: a numpy function was called on a Tensor under create_graph=True "
            f"({exc}). A backward formula must run on arrays and Tensors alike: use operators, Tensor "
            "methods (x.exp(), x.sum(axis=...)) and the functions of autograd.ops.formulas "
            "(formulas.exp, formulas.where, formulas.constant for masks) instead of np.* on ctx.inputs, "
            "ctx.out or g"
        ) from exc


def _reduce_to_input(op: Any, g: Any, shape: tuple[int, ...]) -> Any:
    try:
        return sum_to(g, shape)
    except ValueError:
        raise RuntimeError(
            f"{op.op_name()}.backward: gradient of shape {tuple(g.shape)} does not match its input of shape {shape}"
        ) from None


def _refuse_if_written(node: Tensor, parents: tuple[Tensor, ...]) -> None:
    """Raise if an array ``node``'s backward reads was changed in place after ``node``
    was made (see :mod:`autograd.writes`)."""
    name = node._op.op_name()
    for what, t in [("the result", node)] + [(f"input {i}", p) for i, p in enumerate(parents)]:
        if written_since(t.data, node._seq):
            raise RuntimeError(
                f"backward: {what} of '{name}' (shape {t.shape}) was modified in place after '{name}' ran, "
                "so its backward would read the new values and give a wrong gradient. Make the in-place "
                "change after backward(), or change a clone() of the tensor instead."
            )


def broadcast_shapes(where: str, *shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The broadcast shape of ``shapes``, or a ValueError naming the where and shapes."""
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        listed = " and ".join(str(tuple(s)) for s in shapes)
        raise ValueError(f"{where}: shapes {listed} cannot be broadcast together") from None


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


# Last: Tensor's methods call the op modules, which need this module complete first.
from autograd.tensor import Tensor, as_tensor, get_default_dtype  # noqa: E402

# The one input of every node whose graph backward() has freed (see Tensor._release):
# a constant with no parents, named so that a drawing of such a graph says what happened.
FREED_INPUTS = (new_tensor(np.zeros(0)),)
FREED_INPUTS[0].name = "freed by backward()"


def operand_like(where: str, x: Tensor, src: Any) -> Tensor:
    """``src`` as a Tensor of x's dtype, for the ops that write it into x (scatter,
    index_add, ...): a Tensor of another dtype is refused, as PyTorch refuses it; arrays
    and lists take x's dtype."""
    if isinstance(src, Tensor):
        if src._data.dtype != x._data.dtype:
            raise TypeError(f"{where}: src must have the input's dtype {x.dtype}, got {src.dtype}")
        return src
    return as_tensor(np.asarray(src, dtype=x._data.dtype), where=where)
