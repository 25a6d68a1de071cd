"""Neural networks on ``autograd``: modules, losses, optimizers and toy data.

Scalar side (``Value``), micrograd's API::

    from autograd import Value
    from nn import MLP, Neuron, Layer

    model = MLP(2, [16, 16, 1])          # ReLU hidden layers, linear output
    score = model([Value(0.5), 1.0])     # a Value (one output neuron)

Tensor side, PyTorch's API::

    import nn
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    loss = nn.CrossEntropyLoss()(model(x), y)
    nn.save(model.state_dict(), "model.safetensors")   # loads in PyTorch too

``nn.Module`` registers ``nn.Parameter``s, submodules and buffers as PyTorch does, and
still finds micrograd-style parameters (Values, Tensors that require grad, modules and
lists of them) in plain attributes, so one base serves both sides.
"""

from nn import data, datasets, functional, init, losses_scalar, metrics, optim, utils
from nn.containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from nn.datasets import make_moons, signed_labels
from nn.layers.activation import (
    ELU,
    GELU,
    SELU,
    Hardtanh,
    LeakyReLU,
    LogSigmoid,
    LogSoftmax,
    Mish,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Softmin,
    Softplus,
    Softsign,
    Tanh,
)
from nn.layers.conv import Conv1d, Conv2d, ConvTranspose2d
from nn.layers.distance import CosineSimilarity, PairwiseDistance
from nn.layers.dropout import Dropout, Dropout1d, Dropout2d
from nn.layers.embedding import Embedding
from nn.layers.flatten import Flatten, Unflatten
from nn.layers.linear import Identity, Linear
from nn.layers.normalization import BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm
from nn.layers.pooling import AdaptiveAvgPool2d, AvgPool1d, AvgPool2d, MaxPool1d, MaxPool2d
from nn.layers.recurrent import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from nn.layers.upsample import Upsample
from nn.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from nn.module import Module, Parameter
from nn.optim import SGD
from nn.scalar import MLP, Layer, Neuron, accuracy, manual_seed, max_margin_loss, train_max_margin
from nn.serialization import load, save
from nn.training import EarlyStopping, History, ModelCheckpoint, evaluate, fit

__all__ = [
    "AdaptiveAvgPool2d",
    "AvgPool1d",
    "AvgPool2d",
    "BCELoss",
    "BCEWithLogitsLoss",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv1d",
    "Conv2d",
    "ConvTranspose2d",
    "CosineSimilarity",
    "CrossEntropyLoss",
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "ELU",
    "EarlyStopping",
    "Embedding",
    "Flatten",
    "GELU",
    "GRU",
    "GRUCell",
    "GroupNorm",
    "Hardtanh",
    "History",
    "HuberLoss",
    "Identity",
    "KLDivLoss",
    "L1Loss",
    "LSTM",
    "LSTMCell",
    "Layer",
    "LayerNorm",
    "LeakyReLU",
    "Linear",
    "LogSigmoid",
    "LogSoftmax",
    "MLP",
    "MSELoss",
    "MaxPool1d",
    "MaxPool2d",
    "Mish",
    "ModelCheckpoint",
    "Module",
    "ModuleDict",
    "ModuleList",
    "NLLLoss",
    "Neuron",
    "PairwiseDistance",
    "Parameter",
    "ParameterDict",
    "ParameterList",
    "RNN",
    "RNNCell",
    "ReLU",
    "ReLU6",
    "SELU",
    "SGD",
    "Sequential",
    "SiLU",
    "Sigmoid",
    "SmoothL1Loss",
    "Softmax",
    "Softmin",
    "Softplus",
    "Softsign",
    "Tanh",
    "Unflatten",
    "Upsample",
    "accuracy",
    "data",
    "datasets",
    "evaluate",
    "fit",
    "functional",
    "init",
    "load",
    "losses_scalar",
    "make_moons",
    "manual_seed",
    "max_margin_loss",
    "metrics",
    "optim",
    "save",
    "signed_labels",
    "train_max_margin",
    "utils",
]
