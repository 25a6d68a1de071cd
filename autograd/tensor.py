"""``Tensor``: a numpy n-d array that records the computation graph.

A ``Tensor`` is a node for the same engine as ``Value`` (:mod:`autograd.engine`):
each result remembers its inputs (``_parents``), the operation that made it
(``_op``, a class in :mod:`autograd.ops`) and what that operation saved for
backward. The operations themselves live in ``autograd/ops/``, each forward beside
its derivative; this module holds construction, properties, the operator methods,
and the node interface.

Semantics follow PyTorch: only leaves (tensors you create) and tensors marked with
``retain_grad()`` keep ``.grad`` after ``backward()``; gradients accumulate until
zeroed; a graph is freed by ``backward()`` unless ``retain_graph=True``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Union

import numpy as np

from autograd import engine
from autograd.grad_mode import _state, enable_grad
from autograd.writes import last_write as _last_write
from autograd.writes import mark_written, written_since

_new = object.__new__
_next_seq = engine.next_seq

# ------------------------------------------------------------------- dtypes
_default_dtype: np.dtype = np.dtype(np.float32)


def set_default_dtype(dtype: Any) -> None:
    """Set the dtype Python data becomes (float32 unless changed)."""
    global _default_dtype
    d = np.dtype(dtype)
    if d.kind != "f":
        raise TypeError(f"set_default_dtype: only floating dtypes are allowed, got {d}")
    _default_dtype = d


def get_default_dtype() -> np.dtype:
    """The dtype Python data becomes when no dtype is given."""
    return _default_dtype


def _to_array(data: Any, dtype: Any, where: str) -> np.ndarray:
    """Turn user data into an ndarray, with a TypeError naming what was given."""
    if isinstance(data, Tensor):
        arr = data.data
        return arr if dtype is None else arr.astype(dtype)
    if isinstance(data, np.ndarray) or isinstance(data, np.generic):
        arr = np.asarray(data)
        if dtype is not None:
            arr = arr.astype(dtype)
    else:
        if data is None or isinstance(data, (str, bytes, dict, set)):
            raise TypeError(
                f"{where}: expected numeric data (a number, nested list or ndarray), "
                f"got {type(data).__name__}: {data!r}"
            )
        # Convert without a dtype first, so that an element numpy would parse or
        # turn into nan ("1.5", None) is refused instead of silently converted.
        try:
            arr = np.array(data)
        except ValueError as exc:  # ragged nesting: numpy names the shapes involved
            raise ValueError(f"{where}: cannot make a tensor from a ragged {type(data).__name__}: {exc}") from None
        except TypeError as exc:
            raise TypeError(f"{where}: cannot make a tensor from {type(data).__name__} {data!r:.80}: {exc}") from None
        what = {"U": "strings", "S": "bytes", "c": "complex numbers", "O": ""}.get(arr.dtype.kind)
        if what == "":  # objects: fine if all are real numbers (e.g. ints too big for int64)
            bad = [x for x in arr.flat if not isinstance(x, (numbers.Real, np.bool_))][:1]
            what = f"{bad[0]!r:.40} (a {type(bad[0]).__name__})" if bad else None
        if what is not None:
            raise TypeError(f"{where}: expected real numbers (in nested lists), got {what} in a {type(data).__name__}")
        arr = arr.astype(dtype if dtype is not None else _default_dtype, copy=False)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{where}: expected numeric data, got an array of dtype {arr.dtype}")
    return arr


Scalar = Union[int, float]
TensorLike = Union["Tensor", np.ndarray, Scalar]


class Tensor:
    """An n-d array (``numpy.ndarray``) that records how it was computed.

    >>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    tensor([[2., 4.],
            [6., 8.]])
    """

    __slots__ = (
        "data", "grad", "requires_grad", "name", "_parents", "_op", "_saved", "_retains_grad", "_seq", "__weakref__"
    )

    # Make ``ndarray <op> Tensor`` call the Tensor's reflected operator.
    __array_ufunc__ = None

    data: np.ndarray
    grad: Tensor | None
    requires_grad: bool
    name: str | None
    _parents: tuple[Tensor, ...]
    _op: Any
    _saved: Any
    _retains_grad: bool
    _seq: int

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None) -> None:
        arr = _to_array(data, dtype, "Tensor()")
        if requires_grad and arr.dtype.kind != "f":
            raise TypeError(f"Tensor(): only floating-point tensors can require gradients, got dtype {arr.dtype}")
        self.data = arr
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self.name = name
        self._parents = ()
        self._op = None
        self._saved = None
        self._retains_grad = False
        self._seq = _next_seq()

    # ------------------------------------------------------------ properties
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        """Number of elements (numpy's meaning; ``numel()`` is the same)."""
        return self.data.size

    def numel(self) -> int:
        return self.data.size

    def dim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def T(self) -> Tensor:
        """All axes reversed (the matrix transpose for 2-d)."""
        return self.permute(*range(self.ndim - 1, -1, -1))

    @property
    def mT(self) -> Tensor:
        """The last two axes swapped (a batch of matrices transposed)."""
        return self.transpose(-2, -1)

    @property
    def is_leaf(self) -> bool:
        """True for tensors created by the user rather than by an operation."""
        return self._op is None

    @property
    def grad_fn(self) -> str | None:
        """The name of the operation that made this tensor (None for a leaf)."""
        return None if self._op is None else self._op.op_name()

    def __setstate__(self, state: Any) -> None:
        # copy, deepcopy and pickle make a *new* node: give it its own creation number,
        # or the engine (which keys a pass by _seq) would merge it with the original.
        _, slots = state
        for name, value in slots.items():
            setattr(self, name, value)
        self._seq = _next_seq()

    # ---------------------------------------------------------- conversion
    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied), as ``torch.Tensor.numpy``."""
        return self.data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if copy:
            return np.array(self.data, dtype=dtype, copy=True)
        return self.data if dtype is None else self.data.astype(dtype)

    def item(self) -> float:
        if self.data.size != 1:
            raise ValueError(
                f"item(): only a tensor with one element can be converted to a Python scalar, got shape {self.shape}"
            )
        return self.data.item()  # type: ignore[no-any-return]

    def tolist(self) -> Any:
        return self.data.tolist()

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise ValueError(f"the truth value of a tensor of shape {self.shape} is ambiguous")
        return bool(self.data.item())

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.data)

    def __iter__(self) -> Iterator[Tensor]:
        if self.data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(len(self.data)))

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="tensor(", precision=4)
        extras = []
        if self.data.dtype != _default_dtype:
            extras.append(f"dtype={self.data.dtype}")
        if self._op is not None:
            extras.append(f"grad_fn=<{self._op.op_name()}>")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        return "tensor(" + body + "".join(", " + e for e in extras) + ")"

    # ----------------------------------------------------------- autograd
    def backward(
        self,
        gradient: TensorLike | None = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Tensor | Iterable[Tensor] | None = None,
    ) -> None:
        """Accumulate d(self)/d(leaf) into ``.grad`` of every leaf that requires it.

        ``gradient`` is d(loss)/d(self); it may be omitted only for a one-element
        tensor. The graph is freed afterwards unless ``retain_graph`` (which
        defaults to ``create_graph``) is true. With ``inputs``, only those tensors
        accumulate a gradient.
        """
        if not self.requires_grad:
            raise RuntimeError("backward(): this tensor does not require grad and has no grad_fn "
                               "(did you forget requires_grad=True, or compute it under no_grad?)")
        if create_graph and isinstance(gradient, Tensor) and gradient.shape == self.shape:
            # Keep the graph of a Tensor gradient, so .grad is differentiable in it too.
            seed: Any = gradient if gradient.dtype == self.dtype else gradient.astype(self.dtype)
        else:
            seed = _seed_gradient(self, gradient, "backward()")
        if inputs is not None:
            inputs = _backward_inputs(inputs)
        if retain_graph is None:
            retain_graph = create_graph
        if inputs is None and not create_graph:
            engine.backward([self], [seed], retain_graph=retain_graph)
            return
        with _recording_if(create_graph):
            if inputs is None:
                engine.backward([self], [seed], retain_graph=retain_graph, create_graph=create_graph)
                return
            grads = engine.grad([self], [seed], inputs, retain_graph=retain_graph, create_graph=create_graph)
            for x, g in zip(inputs, grads):
                if g is not None:
                    x._accumulate(g, create_graph)

    def retain_grad(self) -> Tensor:
        """Keep ``.grad`` on this non-leaf tensor after backward."""
        if not self.requires_grad:
            raise RuntimeError("retain_grad(): can't retain the gradient of a tensor that does not require grad")
        self._retains_grad = True
        return self

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad and self._op is not None

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's data, cut from the graph."""
        return _wrap(self.data)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        if not self.is_leaf:
            raise RuntimeError("requires_grad_(): only leaf tensors can change requires_grad "
                               "(use detach() to make a new leaf)")
        if requires_grad and self.data.dtype.kind != "f":
            raise TypeError(
                f"requires_grad_(): only floating-point tensors can require gradients, got dtype {self.dtype}"
            )
        self.requires_grad = bool(requires_grad)
        return self

    def zero_(self) -> Tensor:
        """Set every element to zero in place (e.g. ``p.grad.zero_()``)."""
        self._check_writable("zero_()")
        self.data[...] = 0
        mark_written(self.data)
        return self

    def clone(self) -> Tensor:
        """A copy that stays in the graph (d clone / dx = identity)."""
        from autograd.ops.elementwise import clone

        return clone(self)

    # --- the node interface (autograd.engine) ---
    def _backprop(self, grad: Any, create_graph: bool) -> Iterable[tuple[Tensor, Any]]:
        """The vector-Jacobian product: pair each input with d(root)/d(input),
        computed by the op's ``backward`` from ``grad`` = d(root)/d(self)."""
        parents = self._parents
        if not parents:
            return ()  # a leaf
        op = self._op
        saved = self._saved
        if saved is _FREED:
            raise RuntimeError(
                f"backward through the graph a second time: the buffers of '{op.op_name()}' were freed by "
                "the first backward(). Pass retain_graph=True to the first call to backward twice."
            )
        if _last_write[0] > self._seq:  # something was written in place since this node was made
            _refuse_if_written(self, parents)
        # (One plain loop: this runs for every node, and in Python 3.11 each list
        # comprehension would be a function call of its own.)
        needs = []
        arrays = []
        for p in parents:
            needs.append(p.requires_grad)
            arrays.append(p.data)
        ctx = _new(BackwardContext)
        ctx.saved = saved
        ctx.needs_input_grad = needs
        if create_graph:
            ctx.inputs = parents
            ctx.out = _shadow(self)
        else:
            ctx.inputs = arrays
            ctx.out = self.data
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

    def _receive_grad(self, grad: Any, create_graph: bool) -> None:
        if self._op is None:
            if self.grad is None and not create_graph and type(grad) is np.ndarray and grad.flags.writeable:
                self.grad = _wrap(grad)  # a leaf's first gradient: the common case of _accumulate
            else:
                self._accumulate(grad, create_graph)
        elif self._retains_grad:
            self._accumulate(grad, create_graph)
        # else: an intermediate result; its gradient only flows on to its inputs

    def _accumulate(self, grad: Any, create_graph: bool) -> None:
        """Add ``grad`` to ``.grad``; the stored array is never shared with another
        tensor's ``.grad`` and is always writable (``p.grad.zero_()`` works)."""
        if not create_graph:
            if type(grad) is not np.ndarray:
                grad = np.asarray(grad, dtype=self.data.dtype)
            if self.grad is None:
                # A non-leaf's gradient flows on to its inputs, and a broadcast
                # view is read-only: store a copy of those. A leaf's own gradient
                # array is used by nobody else (Tensor._backprop splits shared ones).
                if self._op is not None or not grad.flags.writeable:
                    grad = grad.copy()
                self.grad = _wrap(grad)
            else:
                self.grad.data = self.grad.data + grad
        else:
            g = grad if isinstance(grad, Tensor) else _wrap(np.asarray(grad))
            if self.grad is None:
                # Never share the stored tensor with a non-leaf's .grad (it flows on to
                # the inputs) or with a caller's gradient: store a (recorded) copy.
                self.grad = g.clone() if self._op is not None or g._op is None else g
            else:
                self.grad = self.grad + g

    def _release(self) -> None:
        # Drop what backward needed and the inputs themselves, so a result kept
        # after backward() (losses.append(loss)) does not keep every activation of
        # its graph alive. The op's name stays; a second backward() raises.
        if self._op is not None:
            self._saved = _FREED
            self._parents = _FREED_INPUTS

    # ------------------------------------------------------------- in place
    def _inplace(self, other: TensorLike, ufunc: Any, symbol: str) -> Tensor:
        if self.requires_grad and _state.enabled:
            raise RuntimeError(
                f"x {symbol}= y: in-place update of a tensor that requires grad (shape {self.shape}) would "
                f"corrupt its graph; do it under autograd.no_grad() (as an optimizer does), or write "
                f"x = x {symbol} y"
            )
        self._check_writable(f"x {symbol}= y")
        value = other.data if isinstance(other, Tensor) else other
        try:
            ufunc(self.data, value, out=self.data, casting="same_kind")
        except ValueError:
            raise ValueError(
                f"x {symbol}= y: y of shape {np.shape(value)} cannot update x of shape {self.shape} in place"
            ) from None
        mark_written(self.data)
        return self

    def _check_writable(self, what: str) -> None:
        if not self.data.flags.writeable:
            raise ValueError(
                f"{what}: x (shape {self.shape}) is read-only (a broadcast view from expand or broadcast_to, "
                "whose elements share memory, or a read-only numpy array); change a copy: x = x.clone()"
            )

    def __iadd__(self, other: TensorLike) -> Tensor:
        """In place, on ``.data``: only without a graph (``no_grad``), as in PyTorch."""
        return self._inplace(other, np.add, "+")

    def __isub__(self, other: TensorLike) -> Tensor:
        return self._inplace(other, np.subtract, "-")

    def __imul__(self, other: TensorLike) -> Tensor:
        return self._inplace(other, np.multiply, "*")

    def __itruediv__(self, other: TensorLike) -> Tensor:
        return self._inplace(other, np.true_divide, "/")

    # --------------------------------------------------------- arithmetic
    def __add__(self, other: TensorLike) -> Tensor:
        return _ew.add(self, other)

    def __radd__(self, other: TensorLike) -> Tensor:
        return _ew.add(other, self)

    def __sub__(self, other: TensorLike) -> Tensor:
        return _ew.sub(self, other)

    def __rsub__(self, other: TensorLike) -> Tensor:
        return _ew.sub(other, self)

    def __mul__(self, other: TensorLike) -> Tensor:
        return _ew.mul(self, other)

    def __rmul__(self, other: TensorLike) -> Tensor:
        return _ew.mul(other, self)

    def __truediv__(self, other: TensorLike) -> Tensor:
        return _ew.div(self, other)

    def __rtruediv__(self, other: TensorLike) -> Tensor:
        return _ew.div(other, self)

    def __pow__(self, other: TensorLike) -> Tensor:
        return _ew.pow(self, other)

    def __rpow__(self, other: TensorLike) -> Tensor:
        return _ew.pow(other, self)

    def __neg__(self) -> Tensor:
        return _ew.neg(self)

    def __abs__(self) -> Tensor:
        return _ew.abs(self)

    def __matmul__(self, other: TensorLike) -> Tensor:
        return _la.matmul(self, other)

    def __rmatmul__(self, other: TensorLike) -> Tensor:
        return _la.matmul(other, self)

    # comparisons: boolean tensors, no gradient
    def __lt__(self, other: TensorLike) -> Tensor:  # type: ignore[override,misc]
        return _ew.compare("lt", self, other)

    def __le__(self, other: TensorLike) -> Tensor:  # type: ignore[override,misc]
        return _ew.compare("le", self, other)

    def __gt__(self, other: TensorLike) -> Tensor:  # type: ignore[override,misc]
        return _ew.compare("gt", self, other)

    def __ge__(self, other: TensorLike) -> Tensor:  # type: ignore[override,misc]
        return _ew.compare("ge", self, other)

    def __eq__(self, other: TensorLike) -> Tensor:  # type: ignore[override,misc]
        return _ew.compare("eq", self, other)

    def __ne__(self, other: TensorLike) -> Tensor:  # type: ignore[override,misc]
        return _ew.compare("ne", self, other)

    # & | ^ ~: bitwise on integers, logical on booleans, refused on floats (PyTorch's rule)
    def __and__(self, other: TensorLike) -> Tensor:
        return _ew.bitwise("&", self, other)

    def __rand__(self, other: TensorLike) -> Tensor:
        return _ew.bitwise("&", other, self)

    def __or__(self, other: TensorLike) -> Tensor:
        return _ew.bitwise("|", self, other)

    def __ror__(self, other: TensorLike) -> Tensor:
        return _ew.bitwise("|", other, self)

    def __xor__(self, other: TensorLike) -> Tensor:
        return _ew.bitwise("^", self, other)

    def __rxor__(self, other: TensorLike) -> Tensor:
        return _ew.bitwise("^", other, self)

    def __invert__(self) -> Tensor:
        return _ew.invert(self)

    # --------------------------------------------------------- elementwise
    def exp(self) -> Tensor:
        return _ew.exp(self)

    def log(self) -> Tensor:
        return _ew.log(self)

    def sqrt(self) -> Tensor:
        return _ew.sqrt(self)

    def abs(self) -> Tensor:
        return _ew.abs(self)

    def tanh(self) -> Tensor:
        return _ew.tanh(self)

    def sigmoid(self) -> Tensor:
        return _ew.sigmoid(self)

    def relu(self) -> Tensor:
        return _ew.relu(self)

    def leaky_relu(self, negative_slope: float = 0.01) -> Tensor:
        return _ew.leaky_relu(self, negative_slope)

    def softplus(self) -> Tensor:
        return _ew.softplus(self)

    def step(self) -> Tensor:
        return _ew.step(self)

    def sign(self) -> Tensor:
        return _ew.sign(self)

    def clip(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        """Values limited to [min, max]; each bound a number, an array or a constant Tensor."""
        return _ew.clip(self, min, max)

    clamp = clip

    def maximum(self, other: TensorLike) -> Tensor:
        return _ew.maximum(self, other)

    def minimum(self, other: TensorLike) -> Tensor:
        return _ew.minimum(self, other)

    def pow(self, exponent: TensorLike) -> Tensor:
        return _ew.pow(self, exponent)

    def matmul(self, other: TensorLike) -> Tensor:
        return _la.matmul(self, other)

    # ---------------------------------------------------------- reductions
    def sum(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> Tensor:
        return _red.sum(self, _axis(axis, dim), _keep(keepdims, keepdim))

    def mean(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> Tensor:
        return _red.mean(self, _axis(axis, dim), _keep(keepdims, keepdim))

    def max(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> Tensor:
        return _red.max(self, _axis(axis, dim), _keep(keepdims, keepdim))

    def min(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> Tensor:
        return _red.min(self, _axis(axis, dim), _keep(keepdims, keepdim))

    def var(self, axis: Any = None, keepdims: bool = False, *, correction: int = 1, dim: Any = None,
            keepdim: bool | None = None) -> Tensor:
        return _red.var(self, _axis(axis, dim), _keep(keepdims, keepdim), correction)

    def std(self, axis: Any = None, keepdims: bool = False, *, correction: int = 1, dim: Any = None,
            keepdim: bool | None = None) -> Tensor:
        return _red.std(self, _axis(axis, dim), _keep(keepdims, keepdim), correction)

    def logsumexp(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None,
                  keepdim: bool | None = None) -> Tensor:
        return _red.logsumexp(self, _axis(axis, dim), _keep(keepdims, keepdim))

    def softmax(self, axis: int = -1, *, dim: int | None = None) -> Tensor:
        return _red.softmax(self, _axis(axis, dim))

    def log_softmax(self, axis: int = -1, *, dim: int | None = None) -> Tensor:
        return _red.log_softmax(self, _axis(axis, dim))

    def argmax(self, axis: int | None = None, keepdims: bool = False, *, dim: int | None = None,
               keepdim: bool | None = None) -> Tensor:
        """Indices of the largest elements (of the flattened tensor when ``axis`` is None);
        an int64 tensor with no gradient."""
        return _red.arg_reduce("argmax", self, _axis(axis, dim), _keep(keepdims, keepdim))

    def argmin(self, axis: int | None = None, keepdims: bool = False, *, dim: int | None = None,
               keepdim: bool | None = None) -> Tensor:
        """Indices of the smallest elements, as :meth:`argmax`."""
        return _red.arg_reduce("argmin", self, _axis(axis, dim), _keep(keepdims, keepdim))

    # --------------------------------------------------------------- shape
    def reshape(self, *shape: Any, **kwargs: Any) -> Tensor:
        """``x.reshape(2, 3)``, ``x.reshape((2, 3))`` or ``x.reshape(shape=(2, 3))``."""
        return _shape.reshape(self, _shape_arg(shape, kwargs, "shape", "reshape"))

    view = reshape

    def reshape_as(self, other: Tensor) -> Tensor:
        return _shape.reshape(self, _shape_of(other, "reshape_as"))

    view_as = reshape_as

    def transpose(self, dim0: int = -2, dim1: int = -1) -> Tensor:
        return _shape.transpose(self, dim0, dim1)

    def swapaxes(self, axis0: int, axis1: int) -> Tensor:
        """numpy's and PyTorch's name for ``transpose(axis0, axis1)``."""
        return _shape.transpose(self, axis0, axis1)

    swapdims = swapaxes

    def permute(self, *dims: Any, **kwargs: Any) -> Tensor:
        """``x.permute(1, 0)``, ``x.permute((1, 0))`` or ``x.permute(dims=(1, 0))``."""
        return _shape.permute(self, _shape_arg(dims, kwargs, "dims", "permute"))

    def flip(self, *dims: Any, **kwargs: Any) -> Tensor:
        """Reverse the order of elements along ``dims``: ``x.flip(0)``, ``x.flip(0, 1)``,
        ``x.flip((0, 1))`` or ``x.flip(dims=[0])``."""
        return _shape.flip(self, _shape_arg(dims, kwargs, "dims", "flip"))

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return _shape.flatten(self, start_dim, end_dim)

    def squeeze(self, dim: int | tuple[int, ...] | None = None) -> Tensor:
        return _shape.squeeze(self, dim)

    def unsqueeze(self, dim: int) -> Tensor:
        return _shape.unsqueeze(self, dim)

    def expand(self, *sizes: Any, **kwargs: Any) -> Tensor:
        """``x.expand(4, -1)``, ``x.expand((4, -1))`` or ``x.expand(size=(4, -1))``."""
        return _shape.expand(self, _shape_arg(sizes, kwargs, "size", "expand"))

    def expand_as(self, other: Tensor) -> Tensor:
        return _shape.expand(self, _shape_of(other, "expand_as"))

    def broadcast_to(self, shape: Sequence[int]) -> Tensor:
        return _shape.broadcast_to(self, shape)

    def split(self, split_size_or_sections: Any, axis: int = 0, *, dim: int | None = None) -> tuple[Tensor, ...]:
        return _shape.split(self, split_size_or_sections, _axis(axis, dim))

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``chunks`` pieces along ``dim``, each ceil(n / chunks) long (see ``torch.chunk``)."""
        return _shape.chunk(self, chunks, dim)

    def __getitem__(self, index: Any) -> Tensor:
        return _shape.getitem(self, index)

    def __setitem__(self, index: Any, value: TensorLike) -> None:
        """``x[index] = value`` in place, with the indexing rules of ``x[index]``; like
        ``x += y``, only on a tensor outside a graph (not requiring grad, or under
        ``no_grad()``)."""
        what = "x[index] = value"
        if self.requires_grad and _state.enabled:
            raise RuntimeError(
                f"{what}: assigning into a tensor that requires grad (shape {self.shape}) would corrupt its graph; "
                "do it under autograd.no_grad(), or build a new tensor (with where, cat or pad)"
            )
        self._check_writable(what)
        v = value.data if isinstance(value, Tensor) else value
        if not isinstance(value, Tensor) and np.asarray(v).dtype.kind not in "biuf":
            raise TypeError(f"{what}: value must be a number, an array or a Tensor, got {type(value).__name__} "
                            f"{value!r:.60}")
        idx, _ = _shape.normalize_index(index)
        target = self.data
        parts = _shape.ints_first(idx)
        if parts is not None:  # ints first, as in x[index]
            target, idx = target[parts[0]], parts[1]
        try:
            target[idx] = v
        except IndexError as exc:
            raise IndexError(f"{what}: index {idx!r:.200} does not fit a tensor of shape {self.shape}: {exc}") from None
        except ValueError as exc:
            raise ValueError(f"{what}: a value of shape {np.shape(v)} cannot be assigned to x[{index!r:.80}] of "
                             f"a tensor of shape {self.shape}: {exc}") from None
        mark_written(self.data)

    # ---------------------------------------------------------------- dtype
    def astype(self, dtype: Any) -> Tensor:
        """This tensor cast to ``dtype`` (itself if it has it already); a cast between
        floating dtypes is differentiable, one to or from integers carries no gradient."""
        return _ew.astype(self, _dtype_arg("astype", dtype))

    def to(self, dtype: Any) -> Tensor:
        """``astype``, under PyTorch's name. The device ``"cpu"`` is accepted too and
        changes nothing: these tensors always live in host memory."""
        if isinstance(dtype, str) and dtype == "cpu":
            return self
        return _ew.astype(self, _dtype_arg("to", dtype))

    def float(self) -> Tensor:
        return _ew.astype(self, np.dtype(np.float32))

    def double(self) -> Tensor:
        return _ew.astype(self, np.dtype(np.float64))


class _Freed:
    """Marks a node whose saved buffers backward() has released."""

    def __repr__(self) -> str:
        return "<freed>"


_FREED = _Freed()


def make_node(out: Any, inputs: tuple[Tensor, ...], op: Any, saved: Any) -> Tensor:
    """Wrap ``out`` in a Tensor that remembers ``op`` and ``inputs`` when grad mode
    is on and any input requires a gradient; a plain constant otherwise."""
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    t = _new(Tensor)
    t._seq = _next_seq()
    t.data = out
    t.grad = None
    t.name = None
    t._retains_grad = False
    if _state.enabled:
        for x in inputs:
            if x.requires_grad:
                t.requires_grad = True
                t._parents = inputs
                t._op = op
                t._saved = saved
                return t
    t.requires_grad = False
    t._parents = ()
    t._op = None
    t._saved = None
    return t


def _wrap(arr: np.ndarray) -> Tensor:
    """A leaf Tensor around ``arr`` (no copy, no checks: internal use)."""
    t = _new(Tensor)
    t._seq = _next_seq()
    t.data = arr
    t.grad = None
    t.requires_grad = False
    t.name = None
    t._parents = ()
    t._op = None
    t._saved = None
    t._retains_grad = False
    return t


def _shadow(node: Tensor) -> Tensor:
    """A stand-in for ``node``'s output inside a create_graph backward.

    It has the same data, op, inputs and saved buffers, so differentiating through
    it is differentiating through ``node``, without the node referring to itself.
    """
    t = _new(Tensor)
    t._seq = _next_seq()
    t.data = node.data
    t.grad = None
    t.requires_grad = True
    t.name = None
    t._parents = node._parents
    t._op = node._op
    t._saved = node._saved
    t._retains_grad = False
    return t


def as_tensor(x: Any, like: Tensor | None = None) -> Tensor:
    """``x`` as a Tensor: Tensors pass through; numbers take ``like``'s floating
    dtype, and integers its integer dtype where they fit (PyTorch's "weak" scalars;
    numpy scalars too, as in PyTorch); arrays keep theirs."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        return _wrap(x)
    if isinstance(x, (int, float, numbers.Real)) and not isinstance(x, bool):
        if like is not None:
            kind = like.data.dtype.kind
            if kind == "f" or (kind in "iu" and isinstance(x, (int, np.integer)) and _fits(int(x), like.data.dtype)):
                return _wrap(np.asarray(x, dtype=like.data.dtype))
        if isinstance(x, (float, np.floating)):
            return _wrap(np.asarray(x, dtype=_default_dtype))
        return _wrap(np.asarray(x))
    if isinstance(x, (bool, np.bool_)):
        return _wrap(np.asarray(x))
    return Tensor(x)


def _fits(n: int, dtype: np.dtype) -> bool:
    info = np.iinfo(dtype)
    return info.min <= n <= info.max


def _reduce_to_input(op: Any, g: Any, shape: tuple[int, ...]) -> Any:
    try:
        return sum_to(g, shape)
    except ValueError:
        raise RuntimeError(
            f"{op.op_name()}.backward: gradient of shape {tuple(g.shape)} does not match its input of shape {shape}"
        ) from None


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


def _backward_inputs(inputs: Any) -> list[Tensor]:
    """``backward(inputs=...)``: a Tensor or an iterable of them, each requiring grad."""
    out = list(tensor_tuple(inputs, "backward()", "inputs"))
    if not out:
        raise ValueError("backward(): inputs cannot be empty (pass None to accumulate into every leaf)")
    for i, x in enumerate(out):
        if not x.requires_grad:
            raise RuntimeError(f"backward(): inputs[{i}] (shape {x.shape}) does not require grad")
    return out


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


def _seed_gradient(root: Tensor, gradient: Any, where: str) -> Any:
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


def _recording_if(create_graph: bool) -> AbstractContextManager[None]:
    """Grad mode on for a create_graph backward (its formulas must record); left
    alone otherwise (the arrays involved record nothing anyway)."""
    return enable_grad() if create_graph else nullcontext()


def _dtype_arg(op: str, dtype: Any) -> np.dtype:
    try:
        return np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{op}: {dtype!r} is not a dtype (try np.float32, 'float64' or np.int64)") from None


def _axis(axis: Any, dim: Any) -> Any:
    """numpy's ``axis`` or PyTorch's ``dim``, whichever was given (``dim`` wins)."""
    return axis if dim is None else dim


def _keep(keepdims: bool, keepdim: bool | None) -> bool:
    return keepdims if keepdim is None else keepdim


def _shape_arg(shape: tuple[Any, ...], kwargs: dict[str, Any] | None = None, keyword: str = "",
               op: str = "") -> tuple[int, ...]:
    """Accept reshape(2, 3), reshape((2, 3)) and PyTorch's keyword, reshape(shape=(2, 3))."""
    if kwargs:
        if shape or set(kwargs) != {keyword}:
            given = ", ".join(sorted(kwargs))
            raise TypeError(f"{op}: give the sizes as arguments or as {keyword}=..., not both or other keywords "
                            f"(got {len(shape)} positional and {given})")
        shape = (kwargs[keyword],)
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    return tuple(shape)


def _shape_of(other: Any, op: str) -> tuple[int, ...]:
    if not isinstance(other, (Tensor, np.ndarray)):
        raise TypeError(f"{op}: expected a Tensor (or array) to take the shape of, got {type(other).__name__}")
    return tuple(other.shape)


# The operations; imported last because they build Tensors themselves.
from autograd.ops import elementwise as _ew  # noqa: E402
from autograd.ops import linalg as _la  # noqa: E402
from autograd.ops import reduce as _red  # noqa: E402
from autograd.ops import shape as _shape  # noqa: E402
from autograd.ops.base import BackwardContext, sum_to  # noqa: E402

# The one input of every node whose graph backward() has freed (see _release): a
# constant with no parents, named so that a drawing of such a graph says what happened.
_FREED_INPUTS = (_wrap(np.zeros(0)),)
_FREED_INPUTS[0].name = "freed by backward()"
