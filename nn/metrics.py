"""Classification metrics with scikit-learn's signatures and numbers.

``accuracy``, ``precision``, ``recall``, ``f1_score``, ``confusion_matrix`` take
``(y_true, y_pred, ...)`` as Tensors, numpy arrays or lists of labels (class indices,
not logits: take ``logits.argmax(1)`` first)::

    from nn import metrics
    metrics.f1_score([0, 1, 2, 2], [0, 2, 2, 2], average="macro")   # 0.6

``precision``/``recall``/``f1_score`` follow ``sklearn.metrics.precision_score`` & co.:
``average="binary"`` scores ``pos_label`` only (and refuses more than two classes);
``"micro"`` pools the counts over classes, ``"macro"`` averages the per-class scores,
``"weighted"`` weights them by support, ``None`` returns the per-class array. Classes
come from ``labels=`` or the sorted union of both inputs, so a class that is never
predicted counts (its precision is 0/0). A 0/0 becomes ``zero_division``: 0 or 1, NaN
(left out of averages), or ``"warn"`` (0 and an ``UndefinedMetricWarning``-style
``RuntimeWarning``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.tensor import Tensor

__all__ = ["accuracy", "confusion_matrix", "f1_score", "precision", "recall"]

_AVERAGES = ("binary", "micro", "macro", "weighted", None)


def _labels_1d(y: Any, where: str, name: str) -> np.ndarray:
    arr = y.data if isinstance(y, Tensor) else np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{where}: {name} must be a 1-d sequence of labels, got shape {arr.shape}"
                         + (" (class scores? take argmax(1) first)" if arr.ndim == 2 else ""))
    return arr


def _pair(y_true: Any, y_pred: Any, where: str) -> tuple[np.ndarray, np.ndarray]:
    t = _labels_1d(y_true, where, "y_true")
    p = _labels_1d(y_pred, where, "y_pred")
    if t.shape != p.shape:
        raise ValueError(f"{where}: y_true and y_pred have different lengths {t.shape[0]} and {p.shape[0]}")
    return t, p


def accuracy(y_true: Any, y_pred: Any, *, normalize: bool = True) -> float:
    """The fraction of labels predicted exactly (``sklearn.metrics.accuracy_score``);
    the count if ``normalize=False``."""
    t, p = _pair(y_true, y_pred, "accuracy")
    hits = int(np.count_nonzero(t == p))
    if not normalize:
        return float(hits)
    return hits / t.shape[0] if t.shape[0] else float("nan")


def confusion_matrix(y_true: Any, y_pred: Any, labels: Sequence[Any] | None = None) -> np.ndarray:
    """``C[i, j]``: samples of true class ``labels[i]`` predicted as ``labels[j]`` (int64).

    ``labels`` defaults to the sorted union of both inputs; samples whose labels are not
    in ``labels`` are left out (as scikit-learn)."""
    t, p = _pair(y_true, y_pred, "confusion_matrix")
    classes = np.union1d(t, p) if labels is None else np.asarray(labels)
    if classes.size == 0:
        raise ValueError("confusion_matrix: labels must not be empty")
    order = np.argsort(classes, kind="stable")
    sorted_classes = classes[order]

    def index(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.clip(np.searchsorted(sorted_classes, y), 0, len(classes) - 1)
        found = sorted_classes[pos] == y
        return order[pos], found

    ti, tf = index(t)
    pi, pf = index(p)
    keep = tf & pf
    k = len(classes)
    return np.bincount(ti[keep] * k + pi[keep], minlength=k * k).reshape(k, k).astype(np.int64)


def _check_zero_division(zero_division: Any, where: str) -> float:
    if isinstance(zero_division, str):
        if zero_division != "warn":
            raise ValueError(f"{where}: zero_division must be 'warn', 0, 1 or nan, got {zero_division!r}")
        return 0.0
    value = float(zero_division)
    if not (value in (0.0, 1.0) or math.isnan(value)):
        raise ValueError(f"{where}: zero_division must be 'warn', 0, 1 or nan, got {zero_division!r}")
    return value


def _divide(num: np.ndarray, den: np.ndarray, zero_division: Any, where: str, what: str) -> np.ndarray:
    mask = den == 0
    out = num.astype(np.float64) / np.where(mask, 1, den)
    if mask.any():
        out[mask] = _check_zero_division(zero_division, where)
        if zero_division == "warn":
            warnings.warn(f"{where}: {what} is ill-defined and being set to 0.0 for {int(mask.sum())} label(s); "
                          "use zero_division to control this", RuntimeWarning, stacklevel=4)
    return out


def _counts(t: np.ndarray, p: np.ndarray, average: str | None, labels: Sequence[Any] | None, pos_label: Any,
            where: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-label true positives, predicted counts and true counts (support)."""
    if average not in _AVERAGES:
        raise ValueError(f"{where}: average must be one of {list(_AVERAGES)}, got {average!r}")
    present = np.union1d(t, p)
    if average == "binary":
        if len(present) > 2:
            raise ValueError(f"{where}: target is multiclass ({len(present)} classes) but average='binary'; "
                             "choose average='micro', 'macro', 'weighted' or None")
        if pos_label not in present.tolist() and len(present) >= 2:
            raise ValueError(f"{where}: pos_label={pos_label!r} is not a valid label; it should be one of "
                             f"{present.tolist()}")
        chosen = np.asarray([pos_label])
    else:
        chosen = present if labels is None else np.asarray(labels)
    tp = np.array([np.count_nonzero((t == c) & (p == c)) for c in chosen], dtype=np.int64)
    pred = np.array([np.count_nonzero(p == c) for c in chosen], dtype=np.int64)
    true = np.array([np.count_nonzero(t == c) for c in chosen], dtype=np.int64)
    if average == "micro":
        tp, pred, true = tp.sum(keepdims=True), pred.sum(keepdims=True), true.sum(keepdims=True)
    return tp, pred, true


