"""Record which module computed which graph nodes, for clusters in :func:`viz.draw_dot`.

::

    with viz.trace(model) as trace:
        loss = loss_fn(model(x), y)
    viz.draw_dot(loss, trace=trace, params=model)

Nothing is added to the op hot path. Every node takes a creation number ``_seq``
from :func:`autograd.engine.next_seq` when it is made, so a forward pre-hook and a
forward hook on each module, each drawing one number, bracket the nodes that module's
forward made: those with ``start < _seq < end``. A module called twice has two such
ranges (two :class:`Call` records), and the ranges of submodules nest inside their
parent's, which gives the nesting of the clusters.

The hooks are PyTorch's ``register_forward_pre_hook(hook(module, args))`` and
``register_forward_hook(hook(module, args, output))``, each returning a handle with
``remove()``; they are removed when the ``with`` block ends, even on an exception.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from autograd import engine


@dataclass
class Call:
    """One call of one module's forward: the nodes with ``start < _seq < end``."""

    name: str  #: the dotted name from ``named_modules()`` (``""`` for the model itself)
    type_name: str  #: the module's class name
    depth: int  #: 0 for the traced model, 1 for its children, ...
    start: int
    end: int = -1  #: -1 while the forward is running (or if it raised)
    parent: int = -1  #: index of the enclosing call in ``Trace.calls``, -1 for none
    index: int = 0  #: this call's position in ``Trace.calls``
    occurrence: int = 0  #: 0 for a module's first call, 1 for its second, ...
    module: Any = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        """``"name (Type)"``, with ``#2`` and so on for a repeated call."""
        shown = self.name or "model"
        again = f" #{self.occurrence + 1}" if self.occurrence else ""
        return f"{shown} ({self.type_name}){again}"


class Trace:
    """The module calls seen inside ``with viz.trace(model)``; see the module docstring."""

    def __init__(self, model: Any) -> None:
        register_pre = getattr(model, "register_forward_pre_hook", None)
        named = getattr(model, "named_modules", None)
        if register_pre is None or named is None or not hasattr(model, "register_forward_hook"):
            raise TypeError(
                "viz.trace: expected an nn.Module with named_modules(), register_forward_pre_hook() and "
                f"register_forward_hook(), got {type(model).__name__}"
            )
        self.model = model
        self.calls: list[Call] = []
        self._open: list[int] = []  # indices of the calls whose forward is running
        self._handles: list[Any] = []
        self._seen: dict[int, int] = {}  # id(module) -> calls so far
        self._starts: list[int] = []
        self._modules: list[tuple[str, Any, int]] = []
        for name, module in model.named_modules():
            self._modules.append((name, module, 0 if not name else name.count(".") + 1))

    # -------------------------------------------------------------- hooks
    def _pre_hook(self, name: str, depth: int) -> Any:
        def hook(module: Any, args: Any) -> None:
            occurrence = self._seen.get(id(module), 0)
            self._seen[id(module)] = occurrence + 1
            call = Call(
                name=name, type_name=type(module).__name__, depth=depth, start=engine.next_seq(),
                parent=self._open[-1] if self._open else -1, index=len(self.calls), occurrence=occurrence,
                module=module,
            )  # fmt: skip
            self.calls.append(call)
            self._open.append(call.index)

        return hook

    def _post_hook(self, module: Any, args: Any, output: Any) -> None:
        # Close the innermost open call of this module (a forward may call itself).
        for i in range(len(self._open) - 1, -1, -1):
            call = self.calls[self._open[i]]
            if call.module is module:
                call.end = engine.next_seq()
                del self._open[i:]
                return

    def __enter__(self) -> Trace:
        for name, module, depth in self._modules:
            self._handles.append(module.register_forward_pre_hook(self._pre_hook(name, depth)))
            self._handles.append(module.register_forward_hook(self._post_hook))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles.clear()
        self._open.clear()
        for call in self.calls:
            call.module = None  # hold no module alive past the trace
        self._starts = [c.start for c in self.calls]

    # -------------------------------------------------------------- lookup
    def call_of(self, seq: int) -> int:
        """The index of the innermost finished call that made node number ``seq``, or -1."""
        if len(self._starts) != len(self.calls):  # drawn inside the ``with`` block
            self._starts = [c.start for c in self.calls]
        i = bisect.bisect_right(self._starts, seq) - 1
        while i >= 0:
            # Ranges nest, so a call containing `seq` other than the latest one to
            # start before it is an ancestor of that one.
            call = self.calls[i]
            if call.start < seq < call.end:
                return i
            i = call.parent
        return -1

    def chain(self, index: int) -> list[int]:
        """``index`` and its enclosing calls, innermost first."""
        out = []
        while index >= 0:
            out.append(index)
            index = self.calls[index].parent
        return out


def trace(model: Any) -> Trace:
    """Record the module calls of ``model`` in a ``with`` block; pass the result to ``draw_dot(trace=...)``."""
    return Trace(model)
