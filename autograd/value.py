"""``Value``: a scalar (a Python float) that records how it was computed.

Every operation returns a new ``Value`` holding its result, its parents and the
*local derivatives* d(result)/d(parent), computed right beside the forward result::

    t = math.tanh(x)                 # forward
    partial = 1.0 - t * t            # d/dx tanh(x) = 1 - tanh(x)^2

Backward then needs no closure at all: each node multiplies the upstream gradient by
its partials (``Value._backprop``, called by ``autograd.engine``). No node refers to
itself, so the graph holds no reference cycles and is freed by reference counting the
moment it is dropped.

A one-input node (``x * 2``, ``x.tanh()``, ...) stores its input and its partial
directly (slots ``_inputs`` and ``_partials``); a node of several inputs stores two
tuples. So
the most common node is one object, not two: CPython's cyclic collector walks every
live container again and again while a large graph grows, and halving their number
halves that work. ``_parents`` always reads as a tuple.

Floating-point edge cases follow IEEE doubles, as numpy does, instead of raising
Python exceptions: ``exp(1000)`` is inf, ``log(0)`` is -inf, ``1 / 0`` is inf,
``0 / 0`` and ``log(-1)`` are nan.

Subgradients at kinks, as in PyTorch: relu'(0) = 0, abs'(0) = 0, step' = 0
everywhere, leaky_relu'(0) = negative_slope.

``backward()`` *adds* d(self)/d(node) to ``node.grad`` for every node of the graph
(the root included), like micrograd and PyTorch. The gradients of one pass are summed
apart from any earlier ``.grad``, so calling ``backward()`` twice gives exactly twice
the gradients, never more; call ``zero_grad()`` (or set ``.grad = 0.0``) in between.
"""

from __future__ import annotations

import math
import numbers
import warnings
import weakref
from collections.abc import Iterable, Sequence
from typing import Any, Union

from autograd import engine
from autograd.grad_mode import _state
from autograd.ops import formulas

Number = Union[int, float]
Operand = Union["Value", int, float]

# micrograd's symbols (kept in ``_op``) -> the names Tensor ops have (``grad_fn``)
_GRAD_FN = {"+": "add", "-": "sub", "*": "mul", "/": "div", "**": "pow", "ReLU": "relu"}

_new = object.__new__
_next_seq = engine.next_seq
_INF = math.inf
_NAN = math.nan
# the float cases of the shared formulas, bound once (each is one call, as before)
_pow = formulas.power
_exp = formulas.exp
_log = formulas.log
_sigmoid = formulas.sigmoid


def _node(data: float, inputs: Value | tuple[Value, ...], partials: float | tuple[float, ...], op: str) -> Value:
    """Create a result node; under ``no_grad`` it is a constant with no parents.

    A one-input operation passes its input and its one partial as they are; an
    operation of several inputs passes two tuples of the same length.
    """
    v = _new(Value)
    v._seq = _next_seq()
    v.data = data
    v.grad = 0.0
    v.label = ""
    if _state.enabled:
        v._inputs = inputs
        v._partials = partials
        v._op = op
    else:
        v._inputs = ()
        v._partials = ()
        v._op = ""
    return v


def _is_real(x: Any) -> bool:
    """A number that may stand beside a Value (bool excluded, as for Value())."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _too_large(op: str, x: Any) -> OverflowError:
    """The error for a number beside a Value that no float can hold (an int past 1.8e308)."""
    digits = len(str(abs(int(x))))
    return OverflowError(f"Value {op}: the integer {str(int(x))[:12]}... ({digits} digits) is too large for a float")


def _div(a: float, b: float) -> float:
    """a / b with IEEE results for b == 0 (inf, -inf or nan) instead of an exception."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0.0 or a != a:
            return _NAN
        return math.copysign(_INF, a) * math.copysign(1.0, b)


_kept_roots: weakref.WeakSet[Value] = weakref.WeakSet()
_KEPT_ROOTS_WARNING = 100


def _note_kept_root(root: Value) -> None:
    """Warn (once) when many roots of earlier backward() calls are still alive, each
    holding its graph: the ``losses.append(loss)`` leak."""
    if _kept_roots is None:
        return
    _kept_roots.add(root)
    if len(_kept_roots) >= _KEPT_ROOTS_WARNING:
        warnings.warn(
            f"{len(_kept_roots)} Values that backward() ran from are still alive, each keeping its whole graph "
            "(every intermediate Value) in memory. To record losses, keep loss.data (a float): "
            "losses.append(loss.data).", UserWarning, stacklevel=3)
        _stop_noting()


