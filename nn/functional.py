"""Losses, activations, dropout and the affine map, as functions on Tensors.

Names and arguments follow ``torch.nn.functional``. Losses take ``reduction``:
``"mean"`` (the default: the cost J averaged over the samples), ``"sum"`` or
``"none"`` (one loss per element, or per sample for ``cross_entropy``/``nll_loss``).

Three operations are written as single fused ops (a forward on numpy arrays beside
one derivative, see :mod:`autograd.ops.base`), because their composite forms are
slow or numerically poor: ``cross_entropy`` (log-softmax + negative log-likelihood;
its gradient is the famous ``softmax - onehot``), ``binary_cross_entropy`` (whose
logs are clamped at -100 as in PyTorch) and ``linear``. ``dropout`` is an op whose
mask is drawn once in forward and kept. The rest are compositions of Tensor ops.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd.ops import formulas
from autograd.ops.base import BackwardContext, Case, Op
from autograd.ops.elementwise import Relu
from autograd.random import resolve_generator
from autograd.tensor import Tensor, as_tensor

__all__ = [
    "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "relu", "sigmoid", "tanh", "leaky_relu", "softmax",
    "log_softmax", "dropout", "linear", "conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d",
    "adaptive_avg_pool2d", "batch_norm", "layer_norm", "embedding", "gelu", "silu", "softplus", "mish",
    "hardtanh", "relu6", "one_hot", "smooth_l1_loss", "kl_div", "elu", "selu", "logsigmoid", "softsign", "softmin",
    "pad", "normalize", "cosine_similarity", "pairwise_distance", "scaled_dot_product_attention", "interpolate",
    "dropout1d", "dropout2d", "group_norm", "max_pool1d", "avg_pool1d",
]

_REDUCTIONS = ("none", "mean", "sum")


# ------------------------------------------------------------------ helpers
def _input(where: str, x: Any) -> Tensor:
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (np.ndarray, int, float, np.number)) and not isinstance(x, bool):
        return as_tensor(x)
    raise TypeError(f"{where}: expected a Tensor, got {type(x).__name__}")


def _check_reduction(where: str, reduction: str) -> None:
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        raise ValueError(f"{where}: reduction must be one of {_REDUCTIONS}, got {reduction!r}")


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _same_shape_target(where: str, x: Tensor, target: Any) -> Tensor:
    """``target`` as a Tensor of ``x``'s shape (a ValueError names both otherwise)."""
    t = target if isinstance(target, Tensor) else as_tensor(np.asarray(target), like=x)
    if t.data.dtype.kind not in "fiub":
        raise TypeError(f"{where}: target must be numeric, got dtype {t.data.dtype}")
    if t.data.shape != x.data.shape:
        raise ValueError(f"{where}: target has shape {t.shape} but input has shape {x.shape}; they must match")
    if t.data.dtype != x.data.dtype and not t.requires_grad:
        # a constant target takes the input's dtype: float64 labels must not turn a
        # float32 model's loss (and every gradient behind it) into float64
        t = as_tensor(t.data.astype(x.data.dtype))
    return t


def _loss_weight(where: str, name: str, x: Tensor, weight: Any) -> Tensor:
    """``weight`` (or ``pos_weight``) as a Tensor that broadcasts to ``x``'s shape.

    A constant weight (array, number, Tensor without ``requires_grad``) takes ``x``'s
    floating dtype, as a constant target does: float64 weights must not turn a float32
    model's loss into float64. A weight that requires grad keeps its dtype."""
    arr = weight.data if isinstance(weight, Tensor) else np.asarray(weight)
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{where}: {name} must be numeric, got dtype {arr.dtype}")
    try:
        fits = np.broadcast_shapes(arr.shape, x.data.shape) == x.data.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"{where}: {name} of shape {tuple(arr.shape)} does not broadcast to the input's "
                         f"shape {x.shape}")
    if isinstance(weight, Tensor) and weight.requires_grad:
        return weight
    if x.data.dtype.kind == "f" and arr.dtype != x.data.dtype:
        return as_tensor(arr.astype(x.data.dtype))
    return weight if isinstance(weight, Tensor) else as_tensor(arr)


