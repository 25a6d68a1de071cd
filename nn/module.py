"""``Module`` and ``Parameter``: the base class of every layer and model, scalar or tensor.

PyTorch's semantics: assigning a :class:`Parameter`, a ``Module`` or (to a name made
with :meth:`Module.register_buffer`) a ``Tensor`` to an attribute registers it, in
assignment order::

    class Affine(Module):
        def __init__(self):
            super().__init__()
            self.weight = Parameter(autograd.randn(3, 2))
            self.register_buffer("steps", autograd.zeros(()))

        def forward(self, x):
            return x @ self.weight

    m = Affine()
    [name for name, _ in m.named_parameters()]   # ['weight']
    list(m.state_dict())                          # ['weight', 'steps']

micrograd's style works on the same base: a ``Value``, a ``Tensor`` with
``requires_grad=True`` or a ``Module`` held in a plain public attribute, or in a
list/tuple of them to any depth, is found by looking at the attributes (a tensor
without ``requires_grad`` is data, not a parameter). Attributes whose names begin with
``_`` are never searched. Subclasses that override ``parameters()`` by hand (micrograd's
``Neuron``) keep working: a parent uses a child's own ``parameters()`` when the child
overrides it.

The order of ``named_parameters()`` is, for every module: its registered parameters,
then its attributes in assignment order (submodules walked in place). For modules built
from registered parameters and submodules alone this is PyTorch's order exactly.

Differences from PyTorch: ``parameters()``, ``buffers()``, ``children()`` and
``modules()`` return lists (micrograd's ``parameters()`` did, and code calls
``len(model.parameters())``), not generators; ``next(model.parameters())`` does not
work, ``next(iter(model.parameters()))`` does. The ``named_*`` methods are generators.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from autograd.tensor import Tensor
from autograd.value import Value
from autograd.writes import mark_written

__all__ = ["Module", "Parameter", "RemovableHandle"]


class Parameter(Tensor):
    """A Tensor that is a module's learnable parameter (``requires_grad=True`` by default).

    Assigned to a module attribute, it is registered under that name. Given a Tensor,
    the parameter shares its data (no copy), as ``torch.nn.Parameter`` does.
    """

    __slots__ = ()

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if data is None:
            data = np.empty(0, dtype=np.float32)
        if isinstance(data, Tensor):
            data = data.data
        super().__init__(data, requires_grad=requires_grad)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


class RemovableHandle:
    """What ``register_forward_hook`` and friends return: ``handle.remove()`` unregisters
    the hook (also usable as a context manager)."""

    _ids = itertools.count()

    def __init__(self, hooks: dict[int, Callable[..., Any]]) -> None:
        self.hooks = hooks
        self.id = next(RemovableHandle._ids)

    def remove(self) -> None:
        self.hooks.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


class _IncompatibleKeys(NamedTuple):
    missing_keys: list[str]
    unexpected_keys: list[str]


_REGISTRIES = ("_parameters", "_buffers", "_modules", "_non_persistent_buffers",
               "_forward_pre_hooks", "_forward_hooks")


def _is_parameter(obj: Any) -> bool:
    return isinstance(obj, (Value, Parameter)) or (isinstance(obj, Tensor) and obj.requires_grad)


def _overrides_parameters(module: Module) -> bool:
    return type(module).parameters is not Module.parameters


def _check_name(where: str, name: Any, module: Module) -> None:
    if not isinstance(name, str):
        raise TypeError(f"{where}: name must be a str, got {type(name).__name__}")
    if not name or "." in name:
        raise KeyError(f"{where}: name must be non-empty and contain no '.', got {name!r}")
    if hasattr(type(module), name):
        raise KeyError(f"{where}: attribute {name!r} already exists (a {type(module).__name__} attribute)")
    if name in vars(module) and name not in module._parameters and name not in module._buffers \
            and name not in module._modules:
        raise KeyError(f"{where}: attribute {name!r} already exists")


class Module:
    """Base class for models: registration, parameter discovery, hooks, modes, state dicts."""

    training: bool

    def __init__(self) -> None:
        self._init_registries()
        self.training = True

    def _init_registries(self) -> None:
        d = self.__dict__
        for name in _REGISTRIES:
            if name not in d:
                object.__setattr__(self, name, set() if name == "_non_persistent_buffers" else {})
        d.setdefault("training", True)

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: a subclass that skipped
        # super().__init__() (micrograd's style) gets its registries on first use.
        if name in _REGISTRIES or name == "training":
            self._init_registries()
            return self.__dict__[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    # ----------------------------------------------------------- registration
    def __setattr__(self, name: str, value: Any) -> None:
        params, buffers, modules = self._parameters, self._buffers, self._modules
        if isinstance(value, Parameter):
            buffers.pop(name, None)
            modules.pop(name, None)
            params[name] = value
        elif isinstance(value, Module):
            params.pop(name, None)
            buffers.pop(name, None)
            modules[name] = value
        elif name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                                "(nn.Parameter or None expected)")
            params[name] = None
        elif name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                                "(Tensor or None expected)")
            buffers[name] = value
        elif name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module '{name}' "
                                "(nn.Module or None expected)")
            modules[name] = None
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        for registry in (self._parameters, self._buffers, self._modules):
            registry.pop(name, None)
        self._non_persistent_buffers.discard(name)
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Register ``param`` (a Parameter, or None for an absent one such as a bias)."""
        _check_name("register_parameter", name, self)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"register_parameter: cannot assign '{type(param).__name__}' as parameter "
                            f"'{name}' (nn.Parameter or None expected)")
        self._buffers.pop(name, None)
        self._modules.pop(name, None)
        self._parameters[name] = param
        object.__setattr__(self, name, param)

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Register ``tensor`` as state that is not a parameter (a running mean): it
        moves with ``state_dict()`` unless ``persistent=False``."""
        _check_name("register_buffer", name, self)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"register_buffer: cannot assign '{type(tensor).__name__}' as buffer "
                            f"'{name}' (Tensor or None expected)")
        if isinstance(tensor, Parameter):
            raise TypeError(f"register_buffer: '{name}' is a Parameter; use register_parameter")
        self._parameters.pop(name, None)
        self._modules.pop(name, None)
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)
        object.__setattr__(self, name, tensor)

    def add_module(self, name: str, module: Module | None) -> None:
        """Register ``module`` as a child named ``name`` (any string without '.',
        e.g. ``"0"`` in a Sequential)."""
        _check_name("add_module", name, self)
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: {type(module).__name__} is not a Module subclass")
        self._parameters.pop(name, None)
        self._buffers.pop(name, None)
        self._modules[name] = module
        object.__setattr__(self, name, module)

    register_module = add_module

    def get_submodule(self, target: str) -> Module:
        """The submodule at dotted path ``target`` (``""`` is this module)."""
        mod: Module = self
        for part in target.split(".") if target else ():
            child = mod._modules.get(part)
            if child is None:
                raise AttributeError(f"{type(mod).__name__} has no submodule {part!r} (in {target!r})")
            mod = child
        return mod

    # ------------------------------------------------------------------ call
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; subclasses define it (or, micrograd-style, ``__call__``)."""
        raise NotImplementedError(f"{type(self).__name__} defines no forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``module(x)``: forward pre-hooks, ``forward``, then forward hooks, as in PyTorch."""
        pre, post = self._forward_pre_hooks, self._forward_hooks
        if not pre and not post:
            return self.forward(*args, **kwargs)
        for hook in list(pre.values()):
            result = hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        out = self.forward(*args, **kwargs)
        for hook in list(post.values()):
            result = hook(self, args, out)
            if result is not None:
                out = result
        return out

    def register_forward_pre_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Run ``hook(module, args)`` before every forward; a non-None result replaces
        the positional arguments (a non-tuple is wrapped in one)."""
        if not callable(hook):
            raise TypeError(f"register_forward_pre_hook: hook must be callable, got {type(hook).__name__}")
        handle = RemovableHandle(self._forward_pre_hooks)
        self._forward_pre_hooks[handle.id] = hook
        return handle

    def register_forward_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Run ``hook(module, args, output)`` after every forward; a non-None result
        replaces the output."""
        if not callable(hook):
            raise TypeError(f"register_forward_hook: hook must be callable, got {type(hook).__name__}")
        handle = RemovableHandle(self._forward_hooks)
        self._forward_hooks[handle.id] = hook
        return handle

    # ------------------------------------------------------------- the walk
    def _members(self) -> list[tuple[str, Any]]:
        """Attributes searched in micrograd's style: public, not registered as a
        parameter or buffer (those are listed first), submodules always."""
        params, buffers, modules = self._parameters, self._buffers, self._modules
        return [(k, v) for k, v in vars(self).items()
                if k in modules or (not k.startswith("_") and k not in params and k not in buffers)]

    def _walk(self, prefix: str, params: bool, buffers: bool, recurse: bool = True) -> Iterator[tuple[str, Any]]:
        """Yield ``(dotted name, tensor)`` for parameters and/or buffers, in order:
        per module its registered parameters, its buffers, then its attributes with
        submodules walked in place. Iterative; each object once."""
        seen: set[int] = set()
        # stack entries: (kind, name, obj); kind "p" parameter, "b" buffer, "a" attribute
        stack: list[tuple[str, str, Any]] = [("a", prefix.rstrip("."), self)]
        root = True
        while stack:
            kind, name, obj = stack.pop()
            if kind in "pb":
                if obj is not None and id(obj) not in seen:
                    seen.add(id(obj))
                    yield name, obj
            elif isinstance(obj, Module):
                if id(obj) in seen or (not root and not recurse):
                    continue
                seen.add(id(obj))
                base = f"{name}." if name else ""
                if params and not root and _overrides_parameters(obj):
                    for sub, p in obj.named_parameters(base):  # micrograd-style: trust its list
                        if id(p) not in seen:
                            seen.add(id(p))
                            yield sub, p
                    continue
                root = False
                entries: list[tuple[str, str, Any]] = []
                if params:
                    entries += [("p", base + k, v) for k, v in obj._parameters.items()]
                if buffers:
                    entries += [("b", base + k, v) for k, v in obj._buffers.items()]
                entries += [("a", base + k, v) for k, v in obj._members()]
                stack.extend(reversed(entries))
            elif params and _is_parameter(obj):
                if id(obj) not in seen:
                    seen.add(id(obj))
                    yield name, obj
            elif isinstance(obj, (list, tuple)):
                stack.extend(("a", f"{name}.{i}", v) for i, v in reversed(list(enumerate(obj))))

    # ----------------------------------------------------------- parameters
    def named_parameters(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Any]]:
        """Yield ``(dotted name, parameter)`` pairs (``"0.weight"``, ``"features.3.bias"``),
        each parameter once, in ``parameters()`` order.

        For a module that overrides ``parameters()`` (micrograd's style), a parameter
        that cannot be found among its attributes is named by its position.
        """
        base = f"{prefix}." if prefix and not prefix.endswith(".") else prefix
        if not _overrides_parameters(self):
            yield from self._walk(base, params=True, buffers=False, recurse=recurse)
            return
        found = {id(p): name for name, p in self._walk(base, params=True, buffers=False)}
        for i, p in enumerate(self.parameters()):
            yield found.get(id(p), f"{base}{i}"), p

    def parameters(self, recurse: bool = True) -> list[Any]:
        """Every parameter of this module (and, with ``recurse``, its submodules), each
        once. A list, where PyTorch returns a generator."""
        return [p for _, p in self._walk("", params=True, buffers=False, recurse=recurse)]

    def named_buffers(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Tensor]]:
        """Yield ``(dotted name, buffer)`` for every registered buffer."""
        base = f"{prefix}." if prefix and not prefix.endswith(".") else prefix
        yield from self._walk(base, params=False, buffers=True, recurse=recurse)

    def buffers(self, recurse: bool = True) -> list[Tensor]:
        """Every registered buffer (a list, where PyTorch returns a generator)."""
        return [b for _, b in self.named_buffers(recurse=recurse)]

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear every parameter's gradient: ``0.0`` for a ``Value``; for a ``Tensor``
        ``None`` (``set_to_none=True``, PyTorch's default) or zeros."""
        for p in self.parameters():
            if isinstance(p, Tensor):
                if set_to_none or p.grad is None:
                    p.grad = None
                else:
                    p.grad = Tensor(np.zeros_like(p.data))
            else:
                p.grad = 0.0

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Switch gradient tracking for every Tensor parameter (freeze with False)."""
        for p in self.parameters():
            if isinstance(p, Tensor):
                p.requires_grad_(requires_grad)
        return self

    def num_parameters(self) -> int:
        """Number of scalars in all parameters (a ``Value`` counts 1)."""
        return sum(p.data.size if isinstance(p, Tensor) else 1 for p in self.parameters())

    # ------------------------------------------------------------ submodules
    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Yield ``(name, module)`` for direct submodules (registered, or held in
        public attributes and lists of them: ``"blocks.0"``), each once."""
        seen: set[int] = set()
        stack: list[tuple[str, Any]] = list(reversed(self._members()))
        while stack:
            name, obj = stack.pop()
            if isinstance(obj, Module):
                if id(obj) not in seen:
                    seen.add(id(obj))
                    yield name, obj
            elif isinstance(obj, (list, tuple)):
                stack.extend((f"{name}.{i}", v) for i, v in reversed(list(enumerate(obj))))

    def children(self) -> list[Module]:
        """The direct submodules (a list, where PyTorch returns a generator)."""
        return [m for _, m in self.named_children()]

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """Yield ``(dotted name, module)`` for this module (named ``prefix``) and every
        submodule, each once, depth first in registration order."""
        seen: set[int] = set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, mod = stack.pop()
            if id(mod) in seen:
                continue
            seen.add(id(mod))
            yield name, mod
            base = f"{name}." if name else ""
            stack.extend((base + k, m) for k, m in reversed(list(mod.named_children())))

    def modules(self) -> list[Module]:
        """This module and every submodule (a list, where PyTorch returns a generator)."""
        return [m for _, m in self.named_modules()]

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call ``fn`` on every submodule, children before parents, then on ``self``
        (e.g. a custom initialization); returns ``self``."""
        order = []
        stack: list[Module] = [self]
        seen: set[int] = set()
        while stack:  # root, last child, ..., first child: reversed, that is post-order
            mod = stack.pop()
            if id(mod) in seen:
                continue
            seen.add(id(mod))
            order.append(mod)
            stack.extend(mod.children())
        for mod in reversed(order):
            fn(mod)
        return self

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

    # ------------------------------------------------------------ state dicts
    def _state_items(self) -> Iterator[tuple[str, Tensor]]:
        """Tensor parameters and persistent buffers, in PyTorch's state-dict order."""
        skip = {id(b) for mod in self.modules() for name, b in mod._buffers.items()
                if name in mod._non_persistent_buffers and b is not None}
        for name, t in self._walk("", params=True, buffers=True):
            if isinstance(t, Tensor) and id(t) not in skip:
                yield name, t

    def state_dict(self, prefix: str = "", keep_vars: bool = False) -> OrderedDict[str, Tensor]:
        """An ordered dict ``name -> Tensor`` of every parameter and persistent buffer
        (``"0.weight"``, ``"1.running_mean"``). The tensors are detached and share
        memory with the module's (``keep_vars=True`` gives the parameters themselves)."""
        out: OrderedDict[str, Tensor] = OrderedDict()
        for name, t in self._state_items():
            out[prefix + name] = t if keep_vars else t.detach()
        return out

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True) -> _IncompatibleKeys:
        """Copy ``state_dict``'s values (Tensors or numpy arrays) into this module's
        parameters and buffers, in place.

        Every problem is reported at once in one ``RuntimeError`` before anything is
        written: missing and unexpected keys (when ``strict``) and mismatched shapes
        (always). Returns ``(missing_keys, unexpected_keys)``.
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"load_state_dict: expected a mapping of names to tensors, got {type(state_dict).__name__}")
        own = dict(self._state_items())
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors: list[str] = []
        arrays: dict[str, np.ndarray] = {}
        for key, value in state_dict.items():
            if key not in own:
                continue
            arr = value.data if isinstance(value, Tensor) else value
            if not isinstance(arr, (np.ndarray, np.generic)):
                errors.append(f"value for {key!r} is a {type(value).__name__}, not a Tensor or numpy array")
                continue
            arr = np.asarray(arr)
            target = own[key].data
            if arr.shape != target.shape:
                errors.append(f"size mismatch for {key}: copying a param with shape {arr.shape} from checkpoint, "
                              f"the shape in current model is {target.shape}")
            elif not np.can_cast(arr.dtype, target.dtype, casting="same_kind"):
                errors.append(f"dtype mismatch for {key}: cannot copy {arr.dtype} into {target.dtype}")
            else:
                arrays[key] = arr
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected))
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing))
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(errors))
        for key, arr in arrays.items():
            target = own[key].data
            np.copyto(target, arr, casting="same_kind")
            mark_written(target)
        return _IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------ repr
    def extra_repr(self) -> str:
        """The text between the parentheses of this module's repr (its settings)."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        lines = [line for line in self.extra_repr().split("\n") if line] if self.extra_repr() else []
        for name, child in self._modules.items():
            text = repr(child).replace("\n", "\n  ")
            lines.append(f"({name}): {text}")
        if not lines:
            return f"{self._get_name()}()"
        if len(lines) == 1 and not self._modules:
            return f"{self._get_name()}({lines[0]})"
        return f"{self._get_name()}(\n  " + "\n  ".join(lines) + "\n)"