def _stop_noting() -> None:
    global _kept_roots
    _kept_roots = None  # type: ignore[assignment]


class Value:
    """A scalar that remembers the operations that produced it.

    >>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
    >>> c = a * b + a.tanh()
    >>> c.backward()
    >>> round(a.grad, 4)   # d/da (a*b + tanh a) = b + 1 - tanh(a)^2
    -2.9293
    """

    __slots__ = ("data", "grad", "label", "_inputs", "_partials", "_op", "_seq", "__weakref__")

    # Every Value takes part in backward (micrograd's semantics); under no_grad an
    # operation simply records no parents.
    requires_grad = True

    data: float
    grad: float
    label: str
    _inputs: Value | tuple[Value, ...]
    _partials: float | tuple[float, ...]
    _op: str
    _seq: int

    def __init__(self, data: float, label: str = "", _children: Iterable[Value] = (), _op: str = "") -> None:
        if isinstance(data, Value):
            data = data.data
        if isinstance(data, bool) or not isinstance(data, numbers.Real):
            raise TypeError(
                f"Value() expects a real number (int or float), got {type(data).__name__}: {data!r}"
            )
        if _children:
            raise TypeError(
                "Value(): _children is micrograd's internal argument and is not supported here; build new "
                "operations from existing ones (or, for tensors, subclass autograd.Function)"
            )
        try:
            self.data = float(data)
        except OverflowError:
            raise OverflowError(f"Value(): the integer {str(data)[:12]}... ({len(str(data))} digits) is too large "
                                "for a float") from None
        self._seq = _next_seq()
        self.grad = 0.0
        self.label = label
        # A leaf. (_children/_op exist only so micrograd-style code that passes them
        # still runs; such nodes carry no derivative and do not backpropagate.)
        self._inputs = ()
        self._partials = ()
        self._op = _op

    # Copying and pickling: a copy is a new leaf with the value, gradient and label,
    # never the graph (walking a long chain would recurse, and keep it all alive).
    # copy.deepcopy refuses a Value computed from others, as PyTorch refuses
    # deep-copying a non-leaf tensor; pickle keeps its number, as a leaf.
    def __getstate__(self) -> dict[str, Any]:
        return {"data": self.data, "grad": self.grad, "label": self.label}

    def __setstate__(self, state: Any) -> None:
        # (a new node, with its own creation number: the engine keys a pass by _seq)
        self.data = state["data"]
        self.grad = state["grad"]
        self.label = state["label"]
        self._inputs = ()
        self._partials = ()
        self._op = ""
        self._seq = _next_seq()

    def __deepcopy__(self, memo: dict[int, Any]) -> Value:
        if self._inputs:
            raise RuntimeError(
                f"deepcopy: only leaf Values (made by the user, not computed from others) can be deep-copied; "
                f"this one is the result of '{self._op}'. Copy Value(v.data) for its value."
            )
        new = Value.__new__(Value)
        memo[id(self)] = new
        new.__setstate__(self.__getstate__())
        return new

    # ----------------------------------------------------------------- engine
    def _backprop(self, grad: float, create_graph: bool) -> Iterable[tuple[Value, float]]:
        # d(root)/d(input) = d(root)/d(self) * d(self)/d(input), the partial stored
        # when self was computed.
        d = self._partials
        if isinstance(d, tuple):  # several inputs, or none (a leaf)
            return zip(self._inputs, [grad * x for x in d])  # type: ignore[arg-type]
        return ((self._inputs, grad * d),)  # type: ignore[return-value]

    def _receive_grad(self, grad: float, create_graph: bool) -> None:
        self.grad += grad

    def _release(self) -> None:
        pass  # nothing to free: partials are plain floats

    def backward(self, gradient: float = 1.0) -> None:
        """Add d(self)/d(node) to ``node.grad`` for every node this value depends on.

        ``gradient`` seeds d(root)/d(self) (1.0 by default). The graph is kept, as in
        micrograd (``draw_dot(loss)`` after ``loss.backward()`` is its demo), so a
        loss kept after its step keeps its whole graph alive: keep ``loss.data``, a
        float, for a list of losses. A warning says so when 100 roots of earlier
        ``backward()`` calls are still alive.
        """
        if type(gradient) is not float and not _is_real(gradient):
            raise TypeError(f"backward(): gradient must be a real number (d root / d self), got "
                            f"{type(gradient).__name__} {gradient!r}")
        engine.backward([self], [float(gradient)], retain_graph=True)
        if self._inputs:
            _note_kept_root(self)

    def zero_grad(self) -> None:
        """Set ``grad`` to 0.0 on this value and every node it depends on."""
        for node in engine.topological_order([self]):
            node.grad = 0.0  # type: ignore[attr-defined]

    @property
    def _parents(self) -> tuple[Value, ...]:
        """The nodes this value was computed from, in operand order."""
        inputs = self._inputs
        return inputs if isinstance(inputs, tuple) else (inputs,)

    @property
    def grad_fn(self) -> str | None:
        """The name of the operation that made this value, the name a Tensor gives the
        same operation (``"mul"``, ``"add"``, ``"pow"``, ``"relu"``); None for a leaf.
        ``_op`` keeps micrograd's symbols (``"*"``, ``"+"``, ``"**2"``, ``"ReLU"``)."""
        if not self._parents:
            return None
        op = self._op
        return _GRAD_FN.get(op) or ("pow" if op.startswith("**") else op)

    # micrograd / lecture compatibility: the graph as micrograd names it.
    @property
    def _prev(self) -> tuple[Value, ...]:
        return self._parents

    @property
    def is_leaf(self) -> bool:
        return not self._parents

    # ----------------------------------------------------------- arithmetic
    # A plain number on the other side is a constant, not a node: it needs no
    # gradient, and leaving it out halves the graph of expressions like 2 * x + 1.

    def __add__(self, other: Operand) -> Value:
        """a + b; d/da = 1, d/db = 1."""
        if isinstance(other, Value):
            return _node(self.data + other.data, (self, other), (1.0, 1.0), "+")
        if type(other) is float or type(other) is int or _is_real(other):
            try:
                return _node(self.data + other, self, 1.0, "+")
            except OverflowError:
                raise _too_large("+", other) from None
        return NotImplemented

    def __mul__(self, other: Operand) -> Value:
        """a * b; d/da = b, d/db = a."""
        if isinstance(other, Value):
            return _node(self.data * other.data, (self, other), (other.data, self.data), "*")
        if type(other) is float or type(other) is int or _is_real(other):
            try:
                other = float(other)
            except OverflowError:
                raise _too_large("*", other) from None
            return _node(self.data * other, self, other, "*")
        return NotImplemented

    def __pow__(self, other: Operand) -> Value:
        """a ** b. d/da = b a^(b-1); d/db = a^b log(a) (only when b is a Value)."""
        a = self.data
        if isinstance(other, Value):
            b = other.data
            out = _pow(a, b)
            # (0^0 and log 0 rules: see formulas.pow_base_partial / pow_exponent_partial)
            partials = (formulas.pow_base_partial(a, b), formulas.pow_exponent_partial(a, b, out))
            return _node(out, (self, other), partials, "**")
        if isinstance(other, bool) or not isinstance(other, numbers.Real):
            return NotImplemented
        try:
            b = float(other)
        except OverflowError:
            raise _too_large("**", other) from None
        return _node(_pow(a, b), self, formulas.pow_base_partial(a, b), f"**{b:g}")

    def __rpow__(self, other: Number) -> Value:
        """c ** x for a number c; d/dx = c^x log(c)."""
        if not _is_real(other):
            return NotImplemented
        try:
            c = float(other)
        except OverflowError:
            raise _too_large("**", other) from None
        out = _pow(c, self.data)
        return _node(out, self, formulas.pow_exponent_partial(c, self.data, out), "**")

    def __neg__(self) -> Value:
        return _node(-self.data, self, -1.0, "neg")

    def __sub__(self, other: Operand) -> Value:
        """a - b; d/da = 1, d/db = -1."""
        if isinstance(other, Value):
            return _node(self.data - other.data, (self, other), (1.0, -1.0), "-")
        if type(other) is float or type(other) is int or _is_real(other):
            try:
                return _node(self.data - other, self, 1.0, "-")
            except OverflowError:
                raise _too_large("-", other) from None
        return NotImplemented

    def __truediv__(self, other: Operand) -> Value:
        """a / b. d/da = 1 / b; d/db = -a / b^2, as -(a / b) / b (no underflow in b^2)."""
        a = self.data
        if isinstance(other, Value):
            b = other.data
            return _node(_div(a, b), (self, other), (_div(1.0, b), -_div(_div(a, b), b)), "/")
        if type(other) is float or type(other) is int or _is_real(other):
            try:
                b = float(other)
            except OverflowError:
                raise _too_large("/", other) from None
            return _node(_div(a, b), self, _div(1.0, b), "/")
        return NotImplemented

    def __radd__(self, other: Operand) -> Value:
        return self.__add__(other)

    def __rmul__(self, other: Operand) -> Value:
        return self.__mul__(other)

    def __rsub__(self, other: Operand) -> Value:
        """c - x for a number c; d/dx = -1."""
        if type(other) is float or type(other) is int or _is_real(other):
            try:
                return _node(float(other) - self.data, self, -1.0, "-")
            except OverflowError:
                raise _too_large("-", other) from None
        return NotImplemented

    def __rtruediv__(self, other: Operand) -> Value:
        """c / x for a number c; d/dx = -c / x^2."""
        if type(other) is float or type(other) is int or _is_real(other):
            try:
                c = float(other)
            except OverflowError:
                raise _too_large("/", other) from None
            return _node(_div(c, self.data), self, -_div(c, self.data * self.data), "/")
        return NotImplemented

    # ----------------------------------------------------------- functions
    def exp(self) -> Value:
        """e^x; d/dx e^x = e^x."""
        out = _exp(self.data)
        return _node(out, self, out, "exp")

    def log(self) -> Value:
        """Natural log; d/dx log x = 1 / x. log(0) = -inf, log(x < 0) = nan."""
        return _node(_log(self.data), self, _div(1.0, self.data), "log")

    def sqrt(self) -> Value:
        """sqrt(x); d/dx sqrt(x) = 1 / (2 sqrt(x))."""
        x = self.data
        out = math.sqrt(x) if x >= 0.0 else _NAN
        return _node(out, self, _div(0.5, out), "sqrt")

    def abs(self) -> Value:
        """|x|; d/dx |x| = sign(x), with abs'(0) := 0 as in PyTorch."""
        x = self.data
        return _node(abs(x), self, 1.0 if x > 0 else (-1.0 if x < 0 else 0.0), "abs")

    __abs__ = abs

    def tanh(self) -> Value:
        """tanh(x); d/dx tanh(x) = 1 - tanh(x)^2."""
        t = math.tanh(self.data)
        return _node(t, self, 1.0 - t * t, "tanh")

    def sigmoid(self) -> Value:
        """sigmoid(x) = 1 / (1 + e^-x); d/dx = s (1 - s). Never overflows."""
        s = _sigmoid(self.data)
        return _node(s, self, s * (1.0 - s), "sigmoid")

    def relu(self) -> Value:
        """max(0, x); d/dx = 1 for x > 0, else 0 (relu'(0) := 0, as in PyTorch)."""
        x = self.data
        if x > 0.0 or x != x:  # (relu'(nan) = 1, as in PyTorch)
            return _node(x, self, 1.0, "ReLU")
        return _node(x if x == 0.0 else 0.0, self, 0.0, "ReLU")  # (relu(-0.0) = -0.0, as in PyTorch)

    def leaky_relu(self, negative_slope: float = 0.01, *, slope: float | None = None) -> Value:
        """x for x > 0, negative_slope * x otherwise; d/dx = 1 for x > 0, else negative_slope.

        ``negative_slope`` is PyTorch's name; ``slope`` is kept as an alias for
        earlier code (``v.leaky_relu(slope=0.1)``).
        """
        if slope is not None:
            negative_slope = slope
        slope = negative_slope
        if type(slope) is not float and not _is_real(slope):
            raise TypeError(f"leaky_relu: negative_slope must be a real number, got {type(slope).__name__} {slope!r}")
        x = self.data
        if x > 0.0:
            return _node(x, self, 1.0, "leaky_relu")
        return _node(slope * x, self, slope, "leaky_relu")

    def softplus(self) -> Value:
        """log(1 + e^x), computed stably; d/dx softplus(x) = sigmoid(x)."""
        x = self.data
        return _node(formulas.softplus(x), self, _sigmoid(x), "softplus")

    def step(self) -> Value:
        """Heaviside step: 1 if x >= 0 else 0 (also for nan, as Tensor.step and
        torch.heaviside); its derivative is 0 everywhere."""
        return _node(1.0 if self.data >= 0.0 else 0.0, self, 0.0, "step")

    # ------------------------------------------------------------ plumbing
    def __float__(self) -> float:
        return self.data

    def item(self) -> float:
        return self.data

    def __lt__(self, other: Operand) -> bool:
        return self.data < (other.data if isinstance(other, Value) else other)

    def __le__(self, other: Operand) -> bool:
        return self.data <= (other.data if isinstance(other, Value) else other)

    def __gt__(self, other: Operand) -> bool:
        return self.data > (other.data if isinstance(other, Value) else other)

    def __ge__(self, other: Operand) -> bool:
        return self.data >= (other.data if isinstance(other, Value) else other)

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{label})"


