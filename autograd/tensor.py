"""``Tensor``: a numpy n-d array that records the computation graph.

A ``Tensor`` is a node for the same engine as ``Value`` (:mod:`autograd.engine`):
each result remembers its inputs (``_parents``), the operation that made it
(``_op``, a class in :mod:`autograd.ops`) and what that operation saved for
backward. The operations themselves live in ``autograd/ops/``, each forward beside
its derivative; this module holds construction, properties, the operator methods
(each one call into an op), and the node interface, whose backward step is
:func:`autograd.ops.base.backprop`.

Semantics follow PyTorch: only leaves (tensors you create) and tensors marked with
``retain_grad()`` keep ``.grad`` after ``backward()``; gradients accumulate until
zeroed; a graph is freed by ``backward()`` unless ``retain_graph=True``.
"""

from __future__ import annotations

import copy
import numbers
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from autograd import engine
from autograd.dtypes import get_default_dtype, to_array
from autograd.grad_mode import _state
from autograd.writes import mark_written

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
        "_data", "_grad", "_requires_grad", "name", "_parents", "_op", "_saved", "_retains_grad", "_seq",
        "__weakref__",
    )

    # data, grad and requires_grad are properties that check what is assigned (the
    # library's own hot paths use the slots behind them: _data, _grad, _requires_grad)
    _data: np.ndarray
    _grad: Tensor | None
    _requires_grad: bool
    name: str | None
    _parents: tuple[Tensor, ...]
    _op: Any
    _saved: Any
    _retains_grad: bool
    _seq: int

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None) -> None:
        if isinstance(data, Tensor):
            arr = data.data if dtype is None else data.data.astype(dtype)
        else:
            arr = to_array(data, dtype, "Tensor()")
        if args.flag("Tensor()", "requires_grad", requires_grad) and arr.dtype.kind != "f":
            raise TypeError(f"Tensor(): only floating-point tensors can require gradients, got dtype {arr.dtype}")
        _base.init_slots(self, arr, bool(requires_grad), (), None, None)
        self.name = name

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

    @property
    def data(self) -> np.ndarray:
        """The values, a numpy array (shared: writing into it bypasses the graph, as
        ``.data`` does in PyTorch)."""
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        if isinstance(value, Tensor):
            value = value._data  # (shares its values, as in PyTorch)
        if not isinstance(value, np.ndarray):
            raise TypeError(f"x.data = ...: expected a numpy array (or a Tensor), got {type(value).__name__}; "
                            "write x.data = np.asarray(...)")
        if value.dtype.kind not in "biuf":
            raise TypeError(f"x.data = ...: expected numeric values, got an array of dtype {value.dtype}")
        if self._requires_grad and value.dtype.kind != "f":
            raise TypeError(f"x.data = ...: x requires grad, so its data must be floating point, got dtype "
                            f"{value.dtype} (x is {self._data.dtype})")
        self._data = value

    @property
    def grad(self) -> Tensor | None:
        """d(root)/d(self) after ``backward()``: a leaf's (or ``retain_grad()``'s), else None."""
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is None:  # (zero_grad)
            self._grad = None
            return
        if not isinstance(value, Tensor):
            raise TypeError(f"x.grad = ...: expected a Tensor or None, got {type(value).__name__}"
                            + ("; write x.grad = Tensor(array)" if isinstance(value, np.ndarray) else ""))
        if value._data.shape != self._data.shape:
            raise ValueError(f"x.grad = ...: a gradient of shape {value.shape} for a tensor of shape {self.shape}")
        if value._data.dtype != self._data.dtype:
            raise TypeError(f"x.grad = ...: a gradient of dtype {value.dtype} for a tensor of dtype {self.dtype}")
        self._grad = value

    @property
    def requires_grad(self) -> bool:
        """Whether gradients are computed for this tensor (set it on a leaf)."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        flag = args.flag("x.requires_grad = ...", "requires_grad", value)
        if flag and self._data.dtype.kind != "f":
            raise TypeError(f"x.requires_grad = True: only floating-point tensors can require gradients, "
                            f"got dtype {self._data.dtype}")
        if not flag and self._op is not None and self._requires_grad:
            raise RuntimeError("x.requires_grad = False: only a leaf's flag can change; for a computed tensor "
                               "that should not be differentiated, use x.detach()")
        self._requires_grad = flag

    # Copying and pickling. A copy is a new leaf: values, requires_grad, .grad and
    # name, never the graph (walking it would recurse, and keep every activation).
    # As in PyTorch, copy.deepcopy refuses a tensor computed in a graph (detach() it
    # first); pickle stores its values as a leaf's, like torch.save.
    def __getstate__(self) -> dict[str, Any]:
        grad = self.grad if self._op is None else None
        return {"data": self.data, "requires_grad": self.requires_grad, "grad": grad, "name": self.name}

    def __setstate__(self, state: Any) -> None:
        # (a new node, with its own creation number: the engine keys a pass by _seq)
        _base.init_slots(self, state["data"], state["requires_grad"], (), None, None)
        self.grad = state["grad"]
        self.name = state["name"]

    def __deepcopy__(self, memo: dict[int, Any]) -> Tensor:
        if self._op is not None and self.requires_grad:
            raise RuntimeError(
                f"deepcopy: only leaf tensors (made by the user, not computed in a graph) can be deep-copied; "
                f"this one is the result of '{self._op.op_name()}' (shape {self.shape}). Copy x.detach() "
                "for its values."
            )
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        new.__setstate__(copy.deepcopy(self.__getstate__(), memo))
        return new

    # ---------------------------------------------------------- conversion
    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied): ``x.detach().numpy()`` in PyTorch,
        which refuses ``x.numpy()`` when x requires grad. Asking for the array by name
        is explicit, so it is allowed here; numpy functions given such a tensor
        (``np.dot(x, x)``) would drop its gradient silently, and are refused."""
        return self.data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        """What numpy functions see (``np.dot(x, x)``, ``np.asarray(x)``): the data of a
        tensor that requires no grad; for one that does, an error, since numpy would
        drop its gradient silently (as PyTorch refuses)."""
        if self.requires_grad:
            raise RuntimeError(_no_numpy("a numpy function", self))
        if copy:
            return np.array(self.data, dtype=dtype, copy=True)
        return self.data if dtype is None else self.data.astype(dtype)

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """numpy's ufuncs meeting a Tensor. ``ndarray + Tensor`` (and -, *, /, **, @,
        comparisons, &, |, ^) is the Tensor operation, recorded as ``Tensor + Tensor``
        would be; any other ufunc (``np.exp(x)``, ``arr -= x``) works on tensors that
        require no grad, giving an array, and refuses ones that do."""
        if method == "__call__" and "out" not in kwargs and ufunc in _OPERATOR_UFUNCS and len(inputs) == 2:
            a, b = inputs
            forward, reflected = _OPERATOR_UFUNCS[ufunc]
            return getattr(a, forward)(b) if isinstance(a, Tensor) else getattr(b, reflected)(a)
        arrays = []
        for x in inputs:
            if isinstance(x, Tensor):
                if x.requires_grad:
                    raise RuntimeError(_no_numpy(f"numpy's {ufunc.__name__}", x))
                x = x.data
            arrays.append(x)
        if "out" in kwargs:
            kwargs["out"] = tuple(o.data if isinstance(o, Tensor) else o for o in kwargs["out"])
        return getattr(ufunc, method)(*arrays, **kwargs)

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
        if self.data.dtype != get_default_dtype():
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
            seed = _backward_args.seed_gradient(self, gradient, "backward()")
        if inputs is not None:
            inputs = _backward_args.backward_inputs(inputs)
        if retain_graph is None:
            retain_graph = create_graph
        if inputs is None and not create_graph:
            engine.backward([self], [seed], retain_graph=retain_graph)
            return
        with _backward_args.recording_if(create_graph):
            if inputs is None:
                engine.backward([self], [seed], retain_graph=retain_graph, create_graph=create_graph)
                return
            grads = engine.grad([self], [seed], inputs, retain_graph=retain_graph, create_graph=create_graph)
            for x, g in zip(inputs, grads):
                if g is not None:
                    x._add_to_grad(g, create_graph)

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
        return _base.new_tensor(self.data)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        if not self.is_leaf:
            raise RuntimeError("requires_grad_(): only leaf tensors can change requires_grad "
                               "(use detach() to make a new leaf)")
        if args.flag("requires_grad_()", "requires_grad", requires_grad) and self.data.dtype.kind != "f":
            raise TypeError(
                f"requires_grad_(): only floating-point tensors can require gradients, got dtype {self.dtype}"
            )
        self.requires_grad = bool(requires_grad)
        return self

    def zero_(self) -> Tensor:
        """Set every element to zero in place (e.g. ``p.grad.zero_()``)."""
        if self._requires_grad and _state.enabled:
            return self.fill_(0)  # (recorded, or refused on a leaf, as any in-place change)
        self._check_writable("zero_()")
        self._data[...] = 0
        mark_written(self._data)
        return self

    def clone(self) -> Tensor:
        """A copy that stays in the graph (d clone / dx = identity)."""
        from autograd.ops.elementwise import clone

        return clone(self)

    # --- the node interface (autograd.engine) ---
    if TYPE_CHECKING:  # the vector-Jacobian product: autograd.ops.base.backprop itself, bound below
        def _backprop(self, grad: Any, create_graph: bool) -> Iterable[tuple[Tensor, Any]]: ...

    def _receive_grad(self, grad: Any, create_graph: bool) -> None:
        if self._op is None:
            if self._grad is None and not create_graph and type(grad) is np.ndarray and grad.flags.writeable:
                self._grad = _base.new_tensor(grad)  # a leaf's first gradient: the common case of _add_to_grad
            else:
                self._add_to_grad(grad, create_graph)
        elif self._retains_grad:
            self._add_to_grad(grad, create_graph)
        # else: an intermediate result; its gradient only flows on to its inputs

    def _add_to_grad(self, grad: Any, create_graph: bool) -> None:
        """Add ``grad`` to ``.grad``; the stored array is never shared with another
        tensor's ``.grad`` and is always writable (``p.grad.zero_()`` works)."""
        if not create_graph:
            if type(grad) is not np.ndarray:
                grad = np.asarray(grad, dtype=self._data.dtype)
            if self._grad is None:
                # A non-leaf's gradient flows on to its inputs, and a broadcast
                # view is read-only: store a copy of those. A leaf's own gradient
                # array is used by nobody else (backprop splits shared ones).
                if self._op is not None or not grad.flags.writeable:
                    grad = grad.copy()
                self._grad = _base.new_tensor(grad)
            else:
                self._grad._data = self._grad._data + grad
        else:
            g = grad if isinstance(grad, Tensor) else _base.new_tensor(np.asarray(grad))
            if self._grad is None:
                # Never share the stored tensor with a non-leaf's .grad (it flows on to
                # the inputs) or with a caller's gradient: store a (recorded) copy.
                self._grad = g.clone() if self._op is not None or g._op is None else g
            else:
                self._grad = self._grad + g

    def _release(self) -> None:
        # Drop what backward needed and the inputs themselves, so a result kept
        # after backward() (losses.append(loss)) does not keep every activation of
        # its graph alive. The op's name stays; a second backward() raises.
        if self._op is not None:
            self._saved = _base.FREED
            self._parents = _base.FREED_INPUTS

    # ------------------------------------------------------------- in place
    def _inplace(self, other: TensorLike, ufunc: Any, symbol: str) -> Tensor:
        """``x <symbol>= y`` on ``.data``. When a gradient must flow through the write
        (grad mode on, and x or y requires grad), it is recorded as PyTorch does: x
        becomes the node ``old x <symbol> y``. Only a leaf that requires grad refuses
        (its ``.grad`` would no longer be the gradient of what it holds)."""
        what = f"x {symbol}= y"
        other_t = other if isinstance(other, Tensor) else None
        recording = _state.enabled and (self.requires_grad or (other_t is not None and other_t.requires_grad))
        if recording:
            self._check_not_a_grad_leaf(what)
        self._check_writable(what)
        value = other_t.data if other_t is not None else other
        if recording:
            other_t = as_tensor(other, like=self, where=what)
            old = self.data.copy() if self.requires_grad or ufunc in (np.multiply, np.true_divide) else None
            _unshare(other_t, self)
        try:
            ufunc(self.data, value, out=self.data, casting="same_kind")
        except ValueError:
            raise ValueError(f"{what}: y of shape {np.shape(value)} cannot update x of shape {self.shape} "
                             "in place") from None
        mark_written(self.data)
        if recording:
            self._record_write(old, _INPLACE_OPS[ufunc], other_t, None)  # type: ignore[arg-type]
        return self

    def _check_not_a_grad_leaf(self, what: str) -> None:
        if self.requires_grad and self._op is None:
            raise RuntimeError(
                f"{what}: in-place change of a leaf tensor that requires grad (shape {self.shape}); do it under "
                "autograd.no_grad() (as an optimizer does), or build a new tensor (x = x + y, or with where, "
                "cat or pad)"
            )

    def _record_write(self, old_data: np.ndarray | None, op: Any, other: Tensor, saved: Any) -> None:
        """Make this tensor, just written in place, the node ``op(old, other)``, where
        ``old`` stands for what it was before: its graph, and its values ``old_data``
        (a copy), or None where nothing will read them (no gradient flows to them, and
        ``op``'s backward reads no inputs): then a stand-in of the right shape and
        dtype, so that no copy is made and later writes to this tensor do not count
        as changes to what ``old`` saved."""
        if old_data is None:
            old_data = np.broadcast_to(np.zeros((), dtype=self.data.dtype), self.data.shape)
        old = _base.new_tensor(old_data, self.requires_grad, self._parents, self._op, self._saved)
        old._seq = self._seq  # (it was made then: the engine orders nodes by this number)
        # Nodes of ``other``'s graph that read this tensor (x[0] = x[0] * 2) read
        # what it was before the write: point them at ``old``, or the graph would
        # loop back through the write.
        for node in _nodes_since(other, old._seq):
            if any(p is self for p in node._parents):
                node._parents = tuple(old if p is self else p for p in node._parents)
        self._parents = (old, other)
        self._op = op
        self._saved = saved
        self._requires_grad = True
        self._seq = engine.next_seq()

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
        return _ew.power(self, other)

    def __rpow__(self, other: TensorLike) -> Tensor:
        return _ew.power(other, self)

    def __neg__(self) -> Tensor:
        return _ew.neg(self)

    def __abs__(self) -> Tensor:
        return _ew.absolute(self)

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
        return _ew.absolute(self)

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
        """-1, 0 or 1 (0 for nan, as in PyTorch); its gradient is zero."""
        return _math.unary(_math.Sign, self)

    # --- math (issue 14) ---
    def sin(self) -> Tensor:
        return _math.unary(_math.Sin, self)

    def cos(self) -> Tensor:
        return _math.unary(_math.Cos, self)

    def tan(self) -> Tensor:
        return _math.unary(_math.Tan, self)

    def asin(self) -> Tensor:
        return _math.unary(_math.Asin, self)

    def acos(self) -> Tensor:
        return _math.unary(_math.Acos, self)

    def atan(self) -> Tensor:
        return _math.unary(_math.Atan, self)

    def atan2(self, other: TensorLike) -> Tensor:
        return _math.atan2(self, other)

    def sinh(self) -> Tensor:
        return _math.unary(_math.Sinh, self)

    def cosh(self) -> Tensor:
        return _math.unary(_math.Cosh, self)

    def asinh(self) -> Tensor:
        return _math.unary(_math.Asinh, self)

    def acosh(self) -> Tensor:
        return _math.unary(_math.Acosh, self)

    def atanh(self) -> Tensor:
        return _math.unary(_math.Atanh, self)

    arcsin, arccos, arctan, arctan2 = asin, acos, atan, atan2
    arcsinh, arccosh, arctanh = asinh, acosh, atanh

    def log1p(self) -> Tensor:
        return _math.unary(_math.Log1p, self)

    def expm1(self) -> Tensor:
        return _math.unary(_math.Expm1, self)

    def log2(self) -> Tensor:
        return _math.unary(_math.Log2, self)

    def log10(self) -> Tensor:
        return _math.unary(_math.Log10, self)

    def exp2(self) -> Tensor:
        return _math.unary(_math.Exp2, self)

    def rsqrt(self) -> Tensor:
        return _math.unary(_math.Rsqrt, self)

    def square(self) -> Tensor:
        return _math.unary(_math.Square, self)

    def reciprocal(self) -> Tensor:
        return _math.unary(_math.Reciprocal, self)

    def floor(self) -> Tensor:
        return _math.unary(_math.Floor, self)

    def ceil(self) -> Tensor:
        return _math.unary(_math.Ceil, self)

    def round(self) -> Tensor:
        return _math.unary(_math.Round, self)

    def trunc(self) -> Tensor:
        return _math.unary(_math.Trunc, self)

    fix = trunc

    def erf(self) -> Tensor:
        return _math.unary(_math.Erf, self)

    def erfc(self) -> Tensor:
        return _math.unary(_math.Erfc, self)

    def erfinv(self) -> Tensor:
        return _math.unary(_math.Erfinv, self)

    def logit(self, eps: float | None = None) -> Tensor:
        return _math.logit(self, eps)

    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        return _math.nan_to_num(self, nan, posinf, neginf)

    def isnan(self) -> Tensor:
        return _math.check("isnan", self)

    def isinf(self) -> Tensor:
        return _math.check("isinf", self)

    def isfinite(self) -> Tensor:
        return _math.check("isfinite", self)

    def lerp(self, end: TensorLike, weight: TensorLike) -> Tensor:
        """self + weight * (end - self)."""
        return self + weight * (end - self)  # type: ignore[operator]

    def hardtanh(self, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
        return _ew.clip(self, min_val, max_val)

    def silu(self) -> Tensor:
        """x sigmoid(x) (swish)."""
        return self * self.sigmoid()

    def mish(self) -> Tensor:
        """x tanh(softplus(x))."""
        return self * self.softplus().tanh()

    def add(self, other: TensorLike, *, alpha: float = 1) -> Tensor:
        """self + alpha * other."""
        return self + (other if alpha == 1 else alpha * other)  # type: ignore[operator]

    def sub(self, other: TensorLike, *, alpha: float = 1) -> Tensor:
        """self - alpha * other."""
        return self - (other if alpha == 1 else alpha * other)  # type: ignore[operator]

    def mul(self, other: TensorLike) -> Tensor:
        return self * other

    def div(self, other: TensorLike, *, rounding_mode: str | None = None) -> Tensor:
        """self / other; ``rounding_mode="trunc"`` or ``"floor"`` rounds the quotient (no gradient)."""
        if rounding_mode is None:
            return self / other
        if rounding_mode not in ("trunc", "floor"):
            raise ValueError(f"div: rounding_mode must be None, 'trunc' or 'floor', got {rounding_mode!r}")
        q = (self / other).detach()
        return q.trunc() if rounding_mode == "trunc" else q.floor()

    subtract, multiply, divide, true_divide = sub, mul, div, __truediv__


    def clip(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        """Values limited to [min, max]; each bound a number, an array or a constant Tensor."""
        return _ew.clip(self, min, max)

    clamp = clip

    def maximum(self, other: TensorLike) -> Tensor:
        return _ew.maximum(self, other)

    def minimum(self, other: TensorLike) -> Tensor:
        return _ew.minimum(self, other)

    def pow(self, exponent: TensorLike) -> Tensor:
        return _ew.power(self, exponent)

    def matmul(self, other: TensorLike) -> Tensor:
        return _la.matmul(self, other)

    # --- linalg (issue 14) ---
    def mm(self, other: Tensor) -> Tensor:
        return _prod.mm(self, other)

    def bmm(self, other: Tensor) -> Tensor:
        return _prod.bmm(self, other)

    def dot(self, other: Tensor) -> Tensor:
        return _prod.dot(self, other)

    vdot = dot

    def inner(self, other: Tensor) -> Tensor:
        return _prod.inner(self, other)

    def outer(self, other: Tensor) -> Tensor:
        return _prod.outer(self, other)

    def kron(self, other: Tensor) -> Tensor:
        return _prod.kron(self, other)

    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        return _prod.diagonal(self, offset, dim1, dim2)

    def diag(self, diagonal: int = 0) -> Tensor:
        return _prod.diag(self, diagonal)

    def diag_embed(self, offset: int = 0) -> Tensor:
        return _prod.diag_embed(self, offset)

    def trace(self) -> Tensor:
        return _prod.trace(self)

    def tril(self, diagonal: int = 0) -> Tensor:
        return _prod.tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        return _prod.triu(self, diagonal)

    def det(self) -> Tensor:
        return _dec.det(self)

    def inverse(self) -> Tensor:
        return _dec.inv(self)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
        """The 2-norm ("fro", the default) or p-norm over ``dim`` (all elements when None)."""
        from autograd import linalg

        return linalg.vector_norm(self, 2 if p == "fro" else p, dim, keepdim)


    # ---------------------------------------------------------- reductions
    def sum(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> Tensor:
        return _red.reduce_sum(self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    def mean(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> Tensor:
        return _red.mean(self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    def max(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> Tensor:
        return _red.reduce_max(self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    def min(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> Tensor:
        return _red.reduce_min(self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    def var(self, axis: Any = None, keepdims: bool = False, *, correction: int = 1, dim: Any = None,
            keepdim: bool | None = None) -> Tensor:
        return _red.var(self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim), correction)

    def std(self, axis: Any = None, keepdims: bool = False, *, correction: int = 1, dim: Any = None,
            keepdim: bool | None = None) -> Tensor:
        return _red.std(self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim), correction)

    def logsumexp(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None,
                  keepdim: bool | None = None) -> Tensor:
        return _red.logsumexp(self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    def softmax(self, axis: int = -1, *, dim: int | None = None) -> Tensor:
        return _red.softmax(self, args.axis_or_dim(axis, dim))

    def log_softmax(self, axis: int = -1, *, dim: int | None = None) -> Tensor:
        return _red.log_softmax(self, args.axis_or_dim(axis, dim))

    def argmax(self, axis: int | None = None, keepdims: bool = False, *, dim: int | None = None,
               keepdim: bool | None = None) -> Tensor:
        """Indices of the largest elements (of the flattened tensor when ``axis`` is None);
        an int64 tensor with no gradient."""
        return _red.arg_reduce("argmax", self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    def argmin(self, axis: int | None = None, keepdims: bool = False, *, dim: int | None = None,
               keepdim: bool | None = None) -> Tensor:
        """Indices of the smallest elements, as :meth:`argmax`."""
        return _red.arg_reduce("argmin", self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    # --- reductions (issue 14) ---
    def prod(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _gat.prod(self, dim, keepdim)

    def cumsum(self, dim: int) -> Tensor:
        return _gat.cumsum(self, dim)

    def amax(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        """The largest values over ``dim`` (an int or tuple); ties share the gradient equally."""
        return _red.reduce_max(self, dim, keepdim)

    def amin(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.reduce_min(self, dim, keepdim)

    def all(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _base.new_tensor(np.all(self._data, axis=args.normalize_axes("all", dim, self._data.ndim),
                                       keepdims=keepdim))

    def any(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _base.new_tensor(np.any(self._data, axis=args.normalize_axes("any", dim, self._data.ndim),
                                       keepdims=keepdim))

    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
        """(values, indices) along ``dim``; values carry the gradient back to their positions."""
        return _gat.sort(self, dim, descending, stable)

    def argsort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
        return _gat.argsort(self, dim, descending, stable)

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:  # noqa: A002
        return _gat.topk(self, k, dim, largest, sorted)

    def kthvalue(self, k: int, dim: int = -1, keepdim: bool = False) -> Any:
        return _gat.kthvalue(self, k, dim, keepdim)

    def median(self, dim: int | None = None, keepdim: bool = False) -> Any:
        return _gat.median(self, dim, keepdim)

    def var_mean(self, dim: Any = None, *, correction: int = 1, keepdim: bool = False) -> tuple[Tensor, Tensor]:
        return self.var(dim=dim, correction=correction, keepdim=keepdim), self.mean(dim=dim, keepdim=keepdim)

    def std_mean(self, dim: Any = None, *, correction: int = 1, keepdim: bool = False) -> tuple[Tensor, Tensor]:
        return self.std(dim=dim, correction=correction, keepdim=keepdim), self.mean(dim=dim, keepdim=keepdim)


    # --------------------------------------------------------------- shape
    def reshape(self, *shape: Any, **kwargs: Any) -> Tensor:
        """``x.reshape(2, 3)``, ``x.reshape((2, 3))`` or ``x.reshape(shape=(2, 3))``."""
        return _shape.reshape(self, args.sizes_given(shape, kwargs, "shape", "reshape"))

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
        return _shape.permute(self, args.sizes_given(dims, kwargs, "dims", "permute"))

    def flip(self, *dims: Any, **kwargs: Any) -> Tensor:
        """Reverse the order of elements along ``dims``: ``x.flip(0)``, ``x.flip(0, 1)``,
        ``x.flip((0, 1))`` or ``x.flip(dims=[0])``."""
        return _shape.flip(self, args.sizes_given(dims, kwargs, "dims", "flip"))

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return _shape.flatten(self, start_dim, end_dim)

    def squeeze(self, dim: int | tuple[int, ...] | None = None) -> Tensor:
        return _shape.squeeze(self, dim)

    def unsqueeze(self, dim: int) -> Tensor:
        return _shape.unsqueeze(self, dim)

    def expand(self, *sizes: Any, **kwargs: Any) -> Tensor:
        """``x.expand(4, -1)``, ``x.expand((4, -1))`` or ``x.expand(size=(4, -1))``."""
        return _shape.expand(self, args.sizes_given(sizes, kwargs, "size", "expand"))

    def expand_as(self, other: Tensor) -> Tensor:
        return _shape.expand(self, _shape_of(other, "expand_as"))

    def broadcast_to(self, shape: Sequence[int]) -> Tensor:
        return _shape.broadcast_to(self, shape)

    def split(self, split_size_or_sections: Any, axis: int = 0, *, dim: int | None = None) -> tuple[Tensor, ...]:
        return _shape.split(self, split_size_or_sections, args.axis_or_dim(axis, dim))

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``chunks`` pieces along ``dim``, each ceil(n / chunks) long (see ``torch.chunk``)."""
        return _shape.chunk(self, chunks, dim)

    # --- indexing (issue 14) ---
    def tile(self, dims: Any) -> Tensor:
        return _arr.tile(self, dims)

    def repeat(self, *sizes: Any) -> Tensor:
        """PyTorch's repeat: the whole tensor tiled ``sizes`` times (numpy's tile)."""
        return _arr.repeat(self, *sizes)

    def repeat_interleave(self, repeats: Any, dim: int | None = None) -> Tensor:
        return _arr.repeat_interleave(self, repeats, dim)

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        return _arr.roll(self, shifts, dims)

    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        return _arr.narrow(self, dim, start, length)

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        return _arr.unbind(self, dim)

    def movedim(self, source: Any, destination: Any) -> Tensor:
        return _arr.movedim(self, source, destination)

    moveaxis = movedim

    def unflatten(self, dim: int, sizes: Any) -> Tensor:
        return _arr.unflatten(self, dim, sizes)

    def masked_select(self, mask: Any) -> Tensor:
        return _arr.masked_select(self, mask)

    def index_add(self, dim: int, index: Any, source: Tensor, *, alpha: float = 1) -> Tensor:
        return _arr.index_add(self, dim, index, source, alpha=alpha)

    def scatter(self, dim: int, index: Any, src: Any = None, *, value: Any = None) -> Tensor:
        return _arr.scatter(self, dim, index, src, value=value)

    def scatter_reduce(self, dim: int, index: Any, src: Tensor, reduce: str, *, include_self: bool = True) -> Tensor:
        return _arr.scatter_reduce(self, dim, index, src, reduce, include_self=include_self)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        return _arr.nonzero(self, as_tuple=as_tuple)

    def unique(self, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
               dim: int | None = None) -> Any:
        return _arr.unique(self, sorted, return_inverse, return_counts, dim)

    def gather(self, dim: int, index: Any) -> Tensor:
        return _gat.gather(self, dim, index)

    def take_along_dim(self, indices: Any, dim: int | None = None) -> Tensor:
        return _gat.take_along_dim(self, indices, dim)

    def scatter_add(self, dim: int, index: Any, src: Tensor) -> Tensor:
        return _gat.scatter_add(self, dim, index, src)

    def index_select(self, dim: int, index: Any) -> Tensor:
        """The slices at ``index`` (1-d, integers) along ``dim``."""
        axis = args.one_axis("index_select", dim, self._data.ndim)
        idx = index._data if isinstance(index, Tensor) else np.asarray(index)
        if idx.ndim > 1 or idx.dtype.kind not in "iu":
            raise TypeError(f"index_select: index must be a 1-d integer tensor, got dtype {idx.dtype}, "
                            f"shape {idx.shape}")
        n = self._data.shape[axis]
        if idx.size and (idx.min() < 0 or idx.max() >= n):
            raise IndexError(f"index_select: index values must lie in [0, {n}) for dim {axis} of shape {self.shape}")
        return self[(slice(None),) * axis + (idx.reshape(-1),)]

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        """``value`` where ``mask`` is True (broadcast), else self."""
        return _ew.where(mask, value, self)

    def t(self) -> Tensor:
        """The transpose of a matrix (a 0-d or 1-d tensor is itself), as ``torch.Tensor.t``."""
        if self._data.ndim > 2:
            raise ValueError(f"t: expects a tensor of at most 2 dims, got shape {self.shape}; use transpose")
        return self if self._data.ndim < 2 else self.transpose(0, 1)

    def contiguous(self) -> Tensor:
        return self


    def __getitem__(self, index: Any) -> Tensor:
        return _shape.getitem(self, index)

    def __setitem__(self, index: Any, value: TensorLike) -> None:
        """``x[index] = value`` in place, with the indexing rules of ``x[index]``; like
        ``x += y``, recorded when a gradient must flow through it (see ``_inplace``)."""
        what = "x[index] = value"
        value_t = value if isinstance(value, Tensor) else None
        recording = _state.enabled and (self.requires_grad or (value_t is not None and value_t.requires_grad))
        if recording:
            self._check_not_a_grad_leaf(what)
        self._check_writable(what)
        v = value_t.data if value_t is not None else value
        if value_t is None and np.asarray(v).dtype.kind not in "biuf":
            raise TypeError(f"{what}: value must be a number, an array or a Tensor, got {type(value).__name__} "
                            f"{value!r:.60}")
        idx, _ = _shape.normalize_index(index)
        parts = _shape.ints_first(idx)
        at = parts if parts is not None else ((), idx)  # ints first, as in x[index]
        old = self.data.copy() if recording and self.requires_grad else None
        if value_t is not None and _same_place(self.data[at[0]][at[1]], value_t.data):
            # x[i] += y: Python's x.__setitem__(i, x[i].__iadd__(y)); the view x[i]
            # holds the sum already (writing it again would count as a second change)
            if recording:
                if old is not None:  # the old values of x[i] are those x[i] += y kept
                    old[at[0]][at[1]] = _values_before_write(value_t, self, what)
                value_t.data = value_t.data.copy()  # (no longer a view: later writes to x are not its)
                self._record_write(old, _shape.IndexPut, value_t, at)
            return
        if recording and value_t is not None:
            _unshare(value_t, self)
        try:
            self.data[at[0]][at[1]] = v
        except IndexError as exc:
            raise IndexError(f"{what}: index {idx!r:.200} does not fit a tensor of shape {self.shape}: {exc}") from None
        except ValueError as exc:
            raise ValueError(f"{what}: a value of shape {np.shape(v)} cannot be assigned to x[{index!r:.80}] of "
                             f"a tensor of shape {self.shape}: {exc}") from None
        mark_written(self.data)
        if recording:
            self._record_write(old, _shape.IndexPut, as_tensor(value, like=self, where=what), at)

    # --- factories and in-place (issue 14) ---
    def new_zeros(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        """Zeros of ``size`` in this tensor's dtype (unless ``dtype`` is given)."""
        return _fac.zeros(*size, dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def new_ones(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return _fac.ones(*size, dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def new_empty(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return _fac.empty(*size, dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def new_full(self, size: Any, fill_value: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return _fac.full(size, fill_value, dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def new_tensor(self, data: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        """A new leaf holding a copy of ``data``, in this tensor's dtype unless ``dtype`` is given."""
        arr = data._data if isinstance(data, Tensor) else data
        return Tensor(np.array(arr), dtype=self.dtype if dtype is None else dtype, requires_grad=requires_grad)

    def type_as(self, other: Tensor) -> Tensor:
        return self.astype(other.dtype)

    def fill_(self, value: Any) -> Tensor:
        """Every element set to ``value``, in place (recorded like ``x[...] = value``)."""
        if isinstance(value, Tensor) and value._data.ndim:
            raise ValueError(f"fill_: value must be a number or a 0-d tensor, got shape {value.shape}")
        self[...] = value
        return self

    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator: Any = None) -> Tensor:
        """Uniform samples on [a, b), in place."""
        from autograd.random import resolve_generator

        gen = resolve_generator(generator, "uniform_")
        self[...] = (a + (b - a) * gen.random(self.shape)).astype(self.dtype)
        return self

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Tensor:
        """Normal samples, in place."""
        from autograd.random import resolve_generator

        gen = resolve_generator(generator, "normal_")
        self[...] = (mean + std * gen.standard_normal(self.shape)).astype(self.dtype)
        return self

    def copy_(self, src: TensorLike) -> Tensor:
        """``src`` (broadcast) copied into this tensor, in place; recorded when src requires grad."""
        self[...] = src
        return self

    def add_(self, other: TensorLike, *, alpha: float = 1) -> Tensor:
        return self._inplace(other if alpha == 1 else alpha * other, np.add, "+")  # type: ignore[operator]

    def sub_(self, other: TensorLike, *, alpha: float = 1) -> Tensor:
        return self._inplace(other if alpha == 1 else alpha * other, np.subtract, "-")  # type: ignore[operator]

    def mul_(self, other: TensorLike) -> Tensor:
        return self._inplace(other, np.multiply, "*")

    def div_(self, other: TensorLike) -> Tensor:
        return self._inplace(other, np.true_divide, "/")

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        """Values limited to [min, max], in place."""
        self[...] = self.clamp(min, max)
        return self

    clip_ = clamp_

    # ---------------------------------------------------------------- dtype
    def astype(self, dtype: Any) -> Tensor:
        """This tensor cast to ``dtype`` (itself if it has it already); a cast between
        floating dtypes is differentiable, one to or from integers carries no gradient."""
        return _ew.astype(self, args.dtype("astype", dtype))

    def to(self, dtype: Any) -> Tensor:
        """``astype``, under PyTorch's name. The device ``"cpu"`` is accepted too and
        changes nothing: these tensors always live in host memory."""
        if isinstance(dtype, str) and dtype == "cpu":
            return self
        return _ew.astype(self, args.dtype("to", dtype))

    def float(self) -> Tensor:
        return _ew.astype(self, np.dtype(np.float32))

    def double(self) -> Tensor:
        return _ew.astype(self, np.dtype(np.float64))


def as_tensor(x: Any, like: Tensor | None = None, where: str = "Tensor()") -> Tensor:
    """``x`` as a Tensor: Tensors pass through; numbers take ``like``'s floating
    dtype, and integers its integer dtype where they fit (PyTorch's "weak" scalars;
    numpy scalars too, as in PyTorch); arrays keep theirs, if real-valued (a
    complex, datetime, string or object array is a TypeError naming ``where``)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        if x.dtype.kind not in "biuf":
            raise TypeError(f"{where}: expected a real-valued operand (bool, integer or floating), got an array "
                            f"of dtype {x.dtype} and shape {x.shape}")
        return _base.new_tensor(x)
    if isinstance(x, (int, float, numbers.Real)) and not isinstance(x, bool):
        if isinstance(x, int) and not -(2**63) <= x < 2**63 and (like is None or like._data.dtype.kind != "f"):
            raise OverflowError(f"{where}: the integer {str(int(x))[:12]}... does not fit int64 (an integer tensor's "
                                "widest dtype); make it a float, or the tensor floating")
        if like is not None:
            kind = like._data.dtype.kind
            if kind == "f" or (kind in "iu" and isinstance(x, (int, np.integer)) and _fits(int(x), like._data.dtype)):
                return _base.new_tensor(np.asarray(x, dtype=like._data.dtype))
        if isinstance(x, (float, np.floating)):
            return _base.new_tensor(np.asarray(x, dtype=get_default_dtype()))
        return _base.new_tensor(np.asarray(x))
    if isinstance(x, (bool, np.bool_)):
        return _base.new_tensor(np.asarray(x))
    return _base.new_tensor(to_array(x, None, where))


def _nodes_since(root: Tensor, seq: int) -> Iterator[Tensor]:
    """The recorded nodes of ``root``'s graph made after sequence number ``seq``
    (those that can have read a tensor as it was at ``seq``), each once."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if node._seq <= seq or id(node) in seen or not node._op:
            continue
        seen.add(id(node))
        yield node
        stack.extend(node._parents)


def _unshare(value: Tensor, x: Tensor) -> None:
    """Before ``x`` is written in place with ``value``: the nodes of ``value``'s graph
    that are views of ``x``'s memory (``x[0]`` in ``x[1] = x[0] * 2``) stand for x's
    old values, so they get their own copy of them."""
    for node in _nodes_since(value, x._seq):
        if np.may_share_memory(node.data, x.data):
            node.data = node.data.copy()


def _values_before_write(value: Tensor, x: Tensor, what: str) -> np.ndarray:
    """What ``x[i]`` held before ``x[i] += y`` changed it through the view ``value``
    (= x[i], then rebased by its own in-place op onto a copy of its old values)."""
    before = value._parents[0] if value._op in _INPLACE_OPS.values() and value._parents else None
    if before is None or before._op is not _shape.GetItem or before._parents[0] is not x:
        raise RuntimeError(f"{what}: the value is a view of x that was changed in place, and x (shape {x.shape}) "
                           "is part of a graph; write x[i] = x[i] + y instead")
    return before.data


def _same_place(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``a`` and ``b`` are the same elements of the same memory."""
    return (a.__array_interface__["data"][0] == b.__array_interface__["data"][0] and a.shape == b.shape
            and a.strides == b.strides and a.dtype == b.dtype)


def _no_numpy(what: str, x: Tensor) -> str:
    return (f"Can't call {what} on a Tensor that requires grad (shape {x.shape}): numpy would drop its "
            "gradient. Use x.detach() (or x.data) for the values, or the Tensor's own operations to "
            "keep the gradient.")


# numpy ufuncs that are a Tensor operator: ``ndarray <op> Tensor`` becomes the Tensor op
_OPERATOR_UFUNCS: dict[Any, tuple[str, str]] = {
    np.add: ("__add__", "__radd__"), np.subtract: ("__sub__", "__rsub__"), np.multiply: ("__mul__", "__rmul__"),
    np.true_divide: ("__truediv__", "__rtruediv__"), np.power: ("__pow__", "__rpow__"),
    np.matmul: ("__matmul__", "__rmatmul__"), np.less: ("__lt__", "__gt__"), np.less_equal: ("__le__", "__ge__"),
    np.greater: ("__gt__", "__lt__"), np.greater_equal: ("__ge__", "__le__"), np.equal: ("__eq__", "__eq__"),
    np.not_equal: ("__ne__", "__ne__"), np.bitwise_and: ("__and__", "__rand__"),
    np.bitwise_or: ("__or__", "__ror__"), np.bitwise_xor: ("__xor__", "__rxor__"),
}


def _fits(n: int, dtype: np.dtype) -> bool:
    info = np.iinfo(dtype)
    return info.min <= n <= info.max


def _shape_of(other: Any, where: str) -> tuple[int, ...]:
    if not isinstance(other, (Tensor, np.ndarray)):
        raise TypeError(f"{where}: expected a Tensor (or array) to take the shape of, got {type(other).__name__}")
    return tuple(other.shape)


# The operations and the where protocol; imported last because they build Tensors themselves.
from autograd import backward_args as _backward_args  # noqa: E402
from autograd import factories as _fac  # noqa: E402
from autograd.ops import args  # noqa: E402
from autograd.ops import arranging as _arr  # noqa: E402
from autograd.ops import base as _base  # noqa: E402  (first: the where modules need it complete)
from autograd.ops import decompositions as _dec  # noqa: E402
from autograd.ops import elementwise as _ew  # noqa: E402
from autograd.ops import gathering as _gat  # noqa: E402
from autograd.ops import linalg as _la  # noqa: E402
from autograd.ops import math as _math  # noqa: E402
from autograd.ops import products as _prod  # noqa: E402
from autograd.ops import reduce as _red  # noqa: E402
from autograd.ops import shape as _shape  # noqa: E402

Tensor._backprop = _base.backprop  # type: ignore[method-assign,assignment]  # (no wrapper: the engine calls it per node)
_INPLACE_OPS = {np.add: _ew.Add, np.subtract: _ew.Sub, np.multiply: _ew.Mul, np.true_divide: _ew.Div}