def _class_targets(where: str, x: Tensor, target: Any) -> np.ndarray:
    """Check (N, C) scores against integer targets of shape (N,) with values in [0, C)."""
    if x._data.ndim != 2:
        raise ValueError(f"{where}: expected input of shape (N, C), got shape {x.shape}")
    t = target.data if isinstance(target, Tensor) else np.asarray(target)
    if t.dtype.kind not in "iu":
        raise TypeError(f"{where}: target must hold integer class indices (shape (N,)), got dtype {t.dtype} "
                        f"and shape {tuple(t.shape)}")
    n, c = x._data.shape
    if t.shape != (n,):
        raise ValueError(f"{where}: target has shape {tuple(t.shape)} but input has shape {x.shape}; "
                         f"expected target of shape ({n},)")
    # One reduction checks both ends: as unsigned, a negative index becomes huge (a
    # view for int64, the usual dtype, so no copy). (np.maximum.reduce directly:
    # t.max() goes through a slow Python wrapper)
    if t.size and np.maximum.reduce(t.view(np.uint64) if t.dtype == np.int64 else t.astype(np.uint64)) >= c:
        raise IndexError(f"{where}: target values must lie in [0, {c}) for input of shape {x.shape}, "
                         f"got values in [{t.min()}, {t.max()}]")
    return t.astype(np.intp) if t.dtype == np.uint64 else t  # (uint64 + int64 index arithmetic gives floats)


# ------------------------------------------------------------ fused ops
def _reference_cross_entropy(x: Any, target: Any, reduction: str) -> Any:
    losses = np.log(np.exp(x).sum(axis=1)) - x[np.arange(len(target)), target]
    return {"none": losses, "sum": losses.sum(), "mean": losses.mean()}[reduction]


class CrossEntropy(Op):
    """Softmax cross-entropy over class indices, fused.

    l_i = logsumexp(x_i) - x_i[t_i] (the negative log-softmax of the true class);
    d l_i / d x_i = softmax(x_i) - onehot(t_i), times g (and / N for the mean).
    """

    name = "cross_entropy"
    cases = tuple(
        Case(shapes=[(4, 3)], params={"target": np.array([0, 2, 1, 2]), "reduction": reduction},
             reference=lambda x, target, reduction: _reference_cross_entropy(x, target, reduction))
        for reduction in ("mean", "sum", "none")
    )

    @staticmethod
    def forward(x: Any, target: np.ndarray, reduction: str) -> tuple[Any, Any]:
        n, c = x.shape
        # Where each row's true class sits in the flattened (N, C) array: one index
        # array is cheaper to apply than a (rows, target) pair, here and in backward.
        picked = np.arange(0, n * c, c) + target
        # (ufunc reductions directly: x.max() and x.sum() go through slow Python wrappers)
        # shifted so exp cannot overflow; in C order whatever x's layout, so that the
        # flat index above addresses it (and the softmax and gradient made from it)
        z = np.subtract(x, np.maximum.reduce(x, axis=1, keepdims=True), order="C")
        e = np.exp(z)
        s = np.add.reduce(e, axis=1, keepdims=True)
        losses = np.log(s[:, 0]) - z.ravel()[picked]
        e /= s  # the softmax, kept for backward
        if reduction == "none":
            out = losses
        elif reduction == "sum":
            out = np.add.reduce(losses)
        else:
            out = np.add.reduce(losses) / n if n else np.asarray(np.nan, dtype=x.dtype)
        return out, (reduction, e, picked)

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        reduction, probs, picked = ctx.saved
        x = ctx.inputs[0]
        n = x.shape[0]
        if reduction == "none":
            scale = g.reshape((n, 1))
        else:
            scale = g / n if reduction == "mean" and n else g
        if formulas.is_tensor(x):  # create_graph: recompute the softmax so it is differentiated
            onehot = np.zeros(x.shape, dtype=x.dtype)
            onehot.ravel()[picked] = 1
            return ((x.softmax(axis=1) - onehot) * scale,)
        grad = np.multiply(probs, scale, order="C")  # a new array: probs stays intact for a retained graph
        grad.ravel()[picked] -= scale[:, 0] if reduction == "none" else scale  # (a view: grad is in C order)
        return (grad,)


