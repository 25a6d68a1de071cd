"""Recurrences: a whole RNN, LSTM or GRU layer direction as one fused op.

The input projection of every time step is one matrix product done before the op
(``gi = x @ W_ih^T + b_ih``, shape (T, B, G)); the op then runs the recurrence::

    for t in 0..T-1:   a_t = gi[t] + h_{t-1} @ W_hh^T  ->  cell  ->  h_t (and c_t)

in a numpy loop and records **one** graph node for the whole sequence, however long
(a cell, ``nn.LSTMCell``, is the same op with T = 1). Backward walks the steps in
reverse (backpropagation through time) with the cell's hand-derived gradient, and
collects the weight gradient as one matrix product over all steps at the end:
``dW_hh = sum_t da_t^T h_{t-1} = dA^T H_prev`` with dA, H_prev stacked over time.

Each op's docstring derives its cell gradient. Forward saves the activated gates,
which backward reuses; under ``create_graph=True`` (``ctx.inputs`` are Tensors) the
gates are recomputed from the inputs with Tensor operations and the same backward
formula runs on Tensors, so the gradient is itself differentiable.

Gate order is PyTorch's: i, f, g, o for the LSTM and r, z, n for the GRU.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.ops import formulas, naive
from autograd.ops.base import BackwardContext, Case, Op
from autograd.tensor import Tensor

# ------------------------------------------------- helpers for arrays and Tensors


def _tanh(x: Any) -> Any:
    return x.tanh() if isinstance(x, Tensor) else np.tanh(x)


def _sigmoid_(a: np.ndarray) -> np.ndarray:
    """sigmoid(a) = 1 / (1 + e^-a) in place. (numpy's exp is about twice as fast as its
    tanh here; e^-a overflowing to inf gives the right limit, 0.)"""
    np.negative(a, out=a)
    with np.errstate(over="ignore"):
        np.exp(a, out=a)
    a += 1
    np.reciprocal(a, out=a)
    return a


def _rows(xs: list[Any], buffer: Any, t: int) -> Any:
    """The gate gradients ``xs`` side by side: written into ``buffer[t]`` when backward
    runs on arrays (``buffer`` is then the stacked result), concatenated otherwise."""
    if buffer is None:
        return formulas.concat(xs, axis=1)
    return np.concatenate(xs, axis=1, out=buffer[t])


def _weight_grad(d_all: Any, h0: Any, hs: Any) -> Any:
    """sum_t d_t^T h_{t-1} as one product: d_all (T, B, G), h0 (B, H), hs the
    states h_1..h_T stacked (T, B, H)."""
    T, B, G = d_all.shape
    H = h0.shape[-1]
    h_prev = formulas.concat([h0.reshape((1, B, H)), hs[: T - 1]], axis=0)
    return d_all.reshape((T * B, G)).T @ h_prev.reshape((T * B, H))


# ----------------------------------------------------------------------- RNN


# relu's kink for the cases: gi drawn in [-0.3, 0.3) plus +-1, W scaled by 0.1 keep
# every pre-activation at least 0.17 away from 0 (|h W^T| <= 3 * 0.1 * 1.8)
_OFFSET = np.where(np.arange(18).reshape(3, 2, 3) % 2, 1.0, -1.0)


class RNNSequence(Op):
    """h_t = act(gi_t + h_{t-1} W^T), act = tanh or relu; output (T, B, H): h_1..h_T.

    Inputs: gi (T, B, H) (input projection with both biases), h0 (B, H), W (H, H).
    With a_t the pre-activation and dh_t = g_t + (gradient from step t+1):

        da_t = dh_t * act'(a_t)        tanh' = 1 - h_t^2,  relu' = [h_t > 0]
        d gi_t = da_t,   d h_{t-1} (carried) = da_t W,   dW = sum_t da_t^T h_{t-1}
    """

    name = "rnn"
    cases = (
        Case(shapes=[(3, 2, 3), (2, 3), (3, 3)], params={"nonlinearity": "tanh"}, reference=naive.rnn),
        Case(shapes=[(3, 2, 3), (2, 3), (3, 3)], low=(-0.3, -1.0, -1.0), high=(0.3, 1.0, 1.0),
             params={"nonlinearity": "relu"},
             call=lambda gi, h0, w, nonlinearity: RNNSequence.apply(gi + _OFFSET, h0, w * 0.1,
                                                                    nonlinearity=nonlinearity),
             reference=lambda gi, h0, w, nonlinearity: naive.rnn(gi + _OFFSET, h0, w * 0.1, nonlinearity)),
    )

    @staticmethod
    def forward(gi: Any, h0: Any, w: Any, nonlinearity: str) -> tuple[Any, Any]:
        out = np.empty(gi.shape, dtype=np.result_type(gi, h0, w))
        wt = w.T
        h = h0
        for t in range(gi.shape[0]):
            a = np.matmul(h, wt, out=out[t])
            a += gi[t]
            if nonlinearity == "tanh":
                np.tanh(a, out=a)
            else:
                np.maximum(a, 0, out=a)
            h = a
        return out, nonlinearity

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        gi, h0, w = ctx.inputs
        out = ctx.out
        if isinstance(gi, Tensor) or isinstance(out, Tensor):
            out = _rnn_recompute(gi, h0, w, ctx.saved)
        T = gi.shape[0]
        das: list[Any] = [None] * T
        carry = None
        for t in range(T - 1, -1, -1):
            dh = g[t] if carry is None else g[t] + carry
            h = out[t]
            if ctx.saved == "tanh":
                da = dh * (1 - h * h)
            else:
                da = formulas.where(formulas.constant(h) > 0, dh, 0.0)
            das[t] = da
            carry = da @ w
        d_all = formulas.stack(das)
        dw = _weight_grad(d_all, h0, out) if ctx.needs_input_grad[2] else None
        return d_all, carry, dw


def _rnn_recompute(gi: Any, h0: Any, w: Any, nonlinearity: str) -> Any:
    """The forward of RNNSequence with Tensor operations (for create_graph)."""
    h = h0
    hs = []
    wt = w.T
    for t in range(gi.shape[0]):
        a = gi[t] + h @ wt
        h = _tanh(a) if nonlinearity == "tanh" else formulas.where(formulas.constant(a) > 0, a, 0.0)
        hs.append(h)
    return formulas.stack(hs)


# ---------------------------------------------------------------------- LSTM


class LSTMSequence(Op):
    """The LSTM recurrence; output (T + 1, B, H): h_1..h_T, then c_T.

    Inputs: gi (T, B, 4H) (input projection with both biases), h0, c0 (B, H),
    W (4H, H). Per step, a = gi_t + h_{t-1} W^T split into i, f, g, o:

        i = s(a_i)  f = s(a_f)  g = tanh(a_g)  o = s(a_o)     (s = sigmoid)
        c_t = f c_{t-1} + i g        h_t = o tanh(c_t)

    Backward, with dh = g_t + (carried from t+1), dc = (carried from t+1), k = tanh(c_t):

        dc += dh o (1 - k^2)
        da_i = dc g i (1 - i)      da_f = dc c_{t-1} f (1 - f)
        da_g = dc i (1 - g^2)      da_o = dh k o (1 - o)
        d gi_t = da,  carried dh = da W,  carried dc = dc f,  dW = sum_t da^T h_{t-1}

    (s' = s (1 - s), tanh' = 1 - tanh^2; the rest is the product rule.)
    """

    name = "lstm"
    cases = (Case(shapes=[(3, 2, 8), (2, 2), (2, 2), (8, 2)], reference=naive.lstm),)

    @staticmethod
    def forward(gi: Any, h0: Any, c0: Any, w: Any) -> tuple[Any, Any]:
        T, B, G = gi.shape
        H = G // 4
        dtype = np.result_type(gi, h0, c0, w)
        out = np.empty((T + 1, B, H), dtype=dtype)
        acts = np.empty((T, B, G), dtype=dtype)
        cs = np.empty((T, B, H), dtype=dtype)
        ks = np.empty((T, B, H), dtype=dtype)
        wt = w.T
        h, c = h0, c0
        for t in range(T):
            a = np.matmul(h, wt, out=acts[t])
            a += gi[t]
            # one sigmoid pass over all four blocks: tanh(x) = 2 sigmoid(2x) - 1 for g
            a_g = a[:, 2 * H:3 * H]
            a_g *= 2
            _sigmoid_(a)
            a_g *= 2
            a_g -= 1
            i, f, gg, o = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
            c_new = cs[t]
            np.multiply(f, c, out=c_new)
            c_new += i * gg
            k = np.tanh(c_new, out=ks[t])
            h = np.multiply(o, k, out=out[t])
            c = c_new
        out[T] = c
        return out, (acts, cs, ks)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        gi, h0, c0, w = ctx.inputs
        buffer = None
        if isinstance(gi, Tensor) or isinstance(g, Tensor):
            hs, acts, cs, ks = _lstm_recompute(gi, h0, c0, w)
        else:
            acts, cs, ks = ctx.saved
            hs = ctx.out
            buffer = np.empty(acts.shape, dtype=acts.dtype)
        T = gi.shape[0]
        H = w.shape[1]
        das: list[Any] = [None] * T
        carry_h = None
        dc = g[T]
        for t in range(T - 1, -1, -1):
            a = acts[t]
            i, f, gg, o = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
            k = ks[t]
            c_prev = cs[t - 1] if t else c0
            dh = g[t] if carry_h is None else g[t] + carry_h
            dc = dc + dh * o * (1 - k * k)
            da = _rows([dc * gg * i * (1 - i), dc * c_prev * f * (1 - f),
                        dc * i * (1 - gg * gg), dh * k * o * (1 - o)], buffer, t)
            das[t] = da
            carry_h = da @ w
            dc = dc * f
        d_all = formulas.stack(das) if buffer is None else buffer
        dw = _weight_grad(d_all, h0, hs) if ctx.needs_input_grad[3] else None
        return d_all, carry_h, dc, dw


def _lstm_recompute(gi: Any, h0: Any, c0: Any, w: Any) -> tuple[Any, list[Any], list[Any], list[Any]]:
    """LSTMSequence's forward with Tensor operations: (h_1..h_T stacked, gates, c_t, tanh c_t)."""
    H = w.shape[1]
    wt = w.T
    h, c = h0, c0
    hs, acts, cs, ks = [], [], [], []
    for t in range(gi.shape[0]):
        a = gi[t] + h @ wt
        gates = [formulas.sigmoid(a[:, :2 * H]), _tanh(a[:, 2 * H:3 * H]), formulas.sigmoid(a[:, 3 * H:])]
        act = formulas.concat(gates, axis=1)
        i, f, gg, o = act[:, :H], act[:, H:2 * H], act[:, 2 * H:3 * H], act[:, 3 * H:]
        c = f * c + i * gg
        k = _tanh(c)
        h = o * k
        hs.append(h)
        acts.append(act)
        cs.append(c)
        ks.append(k)
    return formulas.stack(hs), acts, cs, ks