# ------------------------------------------------------- many-input nodes
# A neuron's weighted sum is one node with 2n+1 parents instead of 2n nodes of two:
# the graph stays readable ("sum w_i x_i + b") and a step creates ten times fewer
# objects than micrograd's.


def dot(ws: Sequence[Value], xs: Sequence[Operand], bias: Value | None = None) -> Value:
    """sum_i w_i x_i (+ bias) as one node; d/dw_i = x_i, d/dx_i = w_i, d/dbias = 1."""
    if len(ws) != len(xs):
        raise ValueError(f"dot: got {len(ws)} weights but {len(xs)} inputs")
    xv = [x if isinstance(x, Value) else Value(x) for x in xs]
    wd = [w.data for w in ws]
    xd = [x.data for x in xv]
    out = sum(map(float.__mul__, wd, xd), 0.0)
    if bias is None:
        return _node(out, (*ws, *xv), (*xd, *wd), "dot")
    return _node(out + bias.data, (*ws, *xv, bias), (*xd, *wd, 1.0), "dot+b")


def total(values: Iterable[Operand]) -> Value:
    """sum of many values as one node; each partial is 1."""
    vs = tuple(v if isinstance(v, Value) else Value(v) for v in values)
    return _node(sum((v.data for v in vs), 0.0), vs, (1.0,) * len(vs), "sum")


