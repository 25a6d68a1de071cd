"""Optimizers compared: SGD, SGD with momentum, RMSprop and Adam train the same MLP.

The curriculum's optimization lesson on one problem: the digits MLP (64-128-64-10,
``examples/digits_mlp.py``) from the same initial weights and the same batch order,
each optimizer at a learning rate usual for it. Prints each one's final training loss
and test accuracy and, with matplotlib, writes their loss curves to
``out/optimizers.png`` (``viz.plot_history``).

    python examples/optimizers.py [--epochs 10] [--out out]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digits_mlp import SEED, digits_split, make_model, predict_accuracy  # noqa: E402

import autograd  # noqa: E402
import nn  # noqa: E402
import nn.data  # noqa: E402
import viz  # noqa: E402

OPTIMIZERS: dict[str, Callable[[Any], Any]] = {
    "SGD lr 0.05": lambda ps: nn.optim.SGD(ps, lr=0.05),
    "SGD momentum 0.9 lr 0.01": lambda ps: nn.optim.SGD(ps, lr=0.01, momentum=0.9),
    "RMSprop lr 1e-3": lambda ps: nn.optim.RMSprop(ps, lr=1e-3),
    "Adam lr 1e-3": lambda ps: nn.optim.Adam(ps, lr=1e-3),
}


def train(epochs: int = 10, seed: int = SEED, verbose: bool = False) -> dict[str, dict[str, Any]]:
    """Each optimizer's mean training loss per epoch and final test accuracy."""
    data = digits_split(seed)
    X_train, X_test, y_train, y_test = data
    autograd.manual_seed(seed)
    start = make_model().state_dict()
    results = {}
    for name, make_opt in OPTIMIZERS.items():
        model = make_model()
        model.load_state_dict(start)
        loader = nn.data.DataLoader(nn.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True,
                                    generator=np.random.default_rng(seed))  # the same orders for all
        history = nn.fit(model, nn.CrossEntropyLoss(), make_opt(model.parameters()), loader, epochs=epochs,
                         progress=False)
        losses = history["loss"]
        results[name] = {"losses": losses, "accuracy": predict_accuracy(model, X_test, y_test)}
        if verbose:
            print(f"{name:26s} training loss {losses[0]:.4f} after epoch 1, {losses[-1]:.4f} after epoch {epochs};"
                  f"  test accuracy {results[name]['accuracy']:.2%}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("out"))
    args = parser.parse_args(argv)
    results = train(args.epochs, verbose=True)
    if importlib.util.find_spec("matplotlib") is not None:
        history = {f"{name} loss": r["losses"] for name, r in results.items()}
        viz.plot_history(history, args.out / "optimizers.png", title="digits MLP: training loss per epoch")
        print(f"wrote {args.out / 'optimizers.png'}")
    else:
        print("matplotlib is not installed: skipping the plot")
    return 0


if __name__ == "__main__":
    sys.exit(main())