class BinaryCrossEntropy(Op):
    """l = -(t log p + (1 - t) log(1 - p)), each log clamped at -100 as in PyTorch.

    d l / d p = (p - t) / (p (1 - p))  (the denominator clamped at 1e-12);
    d l / d t = log(1 - p) - log(p), with the same clamped logs: at p = 0 it is
    +100 and at p = 1 it is -100, the derivative of the clamped loss, where PyTorch
    gives +inf and -inf.
    """

    name = "binary_cross_entropy"
    cases = (Case(shapes=[(2, 3), (2, 3)], low=0.1, high=0.9,
                  reference=lambda p, t: -(t * np.log(p) + (1 - t) * np.log(1 - p))),)

    @staticmethod
    def forward(p: Any, t: Any) -> tuple[Any, Any]:
        with np.errstate(divide="ignore"):
            logp = np.maximum(np.log(p), -100)
            log1mp = np.maximum(np.log1p(-p), -100)
        return -(t * logp + (1 - t) * log1mp), None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        p, t = ctx.inputs
        need_p, need_t = ctx.needs_input_grad
        gp = gt = None
        if need_p:
            gp = g * (p - t) / (p * (1 - p)).clip(min=1e-12)
        if need_t:
            with np.errstate(divide="ignore"):
                gt = g * (formulas.log(1 - p).clip(min=-100) - formulas.log(p).clip(min=-100))
        return gp, gt


class Linear(Op):
    """y = x W^T + b, W of shape (out, in) (PyTorch's layout).

    dx = g W;  dW = g^T x (summed over all batch axes);  db = g summed over batch axes.
    """

    name = "linear"
    cases = (
        Case(shapes=[(4, 3), (2, 3), (2,)], reference=lambda x, w, b: np.einsum("ni,oi->no", x, w) + b),
        Case(shapes=[(4, 3), (2, 3)], reference=lambda x, w: np.einsum("ni,oi->no", x, w)),
        Case(shapes=[(2, 4, 3), (2, 3), (2,)], reference=lambda x, w, b: np.einsum("bni,oi->bno", x, w) + b),
        Case(shapes=[(3,), (2, 3)], reference=lambda x, w: np.einsum("i,oi->o", x, w)),
        # in the shape where forward computes (W x^T)^T
        Case(shapes=[(4, 64), (16, 64), (16,)], reference=lambda x, w, b: np.einsum("ni,oi->no", x, w) + b),
    )

    @staticmethod
    def forward(x: Any, w: Any, *bias: Any) -> tuple[Any, Any]:
        n, k = x.shape if x.ndim == 2 else (0, 0)
        if 4 <= n and 4 * n <= w.shape[0] and k >= 64:
            # A batch small beside out_features (and in_features not tiny): x W^T is
            # computed as (W x^T)^T, the same products with the larger matrix first,
            # which OpenBLAS runs faster (figures in the README's benchmark notes). The
            # transposed result goes back to C order in the pass that adds the bias
            # anyway. Other shapes measured the same or slower that way.
            t = (w @ x.T).T
            out = np.add(t, bias[0], order="C") if bias else np.ascontiguousarray(t)
            return out, None
        out = x @ w.T
        if bias:
            b = bias[0]
            if b.dtype == out.dtype:
                out += b
            else:
                out = out + b
        return out, None

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        x, w = ctx.inputs[0], ctx.inputs[1]
        needs = ctx.needs_input_grad
        gx = g @ w if needs[0] else None
        gw = None
        if needs[1]:
            if x.ndim == 2:
                gw = g.T @ x
            else:  # fold the batch axes (or the missing one of a 1-d x) into one
                gw = g.reshape((-1, w.shape[0])).T @ x.reshape((-1, w.shape[1]))
        if len(ctx.inputs) == 2:
            return gx, gw
        gb = None
        if needs[2]:
            # the common 2-d case summed here; other shapes are summed by backprop (autograd.ops.base)
            if g.ndim != 2:
                gb = g
            elif type(g) is np.ndarray:
                gb = np.add.reduce(g, axis=0)  # (g.sum() goes through a slow Python wrapper)
            else:
                gb = g.sum(axis=0)
        return gx, gw, gb


