"""Layers, one family a file, each a ``Module`` whose ``forward`` calls one
``nn.functional`` op, with PyTorch's constructor arguments, parameter names and
default initialization."""
