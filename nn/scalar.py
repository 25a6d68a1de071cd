"""micrograd's neural network, on ``Value`` scalars: ``Neuron``, ``Layer``, ``MLP``.

A drop-in replacement for ``micrograd.nn``: code written for micrograd runs with only
its imports changed::

    from autograd import Value          # was: from micrograd.engine import Value
    from nn import MLP, Neuron, Layer   # was: from micrograd.nn import MLP, Neuron, Layer

Same constructors, call signatures, attributes (``.w``, ``.b``, ``.neurons``,
``.layers``), reprs and initialization (weights uniform in [-1, 1], bias 0, drawn
from Python's global ``random`` generator, so ``random.seed(1337)`` gives the very
weights micrograd would draw). Pass ``seed=`` (or ``rng=random.Random(...)``) for a
private stream instead.

What is different is speed: a neuron computes f(sum_i w_i x_i + b) with one
``dot`` node (``autograd.value.dot``) where micrograd builds 2n nodes, so a
training step creates about ten times fewer objects.

:func:`max_margin_loss` and :func:`train_max_margin` are micrograd's demo (an SVM-style
loss on the moons) as reusable functions.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

import autograd.random
from autograd.grad_mode import no_grad
from autograd.value import Value, dot
from nn.losses_scalar import hinge, l2_penalty
from nn.module import Module
from nn.optim import SGD

#: activation name -> (the Value method applying it, the name shown in reprs)
ACTIVATIONS: dict[str, tuple[Callable[[Value], Value] | None, str]] = {
    "relu": (Value.relu, "ReLU"),
    "tanh": (Value.tanh, "Tanh"),
    "sigmoid": (Value.sigmoid, "Sigmoid"),
    "leaky_relu": (Value.leaky_relu, "LeakyReLU"),
    "linear": (None, "Linear"),
}


def manual_seed(seed: int) -> None:
    """Seed every generator ``nn`` draws from by default (as ``torch.manual_seed``):
    Python's global ``random`` (scalar modules, as micrograd) and ``autograd``'s numpy
    generator (tensor modules)."""
    autograd.random.manual_seed(seed)  # checks the type
    random.seed(int(seed))


def _uniform_source(seed: int | None, rng: random.Random | None, where: str) -> Callable[[float, float], float]:
    if seed is not None and rng is not None:
        raise ValueError(f"{where}: give seed= or rng=, not both")
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(f"{where}: seed must be an int, got {type(seed).__name__}: {seed!r}")
        return random.Random(seed).uniform
    if rng is not None:
        if not isinstance(rng, random.Random):
            raise TypeError(f"{where}: rng must be a random.Random, got {type(rng).__name__}")
        return rng.uniform
    return random.uniform


def _check_count(n: Any, what: str, where: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{where}: {what} must be a positive int, got {n!r}")
    return n



def _as_list(layer: Any, x: Any) -> list[Any]:
    """The inputs of a scalar layer as a list, or a TypeError naming the layer."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        raise TypeError(f"{type(layer).__name__}: expected a sequence of inputs (numbers or Values), "
                        f"got {type(x).__name__}: {x!r:.40}")
    return list(x)

