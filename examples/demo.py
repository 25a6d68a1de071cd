"""micrograd's demo, on this library: a 2-16-16-1 MLP learns the two moons.

Run with ``make demo`` (or ``python examples/demo.py``). It

1. makes 100 moons points (noise 0.1, seed 1337; labels -1/+1) and ``MLP(2, [16, 16, 1])``
   (ReLU hidden layers, linear output, weights drawn as micrograd draws them after
   ``random.seed(1337)``, so the numbers match micrograd's notebook);
2. trains it with 100 full-batch SGD steps on the max-margin loss
   mean_i relu(1 - y_i score_i) + 1e-4 sum_p p^2, learning rate 1.0 - 0.9 k / 100 at
   step k (``nn.train_max_margin``), showing loss and accuracy in a progress bar;
3. prints the final accuracy (100%) and writes pictures to ``out/``:
   ``neuron.svg`` (one neuron's graph with data and gradients), ``network.svg`` (the
   trained MLP, edges coloured by weight sign), ``cnn.svg`` (a small CNN's tensor
   graph clustered by module, coloured by gradient norm), ``cnn_layers.svg`` (its
   layer diagram with output shapes) and, with matplotlib, ``moons.png`` (decision boundary),
   ``history.png`` (loss and accuracy per step) and ``descent.png`` (SGD, momentum,
   RMSprop and Adam on Rosenbrock's function);
4. trains the digits MLP (``examples/digits_mlp.py``, 30 epochs) and the LeNet-style CNN
   (``examples/digits_cnn.py``, 15 epochs) on scikit-learn's 8x8 digits and prints their
   test accuracies (``--no-digits`` skips this; it needs scikit-learn).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import numpy as np
from tqdm import tqdm

# Let `python examples/demo.py` work from a source checkout without installing.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nn  # noqa: E402
import viz  # noqa: E402
from autograd import Value  # noqa: E402

SEED = 1337


def make_problem(seed: int = SEED) -> tuple[np.ndarray, np.ndarray, nn.MLP]:
    """The demo's data (100 moons points, labels -1/+1) and its untrained model."""
    X, y = nn.make_moons(n_samples=100, noise=0.1, seed=seed)
    return X, nn.signed_labels(y), nn.MLP(2, [16, 16, 1], seed=seed)


def numpy_predict(model: nn.MLP) -> object:
    """The trained MLP as vectorized numpy (Z = X W^T + b, ReLU between layers):
    scoring a 100x100 grid this way takes milliseconds instead of seconds."""
    mats = [(np.array([[w.data for w in n.w] for n in layer.neurons]), np.array([n.b.data for n in layer.neurons]))
            for layer in model.layers]

    def predict(points: np.ndarray) -> np.ndarray:
        a = points
        for i, (W, b) in enumerate(mats):
            a = a @ W.T + b
            if i < len(mats) - 1:
                a = np.maximum(a, 0.0)
        return a[:, 0]

    return predict


def draw_neuron(model: nn.MLP, x: np.ndarray, path: Path) -> Path:
    """The graph of the first neuron of layer 1 applied to one point, after backward."""
    neuron = model.layers[0].neurons[0]
    inputs = [Value(float(x[0]), label="x1"), Value(float(x[1]), label="x2")]
    out = neuron(inputs)
    out.label = "out"
    out.backward()
    names = {f"w{i + 1}": w for i, w in enumerate(neuron.w)}
    names["b"] = neuron.b
    written = viz.render(out, path, params=names)
    model.zero_grad()
    return written


