"""Neural networks on ``autograd``: modules, losses, optimizers and toy data.

Scalar side (``Value``), micrograd's API::

    from autograd import Value
    from nn import MLP, Neuron, Layer

    model = MLP(2, [16, 16, 1])          # ReLU hidden layers, linear output
    score = model([Value(0.5), 1.0])     # a Value (one output neuron)

``nn.Module`` finds parameters from attributes (Values, Tensors that require grad,
modules and lists of them), so it serves Tensor modules too.
"""

from nn import datasets, functional, losses_scalar, optim
from nn.datasets import make_moons, signed_labels
from nn.module import Module
from nn.optim import SGD
from nn.scalar import MLP, Layer, Neuron, accuracy, manual_seed, max_margin_loss, train_max_margin

__all__ = [
    "MLP",
    "SGD",
    "Layer",
    "Module",
    "Neuron",
    "accuracy",
    "datasets",
    "functional",
    "losses_scalar",
    "make_moons",
    "manual_seed",
    "max_margin_loss",
    "optim",
    "signed_labels",
    "train_max_margin",
]
