"""Grad modes: whether operations record the graph.

``no_grad()`` and ``enable_grad()`` work as context managers and as decorators, and
the setting is per thread, as in PyTorch::

    with autograd.no_grad():
        y = model(x)          # no graph is recorded

    @autograd.no_grad()
    def evaluate(model, x): ...
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _State(threading.local):
    enabled: bool = True


_state = _State()


def is_grad_enabled() -> bool:
    """True when operations on ``Value``/``Tensor`` record the computation graph."""
    return _state.enabled


class _GradMode:
    """Base of the grad-mode context managers; usable as a decorator too."""

    _target: bool

    def __init__(self) -> None:
        self._previous: list[bool] = []

    def __enter__(self) -> None:
        self._previous.append(_state.enabled)
        _state.enabled = self._target

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _state.enabled = self._previous.pop()

    def __call__(self, fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with type(self)():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradMode):
    """Context manager / decorator that turns graph recording off."""

    _target = False


class enable_grad(_GradMode):
    """Context manager / decorator that turns graph recording on (inside ``no_grad``)."""

    _target = True


class set_grad_enabled(_GradMode):
    """``with set_grad_enabled(flag):`` records the graph only when ``flag`` is true."""

    def __init__(self, mode: bool) -> None:
        super().__init__()
        self._target = bool(mode)

    def __call__(self, fn: F) -> F:
        mode = self._target

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
