"""A scalar autograd engine with a numpy tensor extension.

``Value`` is a Python float that records the computation graph (micrograd's API);
``Tensor`` is a numpy n-d array that does the same (PyTorch's API). Both are nodes
of one engine (:mod:`autograd.engine`) that walks the graph newest-first and
applies the chain rule.

    >>> from autograd import Value, Tensor
    >>> a = Value(2.0); b = a * a + a.tanh(); b.backward(); print(f"{a.grad:.4f}")
    4.0707

Modules: ``engine`` (backward), ``value`` (scalars), ``tensor`` and ``ops/``
(tensors and their operations, each forward beside its derivative), ``grad_mode``
(``no_grad``), ``grad_api`` (``autograd.grad``), ``functional`` (JAX-style
transforms), ``function`` (custom ops), ``gradcheck`` and ``testing`` (checking
gradients against finite differences, hypothesis strategies).

``autograd.tensor`` is the module that defines ``Tensor``; the PyTorch-style factory
``tensor(data)`` lives in ``autograd.factories`` (``Tensor(data)`` does the same).

The import name ``autograd`` is this project's: do not install the unrelated PyPI
package ``autograd`` in the same environment.
"""

import numpy as np

from autograd import functional, linalg
from autograd.dtypes import get_default_dtype, set_default_dtype
from autograd.factories import (
    arange,
    bernoulli,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    logspace,
    multinomial,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    zeros,
    zeros_like,
)
from autograd.function import Function, FunctionCtx
from autograd.grad_api import grad
from autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck
from autograd.namespace import *  # noqa: F403  (autograd.sin(x), autograd.mean(x, dim=0), ...)
from autograd.namespace import __all__ as _functions
from autograd.namespace import abs, all, any, max, min, pow, round, sum  # noqa: A004, F401  (autograd.max(x), ...)
from autograd.ops.elementwise import maximum, minimum, where
from autograd.ops.linalg import matmul
from autograd.ops.shape import chunk, concat, flip, pad, split, stack
from autograd.random import default_generator, manual_seed
from autograd.tensor import Tensor
from autograd.value import Value

cat = concat

# dtypes under PyTorch's names (autograd.float32 is numpy's float32)
float16 = half = np.float16
float32 = np.float32
float64 = double = np.float64
int8, int16, int32, uint8 = np.int8, np.int16, np.int32, np.uint8
int64 = long = np.int64

__all__ = [
    "Function",
    "FunctionCtx",
    "GradcheckError",
    "Tensor",
    "Value",
    "arange",
    "bernoulli",
    "cat",
    "chunk",
    "concat",
    "default_generator",
    "double",
    "empty",
    "empty_like",
    "enable_grad",
    "eye",
    "flip",
    "float16",
    "float32",
    "float64",
    "from_numpy",
    "full",
    "full_like",
    "functional",
    "get_default_dtype",
    "grad",
    "half",
    "int8",
    "int16",
    "int32",
    "int64",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "linalg",
    "linspace",
    "logspace",
    "long",
    "manual_seed",
    "matmul",
    "maximum",
    "minimum",
    "multinomial",
    "no_grad",
    "normal",
    "ones",
    "ones_like",
    "pad",
    "rand",
    "rand_like",
    "randint",
    "randn",
    "randn_like",
    "randperm",
    "set_default_dtype",
    "set_grad_enabled",
    "split",
    "stack",
    "uint8",
    "where",
    "zeros",
    "zeros_like",
]
__all__ += _functions
