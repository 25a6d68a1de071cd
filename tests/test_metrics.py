"""nn.metrics equal scikit-learn's numbers, including never-predicted classes and 0/0."""

import warnings

import numpy as np
import pytest

from autograd.tensor import Tensor
from nn import metrics


def test_hand_computed():
    y_true = [0, 1, 1, 0, 1, 1]
    y_pred = [0, 1, 0, 1, 1, 1]  # tp=3 fp=1 fn=1 tn=1
    assert metrics.accuracy(y_true, y_pred) == pytest.approx(4 / 6)
    assert metrics.accuracy(y_true, y_pred, normalize=False) == 4
    assert metrics.precision(y_true, y_pred) == pytest.approx(3 / 4)
    assert metrics.recall(y_true, y_pred) == pytest.approx(3 / 4)
    assert metrics.f1_score(y_true, y_pred) == pytest.approx(3 / 4)
    assert metrics.precision(y_true, y_pred, pos_label=0) == pytest.approx(1 / 2)
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred), [[1, 1], [1, 3]])
    # class 2 never predicted: its precision is 0/0 -> 0, recall 0, F1 0
    t, p = [0, 1, 2, 2], [0, 1, 1, 1]
    with pytest.warns(RuntimeWarning, match="ill-defined"):
        per_class = metrics.precision(t, p, average=None)
    np.testing.assert_allclose(per_class, [1.0, 1 / 3, 0.0])
    assert metrics.precision(t, p, average="macro", zero_division=1) == pytest.approx((1 + 1 / 3 + 1) / 3)
    assert metrics.recall(t, p, average="weighted") == pytest.approx(0.5)
    assert metrics.f1_score(t, p, average="micro") == pytest.approx(0.5)
    np.testing.assert_array_equal(metrics.confusion_matrix(t, p, labels=[2, 1]), [[0, 2], [0, 1]])


def test_inputs_and_errors():
    t = Tensor(np.array([0, 1, 2]))
    assert metrics.accuracy(t, np.array([0, 1, 1])) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="binary"):
        metrics.f1_score([0, 1, 2], [0, 1, 2])
    with pytest.raises(ValueError, match="pos_label"):
        metrics.precision([2, 3], [2, 3])
    with pytest.raises(ValueError, match="different lengths"):
        metrics.accuracy([0, 1], [0])
    with pytest.raises(ValueError, match="argmax"):
        metrics.accuracy([0, 1], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="average"):
        metrics.recall([0, 1], [0, 1], average="samples")


@pytest.mark.parametrize("seed", range(6))
def test_equal_sklearn_on_random_labels(seed):
    skm = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(seed)
    n_classes = 2 + seed % 4
    y_true = rng.integers(0, n_classes, size=40)
    y_pred = rng.integers(0, n_classes - 1, size=40)  # the last class is never predicted
    if seed % 2:
        y_pred[:3] = n_classes + 1  # and a predicted class that is never true
    assert metrics.accuracy(y_true, y_pred) == skm.accuracy_score(y_true, y_pred)
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred), skm.confusion_matrix(y_true, y_pred))
    labels = [n_classes - 1, 0, 7]
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred, labels=labels),
                                  skm.confusion_matrix(y_true, y_pred, labels=labels))
    ours = {"precision": metrics.precision, "recall": metrics.recall, "f1": metrics.f1_score}
    theirs = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in ours:
            for average in ("micro", "macro", "weighted", None):
                for zd in ("warn", 0, 1, np.nan):
                    for lab in (None, labels):
                        got = ours[name](y_true, y_pred, average=average, zero_division=zd, labels=lab)
                        want = theirs[name](y_true, y_pred, average=average, zero_division=zd, labels=lab)
                        np.testing.assert_allclose(got, want, rtol=1e-12, err_msg=f"{name} {average} {zd} {lab}")
            yt, yp = (y_true == 0).astype(int), (y_pred == 1).astype(int)
            for pos in (0, 1):
                for zd in (0, 1):
                    np.testing.assert_allclose(ours[name](yt, yp, pos_label=pos, zero_division=zd),
                                               theirs[name](yt, yp, pos_label=pos, zero_division=zd))
            # one class only: pos_label 1 absent, so 0/0
            assert ours[name]([0, 0], [0, 0], zero_division=1) == theirs[name]([0, 0], [0, 0], zero_division=1)
