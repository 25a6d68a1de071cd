"""A training loop: ``fit``, ``evaluate``, ``History`` and callbacks (early stopping, checkpoints).

::

    history = nn.fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=1e-2),
                     train_loader, epochs=20, val_loader=val_loader, metrics=["accuracy"],
                     callbacks=[nn.EarlyStopping(patience=3)])
    history["val_accuracy"][-1]          # one number per epoch; viz.plot_history(history)

Each epoch trains on every batch of ``train_loader`` (``model.train()``, zero_grad,
forward, loss, backward, step), then evaluates on ``val_loader`` (``model.eval()``
under ``no_grad``), logs ``loss``, ``val_loss``, each metric and ``val_<metric>``, and
``lr`` (the first group's learning rate during the epoch), steps the scheduler once
(``ReduceLROnPlateau`` gets ``val_loss``, or ``loss`` without a validation set), and
asks each callback whether to stop. A batch is ``(inputs..., target)``: the model gets
all but the last element. Ctrl-C ends training after cleaning up and returns the
history so far.

Metrics are callables ``(y_true, y_pred) -> float`` or the names ``"accuracy"``
(``"acc"``), ``"precision"``, ``"recall"``, ``"f1"`` (from :mod:`nn.metrics`: binary for
a single output column, macro-averaged otherwise). Predictions are the argmax of the
outputs over classes, or ``output > 0`` for a single logit.

Callback protocol (subclass :class:`Callback`, override what you need):
``on_train_begin(run)`` with the :class:`Run` (model, optimizer, scheduler, loaders,
history, ``checkpoint(epoch)``); ``on_epoch_end(epoch, logs) -> bool | None`` after
each epoch (epochs counted from 1; a true result stops training); ``on_train_end()``
(also after Ctrl-C).

Checkpoints and resuming: :class:`ModelCheckpoint` saves with ``nn.save``
``{"model", "optimizer", "epoch", "history", "rng", "loader"[, "scheduler"]}``: the
weights, the optimizer state, the number of epochs done, the history so far, the state
of ``autograd``'s default generator and of the training loader's generator.
``fit(..., resume=path)`` restores all of it and continues from the next epoch, so the
resumed run takes exactly the steps the uninterrupted run would have, bit for bit.
``initial_epoch=n`` only starts the epoch count at ``n`` (nothing is restored).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from autograd import random as _random
from autograd.grad_mode import no_grad
from autograd.tensor import Tensor
from nn import metrics as _metrics
from nn.optim.lr_scheduler import ReduceLROnPlateau
from nn.serialization import load, save

__all__ = ["Callback", "EarlyStopping", "History", "ModelCheckpoint", "Run", "evaluate", "fit"]

Metric = Callable[[Any, Any], float]


class History(Mapping[str, list[float]]):
    """Per-epoch logs: ``history["loss"]``, ``history["val_accuracy"]``, ``history["lr"]``,
    each a list with one float per epoch (a read-only mapping; ``history.epoch`` holds
    the epoch numbers, counted from 1)."""

    def __init__(self, logs: Mapping[str, Sequence[float]] | None = None, epoch: Sequence[int] = ()) -> None:
        self.history: dict[str, list[float]] = {k: [float(v) for v in vs] for k, vs in (logs or {}).items()}
        self.epoch: list[int] = [int(e) for e in epoch]

    def append(self, epoch: int, logs: Mapping[str, float]) -> None:
        self.epoch.append(int(epoch))
        for k, v in logs.items():
            self.history.setdefault(k, []).append(float(v))

    def __getitem__(self, key: str) -> list[float]:
        return self.history[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.history)

    def __len__(self) -> int:
        return len(self.history)

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.history.items() if v)
        return f"History({len(self.epoch)} epochs: {last})"


# ------------------------------------------------------------------ metrics
class _Named:
    """A metric from :mod:`nn.metrics` by name; precision/recall/F1 average "binary" for a
    single output column and "macro" otherwise."""

    def __init__(self, fn: Callable[..., Any], averaged: bool) -> None:
        self.fn, self.averaged = fn, averaged

    def __call__(self, y_true: Any, y_pred: Any, single_column: bool = False) -> float:
        if not self.averaged:
            return float(self.fn(y_true, y_pred))
        binary = single_column and np.union1d(np.asarray(y_true), np.asarray(y_pred)).size <= 2
        return float(self.fn(y_true, y_pred, average="binary" if binary else "macro", zero_division=0))


_NAMES: dict[str, tuple[Callable[..., Any], bool]] = {
    "accuracy": (_metrics.accuracy, False), "acc": (_metrics.accuracy, False),
    "precision": (_metrics.precision, True), "recall": (_metrics.recall, True),
    "f1": (_metrics.f1_score, True), "f1_score": (_metrics.f1_score, True),
}


def _resolve_metrics(metrics: Iterable[str | Metric] | Mapping[str, Metric]) -> dict[str, Metric]:
    if isinstance(metrics, Mapping):
        return dict(metrics)
    out: dict[str, Metric] = {}
    for m in metrics:
        if isinstance(m, str):
            if m not in _NAMES:
                raise ValueError(f"fit: unknown metric {m!r}; use one of {sorted(_NAMES)} or a callable "
                                 "(y_true, y_pred)")
            out[m] = _Named(*_NAMES[m])
        elif callable(m):
            out[getattr(m, "__name__", type(m).__name__)] = m
        else:
            raise TypeError(f"fit: a metric must be a name or a callable (y_true, y_pred), got {type(m).__name__}")
    return out


def _predictions(out: Any) -> np.ndarray:
    arr = out.data if isinstance(out, Tensor) else np.asarray(out)
    if arr.ndim >= 2 and arr.shape[1] > 1:
        return arr.argmax(axis=1)
    return (arr.reshape(arr.shape[0]) > 0).astype(np.intp)


def _labels(target: Any) -> np.ndarray:
    arr = target.data if isinstance(target, Tensor) else np.asarray(target)
    return arr.reshape(arr.shape[0]) if arr.ndim == 2 and arr.shape[1] == 1 else arr


class _Accumulator:
    """Sample-weighted mean loss and the labels/predictions the metrics need."""

    def __init__(self, want_predictions: bool) -> None:
        self.total, self.count = 0.0, 0
        self.want = want_predictions
        self.true: list[np.ndarray] = []
        self.pred: list[np.ndarray] = []
        self.single = False

    def add(self, out: Any, target: Any, loss: float | None) -> None:
        n = int(np.shape(target.data if isinstance(target, Tensor) else target)[0])
        if loss is not None:
            self.total += loss * n
        self.count += n
        if self.want:
            shape = np.shape(out.data if isinstance(out, Tensor) else out)
            self.single = len(shape) < 2 or shape[1] == 1
            self.true.append(_labels(target))
            self.pred.append(_predictions(out))

    @property
    def loss(self) -> float:
        return self.total / self.count if self.count else float("nan")

    def scores(self, metrics: Mapping[str, Metric]) -> dict[str, float]:
        if not metrics or not self.true:
            return {}
        y_true, y_pred = np.concatenate(self.true), np.concatenate(self.pred)
        return {name: fn(y_true, y_pred, self.single) if isinstance(fn, _Named) else float(fn(y_true, y_pred))
                for name, fn in metrics.items()}


def _split(batch: Any, where: str) -> tuple[tuple[Any, ...], Any]:
    if not isinstance(batch, (tuple, list)) or len(batch) < 2:
        raise TypeError(f"{where}: a batch must be (inputs..., target), got {type(batch).__name__}")
    return tuple(batch[:-1]), batch[-1]


def evaluate(model: Any, loader: Iterable[Any], loss_fn: Callable[[Any, Any], Any] | None = None,
             metrics: Iterable[str | Metric] | Mapping[str, Metric] = ()) -> dict[str, float]:
    """The mean loss (``"loss"``, if ``loss_fn``) and each metric over ``loader``, computed
    in eval mode under ``no_grad``; every module's training flag is restored after."""
    chosen = _resolve_metrics(metrics)
    modes = [(m, m.training) for m in model.modules()] if hasattr(model, "modules") else []
    if hasattr(model, "eval"):
        model.eval()
    acc = _Accumulator(bool(chosen))
    try:
        with no_grad():
            for batch in loader:
                inputs, target = _split(batch, "evaluate")
                out = model(*inputs)
                loss = float(loss_fn(out, target).item()) if loss_fn is not None else None
                acc.add(out, target, loss)
    finally:
        for m, mode in modes:
            m.training = mode
    logs = {"loss": acc.loss} if loss_fn is not None else {}
    logs.update(acc.scores(chosen))
    return logs