def mean(values: Iterable[Operand]) -> Value:
    """Arithmetic mean as one node; each partial is 1 / n."""
    vs = tuple(v if isinstance(v, Value) else Value(v) for v in values)
    if not vs:
        raise ValueError("mean: got an empty sequence of values")
    n = len(vs)
    return _node(sum(v.data for v in vs) / n, vs, (1.0 / n,) * n, "mean")


def _values(where: str, values: Iterable[Operand]) -> tuple[Value, ...]:
    """``values`` as a non-empty tuple of Values (numbers become constants)."""
    if isinstance(values, (Value, int, float)) or not isinstance(values, Iterable):
        raise TypeError(f"{where}: expected a sequence of Values or numbers, got {type(values).__name__}")
    try:
        vs = tuple(v if isinstance(v, Value) else Value(v) for v in values)
    except (TypeError, OverflowError) as exc:
        raise type(exc)(f"{where}: {exc}") from None  # (Value()'s message, with the function's name)
    if not vs:
        raise ValueError(f"{where}: got an empty sequence of values")
    return vs


def logsumexp(values: Sequence[Value]) -> Value:
    """log sum_j e^{x_j}, shifted by the max so it never overflows;
    d/dx_i = softmax(x)_i."""
    vs = _values("logsumexp", values)
    m = formulas.max_shift(max(v.data for v in vs))
    es = [_exp(v.data - m) for v in vs]
    s = sum(es)
    out = m + _log(s)
    # d/dx_i = e^(x_i - out), as PyTorch computes it (all -inf or some +inf: out is
    # the max itself, and the partials are nan where x_i == out, else 0)
    return _node(out, vs, tuple(_exp(v.data - out) for v in vs), "logsumexp")


