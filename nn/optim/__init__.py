"""Optimizers and learning-rate schedulers, as ``torch.optim``.

``SGD``, ``Adagrad``, ``Adadelta``, ``RMSprop``, ``Adam``, ``AdamW``, ``Adamax`` and
``NAdam`` follow PyTorch's update rules (its single-tensor, ``foreach=False`` code,
operation for operation), argument names and defaults, with parameter groups and
PyTorch-format state dicts; they update ``Value`` and ``Tensor`` parameters alike. ``nn.optim.lr_scheduler`` holds the
schedulers.
"""

from nn.optim import lr_scheduler
from nn.optim.adadelta import Adadelta
from nn.optim.adagrad import Adagrad
from nn.optim.adam import Adam, AdamW
from nn.optim.adamax import Adamax
from nn.optim.nadam import NAdam
from nn.optim.optimizer import Optimizer
from nn.optim.rmsprop import RMSprop
from nn.optim.sgd import SGD

__all__ = ["SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "NAdam", "Optimizer", "RMSprop", "lr_scheduler"]
