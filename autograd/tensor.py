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

import numbers
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from autograd import engine
from autograd.dtypes import get_default_dtype, to_array
from autograd.grad_mode import _state
from autograd.tensor_methods import (
    CastMethods,
    CopyMethods,
    CreationMethods,
    IndexingMethods,
    InPlaceMethods,
    LinalgMethods,
    MathMethods,
    NumpyInterop,
    ReductionMethods,
)
from autograd.writes import mark_written

Scalar = Union[int, float]
TensorLike = Union["Tensor", np.ndarray, Scalar]


class Tensor(InPlaceMethods, MathMethods, CastMethods, ReductionMethods, LinalgMethods, IndexingMethods,
             CreationMethods, NumpyInterop, CopyMethods):
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
        if value is self:  # (backward would then add into x's values; PyTorch refuses it too)
            raise RuntimeError("x.grad = ...: a tensor cannot be its own gradient; assign a copy: "
                               "x.grad = x.detach().clone()")
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

    # ---------------------------------------------------------- conversion
    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied): ``x.detach().numpy()`` in PyTorch,
        which refuses ``x.numpy()`` when x requires grad. Asking for the array by name
        is explicit, so it is allowed here; numpy functions given such a tensor
        (``np.dot(x, x)``) would drop its gradient silently, and are refused."""
        return self.data

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

    def softplus(self, beta: float = 1.0, threshold: float | None = None) -> Tensor:
        """log(1 + e^(beta x)) / beta; x itself where beta x > ``threshold`` when one is
        given (``F.softplus`` gives 20, as PyTorch's)."""
        return _ew.softplus(self, beta, threshold)

    def step(self) -> Tensor:
        return _ew.step(self)

    def sign(self) -> Tensor:
        """-1, 0 or 1 (0 for nan, as in PyTorch); its gradient is zero."""
        return _math.unary(_math.Sign, self)


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


    # ---------------------------------------------------------- reductions
    def sum(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None,
            dtype: Any = None) -> Tensor:
        """The sum over ``dim`` (all when None); ``dtype``: cast first, as PyTorch's."""
        x = self if dtype is None else self.astype(args.dtype("sum", dtype))
        return _red.reduce_sum(x, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    def mean(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None,
             dtype: Any = None) -> Tensor:
        x = self if dtype is None else self.astype(args.dtype("mean", dtype))
        return _red.mean(x, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim))

    def var(self, axis: Any = None, keepdims: bool = False, *, correction: int = 1, dim: Any = None,
            keepdim: bool | None = None, unbiased: bool | None = None) -> Tensor:
        correction = correction if unbiased is None else int(args.flag("var", "unbiased", unbiased))
        return _red.var(self, args.axis_or_dim(axis, dim), args.keepdims_or_keepdim(keepdims, keepdim), correction)

    def std(self, axis: Any = None, keepdims: bool = False, *, correction: int = 1, dim: Any = None,
            keepdim: bool | None = None, unbiased: bool | None = None) -> Tensor:
        correction = correction if unbiased is None else int(args.flag("std", "unbiased", unbiased))
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


    def __getitem__(self, index: Any) -> Tensor:
        return _shape.getitem(self, index)

    # ---------------------------------------------------------------- dtype
    def astype(self, dtype: Any) -> Tensor:
        """This tensor cast to ``dtype`` (itself if it has it already); a cast between
        floating dtypes is differentiable, one to or from integers carries no gradient."""
        return _ew.astype(self, args.dtype("astype", dtype))

    def to(self, dtype: Any = None, *, device: Any = None) -> Tensor:
        """``astype``, under PyTorch's name. The device ``"cpu"`` is accepted too (as the
        argument or ``device=``) and changes nothing: these tensors always live in host
        memory; another device is an error that says so."""
        for d in (device, dtype):
            if isinstance(d, str) and (d is device or d.split(":")[0] in _DEVICES):
                if d.split(":")[0] != "cpu":
                    raise RuntimeError(f"to: device {d!r} is not available: this library computes on the CPU "
                                       "with numpy (use 'cpu')")
                if d is dtype:
                    dtype = None
        return self if dtype is None else _ew.astype(self, args.dtype("to", dtype))

    def cpu(self) -> Tensor:
        """This tensor (it is on the CPU already), as PyTorch's ``x.cpu()``."""
        return self

    def type(self, dtype: Any = None) -> Any:
        """The dtype's name (``"float32"``) without an argument; with one, ``astype``."""
        if dtype is None:
            return str(self._data.dtype)
        return _ew.astype(self, args.dtype("type", dtype))

    def float(self) -> Tensor:
        return _ew.astype(self, np.dtype(np.float32))

    def double(self) -> Tensor:
        return _ew.astype(self, np.dtype(np.float64))


_DEVICES = ("cpu", "cuda", "mps", "xpu", "meta", "hip", "xla", "ipu", "vulkan")  # (PyTorch's device names)


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
        if isinstance(x, int) and not -(2**63) <= x < 2**63:
            _check_big_int(x, like, where)
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


def _check_big_int(x: int, like: Tensor | None, where: str) -> None:
    """An OverflowError naming ``where`` for a Python int no tensor operand can hold:
    past int64 beside an integer tensor (PyTorch refuses it too), past float's range
    beside a floating one."""
    digits = f"{str(int(x))[:12]}... ({len(str(abs(int(x))))} digits)"
    if like is None or like._data.dtype.kind != "f":
        raise OverflowError(f"{where}: the integer {digits} does not fit int64 (an integer tensor's widest dtype); "
                            "make it a float, or the tensor floating")
    try:
        float(x)
    except OverflowError:
        raise OverflowError(f"{where}: the integer {digits} is too large for a float") from None


def _fits(n: int, dtype: np.dtype) -> bool:
    info = np.iinfo(dtype)
    return info.min <= n <= info.max


def _shape_of(other: Any, where: str) -> tuple[int, ...]:
    if not isinstance(other, (Tensor, np.ndarray)):
        raise TypeError(f"{where}: expected a Tensor (or array) to take the shape of, got {type(other).__name__}")
    return tuple(other.shape)


# The operations and the where protocol; imported last because they build Tensors themselves.
from autograd import backward_args as _backward_args  # noqa: E402
from autograd.ops import args  # noqa: E402
from autograd.ops import base as _base  # noqa: E402  (first: the where modules need it complete)
from autograd.ops import elementwise as _ew  # noqa: E402
from autograd.ops import linalg as _la  # noqa: E402
from autograd.ops import math as _math  # noqa: E402
from autograd.ops import reduce as _red  # noqa: E402
from autograd.ops import shape as _shape  # noqa: E402

Tensor._backprop = _base.backprop  # type: ignore[method-assign,assignment]  # (no wrapper: the engine calls it per node)

from autograd import tensor_methods as _tensor_methods  # noqa: E402

_tensor_methods._bind()
