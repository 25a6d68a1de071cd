"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU`` and the cells ``RNNCell``, ``LSTMCell``, ``GRUCell``.

PyTorch's constructor arguments, parameter names (``weight_ih_l0``, ``weight_hh_l0``,
``bias_ih_l0``, ``bias_hh_l0``, ``..._reverse``), layouts (gates stacked along the
rows: i, f, g, o for the LSTM, r, z, n for the GRU), default initialization (every
parameter uniform in +-1/sqrt(hidden_size)) and return values, so a state dict moves
between the two unchanged.

Each layer direction is: one matrix product for the input projection of all time
steps, then one fused op for the recurrence (:mod:`autograd.ops.recurrent`), so the
graph does not grow with the sequence length. Truncated backpropagation through time:
carry the state into the next chunk with ``.detach()``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.ops.recurrent import GRUSequence, LSTMSequence, RNNSequence
from autograd.ops.shape import concat, stack
from autograd.tensor import Tensor
from nn import init
from nn.layers._util import empty_parameter
from nn.module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _reset(params: Sequence[Tensor], hidden_size: int, generator: np.random.Generator | None = None) -> None:
    """PyTorch's default: every parameter uniform in [-k, k], k = 1 / sqrt(hidden_size)."""
    k = 1.0 / math.sqrt(hidden_size)
    for p in params:
        init.uniform_(p, -k, k, generator=generator)


def _check_nonlinearity(layer: str, nonlinearity: str) -> str:
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"{layer}: unknown nonlinearity {nonlinearity!r}, expected 'tanh' or 'relu'")
    return "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"


def _as_tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _check_state(layer: str, name: str, h: Any, expected: tuple[int, ...]) -> Tensor:
    h = _as_tensor(h)
    if h.shape != expected:
        raise ValueError(f"{layer}: expected {name} of shape {expected}, got {h.shape}")
    return h


def _recurrence(mode: str, x: Tensor, h0: Tensor, c0: Tensor | None, w_ih: Tensor, w_hh: Tensor,
                b_ih: Tensor | None, b_hh: Tensor | None) -> tuple[Tensor, Tensor, Tensor | None]:
    """One layer direction over x (T, B, I): (output (T, B, H), h_T, c_T or None)."""
    T, B, I = x.shape
    G = w_ih.shape[0]
    gi = x.reshape(T * B, I) @ w_ih.T  # the input projection of every step at once
    if mode == "GRU":
        if b_ih is not None:
            gi = gi + b_ih
        gi = gi.reshape(T, B, G)
        b = b_hh if b_hh is not None else Tensor(np.zeros(G, dtype=w_hh.data.dtype))
        out = GRUSequence.apply(gi, h0, w_hh, b)
        return out, out[T - 1], None
    if b_ih is not None and b_hh is not None:
        gi = gi + (b_ih + b_hh)  # both biases enter the pre-activation the same way
    gi = gi.reshape(T, B, G)
    if mode == "LSTM":
        assert c0 is not None
        both = LSTMSequence.apply(gi, h0, c0, w_hh)
        return both[:T], both[T - 1], both[T]
    out = RNNSequence.apply(gi, h0, w_hh, nonlinearity="tanh" if mode == "RNN_TANH" else "relu")
    return out, out[T - 1], None


def _layer_name(mode: str) -> str:
    return "RNN" if mode.startswith("RNN") else mode


def _initial_states(layer: str, mode: str, hx: Any, n: int, batch: int, hidden: int, unbatched: bool,
                    dtype: Any) -> tuple[Tensor, Tensor | None]:
    """The initial (h0, c0), each (layers * directions, B, H); zeros when not given."""
    shape = (n, hidden) if unbatched else (n, batch, hidden)
    lstm = mode == "LSTM"
    if hx is None:
        zeros = Tensor(np.zeros((n, batch, hidden), dtype=dtype))
        return zeros, (zeros if lstm else None)
    if lstm:
        if not isinstance(hx, (tuple, list)) or len(hx) != 2:
            raise ValueError(f"{layer}: expected the initial state as a tuple (h_0, c_0), got {type(hx).__name__}")
        h0 = _check_state(layer, "h_0", hx[0], shape)
        c0 = _check_state(layer, "c_0", hx[1], shape)
        return (h0.unsqueeze(1), c0.unsqueeze(1)) if unbatched else (h0, c0)
    h0 = _check_state(layer, "h_0", hx, shape)
    return (h0.unsqueeze(1) if unbatched else h0), None