def draw_cnn(path: Path) -> list[Path]:
    """A small CNN's tensor graph (one box per module call, nodes coloured by gradient
    norm) at ``path``, and its layer diagram beside it (``cnn_layers.svg``)."""
    needed = ("Sequential", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear")
    if not all(hasattr(nn, n) for n in needed) or not hasattr(nn.Module, "register_forward_hook"):
        print("nn.Sequential / nn.Conv2d / module hooks are not available: skipping the CNN graph")
        return []
    from autograd import Tensor, manual_seed
    from nn import functional as F

    manual_seed(SEED)
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 5 * 5, 3))
    x = Tensor(np.random.default_rng(SEED).normal(size=(2, 1, 12, 12)).astype(np.float32), name="images")
    with viz.trace(model) as trace:
        logits = model(x)
    loss = F.cross_entropy(logits, Tensor(np.array([0, 2])))
    layers = viz.draw_network(model, input_shape=(1, 12, 12))
    return [
        viz.render(loss, path, trace=trace, params=model, grads=True, rankdir="TB"),
        viz.render(layers, path.with_name("cnn_layers.svg")),
    ]


def descent_picture(path: Path) -> object:
    """SGD, SGD with momentum, RMSprop and Adam on Rosenbrock's function from (-1.2, 1)."""

    def rosenbrock(p: object) -> object:
        return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2  # type: ignore[index, operator]

    optimizers = {
        "SGD lr 1e-3": lambda ps: nn.optim.SGD(ps, lr=1e-3),
        "SGD momentum 0.9": lambda ps: nn.optim.SGD(ps, lr=2e-4, momentum=0.9),
        "RMSprop lr 1e-2": lambda ps: nn.optim.RMSprop(ps, lr=1e-2),
        "Adam lr 5e-2": lambda ps: nn.optim.Adam(ps, lr=5e-2),
    }
    return viz.plot_descent(rosenbrock, (-1.2, 1.0), optimizers, steps=300, path=path)


def train_digits() -> dict[str, float]:
    """The digits MLP's and CNN's test accuracies, trained by the examples' ``train()``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import digits_cnn
    import digits_mlp

    return {"MLP 64-128-64-10": digits_mlp.train(), "LeNet-style CNN": digits_cnn.train()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=100, help="SGD steps (default 100)")
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the pictures (default out/)")
    parser.add_argument("--no-digits", action="store_true", help="skip training the digits MLP and CNN")
    args = parser.parse_args(argv)

    X, y, model = make_problem()
    print(f"MLP(2, [16, 16, 1]): {len(model.parameters())} parameters; 100 moons points")

    history: dict[str, list[float]] = {"loss": [], "accuracy": []}
    with tqdm(total=args.steps, desc="training", unit="step") as bar:

        def show(k: int, loss: float, acc: float) -> None:
            history["loss"].append(loss)
            history["accuracy"].append(acc)
            bar.set_postfix(loss=f"{loss:.4f}", acc=f"{acc:.0%}")
            bar.update(1)

        nn.train_max_margin(model, X, y, steps=args.steps, callback=show)

    final = nn.accuracy(model, X, y)
    print(f"final accuracy: {final:.0%}")

    written = [draw_neuron(model, X[0], args.out / "neuron.svg")]
    written.append(viz.render(viz.draw_network(model), args.out / "network.svg"))
    written.extend(draw_cnn(args.out / "cnn.svg"))
    if importlib.util.find_spec("matplotlib") is not None:
        plots = {
            "moons.png": lambda p: viz.plot_decision_boundary(numpy_predict(model), X, y, p),
            "history.png": lambda p: viz.plot_history(history, p, title="moons, full-batch SGD (one step an epoch)"),
            "descent.png": descent_picture,
        }
        for name, draw in plots.items():
            draw(args.out / name)
            written.append(args.out / name)
    else:
        print("matplotlib is not installed: skipping the plots")
    for path in written:
        print(f"wrote {path}")
    digits_ok = True
    if args.no_digits:
        pass
    elif importlib.util.find_spec("sklearn") is None:
        print("scikit-learn is not installed: skipping the digits MLP and CNN")
    else:
        print("training the digits MLP and CNN (1347 training images, 450 held out)")
        for name, acc in train_digits().items():
            print(f"digits {name}: test accuracy {acc:.2%}")
            digits_ok = digits_ok and acc >= 0.97
    return 0 if final == 1.0 and digits_ok else 1


if __name__ == "__main__":
    sys.exit(main())
