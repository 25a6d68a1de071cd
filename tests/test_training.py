"""nn.fit / nn.evaluate: history, metrics, early stopping, checkpoints, bit-identical resume."""

import numpy as np
import pytest

import autograd
import nn
from nn import optim
from nn.data import DataLoader, TensorDataset


def _setup(seed=0, dropout=False, shuffle_generator=None):
    autograd.manual_seed(seed)
    X, y = nn.datasets.make_blobs(120, centers=3, cluster_std=1.0, seed=seed)
    X = (X - X.mean(0)) / X.std(0)
    layers = [nn.Linear(2, 16), nn.ReLU()] + ([nn.Dropout(0.2)] if dropout else []) + [nn.Linear(16, 3)]
    model = nn.Sequential(*layers)
    train = DataLoader(TensorDataset(X[:90], y[:90]), batch_size=16, shuffle=True, generator=shuffle_generator)
    val = DataLoader(TensorDataset(X[90:], y[90:]), batch_size=32)
    return model, train, val


def _weights(model):
    return {k: v.data.copy() for k, v in model.state_dict().items()}


def test_fit_history_and_evaluate():
    model, train, val = _setup()
    opt = optim.Adam(model.parameters(), lr=0.05)
    sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    hist = nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=5, val_loader=val,
                  metrics=["accuracy", "f1"], scheduler=sched, progress=False)
    assert set(hist) == {"loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1", "lr"}
    assert all(len(v) == 5 for v in hist.values()) and hist.epoch == [1, 2, 3, 4, 5]
    assert hist["lr"] == [0.05, 0.05, 0.025, 0.025, 0.0125]
    assert hist["loss"][-1] < hist["loss"][0]
    assert hist["val_accuracy"][-1] > 0.7
    model.train()
    logs = nn.evaluate(model, val, nn.CrossEntropyLoss(), metrics=["accuracy", nn.metrics.f1_score.__name__])
    assert model.training  # the mode is restored
    assert logs["loss"] == pytest.approx(hist["val_loss"][-1])
    assert logs["accuracy"] == pytest.approx(hist["val_accuracy"][-1])
    # the metric agrees with one computed by hand from the model's outputs
    with autograd.no_grad():
        pred = model(autograd.Tensor(val.dataset.tensors[0])).data.argmax(1)
    assert logs["accuracy"] == pytest.approx(np.mean(pred == val.dataset.tensors[1]))


def test_plot_history_draws_a_history():
    pytest.importorskip("matplotlib")
    from viz.plots import plot_history

    model, train, val = _setup()
    hist = nn.fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), train, epochs=2,
                  val_loader=val, metrics=["accuracy"], progress=False)
    fig = plot_history(hist)
    assert len(fig.axes) == 2


def test_binary_single_logit_metrics():
    X, y = nn.datasets.make_moons(80, noise=0.1, seed=0)
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    loader = DataLoader(TensorDataset(X, y.reshape(-1, 1).astype(np.float64)), batch_size=20)
    logs = nn.evaluate(model, loader, nn.BCEWithLogitsLoss(), metrics=["accuracy", "precision"])
    with autograd.no_grad():
        pred = (model(autograd.Tensor(X)).data[:, 0] > 0).astype(int)
    assert logs["accuracy"] == pytest.approx(np.mean(pred == y))
    assert logs["precision"] == pytest.approx(nn.metrics.precision(y, pred, zero_division=0))


def test_early_stopping_restores_best_weights():
    model, train, val = _setup(1)
    opt = optim.SGD(model.parameters(), lr=0.5)  # large steps: val_loss goes up and down
    snapshots = []

    class Snap(nn.training.Callback):
        def on_epoch_end(self, epoch, logs):
            snapshots.append(_weights(model))

    stopper = nn.EarlyStopping(monitor="val_loss", patience=2)
    hist = nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=40, val_loader=val,
                  callbacks=[Snap(), stopper], progress=False)
    best = int(np.argmin(hist["val_loss"]))
    assert stopper.best_epoch == best + 1
    assert stopper.stopped_epoch == len(hist["val_loss"]) < 40  # it did stop early
    assert len(hist["val_loss"]) - 1 - best == 2  # after `patience` epochs without improvement
    for k, v in _weights(model).items():
        np.testing.assert_array_equal(v, snapshots[best][k])
    # and mode="max" on accuracy
    model, train, val = _setup(1)
    stopper = nn.EarlyStopping(monitor="val_accuracy", mode="max", patience=1, restore_best_weights=False)
    nn.fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.5), train, epochs=40,
           val_loader=val, metrics=["accuracy"], callbacks=[stopper], progress=False)
    assert stopper.stopped_epoch > 0
    with pytest.raises(KeyError, match="val_loss"):
        nn.fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), train, epochs=1,
               callbacks=[nn.EarlyStopping()], progress=False)


