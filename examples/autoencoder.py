"""An autoencoder on the 8x8 digits: 64 pixels squeezed through 8 numbers and back.

Encoder 64-32-8 and decoder 8-32-64 (ReLU between, a sigmoid on the output so pixels
land in [0, 1]) trained with ``nn.MSELoss`` to reproduce its input, by Adam on
mini-batches from ``nn.data.DataLoader`` with ``nn.fit``. It prints the reconstruction error on held-out
digits (beside the error of always predicting the mean image) and, with matplotlib,
writes ``out/autoencoder.png``: held-out originals above their reconstructions.

    python examples/autoencoder.py [--epochs 40] [--out out]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import autograd  # noqa: E402
import nn  # noqa: E402
import nn.data  # noqa: E402
from autograd import Tensor  # noqa: E402

SEED = 0


def make_model() -> nn.Sequential:
    encoder = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 8))
    decoder = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 64), nn.Sigmoid())
    return nn.Sequential(encoder, decoder)  # the 8-number code stays linear


def train(epochs: int = 40, lr: float = 3e-3, seed: int = SEED, verbose: bool = False) -> dict[str, Any]:
    """Train; return the test reconstruction MSE, the mean-image baseline's, the loss of
    every epoch, and test images with their reconstructions."""
    from sklearn.model_selection import train_test_split

    autograd.manual_seed(seed)
    X, y = nn.datasets.load_digits()
    X = (X / 16.0).astype(np.float32)
    X_train, X_test = train_test_split(X, test_size=0.25, stratify=y, random_state=seed)
    # (input, target) pairs with the target the input itself
    loader = nn.data.DataLoader(nn.data.TensorDataset(X_train, X_train), batch_size=64, shuffle=True)
    model = make_model()
    history = nn.fit(model, nn.MSELoss(), nn.optim.Adam(model.parameters(), lr=lr), loader, epochs=epochs,
                     progress=False)
    losses = history["loss"]
    if verbose:
        for epoch in [*range(0, epochs, 10), epochs - 1]:
            print(f"epoch {epoch + 1:3d}  training reconstruction MSE {losses[epoch]:.4f}")
    with autograd.no_grad():
        recon = model(Tensor(X_test)).numpy()
    return {
        "mse": float(((recon - X_test) ** 2).mean()),
        "baseline_mse": float(((X_train.mean(axis=0) - X_test) ** 2).mean()),
        "losses": losses, "originals": X_test, "reconstructions": recon,
    }


def save_picture(originals: np.ndarray, recon: np.ndarray, path: Path, n: int = 10) -> Path:
    """Two rows of ``n`` digits: originals on top, reconstructions below."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, n, figsize=(n, 2.3))
    for k in range(n):
        for row, images in enumerate((originals, recon)):
            ax = axes[row, k]
            ax.imshow(images[k].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
    axes[0, 0].set_ylabel("original")
    axes[1, 0].set_ylabel("decoded")
    fig.suptitle("autoencoder 64-32-8-32-64 on held-out digits")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--out", type=Path, default=Path("out"))
    args = parser.parse_args(argv)
    r = train(args.epochs, verbose=True)
    print(f"held-out reconstruction MSE per pixel: {r['mse']:.4f} "
          f"(predicting the mean digit: {r['baseline_mse']:.4f})")
    if importlib.util.find_spec("matplotlib") is not None:
        print(f"wrote {save_picture(r['originals'], r['reconstructions'], args.out / 'autoencoder.png')}")
    else:
        print("matplotlib is not installed: skipping the picture")
    assert r["mse"] < 0.5 * r["baseline_mse"], "the code of 8 numbers should beat the mean image by far"
    return 0


if __name__ == "__main__":
    sys.exit(main())
