"""Neural networks on ``autograd``: modules, losses, optimizers and toy data.

Scalar side (``Value``), micrograd's API::

    from autograd import Value
    from nn import MLP, Neuron, Layer

    model = MLP(2, [16, 16, 1])          # ReLU hidden layers, linear output
    score = model([Value(0.5), 1.0])     # a Value (one output neuron)

``nn.Module`` finds parameters from attributes (Values, Tensors that require grad,
modules and lists of them), so it serves Tensor modules too.
"""

from nn import datasets, functional, init, losses_scalar, optim, utils
from nn.containers import ModuleDict, ModuleList, Sequential
from nn.datasets import make_moons, signed_labels
from nn.layers.activation import GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus, Tanh
from nn.layers.conv import Conv1d, Conv2d, ConvTranspose2d
from nn.layers.dropout import Dropout
from nn.layers.embedding import Embedding
from nn.layers.flatten import Flatten, Unflatten
from nn.layers.linear import Identity, Linear
from nn.layers.normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from nn.layers.pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from nn.module import Module, Parameter
from nn.optim import SGD
from nn.scalar import MLP, Layer, Neuron, accuracy, manual_seed, max_margin_loss, train_max_margin

__all__ = [
    "AdaptiveAvgPool2d",
    "AvgPool2d",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv1d",
    "Conv2d",
    "ConvTranspose2d",
    "Dropout",
    "Embedding",
    "Flatten",
    "GELU",
    "Identity",
    "Layer",
    "LayerNorm",
    "LeakyReLU",
    "Linear",
    "LogSoftmax",
    "MLP",
    "MaxPool2d",
    "Module",
    "ModuleDict",
    "ModuleList",
    "Neuron",
    "Parameter",
    "ReLU",
    "SGD",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Softplus",
    "Tanh",
    "Unflatten",
    "accuracy",
    "datasets",
    "functional",
    "init",
    "losses_scalar",
    "make_moons",
    "manual_seed",
    "max_margin_loss",
    "optim",
    "signed_labels",
    "train_max_margin",
    "utils",
]