class Dropout(Op):
    """x * mask, mask = keep / (1 - p) drawn once in forward;  d/dx = mask."""

    name = "dropout"
    cases = (Case(shapes=[(2, 3)], params={"mask": np.array([[2.0, 0.0, 2.0], [0.0, 2.0, 2.0]])}),)

    @staticmethod
    def forward(x: Any, mask: Any) -> tuple[Any, Any]:
        return x * mask, mask

    @staticmethod
    def backward(ctx: BackwardContext, g: Any) -> tuple[Any, ...]:
        return (g * ctx.saved,)


# ------------------------------------------------------------------ losses
def _classes_last(where: str, x: Tensor) -> tuple[Tensor, int]:
    """Scores (N, C, d1, ...) or (C,) as a (M, C) matrix, classes last; and C."""
    if x.data.ndim == 0:
        raise ValueError(f"{where}: expected input of shape (C,), (N, C) or (N, C, d1, ...), got a 0-d tensor")
    if x.data.ndim == 1:
        return x.reshape((1, x.data.shape[0])), x.data.shape[0]
    c = x.data.shape[1]
    if x.data.ndim > 2:
        x = x.permute((0, *range(2, x.data.ndim), 1))
    return x.reshape((-1, c)), c


def _index_targets(where: str, x: Tensor, target: Any, ignore_index: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer targets of shape input.shape without the class dim, flattened, with the
    mask of those not equal to ``ignore_index`` (values checked to lie in [0, C))."""
    t = target.data if isinstance(target, Tensor) else np.asarray(target)
    if t.dtype.kind not in "iu":
        raise TypeError(f"{where}: target must hold integer class indices or, for probabilities, have the "
                        f"input's shape {x.shape}; got dtype {t.dtype} and shape {tuple(t.shape)}")
    want = () if x.data.ndim == 1 else x.data.shape[:1] + x.data.shape[2:]
    if t.shape != want:
        raise ValueError(f"{where}: target has shape {tuple(t.shape)} but input has shape {x.shape}; "
                         f"expected target of shape {want}")
    flat = t.reshape(-1).astype(np.intp)
    keep = flat != ignore_index
    c = x.data.shape[0] if x.data.ndim == 1 else x.data.shape[1]
    bad = keep & ((flat < 0) | (flat >= c))
    if bad.any():
        raise IndexError(f"{where}: target values must lie in [0, {c}) (or equal ignore_index={ignore_index}) "
                         f"for input of shape {x.shape}, got {flat[bad][0]}")
    return np.where(keep, flat, 0), keep


def _class_weight(where: str, x: Tensor, weight: Any, c: int) -> Tensor | None:
    if weight is None:
        return None
    arr = weight.data if isinstance(weight, Tensor) else np.asarray(weight)
    if arr.shape != (c,):
        raise ValueError(f"{where}: weight must have shape ({c},) (one per class) for input of shape {x.shape}, "
                         f"got {tuple(arr.shape)}")
    if isinstance(weight, Tensor) and weight.requires_grad:
        return weight
    return as_tensor(arr.astype(x.data.dtype))


def _nll(where: str, logp: Tensor, x: Tensor, target: Any, weight: Any, ignore_index: int, reduction: str,
         label_smoothing: float = 0.0) -> Tensor:
    """The negative log-likelihood of class-index targets on log-probabilities ``logp``
    (M, C), PyTorch's weights, ignore_index, label smoothing and reductions."""
    c = logp.data.shape[1]
    t, keep = _index_targets(where, x, target, ignore_index)
    w = _class_weight(where, x, weight, c)
    m = len(t)
    rows = np.arange(m)
    mask = as_tensor(keep.astype(logp.data.dtype))
    wt = mask if w is None else w[t] * mask  # each sample's weight, 0 where ignored
    losses = -logp[rows, t] * wt
    if label_smoothing:
        smooth = -(logp if w is None else logp * w).sum(axis=1) * mask
    if reduction == "none":
        shape = () if x.data.ndim == 1 else x.data.shape[:1] + x.data.shape[2:]
        out = losses if not label_smoothing else (1 - label_smoothing) * losses + smooth * (label_smoothing / c)
        return out.reshape(shape)
    total = losses.sum()
    if label_smoothing:
        total = (1 - label_smoothing) * total + smooth.sum() * (label_smoothing / c)
    if reduction == "sum":
        return total
    with np.errstate(invalid="ignore"):  # 0/0 = nan when every target is ignored, silently as in PyTorch
        return total / wt.sum()


def _soft_cross_entropy(where: str, x: Tensor, target: Any, weight: Any, reduction: str,
                        label_smoothing: float) -> Tensor:
    """Cross-entropy against class probabilities ``target`` of the input's shape."""
    t = _same_shape_target(where, x, target)
    logp = x.log_softmax(axis=0 if x.data.ndim == 1 else 1)
    c = x.data.shape[0 if x.data.ndim == 1 else 1]
    if label_smoothing:
        t = t * (1 - label_smoothing) + label_smoothing / c
    prod = logp * t
    w = _class_weight(where, x, weight, c)
    if w is not None:
        prod = prod * w.reshape((c,) + (1,) * (x.data.ndim - 2)) if x.data.ndim > 1 else prod * w
    losses = -prod.sum(axis=0 if x.data.ndim == 1 else 1)
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / (x.data.size // c if c else 0)


def _smoothing(where: str, label_smoothing: Any) -> float:
    if isinstance(label_smoothing, bool) or not isinstance(label_smoothing, numbers.Real) \
            or not 0.0 <= float(label_smoothing) <= 1.0:
        raise ValueError(f"{where}: label_smoothing must be a number in [0, 1], got {label_smoothing!r}")
    return float(label_smoothing)


def cross_entropy(input: Tensor, target: Any, weight: Any = None, ignore_index: int = -100,  # noqa: A002
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Softmax cross-entropy between scores ``input`` (N, C), (N, C, d1, ...) or (C,) and
    ``target``: class indices (N,) / (N, d1, ...), or class probabilities of the input's shape.

    ``weight`` (C,) rescales each class; targets equal to ``ignore_index`` count for
    nothing (the mean divides by the summed weights of the rest); ``label_smoothing``
    mixes the target with the uniform distribution, all as in PyTorch. The common case
    (indices, no weight, no smoothing, (N, C)) is one fused, stable op whose gradient is
    ``(softmax(input) - onehot(target)) / N``; the rest compose ``log_softmax``.
    """
    x = input if isinstance(input, Tensor) else _input("cross_entropy", input)
    _check_reduction("cross_entropy", reduction)
    shape = x._data.shape
    tdata = target.data if isinstance(target, Tensor) else np.asarray(target)
    if len(shape) == 2 and shape[1] and weight is None and not label_smoothing and tdata.dtype.kind in "iu":
        # The fused op, unless some target is ignore_index: an ignore_index outside
        # [0, C) (the default, -100) makes an out-of-range target, which the check
        # in _class_targets finds in the same pass as it checks the range.
        try:
            t = _class_targets("cross_entropy", x, tdata)
        except IndexError:
            if not (tdata == ignore_index).any():
                raise
        else:
            if not 0 <= ignore_index < shape[1] or not (tdata == ignore_index).any():
                return CrossEntropy.apply(x, target=t, reduction=reduction)
    eps = _smoothing("cross_entropy", label_smoothing) if label_smoothing else 0.0
    if len(shape) >= 1 and shape[1 if len(shape) > 1 else 0] == 0:
        raise ValueError(f"cross_entropy: input of shape {x.shape} has no classes")
    if tdata.dtype.kind == "f":
        if tdata.shape != shape:
            raise TypeError(f"cross_entropy: target must hold integer class indices, or class probabilities of "
                            f"the input's shape {x.shape}; got dtype {tdata.dtype} and shape {tuple(tdata.shape)}")
        return _soft_cross_entropy("cross_entropy", x, target, weight, reduction, eps)
    x2, _ = _classes_last("cross_entropy", x)
    return _nll("cross_entropy", x2.log_softmax(axis=1), x, target, weight, ignore_index, reduction, eps)


def nll_loss(input: Tensor, target: Any, weight: Any = None, ignore_index: int = -100,  # noqa: A002
             reduction: str = "mean") -> Tensor:
    """Negative log-likelihood ``-weight[t] input[i, t]`` (t = target[i]) for log-probabilities
    ``input`` (N, C), (N, C, d1, ...) or (C,); targets equal to ``ignore_index`` count
    for nothing and the mean divides by the summed weights, as in PyTorch."""
    x = _input("nll_loss", input)
    _check_reduction("nll_loss", reduction)
    x2, _ = _classes_last("nll_loss", x)
    return _nll("nll_loss", x2, x, target, weight, ignore_index, reduction)


def huber_loss(input: Tensor, target: Any, reduction: str = "mean", delta: float = 1.0) -> Tensor:  # noqa: A002
    """0.5 d^2 where |d| < delta, else delta (|d| - delta / 2), d = input - target;
    d/d input = d where |d| < delta, else delta sign(d)."""
    x = _input("huber_loss", input)
    _check_reduction("huber_loss", reduction)
    if isinstance(delta, bool) or not isinstance(delta, numbers.Real) or not delta > 0:
        raise ValueError(f"huber_loss: delta must be a positive number, got {delta!r}")
    diff = x - _same_shape_target("huber_loss", x, target)
    small = np.abs(diff.data) < delta
    loss = formulas.where(small, 0.5 * diff * diff, delta * (diff.abs() - 0.5 * delta))
    return _reduce(loss, reduction)


def smooth_l1_loss(input: Tensor, target: Any, reduction: str = "mean", beta: float = 1.0) -> Tensor:  # noqa: A002
    """0.5 d^2 / beta where |d| < beta, else |d| - beta / 2 (d = input - target): the
    Huber loss divided by beta; beta = 0 is the L1 loss."""
    x = _input("smooth_l1_loss", input)
    _check_reduction("smooth_l1_loss", reduction)
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real) or beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be a non-negative number, got {beta!r}")
    if beta == 0:
        return l1_loss(x, target, reduction)
    return huber_loss(x, target, reduction, beta) * (1.0 / beta)


def kl_div(input: Tensor, target: Any, reduction: str = "mean", log_target: bool = False) -> Tensor:  # noqa: A002
    """target (log target - input) elementwise, ``input`` holding log-probabilities
    (and ``target`` too with ``log_target``); 0 where target is 0. ``reduction``:
    "mean" (over every element, as PyTorch's default), "batchmean" (the sum over the
    batch size: the KL divergence), "sum" or "none"."""
    x = _input("kl_div", input)
    if reduction not in (*_REDUCTIONS, "batchmean"):
        raise ValueError(f"kl_div: reduction must be one of {(*_REDUCTIONS, 'batchmean')}, got {reduction!r}")
    t = _same_shape_target("kl_div", x, target)
    if log_target:
        loss = t.exp() * (t - x)
    else:
        loss = t.xlogy(t) - t * x  # (0 log 0 = 0, as PyTorch)
    if reduction == "batchmean":
        return loss.sum() * (1.0 / (x.shape[0] if x.ndim else 1))
    return _reduce(loss, reduction)


def mse_loss(input: Tensor, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """(input - target)^2;  d/d input = 2 (input - target)."""
    x = _input("mse_loss", input)
    _check_reduction("mse_loss", reduction)
    diff = x - _same_shape_target("mse_loss", x, target)
    return _reduce(diff * diff, reduction)


def l1_loss(input: Tensor, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """|input - target|;  d/d input = sign(input - target) (0 at equality, as PyTorch)."""
    x = _input("l1_loss", input)
    _check_reduction("l1_loss", reduction)
    return _reduce((x - _same_shape_target("l1_loss", x, target)).abs(), reduction)


def _check_probabilities(name: str, values: np.ndarray, hint: str) -> None:
    """binary_cross_entropy's input and target must lie in [0, 1], NaN refused too (PyTorch:
    "all elements of input should be between 0 and 1")."""
    if values.size and not ((values >= 0) & (values <= 1)).all():
        seen = values[~np.isnan(values)] if values.dtype.kind == "f" else values
        span = f"values in [{seen.min()}, {seen.max()}]" if seen.size else "only NaN"
        nan = " and NaN" if seen.size < values.size and seen.size else ""
        raise ValueError(f"binary_cross_entropy: {name} must hold probabilities in [0, 1]{hint}; got {span}{nan} "
                         f"in a tensor of shape {values.shape}")


def binary_cross_entropy(input: Tensor, target: Any, weight: Any = None,  # noqa: A002
                         reduction: str = "mean") -> Tensor:
    """-(t log p + (1 - t) log(1 - p)) for probabilities ``input`` in [0, 1] (a sigmoid output).

    Logs are clamped at -100, so p = 0 or 1 gives a finite loss, as in PyTorch.
    ``weight`` (broadcast to the input's shape) rescales each element's loss; a
    constant weight takes the input's dtype, like the target.
    """
    p = _input("binary_cross_entropy", input)
    _check_reduction("binary_cross_entropy", reduction)
    t = _same_shape_target("binary_cross_entropy", p, target)
    _check_probabilities("input", p.data, " (apply sigmoid first, or use binary_cross_entropy_with_logits)")
    _check_probabilities("target", t.data, "")
    loss = BinaryCrossEntropy.apply(p, t)
    if weight is not None:
        loss = loss * _loss_weight("binary_cross_entropy", "weight", p, weight)
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Any, weight: Any = None,  # noqa: A002
                                     reduction: str = "mean", pos_weight: Any = None) -> Tensor:
    """Binary cross-entropy of ``sigmoid(input)``, computed stably from the logits.

    l = (1 - t) x + softplus(-x) (= softplus(x) - t x, but inf, not nan, at x = inf with
    t = 0, as in PyTorch);  d l / d x = sigmoid(x) - t.
    With ``pos_weight`` the positive term is scaled:
    l = (1 - t) x + (1 + (pos_weight - 1) t) softplus(-x).
    ``weight`` rescales each element's loss. Both broadcast to the input's shape
    (``pos_weight`` of shape (C,) for inputs (..., C)); constant ones take the
    input's dtype, like the target.
    """
    x = _input("binary_cross_entropy_with_logits", input)
    _check_reduction("binary_cross_entropy_with_logits", reduction)
    t = _same_shape_target("binary_cross_entropy_with_logits", x, target)
    if pos_weight is None:  # (the form below with pos_weight 1: softplus(x) - t x is nan at x = inf, t = 0)
        loss = (1 - t) * x + (-x).softplus()
    else:
        pw = _loss_weight("binary_cross_entropy_with_logits", "pos_weight", x, pos_weight)
        loss = (1 - t) * x + ((pw - 1) * t + 1) * (-x).softplus()
    if weight is not None:
        loss = loss * _loss_weight("binary_cross_entropy_with_logits", "weight", x, weight)
    return _reduce(loss, reduction)


# ------------------------------------------------------------- activations
def relu(x: Tensor) -> Tensor:
    """max(0, x);  relu'(x) = 1 for x > 0, else 0."""
    t = x if isinstance(x, Tensor) else _input("relu", x)
    return Relu.apply(t)


def sigmoid(x: Tensor) -> Tensor:
    """1 / (1 + e^-x);  sigmoid' = sigmoid (1 - sigmoid)."""
    return _input("sigmoid", x).sigmoid()


def tanh(x: Tensor) -> Tensor:
    """tanh(x);  tanh' = 1 - tanh^2."""
    return _input("tanh", x).tanh()


def leaky_relu(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    """x for x > 0, negative_slope * x otherwise;  derivative 1 or negative_slope."""
    return _input("leaky_relu", x).leaky_relu(negative_slope)


def elu(x: Tensor, alpha: float = 1.0) -> Tensor:
    """x for x > 0, alpha (e^x - 1) otherwise;  derivative 1 or alpha e^x."""
    t = _input("elu", x)
    return formulas.where(t.data > 0, t, alpha * t.clamp(max=0.0).expm1())


def selu(x: Tensor) -> Tensor:
    """scale * elu(x, alpha) with PyTorch's constants (self-normalizing)."""
    return 1.0507009873554804934193349852946 * elu(x, 1.6732632423543772848170429916717)


def logsigmoid(x: Tensor) -> Tensor:
    """log(1 / (1 + e^-x)) = -softplus(-x), without overflow."""
    return -(-_input("logsigmoid", x)).softplus()


def softsign(x: Tensor) -> Tensor:
    """x / (1 + |x|)."""
    t = _input("softsign", x)
    return t / (1 + t.abs())


def softmin(x: Tensor, dim: int = -1) -> Tensor:
    """softmax(-x) along ``dim``."""
    return (-_input("softmin", x)).softmax(dim)


def softmax(x: Tensor, dim: int = -1) -> Tensor:
    """e^x_i / sum_j e^x_j along ``dim``."""
    return _input("softmax", x).softmax(dim)


def log_softmax(x: Tensor, dim: int = -1) -> Tensor:
    """x_i - logsumexp(x) along ``dim``."""
    return _input("log_softmax", x).log_softmax(dim)


def dropout(x: Tensor, p: float = 0.5, training: bool = True,
            generator: np.random.Generator | None = None) -> Tensor:
    """Inverted dropout: in training, zero each element with probability ``p`` and scale
    the survivors by 1 / (1 - p), so evaluation (``training=False``) is the identity."""
    return _dropout("dropout", x, p, training, generator, 0)


def dropout1d(x: Tensor, p: float = 0.5, training: bool = True,
              generator: np.random.Generator | None = None) -> Tensor:
    """Dropout of whole channels of (N, C, L) (or (C, L)) input: each channel zeroed
    with probability ``p``, the rest scaled by 1 / (1 - p)."""
    return _dropout("dropout1d", x, p, training, generator, 1)


def dropout2d(x: Tensor, p: float = 0.5, training: bool = True,
              generator: np.random.Generator | None = None) -> Tensor:
    """Dropout of whole channels (feature maps) of (N, C, H, W) (or (C, H, W)) input."""
    return _dropout("dropout2d", x, p, training, generator, 2)


def _dropout(where: str, x: Tensor, p: float, training: bool, generator: np.random.Generator | None,
             spatial: int) -> Tensor:
    """Dropout whose mask is drawn per element (``spatial`` = 0) or per channel, shared
    over the last ``spatial`` dims."""
    t = _input(where, x)
    if isinstance(p, (bool, np.bool_)) or not isinstance(p, numbers.Real):
        raise TypeError(f"{where}: p must be a real number in [0, 1], got {type(p).__name__} {p!r}")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{where}: p must be in [0, 1], got {p}")
    if spatial and t.ndim not in (spatial + 1, spatial + 2):
        raise ValueError(f"{where}: expected a {spatial + 1}-d or {spatial + 2}-d input (channels first), "
                         f"got shape {t.shape}")
    if not training or p == 0.0:
        return t
    if t.data.dtype.kind != "f":
        raise TypeError(f"{where}: expected a floating tensor, got dtype {t.dtype}")
    gen = resolve_generator(generator, where)
    shape = t.data.shape[:t.ndim - spatial] + (1,) * spatial
    if p == 1.0:
        mask = np.zeros(shape, dtype=t.data.dtype)
    else:
        keep = gen.random(shape) >= p
        mask = np.where(keep, np.asarray(1.0 / (1.0 - p), dtype=t.data.dtype), np.asarray(0, dtype=t.data.dtype))
    return Dropout.apply(t, mask=mask)


def linear(x: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """x @ weight.T + bias, with weight of shape (out_features, in_features) as in PyTorch."""
    xt = x if isinstance(x, Tensor) else _input("linear", x)
    w = weight if isinstance(weight, Tensor) else _input("linear", weight)
    xshape, wshape = xt._data.shape, w._data.shape
    if len(wshape) != 2:
        raise ValueError(f"linear: weight must be 2-d (out_features, in_features), got shape {wshape}")
    if not xshape or xshape[-1] != wshape[1]:
        raise ValueError(f"linear: input of shape {xshape} does not match weight of shape {wshape} "
                         f"(expected input of shape (..., {wshape[1]}))")
    if bias is None:
        return Linear.apply(xt, w)
    b = bias if isinstance(bias, Tensor) else _input("linear", bias)
    if b._data.shape != (wshape[0],):
        raise ValueError(f"linear: bias must have shape ({wshape[0]},) for weight of shape {wshape}, "
                         f"got {b.shape}")
    return Linear.apply(xt, w, b)


# the layers' functional forms (convolution, pooling, normalization, ...) live in their own file
from nn.functional_layers import (  # noqa: E402
    adaptive_avg_pool2d,
    avg_pool1d,
    avg_pool2d,
    batch_norm,
    conv1d,
    conv2d,
    conv_transpose2d,
    embedding,
    gelu,
    group_norm,
    hardtanh,
    layer_norm,
    max_pool1d,
    max_pool2d,
    mish,
    one_hot,
    relu6,
    silu,
    softplus,
)
from nn.functional_misc import (  # noqa: E402
    cosine_similarity,
    interpolate,
    normalize,
    pad,
    pairwise_distance,
    scaled_dot_product_attention,
)
