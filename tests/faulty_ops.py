"""Ops with deliberately wrong derivatives, shared by the tests that must catch them
(``gradcheck`` and ``autograd.testing.assert_gradients_match``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.ops import formulas
from autograd.ops.base import BackwardContext, Op


class WrongSin(Op):
    """sin(x) with a wrong derivative: d/dx sin x = sin x (it is cos x)."""

    name = "wrong_sin"

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.sin(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * np.sin(formulas.constant(ctx.inputs[0])),)


class NumpyCos(Op):
    """sin(x) whose backward calls ``np.cos`` on its input: right on arrays, but under
    create_graph the input is a Tensor, which numpy functions refuse."""

    name = "numpy_cos"

    @staticmethod
    def forward(x: Any) -> tuple[Any, Any]:
        return np.sin(x), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * np.cos(ctx.inputs[0]),)
