"""``Module``: the base class of every layer and model, scalar or tensor.

A module finds its parameters by looking at its own attributes, in the order they
were assigned (so the order is the same on every run), as PyTorch does::

    class Affine(Module):
        def __init__(self):
            super().__init__()          # optional: only sets ``training``
            self.w = [Value(0.5), Value(-0.3)]
            self.b = Value(0.0)

    Affine().parameters()               # [w[0], w[1], b]

What counts as a parameter: a ``Value``; a ``Tensor`` with ``requires_grad=True``
(a tensor without it is data, e.g. a running mean); and, looked into, a ``Module``
or a list/tuple of any of these, to any depth. Attributes whose names begin with
``_`` are private and never searched. A parameter shared by two attributes is listed
once, under its first name.

Subclasses written for micrograd, which override ``parameters()`` by hand, keep
working: every method here goes through ``parameters()``, and a parent module uses a
child's own ``parameters()`` whenever the child overrides it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from autograd.tensor import Tensor
from autograd.value import Value

Parameter = Any  # a Value or a Tensor that requires grad


def _is_parameter(obj: Any) -> bool:
    return isinstance(obj, Value) or (isinstance(obj, Tensor) and obj.requires_grad)


def _overrides_parameters(module: Module) -> bool:
    return type(module).parameters is not Module.parameters


def _public_attributes(obj: Module) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in vars(obj).items() if not k.startswith("_")]


class Module:
    """Base class for models: parameter discovery, ``zero_grad``, train/eval mode."""

    training: bool = True

    def __init__(self) -> None:
        self.training = True

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; subclasses define it (or, micrograd-style, ``__call__``)."""
        raise NotImplementedError(f"{type(self).__name__} defines no forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``module(x)`` runs ``module.forward(x)``, as in PyTorch."""
        return self.forward(*args, **kwargs)

    # ----------------------------------------------------------- parameters
    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Parameter]]:
        """Yield ``(dotted name, parameter)`` pairs, in ``parameters()`` order.

        Names follow attributes and list indices: ``"layers.0.neurons.3.w.1"``.
        For a module that overrides ``parameters()``, a parameter that cannot be
        found among its attributes is named by its position, ``"<prefix>0"``, ...
        """
        if not _overrides_parameters(self):
            yield from self._walk_parameters(prefix)
            return
        found = {id(p): name for name, p in self._walk_parameters(prefix)}
        for i, p in enumerate(self.parameters()):
            yield found.get(id(p), f"{prefix}{i}"), p

    def parameters(self) -> list[Parameter]:
        """Every parameter of this module and its submodules, each once, in
        attribute order (see the module docstring)."""
        return [p for _, p in self._walk_parameters("")]

    def _walk_parameters(self, prefix: str) -> Iterator[tuple[str, Parameter]]:
        # Iterative depth-first walk over attributes; the stack holds (name, object)
        # pairs and is filled in reverse so that items come out in attribute order.
        seen: set[int] = set()
        stack: list[tuple[str, Any]] = [(f"{prefix}{k}", v) for k, v in reversed(_public_attributes(self))]
        while stack:
            name, obj = stack.pop()
            if _is_parameter(obj):
                if id(obj) not in seen:
                    seen.add(id(obj))
                    yield name, obj
            elif isinstance(obj, Module):
                if _overrides_parameters(obj):
                    for sub, p in obj.named_parameters(f"{name}."):
                        if id(p) not in seen:
                            seen.add(id(p))
                            yield sub, p
                else:
                    stack.extend((f"{name}.{k}", v) for k, v in reversed(_public_attributes(obj)))
            elif isinstance(obj, (list, tuple)):
                stack.extend((f"{name}.{i}", v) for i, v in reversed(list(enumerate(obj))))

    def zero_grad(self) -> None:
        """Clear every parameter's gradient: ``0.0`` for a ``Value``, ``None`` for a
        ``Tensor`` (PyTorch's ``set_to_none=True``)."""
        for p in self.parameters():
            if isinstance(p, Tensor):
                p.grad = None
            else:
                p.grad = 0.0

    # ------------------------------------------------------------ submodules
    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """Yield ``(dotted name, module)`` for this module (name ``prefix``, ``""`` by
        default) and every submodule, each once, in attribute order."""
        seen: set[int] = set()
        stack: list[tuple[str, Any]] = [(prefix, self)]
        while stack:
            name, obj = stack.pop()
            if isinstance(obj, Module):
                if id(obj) in seen:
                    continue
                seen.add(id(obj))
                yield name, obj
                base = f"{name}." if name else ""
                stack.extend((f"{base}{k}", v) for k, v in reversed(_public_attributes(obj)))
            elif isinstance(obj, (list, tuple)):
                stack.extend((f"{name}.{i}", v) for i, v in reversed(list(enumerate(obj))))

    def modules(self) -> list[Module]:
        """This module and every submodule, in attribute order."""
        return [m for _, m in self.named_modules()]

    def children(self) -> list[Module]:
        """The direct submodules (held in attributes or lists of them)."""
        found: list[Module] = []
        stack: list[Any] = [v for _, v in reversed(_public_attributes(self))]
        while stack:
            obj = stack.pop()
            if isinstance(obj, Module):
                if all(obj is not m for m in found):
                    found.append(obj)
            elif isinstance(obj, (list, tuple)):
                stack.extend(reversed(obj))
        return found

    # ----------------------------------------------------------------- modes
    def train(self, mode: bool = True) -> Module:
        """Set ``training`` on this module and every submodule (dropout, batch norm
        behave differently in training); returns ``self``."""
        if not isinstance(mode, bool):
            raise TypeError(f"train(): mode must be a bool, got {type(mode).__name__}")
        for m in self.modules():
            m.training = mode
        return self

    def eval(self) -> Module:
        """Same as ``train(False)``."""
        return self.train(False)

    def num_parameters(self) -> int:
        """Number of scalars in all parameters (a ``Value`` counts 1)."""
        return sum(p.data.size if isinstance(p, Tensor) else 1 for p in self.parameters())