# ----------------------------------------------------------------------- GRU


class GRUSequence(Op):
    """The GRU recurrence (PyTorch's formula); output (T, B, H): h_1..h_T.

    Inputs: gi (T, B, 3H) = x W_ih^T + b_ih, h0 (B, H), W (3H, H), b_hh (3H,)
    (b_hh stays inside: it is multiplied by r). Per step, gh = h_{t-1} W^T + b_hh:

        r = s(gi_r + gh_r)   z = s(gi_z + gh_z)   n = tanh(gi_n + r gh_n)
        h_t = (1 - z) n + z h_{t-1}

    Backward, with dh = g_t + (carried from t+1):

        dn = dh (1 - z)                da_n = dn (1 - n^2)
        da_z = dh (h_{t-1} - n) z (1 - z)
        da_r = da_n gh_n r (1 - r)
        d gi_t = [da_r, da_z, da_n]    d gh_t = [da_r, da_z, da_n r]
        carried dh = dh z + d gh_t W,  dW = sum_t d gh_t^T h_{t-1},  d b_hh = sum_t,b d gh_t
    """

    name = "gru"
    cases = (Case(shapes=[(3, 2, 6), (2, 2), (6, 2), (6,)], reference=naive.gru),)

    @staticmethod
    def forward(gi: Any, h0: Any, w: Any, b: Any) -> tuple[Any, Any]:
        T, B, G = gi.shape
        H = G // 3
        dtype = np.result_type(gi, h0, w, b)
        out = np.empty((T, B, H), dtype=dtype)
        acts = np.empty((T, B, G), dtype=dtype)  # r, z, n
        ghn = np.empty((T, B, H), dtype=dtype)
        wt = w.T
        h = h0
        for t in range(T):
            gh = h @ wt
            gh += b
            a = acts[t]
            np.add(gi[t, :, :2 * H], gh[:, :2 * H], out=a[:, :2 * H])
            _sigmoid_(a[:, :2 * H])
            r, z, n = a[:, :H], a[:, H:2 * H], a[:, 2 * H:]
            ghn[t] = gh[:, 2 * H:]
            np.multiply(r, ghn[t], out=n)
            n += gi[t, :, 2 * H:]
            np.tanh(n, out=n)
            h_new = out[t]
            np.subtract(h, n, out=h_new)  # h_t = n + z (h_{t-1} - n)
            h_new *= z
            h_new += n
            h = h_new
        return out, (acts, ghn)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        gi, h0, w, _ = ctx.inputs
        buf_i = buf_h = None
        if isinstance(gi, Tensor) or isinstance(g, Tensor):
            hs, acts, ghn = _gru_recompute(*ctx.inputs)
        else:
            acts, ghn = ctx.saved
            hs = ctx.out
            buf_i = np.empty(acts.shape, dtype=acts.dtype)
            buf_h = np.empty(acts.shape, dtype=acts.dtype)
        T = gi.shape[0]
        H = w.shape[1]
        d_gi: list[Any] = [None] * T
        d_gh: list[Any] = [None] * T
        carry = None
        for t in range(T - 1, -1, -1):
            a = acts[t]
            r, z, n = a[:, :H], a[:, H:2 * H], a[:, 2 * H:]
            h_prev = hs[t - 1] if t else h0
            dh = g[t] if carry is None else g[t] + carry
            da_n = dh * (1 - z) * (1 - n * n)
            da_z = dh * (h_prev - n) * z * (1 - z)
            da_r = da_n * ghn[t] * r * (1 - r)
            d_gi[t] = _rows([da_r, da_z, da_n], buf_i, t)
            d_gh[t] = _rows([da_r, da_z, da_n * r], buf_h, t)
            carry = dh * z + d_gh[t] @ w
        gh_all = formulas.stack(d_gh) if buf_h is None else buf_h
        need = ctx.needs_input_grad
        dw = _weight_grad(gh_all, h0, hs) if need[2] else None
        db = gh_all.sum(axis=(0, 1)) if need[3] else None
        return (formulas.stack(d_gi) if buf_i is None else buf_i), carry, dw, db


def _gru_recompute(gi: Any, h0: Any, w: Any, b: Any) -> tuple[Any, list[Any], list[Any]]:
    """GRUSequence's forward with Tensor operations: (h_1..h_T stacked, gates, gh_n)."""
    H = w.shape[1]
    wt = w.T
    h = h0
    hs, acts, ghns = [], [], []
    for t in range(gi.shape[0]):
        gh = h @ wt + b
        rz = formulas.sigmoid(gi[t][:, :2 * H] + gh[:, :2 * H])
        r = rz[:, :H]
        ghn = gh[:, 2 * H:]
        n = _tanh(gi[t][:, 2 * H:] + r * ghn)
        h = n + rz[:, H:] * (h - n)
        hs.append(h)
        acts.append(formulas.concat([rz, n], axis=1))
        ghns.append(ghn)
    return formulas.stack(hs), acts, ghns
