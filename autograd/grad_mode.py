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
import inspect
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
    """Base of the grad-mode context managers; usable as a decorator too, with or
    without parentheses (``@no_grad()`` or ``@no_grad``)."""

    _target: bool

    def __new__(cls, *args: Any) -> Any:
        if cls is not set_grad_enabled and len(args) == 1 and callable(args[0]):
            return cls()(args[0])  # bare @no_grad on a function
        return super().__new__(cls)

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
        target = self._target
        if inspect.isgeneratorfunction(fn):
            return _generator_in_mode(fn, target)  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            previous = _state.enabled
            _state.enabled = target
            try:
                return fn(*args, **kwargs)
            finally:
                _state.enabled = previous

        return wrapper  # type: ignore[return-value]


def _generator_in_mode(fn: Callable[..., Any], target: bool) -> Callable[..., Any]:
    """A generator function decorated with a grad mode: the generator's body runs in
    that mode each time it is resumed, and the caller's mode is back between yields
    (a plain wrapper would set the mode only while the generator object is made)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        def resume(method: Callable[..., Any], *arg: Any) -> Any:
            previous = _state.enabled
            _state.enabled = target
            try:
                return method(*arg)
            finally:
                _state.enabled = previous

        gen = fn(*args, **kwargs)
        try:
            item = resume(gen.send, None)
            while True:
                try:
                    sent = yield item
                except GeneratorExit:
                    resume(gen.close)
                    raise
                except BaseException as exc:  # thrown in by the caller: pass it on
                    item = resume(gen.throw, exc)
                else:
                    item = resume(gen.send, sent)
        except StopIteration as stop:
            return stop.value

    return wrapper


class no_grad(_GradMode):
    """Context manager / decorator that turns graph recording off."""

    _target = False


class enable_grad(_GradMode):
    """Context manager / decorator that turns graph recording on (inside ``no_grad``)."""

    _target = True


class set_grad_enabled(_GradMode):
    """Turn graph recording on or off, as PyTorch's ``set_grad_enabled``.

    Called on its own it switches at once (``set_grad_enabled(False)``); as a context
    manager (``with set_grad_enabled(flag):``) or a decorator it restores the
    previous mode afterwards.
    """

    def __init__(self, mode: bool) -> None:
        super().__init__()
        self._target = bool(mode)
        self._before_call = _state.enabled
        _state.enabled = self._target  # takes effect now, like PyTorch's

    def __enter__(self) -> None:
        self._previous.append(self._before_call)
        _state.enabled = self._target

    def __call__(self, fn: F) -> F:
        _state.enabled = self._before_call  # used as a decorator: undo the switch
        return super().__call__(fn)