@pytest.mark.parametrize("own_generator", [False, True])
def test_resumed_run_is_bit_identical(tmp_path, own_generator):
    def make():
        gen = np.random.default_rng(5) if own_generator else None
        model, train, val = _setup(3, dropout=True, shuffle_generator=gen)
        opt = optim.Adam(model.parameters(), lr=0.02)
        sched = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0, factor=0.5)
        return model, train, val, opt, sched

    model, train, val, opt, sched = make()
    full = nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=6, val_loader=val, scheduler=sched,
                  metrics=["accuracy"], progress=False)
    want = _weights(model)

    model, train, val, opt, sched = make()
    path = str(tmp_path / "ckpt-{epoch}.safetensors")
    nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=3, val_loader=val, scheduler=sched,
           metrics=["accuracy"], callbacks=[nn.ModelCheckpoint(path)], progress=False)
    ckpt = nn.load(path.format(epoch=3))
    assert ckpt["epoch"] == 3 and set(ckpt) >= {"model", "optimizer", "rng", "loader", "history"}

    autograd.manual_seed(999)  # a fresh process: other weights, other random state
    model, train, val, opt, sched = make()
    autograd.manual_seed(12345)
    resumed = nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=6, val_loader=val, scheduler=sched,
                     metrics=["accuracy"], progress=False, resume=path.format(epoch=3))
    for k, v in _weights(model).items():
        np.testing.assert_array_equal(v, want[k])
    assert dict(resumed) == dict(full)
    assert resumed.epoch == full.epoch
    started_late = nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=8, initial_epoch=6, progress=False)
    assert started_late.epoch == [7, 8] and len(started_late["loss"]) == 2


def test_save_best_only_and_keyboard_interrupt(tmp_path):
    model, train, val = _setup(2)
    path = tmp_path / "best.safetensors"
    ckpt = nn.ModelCheckpoint(path, save_best_only=True)

    class Interrupt(nn.training.Callback):
        def on_epoch_end(self, epoch, logs):
            if epoch == 3:
                raise KeyboardInterrupt

    hist = nn.fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), train, epochs=10,
                  val_loader=val, callbacks=[ckpt, Interrupt()], progress=False)
    assert len(hist["loss"]) == 3  # the history so far comes back
    saved = nn.load(path)
    assert saved["epoch"] == int(np.argmin(hist["val_loss"])) + 1
    # Ctrl-C in the middle of an epoch: the finished epochs come back
    calls = []

    def loss_fn(out, target):
        calls.append(1)
        if len(calls) == 2 * len(train) + 3:
            raise KeyboardInterrupt
        return nn.functional.cross_entropy(out, target)

    hist = nn.fit(model, loss_fn, optim.SGD(model.parameters(), lr=0.1), train, epochs=10, progress=True)
    assert hist["loss"] and len(hist["loss"]) == 2 and hist.epoch == [1, 2]


def test_progress_bar(capsys):
    model, train, _ = _setup()
    nn.fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), train, epochs=1, progress=True)
    err = capsys.readouterr().err
    assert "epoch 1/1" in err and "loss" in err
    nn.fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), train, epochs=1, progress=False)
    assert capsys.readouterr().err == ""


def test_bad_arguments():
    model, train, _ = _setup()
    opt = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="unknown metric"):
        nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=1, metrics=["auc"], progress=False)
    with pytest.raises(ValueError, match="epochs"):
        nn.fit(model, nn.CrossEntropyLoss(), opt, train, epochs=-1, progress=False)
    with pytest.raises(ValueError, match="mode"):
        nn.EarlyStopping(mode="up")
