"""Tensor operations, each forward beside its derivative (see ``base``)."""
