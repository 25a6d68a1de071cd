"""The examples learn: each one's training function, run short, does much better than
chance (the full-length accuracy targets are asserted by the examples themselves)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytest.importorskip("sklearn")


@pytest.fixture(scope="module")
def example() -> Iterator[Callable[[str], ModuleType]]:
    """Import an example script as a module (some import their neighbours)."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        yield importlib.import_module
    finally:
        sys.path.remove(str(EXAMPLES))


def test_digits_mlp_learns(example: Callable[[str], ModuleType]) -> None:
    m = example("digits_mlp")
    X_train, X_test, y_train, y_test = m.digits_split()
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    # stratified: every class's share of the test set within one image of its share overall
    assert np.all(np.abs(np.bincount(y_test) - np.bincount(np.r_[y_train, y_test]) * 0.25) <= 1)
    assert m.train(epochs=3) > 0.8  # chance is 0.1


def test_digits_cnn_learns(example: Callable[[str], ModuleType]) -> None:
    m = example("digits_cnn")
    assert m.train(epochs=2) > 0.7


def test_logistic_regression_learns(example: Callable[[str], ModuleType]) -> None:
    r = example("logistic_regression").train(epochs=40)
    assert r["losses"][-1] < 0.5 * r["losses"][0]
    assert r["accuracy"] > 0.85 and r["f1"] > 0.85  # the majority class alone is 0.63
    cm = r["confusion_matrix"]
    assert cm.shape == (2, 2) and cm.sum() == 143 and np.trace(cm) / cm.sum() == pytest.approx(r["accuracy"])


def test_linear_regression_reaches_the_closed_form(example: Callable[[str], ModuleType]) -> None:
    r = example("linear_regression").train(epochs=300)
    assert r["last_loss"] < 0.2 * r["first_loss"]
    assert r["mse"] == pytest.approx(r["sklearn_mse"], rel=0.02)
    assert r["r2"] > 0.3


def test_char_lstm_loss_falls(example: Callable[[str], ModuleType]) -> None:
    text = "the quick brown fox jumps over the lazy dog. " * 40
    r = example("char_lstm").train(steps=40, seq_len=16, batch=8, text=text)
    losses = r["losses"]
    assert np.mean(losses[-5:]) < 0.6 * np.mean(losses[:5])
    assert set(r["samples"]) == {"early", "late"} and all(len(s) == 164 for s in r["samples"].values())


def test_autoencoder_beats_the_mean_image(example: Callable[[str], ModuleType]) -> None:
    r = example("autoencoder").train(epochs=5)
    assert r["losses"][-1] < r["losses"][0]
    assert r["mse"] < 0.8 * r["baseline_mse"]
    assert r["reconstructions"].shape == r["originals"].shape == (450, 64)


def test_optimizers_all_learn(example: Callable[[str], ModuleType]) -> None:
    results = example("optimizers").train(epochs=2)
    assert set(results) == {"SGD lr 0.05", "SGD momentum 0.9 lr 0.01", "RMSprop lr 1e-3", "Adam lr 1e-3"}
    for name, r in results.items():
        assert r["losses"][-1] < r["losses"][0], name
        assert r["accuracy"] > 0.5, name