# ---------------------------------------------------------------- callbacks
class Run:
    """What callbacks see of a ``fit`` call: ``model``, ``optimizer``, ``scheduler``,
    ``train_loader``, ``val_loader``, ``history``, and :meth:`checkpoint`."""

    def __init__(self, model: Any, optimizer: Any, scheduler: Any, train_loader: Any, val_loader: Any,
                 history: History) -> None:
        self.model, self.optimizer, self.scheduler = model, optimizer, scheduler
        self.train_loader, self.val_loader, self.history = train_loader, val_loader, history

    def checkpoint(self, epoch: int) -> dict[str, Any]:
        """Everything a resumed run needs after ``epoch`` epochs (see the module docstring)."""
        ckpt: dict[str, Any] = {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "epoch": int(epoch),
            "history": {k: list(v) for k, v in self.history.items()},
            "rng": _random.default_generator().bit_generator.state,
        }
        if hasattr(self.train_loader, "state_dict"):
            ckpt["loader"] = self.train_loader.state_dict()
        if self.scheduler is not None:
            ckpt["scheduler"] = {k: v for k, v in self.scheduler.state_dict().items()
                                 if not callable(v) and k != "optimizer"}
        return ckpt

    def restore(self, ckpt: Mapping[str, Any]) -> int:
        """Load a checkpoint made by :meth:`checkpoint`; return its epoch."""
        self.model.load_state_dict(ckpt["model"])
        self.optimizer.load_state_dict(ckpt["optimizer"])
        if self.scheduler is not None and "scheduler" in ckpt:
            self.scheduler.load_state_dict(dict(ckpt["scheduler"]))
        _random.default_generator().bit_generator.state = ckpt["rng"]
        if "loader" in ckpt and hasattr(self.train_loader, "load_state_dict"):
            self.train_loader.load_state_dict(ckpt["loader"])
        saved = ckpt.get("history", {})
        epoch = int(ckpt["epoch"])
        self.history.history = {k: [float(x) for x in v] for k, v in saved.items()}
        self.history.epoch = list(range(1, epoch + 1))
        return epoch