def softmax(values: Sequence[Value]) -> list[Value]:
    """e^{x_i} / sum_j e^{x_j}, stable; d s_i / d x_j = s_i (delta_ij - s_j)."""
    vs = _values("softmax", values)
    m = max(v.data for v in vs)
    es = [_exp(v.data - m) for v in vs]
    s = sum(es)
    probs = [e / s for e in es]
    return [
        _node(p_i, vs, tuple(p_i * ((1.0 if i == j else 0.0) - p_j) for j, p_j in enumerate(probs)), "softmax")
        for i, p_i in enumerate(probs)
    ]


def log_softmax(values: Sequence[Value]) -> list[Value]:
    """x_i - logsumexp(x), stable; d/dx_j = delta_ij - softmax(x)_j."""
    vs = _values("log_softmax", values)
    m = formulas.max_shift(max(v.data for v in vs))
    es = [_exp(v.data - m) for v in vs]
    s = sum(es)
    log_s = _log(s)
    probs = [e / s for e in es]
    return [  # (x_i - m) - log s: x_i - (m + log s) would round log s away when |m| is large
        _node((v.data - m) - log_s, vs, tuple((1.0 if i == j else 0.0) - p_j for j, p_j in enumerate(probs)),
              "log_softmax")
        for i, v in enumerate(vs)
    ]
