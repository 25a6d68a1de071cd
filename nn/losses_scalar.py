"""Losses over lists of ``Value`` s (one prediction per sample), each a ``Value``.

Every loss is the mean over the n samples of a per-sample loss; targets are numbers
(or ``Value`` s, which then receive gradients too). The sums are single many-input
nodes (``autograd.value.mean`` / ``dot``), so a loss adds few nodes to the graph.

loss (mean over samples of)          per sample                        d/d(prediction), times n
mse                                  (p - t)^2                         2 (p - t)
binary_cross_entropy                 -[t log p + (1 - t) log(1 - p)]   (p - t) / (p (1 - p))
binary_cross_entropy_with_logits     (1 - t) z + softplus(-z)          sigmoid(z) - t
hinge (t in {-1, +1})                relu(1 - t s)                     -t where t s < 1, else 0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Union

from autograd.value import Value, dot, mean

Target = Union[Value, int, float]


def _pairs(where: str, preds: Sequence[Value], targets: Sequence[Target]) -> list[tuple[Value, Target]]:
    if isinstance(preds, Value) or isinstance(targets, Value):
        raise TypeError(f"{where}: expected lists of predictions and targets (one per sample), got a single Value; "
                        "wrap it in a list")
    preds, targets = list(preds), list(targets)
    if len(preds) != len(targets):
        raise ValueError(f"{where}: got {len(preds)} predictions but {len(targets)} targets")
    if not preds:
        raise ValueError(f"{where}: got no samples (empty lists)")
    for p in preds:
        if not isinstance(p, Value):
            raise TypeError(f"{where}: predictions must be Values, got {type(p).__name__}: {p!r}")
    return list(zip(preds, targets))


def mse(preds: Sequence[Value], targets: Sequence[Target]) -> Value:
    """Mean squared error: (1/n) sum_i (p_i - t_i)^2; d/dp_i = 2 (p_i - t_i) / n."""
    diffs = [p - t for p, t in _pairs("mse", preds, targets)]
    return dot(diffs, diffs) * (1.0 / len(diffs))


def _clamp(p: Value, lo: float, hi: float) -> Value:
    # Outside [lo, hi] the result is the bound with zero gradient, as torch.clamp.
    if p.data < lo:
        return p * 0.0 + lo
    if p.data > hi:
        return p * 0.0 + hi
    return p


def binary_cross_entropy(probs: Sequence[Value], targets: Sequence[Target], eps: float = 1e-7) -> Value:
    """Binary cross-entropy on probabilities (e.g. sigmoid outputs):
    (1/n) sum_i -[t_i log p_i + (1 - t_i) log(1 - p_i)].

    Each p_i is first clamped to [eps, 1 - eps] so that log never sees 0 (a clamped
    p_i gets no gradient, as with ``torch.clamp``). A p_i or t_i outside [0, 1], or NaN,
    is a ValueError, as in PyTorch. d/dp_i = (p_i - t_i) / (p_i (1 - p_i)) / n.
    Prefer :func:`binary_cross_entropy_with_logits` on the pre-sigmoid score: it is
    exact where this one saturates.
    """
    if not 0.0 <= eps < 0.5:
        raise ValueError(f"binary_cross_entropy: eps must be in [0, 0.5), got {eps}")
    terms = []
    for i, (p, t) in enumerate(_pairs("binary_cross_entropy", probs, targets)):
        tv = t.data if isinstance(t, Value) else t
        if not (0.0 <= p.data <= 1.0 and 0.0 <= tv <= 1.0):  # (NaN too, as PyTorch refuses it)
            what = f"prediction {p.data!r}" if not 0.0 <= p.data <= 1.0 else f"target {tv!r}"
            raise ValueError(f"binary_cross_entropy: predictions and targets must be probabilities in [0, 1] "
                             f"(apply sigmoid first, or use binary_cross_entropy_with_logits); sample {i} has "
                             f"{what}")
        pc = _clamp(p, eps, 1.0 - eps)
        terms.append(pc.log() * t + (1.0 - pc).log() * (1 - t))
    return -mean(terms)


def binary_cross_entropy_with_logits(logits: Sequence[Value], targets: Sequence[Target]) -> Value:
    """Binary cross-entropy of sigmoid(z), computed stably from the logits z:
    -[t log sigmoid(z) + (1 - t) log(1 - sigmoid(z))] = (1 - t) z + softplus(-z),
    with softplus(z) = log(1 + e^z) (the form PyTorch uses: softplus(z) - t z is the
    same, but nan at z = inf with t = 0). Averaged over the samples;
    d/dz_i = (sigmoid(z_i) - t_i) / n.
    """
    return mean([z * (1 - t) + (-z).softplus() for z, t in _pairs("binary_cross_entropy_with_logits", logits, targets)])


def hinge(scores: Sequence[Value], targets: Sequence[Target]) -> Value:
    """Max-margin (SVM) loss, labels t_i in {-1, +1}: (1/n) sum_i relu(1 - t_i s_i).
    d/ds_i = -t_i / n where t_i s_i < 1, else 0."""
    return mean([(s * -t + 1.0).relu() for s, t in _pairs("hinge", scores, targets)])


def l2_penalty(params: Sequence[Value]) -> Value:
    """sum_p p^2 as one node (add ``alpha * l2_penalty(params)`` to a loss for L2
    regularization / weight decay); d/dp = 2 p."""
    ps = list(params)
    if not ps:
        return Value(0.0)
    return dot(ps, ps)