class Callback:
    """The callback protocol; every hook does nothing by default."""

    def on_train_begin(self, run: Run) -> None:
        """Called once before the first epoch."""

    def on_epoch_end(self, epoch: int, logs: Mapping[str, float]) -> bool | None:
        """Called after each epoch (counted from 1) with its logs; return True to stop."""
        return None

    def on_train_end(self) -> None:
        """Called once at the end, also after early stopping or Ctrl-C."""


def _monitored(logs: Mapping[str, float], monitor: str, where: str) -> float:
    if monitor not in logs:
        raise KeyError(f"{where}: monitor {monitor!r} is not in the epoch logs {sorted(logs)} "
                       "(val_* needs a val_loader)")
    return float(logs[monitor])


class _Best:
    def __init__(self, mode: str, min_delta: float, where: str) -> None:
        if mode not in ("min", "max"):
            raise ValueError(f"{where}: mode must be 'min' or 'max', got {mode!r}")
        self.mode, self.min_delta = mode, abs(float(min_delta))
        self.best = math.inf if mode == "min" else -math.inf

    def improved(self, value: float) -> bool:
        better = value < self.best - self.min_delta if self.mode == "min" else value > self.best + self.min_delta
        if better:
            self.best = value
        return better


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience``
    epochs (at least one; ``mode="min"`` for losses, ``"max"`` for accuracies). With
    ``restore_best_weights`` the model gets back the weights of its best epoch at the end.
    ``stopped_epoch`` and ``best_epoch`` tell what happened."""

    def __init__(self, monitor: str = "val_loss", patience: int = 0, min_delta: float = 0.0, mode: str = "min",
                 restore_best_weights: bool = True) -> None:
        self.monitor, self.patience = monitor, int(patience)
        self.min_delta, self.mode = min_delta, mode
        self.restore_best_weights = restore_best_weights
        self._best = _Best(mode, min_delta, "EarlyStopping")

    def on_train_begin(self, run: Run) -> None:
        self.model = run.model
        self._best = _Best(self.mode, self.min_delta, "EarlyStopping")
        self.wait, self.best_epoch, self.stopped_epoch = 0, 0, 0
        self.best_weights: dict[str, np.ndarray] | None = None

    def on_epoch_end(self, epoch: int, logs: Mapping[str, float]) -> bool:
        if self._best.improved(_monitored(logs, self.monitor, "EarlyStopping")):
            self.wait, self.best_epoch = 0, epoch
            if self.restore_best_weights:
                self.best_weights = {k: v.data.copy() for k, v in self.model.state_dict().items()}
            return False
        self.wait += 1
        if self.wait >= max(self.patience, 1):
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self) -> None:
        if self.restore_best_weights and self.best_weights is not None:
            self.model.load_state_dict(self.best_weights)


class ModelCheckpoint(Callback):
    """Save a checkpoint (``nn.save`` of :meth:`Run.checkpoint`) to ``path`` after each
    epoch, or only when ``monitor`` improves if ``save_best_only``. ``path`` may hold
    ``{epoch}`` (``"ckpt-{epoch}.safetensors"``) and any logged name (``{val_loss:.3f}``)."""

    def __init__(self, path: str | os.PathLike[str], monitor: str = "val_loss", save_best_only: bool = False,
                 mode: str = "min") -> None:
        self.path, self.monitor, self.save_best_only, self.mode = os.fspath(path), monitor, save_best_only, mode
        self._best = _Best(mode, 0.0, "ModelCheckpoint")

    def on_train_begin(self, run: Run) -> None:
        self.run = run
        self._best = _Best(self.mode, 0.0, "ModelCheckpoint")

    def on_epoch_end(self, epoch: int, logs: Mapping[str, float]) -> bool:
        if self.save_best_only and not self._best.improved(_monitored(logs, self.monitor, "ModelCheckpoint")):
            return False
        save(self.run.checkpoint(epoch), self.path.format(epoch=epoch, **logs))
        return False


# ------------------------------------------------------------------ the loop
def _progress_bar(enabled: bool, total: int | None, desc: str) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, leave=True, dynamic_ncols=True)


def fit(model: Any, loss_fn: Callable[[Any, Any], Any], optimizer: Any, train_loader: Iterable[Any], *,
        epochs: int, val_loader: Iterable[Any] | None = None,
        metrics: Iterable[str | Metric] | Mapping[str, Metric] = (), callbacks: Iterable[Callback] = (),
        scheduler: Any = None, progress: bool = True, initial_epoch: int = 0,
        resume: str | os.PathLike[str] | None = None) -> History:
    """Train ``model`` for ``epochs`` epochs in all and return the :class:`History`
    (see the module docstring for what each epoch does, the metrics, callbacks, and
    ``resume``/``initial_epoch``)."""
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"fit: epochs must be a non-negative int, got {epochs!r}")
    chosen = _resolve_metrics(metrics)
    callbacks = list(callbacks)
    history = History()
    run = Run(model, optimizer, scheduler, train_loader, val_loader, history)
    start = int(initial_epoch)
    if resume is not None:
        start = run.restore(load(resume))
    for cb in callbacks:
        cb.on_train_begin(run)
    try:
        for epoch in range(start + 1, epochs + 1):
            lr = float(optimizer.param_groups[0]["lr"])
            model.train()
            acc = _Accumulator(bool(chosen))
            bar = _progress_bar(progress, _len(train_loader), f"epoch {epoch}/{epochs}")
            try:
                for batch in train_loader:
                    inputs, target = _split(batch, "fit")
                    optimizer.zero_grad()
                    out = model(*inputs)
                    loss = loss_fn(out, target)
                    loss.backward()
                    optimizer.step()
                    acc.add(out, target, float(loss.item()))
                    if bar is not None:
                        bar.update(1)
                        bar.set_postfix(loss=f"{acc.loss:.4f}", refresh=False)
                logs = {"loss": acc.loss, **acc.scores(chosen)}
                if val_loader is not None:
                    logs.update({f"val_{k}": v for k, v in evaluate(model, val_loader, loss_fn, chosen).items()})
                logs["lr"] = lr
                if bar is not None:
                    bar.set_postfix({k: f"{v:.4g}" for k, v in logs.items()})
            finally:
                if bar is not None:
                    bar.close()
            history.append(epoch, logs)
            if scheduler is not None:
                if isinstance(scheduler, ReduceLROnPlateau):
                    scheduler.step(logs["val_loss" if "val_loss" in logs else "loss"])
                else:
                    scheduler.step()
            stop = False
            for cb in callbacks:
                stop = bool(cb.on_epoch_end(epoch, dict(logs))) or stop
            if stop:
                break
    except KeyboardInterrupt:
        pass  # Ctrl-C: keep what was learned, return the history of the finished epochs
    finally:
        for cb in callbacks:
            cb.on_train_end()
    return history


def _len(loader: Any) -> int | None:
    try:
        return len(loader)
    except TypeError:
        return None