def _average(scores: np.ndarray, average: str | None, support: np.ndarray) -> float | np.ndarray:
    if average is None:
        return scores
    if scores.size == 0:
        return float("nan")
    keep = ~np.isnan(scores)
    if not keep.any():
        return float("nan")
    if average == "weighted" and support[keep].sum() > 0:
        return float(np.average(scores[keep], weights=support[keep]))
    return float(np.mean(scores[keep]))


def _prf(metric: str, y_true: Any, y_pred: Any, labels: Sequence[Any] | None, pos_label: Any,
         average: str | None, zero_division: Any) -> float | np.ndarray:
    t, p = _pair(y_true, y_pred, metric)
    _check_zero_division(zero_division, metric)
    tp, pred, true = _counts(t, p, average, labels, pos_label, metric)
    if metric == "precision":
        scores = _divide(tp, pred, zero_division, metric, "precision (no predicted samples)")
    elif metric == "recall":
        scores = _divide(tp, true, zero_division, metric, "recall (no true samples)")
    else:  # F1 = 2 tp / (2 tp + fp + fn), defined whenever a class is true or predicted
        scores = _divide(2 * tp, true + pred, zero_division, metric, "F-score (no true nor predicted samples)")
    return _average(scores, average, true)


def precision(y_true: Any, y_pred: Any, *, labels: Sequence[Any] | None = None, pos_label: Any = 1,
              average: str | None = "binary", zero_division: Any = "warn") -> float | np.ndarray:
    """tp / (tp + fp), as ``sklearn.metrics.precision_score`` (see the module docstring)."""
    return _prf("precision", y_true, y_pred, labels, pos_label, average, zero_division)


def recall(y_true: Any, y_pred: Any, *, labels: Sequence[Any] | None = None, pos_label: Any = 1,
           average: str | None = "binary", zero_division: Any = "warn") -> float | np.ndarray:
    """tp / (tp + fn), as ``sklearn.metrics.recall_score`` (see the module docstring)."""
    return _prf("recall", y_true, y_pred, labels, pos_label, average, zero_division)


def f1_score(y_true: Any, y_pred: Any, *, labels: Sequence[Any] | None = None, pos_label: Any = 1,
             average: str | None = "binary", zero_division: Any = "warn") -> float | np.ndarray:
    """2 tp / (2 tp + fp + fn), the harmonic mean of precision and recall, as
    ``sklearn.metrics.f1_score`` (see the module docstring)."""
    return _prf("f1_score", y_true, y_pred, labels, pos_label, average, zero_division)
