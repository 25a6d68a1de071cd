"""The random number generator behind ``rand``, ``randn``, ``dropout`` and friends.

One module-level :class:`numpy.random.Generator` is used unless a function is given
an explicit ``generator=``; :func:`manual_seed` replaces it with a seeded one, so a
script that calls ``manual_seed(0)`` first draws the same numbers on every run::

    autograd.manual_seed(0)
    w = autograd.randn(3, 2)          # the same w every time

    g = numpy.random.default_rng(1)   # or keep a private stream
    w = autograd.randn(3, 2, generator=g)
"""

from __future__ import annotations

import numpy as np

_generator: np.random.Generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed the default generator (as ``torch.manual_seed``) and return it."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"manual_seed: seed must be an int, got {type(seed).__name__}: {seed!r}")
    global _generator
    _generator = np.random.default_rng(int(seed) % 2**64)  # (negative seeds too, as torch.manual_seed takes)
    return _generator


def default_generator() -> np.random.Generator:
    """The generator used when a random function gets no ``generator=``."""
    return _generator


def resolve_generator(generator: np.random.Generator | None, where: str) -> np.random.Generator:
    """``generator`` if given (checked), else the default generator."""
    if generator is None:
        return _generator
    if not isinstance(generator, np.random.Generator):
        raise TypeError(f"{where}: generator must be a numpy.random.Generator "
                        f"(e.g. numpy.random.default_rng(0)), got {type(generator).__name__}")
    return generator