class Neuron(Module):
    """f(sum_i w_i x_i + b) for ``nin`` inputs.

    Args:
        nin: number of inputs.
        nonlin: micrograd's switch: ReLU if True, linear if False.
        activation: ``"relu"``, ``"tanh"``, ``"sigmoid"``, ``"leaky_relu"`` or
            ``"linear"``; overrides ``nonlin`` when given.
        seed, rng: where the initial weights come from (see the module docstring).
    """

    def __init__(
        self,
        nin: int,
        nonlin: bool = True,
        activation: str | None = None,
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__()
        _check_count(nin, "nin", "Neuron")
        if activation is None:
            activation = "relu" if nonlin else "linear"
        if activation not in ACTIVATIONS:
            raise ValueError(f"Neuron: unknown activation {activation!r}; choose one of {sorted(ACTIVATIONS)}")
        uniform = _uniform_source(seed, rng, "Neuron")
        self.w = [Value(uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.activation = activation
        self.nonlin = activation != "linear"
        self._act, self._kind = ACTIVATIONS[activation]

    def __call__(self, x: Sequence[Value | float]) -> Value:
        if type(x) is not list and type(x) is not tuple:
            x = _as_list(self, x)  # any iterable, as micrograd's zip(self.w, x) takes
        if len(x) != len(self.w):
            raise ValueError(f"{self!r}: expected {len(self.w)} inputs, got {len(x)}")
        try:
            act = dot(self.w, x, self.b)
        except (TypeError, OverflowError) as exc:  # (an input that is no number: name this neuron)
            raise type(exc)(f"{self!r}: {exc}") from None
        f = self._act
        return act if f is None else f(act)

    def parameters(self, recurse: bool = True) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"{self._kind}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons, each seeing all ``nin`` inputs; ``kwargs`` go to each
    :class:`Neuron` (``nonlin=``, ``activation=``). Returns a list of ``nout``
    values, or the single value when ``nout == 1`` (as micrograd)."""

    def __init__(
        self, nin: int, nout: int, *, seed: int | None = None, rng: random.Random | None = None, **kwargs: Any
    ) -> None:
        super().__init__()
        _check_count(nout, "nout", "Layer")
        if seed is not None or rng is not None:
            rng = random.Random(seed) if rng is None else rng
            kwargs["rng"] = rng
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        # Make plain numbers Values once here, not once per neuron.
        try:
            xs = [xi if isinstance(xi, Value) else Value(xi) for xi in (x if type(x) is list else _as_list(self, x))]
        except (TypeError, OverflowError) as exc:
            raise type(exc)(f"{type(self).__name__}: {exc}") from None  # (Value()'s message, naming the layer)
        out = [n(xs) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self, recurse: bool = True) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron: layer sizes ``[nin, *nouts]``; every hidden layer
    applies ``activation``, the output layer is linear (micrograd's semantics)."""

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__()
        if not nouts:
            raise ValueError("MLP: nouts must list at least one layer size")
        if activation not in ACTIVATIONS:
            raise ValueError(f"MLP: unknown activation {activation!r}; choose one of {sorted(ACTIVATIONS)}")
        if seed is not None or rng is not None:
            _uniform_source(seed, rng, "MLP")  # checks the arguments
            rng = random.Random(seed) if rng is None else rng
        sz = [nin, *nouts]
        last = len(nouts) - 1
        self.layers = [
            Layer(sz[i], sz[i + 1], activation=activation if i != last else "linear", rng=rng)
            for i in range(len(nouts))
        ]

    def __call__(self, x: Sequence[Value | float]) -> Any:
        out: Any = x if type(x) is list else _as_list(self, x)
        try:
            out = self.layers[0](out)
        except (TypeError, OverflowError, ValueError) as exc:  # (bad inputs: say it is this MLP's)
            raise type(exc)(f"MLP: {exc}") from None
        for layer in self.layers[1:]:
            out = layer(out)
        return out

    def parameters(self, recurse: bool = True) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"


# ------------------------------------------------------------------ training
def max_margin_loss(
    model: Callable[[Any], Value], X: Any, y: Any, alpha: float = 1e-4, *, parameters: Sequence[Value] | None = None
) -> tuple[Value, float]:
    """micrograd's demo loss on a batch, and the batch accuracy.

    loss = mean_i relu(1 - y_i f(x_i)) + alpha * sum_p p^2, with labels y_i in {-1, +1};
    accuracy = the fraction of points with sign(f(x_i)) == y_i. ``X`` holds one row of
    numbers (or Values) per point. ``parameters`` (those penalized) defaults to
    ``model.parameters()``. Returns ``(loss, accuracy)``.
    """
    rows = X.tolist() if hasattr(X, "tolist") else X
    targets = [float(t) for t in y]
    if len(rows) != len(targets):
        raise ValueError(f"max_margin_loss: {len(rows)} inputs but {len(targets)} labels")
    scores = [model(row) for row in rows]
    params = model.parameters() if parameters is None else parameters  # type: ignore[attr-defined]
    loss = hinge(scores, targets) + alpha * l2_penalty(params)
    hits = sum((t > 0) == (s.data > 0) for t, s in zip(targets, scores))
    return loss, hits / len(targets)


def train_max_margin(
    model: Module,
    X: Any,
    y: Any,
    steps: int = 100,
    alpha: float = 1e-4,
    lr: Callable[[int], float] | None = None,
    callback: Callable[[int, float, float], None] | None = None,
) -> list[tuple[float, float]]:
    """micrograd's demo training loop: ``steps`` full-batch SGD steps on
    :func:`max_margin_loss`, with learning rate ``lr(k)`` at step k (by default
    1.0 - 0.9 k / steps). Calls ``callback(k, loss, accuracy)`` after each step and
    returns the ``(loss, accuracy)`` of every step (measured before its update)."""
    schedule = lr if lr is not None else (lambda k: 1.0 - 0.9 * k / steps)
    params = model.parameters()
    opt = SGD(params, lr=schedule(0))
    history: list[tuple[float, float]] = []
    rows = X.tolist() if hasattr(X, "tolist") else X
    for k in range(steps):
        loss, acc = max_margin_loss(model, rows, y, alpha, parameters=params)
        opt.zero_grad()
        loss.backward()
        opt.lr = schedule(k)
        opt.step()
        history.append((loss.data, acc))
        if callback is not None:
            callback(k, loss.data, acc)
    return history


def accuracy(model: Callable[[Any], Value], X: Any, y: Any) -> float:
    """Fraction of points where sign(model(x)) matches the label (-1/+1, or 0/1)."""
    rows = X.tolist() if hasattr(X, "tolist") else X
    targets = [float(t) for t in y]
    with no_grad():
        hits = sum((t > 0) == (model(row).data > 0) for row, t in zip(rows, targets))
    return hits / len(targets)


__all__ = ["ACTIVATIONS", "Layer", "MLP", "Neuron", "accuracy", "manual_seed", "max_margin_loss", "train_max_margin"]