def recurrent_layer(mode: str, input: Any, hx: Any, weights: Sequence[Tensor], num_layers: int = 1,  # noqa: A002
                    bias: bool = True, batch_first: bool = False, dropout: float = 0.0, training: bool = False,
                    bidirectional: bool = False) -> Any:
    """What ``RNN`` / ``LSTM`` / ``GRU`` compute, with the weights given: ``mode`` is
    ``"RNN_TANH"``, ``"RNN_RELU"``, ``"LSTM"`` or ``"GRU"``; ``weights`` are in
    PyTorch's flat order (per layer, per direction: w_ih, w_hh[, b_ih, b_hh]).
    Returns ``output, h_n`` (``output, (h_n, c_n)`` for the LSTM)."""
    layer = _layer_name(mode)
    dirs = 2 if bidirectional else 1
    per = 4 if bias else 2
    if len(weights) != num_layers * dirs * per:
        raise ValueError(f"{layer}: expected {num_layers * dirs * per} weights, got {len(weights)}")
    input_size, hidden = weights[0].shape[1], weights[1].shape[1]
    x = _as_tensor(input)
    if x.ndim not in (2, 3):
        raise ValueError(f"{layer}: expected input of rank 2 (unbatched: L, input_size) or 3 (batched), "
                         f"got shape {x.shape}")
    if x.shape[-1] != input_size:
        raise ValueError(f"{layer}: input has {x.shape[-1]} features (shape {x.shape}), "
                         f"expected input_size={input_size}")
    unbatched = x.ndim == 2
    if x.shape[1 if batch_first and not unbatched else 0] == 0:
        raise ValueError(f"{layer}: expected a sequence of at least one step, got input of shape {x.shape}")
    if unbatched:
        x = x.unsqueeze(1)
    elif batch_first:
        x = x.transpose(0, 1)
    h0, c0 = _initial_states(layer, mode, hx, num_layers * dirs, x.shape[1], hidden, unbatched, x.dtype)
    h_n: list[Tensor] = []
    c_n: list[Tensor] = []
    for k in range(num_layers):
        outs = []
        for d in range(dirs):
            idx = k * dirs + d
            w = weights[idx * per:(idx + 1) * per]
            b_ih, b_hh = (w[2], w[3]) if bias else (None, None)
            xs = x.flip(0) if d else x
            out, h, c = _recurrence(mode, xs, h0[idx], c0[idx] if c0 is not None else None, w[0], w[1], b_ih, b_hh)
            outs.append(out.flip(0) if d else out)
            h_n.append(h)
            if c is not None:
                c_n.append(c)
        x = concat(outs, axis=2) if len(outs) > 1 else outs[0]
        if dropout and training and k < num_layers - 1:
            from nn.functional import dropout as dropout_fn

            x = dropout_fn(x, dropout)
    hn = stack(h_n)
    cn = stack(c_n) if c_n else None
    if unbatched:
        x = x.squeeze(1)
        hn = hn.squeeze(1)
        cn = cn.squeeze(1) if cn is not None else None
    elif batch_first:
        x = x.transpose(0, 1)
    return (x, (hn, cn)) if cn is not None else (x, hn)


def recurrent_cell(mode: str, input: Any, hx: Any, w_ih: Tensor, w_hh: Tensor,  # noqa: A002
                   b_ih: Tensor | None = None, b_hh: Tensor | None = None) -> Any:
    """What ``RNNCell`` / ``LSTMCell`` / ``GRUCell`` compute, with the weights given:
    one step, returning h' (``(h', c')`` for the LSTM)."""
    layer = _layer_name(mode) + "Cell"
    input_size, hidden = w_ih.shape[1], w_hh.shape[1]
    x = _as_tensor(input)
    if x.ndim not in (1, 2) or x.shape[-1] != input_size:
        raise ValueError(f"{layer}: expected input of shape (batch, {input_size}) or ({input_size},), "
                         f"got {x.shape}")
    unbatched = x.ndim == 1
    if unbatched:
        x = x.unsqueeze(0)
    B = x.shape[0]
    shape = (hidden,) if unbatched else (B, hidden)
    lstm = mode == "LSTM"
    if hx is None:
        h0 = Tensor(np.zeros((B, hidden), dtype=x.dtype))
        c0 = h0 if lstm else None
    elif lstm:
        if not isinstance(hx, (tuple, list)) or len(hx) != 2:
            raise ValueError(f"{layer}: expected the state as a tuple (h, c), got {type(hx).__name__}")
        h0 = _check_state(layer, "h", hx[0], shape)
        c0 = _check_state(layer, "c", hx[1], shape)
        if unbatched:
            h0, c0 = h0.unsqueeze(0), c0.unsqueeze(0)
    else:
        h0 = _check_state(layer, "hx", hx, shape)
        c0 = None
        if unbatched:
            h0 = h0.unsqueeze(0)
    _, h, c = _recurrence(mode, x.unsqueeze(0), h0, c0, w_ih, w_hh, b_ih, b_hh)
    if unbatched:
        h = h.squeeze(0)
        c = c.squeeze(0) if c is not None else None
    return (h, c) if lstm else h


