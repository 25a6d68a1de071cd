from autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from autograd.value import Value
from autograd.tensor import Tensor, get_default_dtype, set_default_dtype
