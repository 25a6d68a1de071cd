"""Containers: ``Sequential``, ``ModuleList``, ``ModuleDict``, ``ParameterList``,
``ParameterDict``.

Children are registered under their position (``"0"``, ``"1"``, ...) or key, so
parameter names are PyTorch's (``"0.weight"``, ``"features.3.bias"``, ``"scales.2"``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, overload

from autograd.tensor import Tensor
from nn.module import Module, Parameter

__all__ = ["ModuleDict", "ModuleList", "ParameterDict", "ParameterList", "Sequential"]


def _module(where: str, m: Any) -> Module:
    if not isinstance(m, Module):
        raise TypeError(f"{where}: {type(m).__name__} is not a Module subclass")
    return m


class _Indexed(Module):
    """Shared by Sequential and ModuleList: children keyed "0", "1", ... in order."""

    def _index(self, idx: Any) -> int:
        n = len(self._modules)
        if isinstance(idx, bool) or not isinstance(idx, int) and not hasattr(idx, "__index__"):
            raise TypeError(f"{type(self).__name__} indices must be integers or slices, got {type(idx).__name__}")
        i = int(idx)
        if not -n <= i < n:
            raise IndexError(f"index {i} is out of range for a {type(self).__name__} of length {n}")
        return i % n

    def _renumber(self, modules: list[Module]) -> None:
        for key in list(self._modules):
            delattr(self, key)
        for i, m in enumerate(modules):
            self.add_module(str(i), m)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._modules.values()))

    def __setitem__(self, idx: int, module: Module) -> None:
        setattr(self, str(self._index(idx)), _module(type(self).__name__, module))

    def __delitem__(self, idx: int | slice) -> None:
        items = list(self._modules.values())
        if isinstance(idx, slice):
            del items[idx]
        else:
            del items[self._index(idx)]
        self._renumber(items)

    def append(self, module: Module) -> Any:
        """Add ``module`` at the end; returns ``self``."""
        self.add_module(str(len(self)), _module(f"{type(self).__name__}.append", module))
        return self

    def extend(self, modules: Iterable[Module]) -> Any:
        for m in modules:
            self.append(m)
        return self

    def insert(self, index: int, module: Module) -> None:
        items = list(self._modules.values())
        items.insert(index, _module(f"{type(self).__name__}.insert", module))
        self._renumber(items)


class Sequential(_Indexed):
    """Runs its modules in order, each on the previous one's output.

    ``Sequential(a, b, c)`` names them ``"0"``, ``"1"``, ``"2"``;
    ``Sequential(OrderedDict([("conv", a), ("act", b)]))`` uses the given names.
    Indexing gives a module, slicing a new ``Sequential`` of the same modules.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, m in args[0].items():
                self.add_module(key, _module("Sequential", m))
        else:
            for i, m in enumerate(args):
                self.add_module(str(i), _module("Sequential", m))

    @overload
    def __getitem__(self, idx: slice) -> Sequential: ...
    @overload
    def __getitem__(self, idx: int) -> Module: ...
    def __getitem__(self, idx: int | slice) -> Module:
        items = list(self._modules.items())
        if isinstance(idx, slice):
            return Sequential(OrderedDict(items[idx]))
        return items[self._index(idx)][1]

    def __setitem__(self, idx: int, module: Module) -> None:
        key = list(self._modules)[self._index(idx)]
        setattr(self, key, _module("Sequential", module))

    def forward(self, input: Any) -> Any:  # noqa: A002
        x = input
        for m in self._modules.values():
            x = m(x)
        return x


class ModuleList(_Indexed):
    """A list of modules whose parameters are registered (``"0.weight"``, ...); it
    has no forward of its own."""

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    @overload
    def __getitem__(self, idx: slice) -> ModuleList: ...
    @overload
    def __getitem__(self, idx: int) -> Module: ...
    def __getitem__(self, idx: int | slice) -> Module:
        if isinstance(idx, slice):
            return ModuleList(list(self._modules.values())[idx])
        return self._modules[str(self._index(idx))]

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)  # type: ignore[no-any-return]


class _Keyed(Module):
    """Shared by ModuleDict and ParameterDict: a dict view (insertion order) of one of
    the module's registries, whose entries are registered under the keys."""

    def _entries(self) -> dict[str, Any]:
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        return self._entries()[key]

    def __delitem__(self, key: str) -> None:
        delattr(self, key)

    def __len__(self) -> int:
        return len(self._entries())

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._entries()))

    def __contains__(self, key: object) -> bool:
        return key in self._entries()

    def keys(self) -> list[str]:
        return list(self._entries())

    def values(self) -> list[Any]:
        return list(self._entries().values())

    def items(self) -> list[tuple[str, Any]]:
        return list(self._entries().items())

    def pop(self, key: str) -> Any:
        item = self[key]
        del self[key]
        return item

    def update(self, entries: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        pairs = entries.items() if isinstance(entries, Mapping) else entries
        for key, item in pairs:
            self[key] = item


class ModuleDict(_Keyed):
    """A dict of modules (insertion order) whose parameters are registered under the keys."""

    def __init__(self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def _entries(self) -> dict[str, Any]:
        return self._modules

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, _module("ModuleDict", module))


def _parameter(where: str, p: Any) -> Parameter:
    """A Parameter as given, a Tensor made one (sharing its data), as PyTorch wraps them."""
    if isinstance(p, Parameter):
        return p
    if isinstance(p, Tensor):
        return Parameter(p)
    raise TypeError(f"{where}: {type(p).__name__} is not a Parameter or a Tensor")


class ParameterList(Module):
    """A list of parameters registered as "0", "1", ... (a plain Tensor becomes a Parameter)."""

    def __init__(self, values: Iterable[Any] | None = None) -> None:
        super().__init__()
        for p in values or ():
            self.append(p)

    def _key(self, idx: Any) -> str:
        n = len(self._parameters)
        if isinstance(idx, bool) or not isinstance(idx, int):
            raise TypeError(f"ParameterList indices must be integers, got {type(idx).__name__}")
        if not -n <= idx < n:
            raise IndexError(f"index {idx} is out of range for a ParameterList of length {n}")
        return str(idx % n)

    def __getitem__(self, idx: int) -> Parameter:
        return self._parameters[self._key(idx)]  # type: ignore[return-value]

    def __setitem__(self, idx: int, p: Any) -> None:
        setattr(self, self._key(idx), _parameter("ParameterList", p))

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[Parameter]:
        return iter(list(self._parameters.values()))  # type: ignore[arg-type]

    def append(self, p: Any) -> ParameterList:
        """Add ``p`` at the end; returns ``self``."""
        setattr(self, str(len(self._parameters)), _parameter("ParameterList", p))
        return self

    def extend(self, values: Iterable[Any]) -> ParameterList:
        for p in values:
            self.append(p)
        return self


class ParameterDict(_Keyed):
    """A dict of parameters (insertion order) registered under the keys."""

    def __init__(self, parameters: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None) -> None:
        super().__init__()
        if parameters is not None:
            self.update(parameters)

    def _entries(self) -> dict[str, Any]:
        return self._parameters

    def __setitem__(self, key: str, p: Any) -> None:
        self.register_parameter(key, _parameter("ParameterDict", p))