class RNNBase(Module):
    """What ``RNN``, ``LSTM`` and ``GRU`` share: parameters, checks, layers and directions."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False) -> None:
        super().__init__()
        layer = _layer_name(mode)
        for what, n in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"{layer}: {what} must be a positive int, got {n!r}")
        if not 0.0 <= dropout <= 1.0:
            raise ValueError(f"{layer}: dropout must be in [0, 1], got {dropout}")
        if dropout > 0 and num_layers == 1:
            warnings.warn(f"{layer}: dropout is applied between layers, so dropout={dropout} with num_layers=1 "
                          "does nothing", UserWarning, stacklevel=3)
        self.mode = mode
        self.input_size = int(input_size)
        self.hidden_size = int(hidden_size)
        self.num_layers = int(num_layers)
        self.bias = bool(bias)
        self.batch_first = bool(batch_first)
        self.dropout = float(dropout)
        self.bidirectional = bool(bidirectional)
        G = _GATES[mode] * hidden_size
        dirs = 2 if bidirectional else 1
        for k in range(num_layers):
            in_size = input_size if k == 0 else hidden_size * dirs
            for suffix in ("", "_reverse")[:dirs]:
                setattr(self, f"weight_ih_l{k}{suffix}", empty_parameter(G, in_size))
                setattr(self, f"weight_hh_l{k}{suffix}", empty_parameter(G, hidden_size))
                if bias:
                    setattr(self, f"bias_ih_l{k}{suffix}", empty_parameter(G))
                    setattr(self, f"bias_hh_l{k}{suffix}", empty_parameter(G))
        self.reset_parameters()

    def _flat_weights(self) -> list[Tensor]:
        """The parameters in PyTorch's flat order: per layer, per direction, w_ih, w_hh[, b_ih, b_hh]."""
        dirs = ("", "_reverse")[: 2 if self.bidirectional else 1]
        kinds = ("weight_ih", "weight_hh") + (("bias_ih", "bias_hh") if self.bias else ())
        return [getattr(self, f"{w}_l{k}{s}") for k in range(self.num_layers) for s in dirs for w in kinds]

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        _reset(self._flat_weights(), self.hidden_size, generator)

    def flatten_parameters(self) -> None:
        """Nothing to do (PyTorch compacts its cuDNN weights here); kept so code written for PyTorch runs."""

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"  # PyTorch shows no nonlinearity here
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        for name, default in (("bias", True), ("batch_first", False), ("dropout", 0.0), ("bidirectional", False)):
            if getattr(self, name) != default:
                s += f", {name}={getattr(self, name)}"
        return s

    def forward(self, input: Any, hx: Any = None) -> Any:  # noqa: A002
        """``output, h_n`` (``output, (h_n, c_n)`` for the LSTM), as PyTorch's layers return."""
        return recurrent_layer(self.mode, input, hx, self._flat_weights(), self.num_layers, self.bias,
                               self.batch_first, self.dropout, self.training, self.bidirectional)


class RNN(RNNBase):
    """Elman RNN: h_t = nonlinearity(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh",
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False) -> None:
        self.nonlinearity = nonlinearity
        super().__init__(_check_nonlinearity("RNN", nonlinearity), input_size, hidden_size, num_layers, bias,
                         batch_first, dropout, bidirectional)


class LSTM(RNNBase):
    """Long short-term memory; returns ``output, (h_n, c_n)``."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)


class GRU(RNNBase):
    """Gated recurrent unit (PyTorch's formula: n = tanh(W_in x + b_in + r (W_hn h + b_hn)))."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False) -> None:
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)


# --------------------------------------------------------------------- cells


class RNNCellBase(Module):
    """What the cells share: ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh`` and the checks."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, bias: bool) -> None:
        super().__init__()
        self.mode = mode
        self.input_size = int(input_size)
        self.hidden_size = int(hidden_size)
        self.bias = bool(bias)
        G = _GATES[mode] * hidden_size
        self.weight_ih = empty_parameter(G, input_size)
        self.weight_hh = empty_parameter(G, hidden_size)
        if bias:
            self.bias_ih = empty_parameter(G)
            self.bias_hh = empty_parameter(G)
        self.reset_parameters()

    def _params(self) -> list[Tensor]:
        names = ("weight_ih", "weight_hh") + (("bias_ih", "bias_hh") if self.bias else ())
        return [getattr(self, n) for n in names]

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        _reset(self._params(), self.hidden_size, generator)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            s += ", bias=False"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def forward(self, input: Any, hx: Any = None) -> Any:  # noqa: A002
        """h' (``(h', c')`` for the LSTM cell)."""
        b_ih, b_hh = (self.bias_ih, self.bias_hh) if self.bias else (None, None)
        return recurrent_cell(self.mode, input, hx, self.weight_ih, self.weight_hh, b_ih, b_hh)


class RNNCell(RNNCellBase):
    """One Elman step: h' = nonlinearity(x W_ih^T + b_ih + h W_hh^T + b_hh)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh") -> None:
        self.nonlinearity = nonlinearity
        super().__init__(_check_nonlinearity("RNNCell", nonlinearity), input_size, hidden_size, bias)


class LSTMCell(RNNCellBase):
    """One LSTM step; returns ``(h', c')``."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True) -> None:
        super().__init__("LSTM", input_size, hidden_size, bias)


class GRUCell(RNNCellBase):
    """One GRU step; returns h'."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True) -> None:
        super().__init__("GRU", input_size, hidden_size, bias)
