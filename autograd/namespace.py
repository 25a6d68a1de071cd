"""The function forms of Tensor methods, as ``torch.*`` has them: ``autograd.exp(x)``,
``autograd.mean(x, dim=0)``, ``autograd.clamp(x, 0, 1)``.

Each is ``input.<method>(...)`` with the same arguments (a number, list or array given
as ``input`` becomes a Tensor first); see the Tensor method for what it does. The few
whose function form differs from the method are written out: ``max`` / ``min`` with a
second tensor are ``maximum`` / ``minimum``, as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd.ops import arranging as _arr
from autograd.ops import products as _prod
from autograd.tensor import Tensor, as_tensor


def _method(name: str) -> Callable[..., Any]:
    def function(input: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: A002
        t = input if isinstance(input, Tensor) else as_tensor(input, where=name)
        return getattr(t, name)(*args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``{name}(input, ...)`` is ``input.{name}(...)``: see :meth:`autograd.Tensor.{name}`."
    return function


def max(input: Any, *args: Any, **kwargs: Any) -> Tensor:  # noqa: A001, A002
    """``max(x)``, ``max(x, dim)`` (as ``x.max``), or ``max(x, other)``: the elementwise
    ``maximum`` when ``other`` is a Tensor, as in PyTorch."""
    if args and isinstance(args[0], Tensor):
        return _method("maximum")(input, *args, **kwargs)  # type: ignore[no-any-return]
    return _method("max")(input, *args, **kwargs)  # type: ignore[no-any-return]


def min(input: Any, *args: Any, **kwargs: Any) -> Tensor:  # noqa: A001, A002
    """``min(x)``, ``min(x, dim)`` or ``min(x, other)`` (elementwise ``minimum``)."""
    if args and isinstance(args[0], Tensor):
        return _method("minimum")(input, *args, **kwargs)  # type: ignore[no-any-return]
    return _method("min")(input, *args, **kwargs)  # type: ignore[no-any-return]


# elementwise
abs: Callable[..., Tensor] = _method("abs")  # noqa: A001
absolute = abs
acos: Callable[..., Tensor] = _method("acos")
acosh: Callable[..., Tensor] = _method("acosh")
add: Callable[..., Tensor] = _method("add")
asin: Callable[..., Tensor] = _method("asin")
asinh: Callable[..., Tensor] = _method("asinh")
atan: Callable[..., Tensor] = _method("atan")
atan2: Callable[..., Tensor] = _method("atan2")
atanh: Callable[..., Tensor] = _method("atanh")
arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh = acos, acosh, asin, asinh, atan, atan2, atanh
ceil: Callable[..., Tensor] = _method("ceil")
clamp: Callable[..., Tensor] = _method("clamp")
clip = clamp
cos: Callable[..., Tensor] = _method("cos")
cosh: Callable[..., Tensor] = _method("cosh")
div: Callable[..., Tensor] = _method("div")
divide = div
erf: Callable[..., Tensor] = _method("erf")
erfc: Callable[..., Tensor] = _method("erfc")
erfinv: Callable[..., Tensor] = _method("erfinv")
exp: Callable[..., Tensor] = _method("exp")
exp2: Callable[..., Tensor] = _method("exp2")
expm1: Callable[..., Tensor] = _method("expm1")
fix: Callable[..., Tensor] = _method("trunc")
floor: Callable[..., Tensor] = _method("floor")
isfinite: Callable[..., Tensor] = _method("isfinite")
isinf: Callable[..., Tensor] = _method("isinf")
isnan: Callable[..., Tensor] = _method("isnan")
lerp: Callable[..., Tensor] = _method("lerp")
log: Callable[..., Tensor] = _method("log")
log10: Callable[..., Tensor] = _method("log10")
log1p: Callable[..., Tensor] = _method("log1p")
log2: Callable[..., Tensor] = _method("log2")
logit: Callable[..., Tensor] = _method("logit")
mul: Callable[..., Tensor] = _method("mul")
multiply = mul
nan_to_num: Callable[..., Tensor] = _method("nan_to_num")
neg: Callable[..., Tensor] = _method("neg")
negative = neg
pow: Callable[..., Tensor] = _method("pow")  # noqa: A001
reciprocal: Callable[..., Tensor] = _method("reciprocal")
relu: Callable[..., Tensor] = _method("relu")
round: Callable[..., Tensor] = _method("round")  # noqa: A001
rsqrt: Callable[..., Tensor] = _method("rsqrt")
sigmoid: Callable[..., Tensor] = _method("sigmoid")
sign: Callable[..., Tensor] = _method("sign")
sin: Callable[..., Tensor] = _method("sin")
sinh: Callable[..., Tensor] = _method("sinh")
sqrt: Callable[..., Tensor] = _method("sqrt")
square: Callable[..., Tensor] = _method("square")
sub: Callable[..., Tensor] = _method("sub")
subtract = sub
tan: Callable[..., Tensor] = _method("tan")
tanh: Callable[..., Tensor] = _method("tanh")
true_divide: Callable[..., Tensor] = _method("true_divide")
trunc: Callable[..., Tensor] = _method("trunc")

# reductions
all: Callable[..., Tensor] = _method("all")  # noqa: A001
amax: Callable[..., Tensor] = _method("amax")
amin: Callable[..., Tensor] = _method("amin")
any: Callable[..., Tensor] = _method("any")  # noqa: A001
argsort: Callable[..., Tensor] = _method("argsort")
cumprod: Callable[..., Tensor] = _method("cumprod")
cumsum: Callable[..., Tensor] = _method("cumsum")
kthvalue: Callable[..., Any] = _method("kthvalue")
log_softmax: Callable[..., Tensor] = _method("log_softmax")
logcumsumexp: Callable[..., Tensor] = _method("logcumsumexp")
logsumexp: Callable[..., Tensor] = _method("logsumexp")
median: Callable[..., Any] = _method("median")
prod: Callable[..., Tensor] = _method("prod")
softmax: Callable[..., Tensor] = _method("softmax")
sort: Callable[..., Any] = _method("sort")
std_mean: Callable[..., Any] = _method("std_mean")
topk: Callable[..., Any] = _method("topk")
var_mean: Callable[..., Any] = _method("var_mean")
argmax: Callable[..., Tensor] = _method("argmax")
argmin: Callable[..., Tensor] = _method("argmin")
mean: Callable[..., Tensor] = _method("mean")
std: Callable[..., Tensor] = _method("std")
sum: Callable[..., Tensor] = _method("sum")  # noqa: A001
var: Callable[..., Tensor] = _method("var")

# two-input functions and comparisons
addcdiv: Callable[..., Tensor] = _method("addcdiv")
addcmul: Callable[..., Tensor] = _method("addcmul")
allclose: Callable[..., bool] = _method("allclose")
eq: Callable[..., Tensor] = _method("eq")
equal: Callable[..., bool] = _method("equal")
floor_divide: Callable[..., Tensor] = _method("floor_divide")
fmod: Callable[..., Tensor] = _method("fmod")
frac: Callable[..., Tensor] = _method("frac")
ge: Callable[..., Tensor] = _method("ge")
gt: Callable[..., Tensor] = _method("gt")
hypot: Callable[..., Tensor] = _method("hypot")
isclose: Callable[..., Tensor] = _method("isclose")
le: Callable[..., Tensor] = _method("le")
logaddexp: Callable[..., Tensor] = _method("logaddexp")
lt: Callable[..., Tensor] = _method("lt")
ne: Callable[..., Tensor] = _method("ne")
remainder: Callable[..., Tensor] = _method("remainder")
xlogy: Callable[..., Tensor] = _method("xlogy")
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne

clamp_max: Callable[..., Tensor] = _method("clamp_max")
clamp_min: Callable[..., Tensor] = _method("clamp_min")
count_nonzero: Callable[..., Tensor] = _method("count_nonzero")
deg2rad: Callable[..., Tensor] = _method("deg2rad")
diff: Callable[..., Tensor] = _method("diff")
logical_and: Callable[..., Tensor] = _method("logical_and")
logical_not: Callable[..., Tensor] = _method("logical_not")
logical_or: Callable[..., Tensor] = _method("logical_or")
logical_xor: Callable[..., Tensor] = _method("logical_xor")
nanmean: Callable[..., Tensor] = _method("nanmean")
nansum: Callable[..., Tensor] = _method("nansum")
positive: Callable[..., Tensor] = _method("positive")
rad2deg: Callable[..., Tensor] = _method("rad2deg")
sgn: Callable[..., Tensor] = _method("sgn")

# in place (as torch.fill_(x, v))
clamp_: Callable[..., Tensor] = _method("clamp_")
fill_: Callable[..., Tensor] = _method("fill_")
zero_: Callable[..., Tensor] = _method("zero_")

# linear algebra
addmm = _prod.addmm
addmv = _prod.addmv
mv = _prod.mv
baddbmm = _prod.baddbmm
bmm = _prod.bmm
det: Callable[..., Tensor] = _method("det")
diag = _prod.diag
diag_embed = _prod.diag_embed
diagonal = _prod.diagonal
dot = _prod.dot
einsum = _prod.einsum
inner = _prod.inner
inverse: Callable[..., Tensor] = _method("inverse")
kron = _prod.kron
logdet: Callable[..., Tensor] = _method("logdet")
mm = _prod.mm
norm: Callable[..., Tensor] = _method("norm")
outer = _prod.outer
slogdet: Callable[..., Any] = _method("slogdet")
tensordot = _prod.tensordot
trace = _prod.trace
tril = _prod.tril
triu = _prod.triu
vdot = _prod.vdot

# shapes and indexing
argwhere: Callable[..., Tensor] = _method("argwhere")
cartesian_prod = _arr.cartesian_prod
fliplr: Callable[..., Tensor] = _method("fliplr")
flipud: Callable[..., Tensor] = _method("flipud")
hstack = _arr.hstack
index_add: Callable[..., Tensor] = _method("index_add")
index_copy: Callable[..., Tensor] = _method("index_copy")
index_fill: Callable[..., Tensor] = _method("index_fill")
masked_scatter: Callable[..., Tensor] = _method("masked_scatter")
ravel: Callable[..., Tensor] = _method("ravel")
select: Callable[..., Tensor] = _method("select")
take: Callable[..., Tensor] = _method("take")
vstack = _arr.vstack
masked_select: Callable[..., Tensor] = _method("masked_select")
meshgrid = _arr.meshgrid
movedim: Callable[..., Tensor] = _method("movedim")
moveaxis = movedim
narrow: Callable[..., Tensor] = _method("narrow")
nonzero: Callable[..., Any] = _method("nonzero")
repeat_interleave: Callable[..., Tensor] = _method("repeat_interleave")
roll: Callable[..., Tensor] = _method("roll")
scatter: Callable[..., Tensor] = _method("scatter")
scatter_reduce: Callable[..., Tensor] = _method("scatter_reduce")
tile: Callable[..., Tensor] = _method("tile")
unbind: Callable[..., Any] = _method("unbind")
unflatten: Callable[..., Tensor] = _method("unflatten")
unique: Callable[..., Any] = _method("unique")
gather: Callable[..., Tensor] = _method("gather")
index_select: Callable[..., Tensor] = _method("index_select")
masked_fill: Callable[..., Tensor] = _method("masked_fill")
scatter_add: Callable[..., Tensor] = _method("scatter_add")
t: Callable[..., Tensor] = _method("t")
take_along_dim: Callable[..., Tensor] = _method("take_along_dim")
broadcast_to: Callable[..., Tensor] = _method("broadcast_to")
clone: Callable[..., Tensor] = _method("clone")
detach: Callable[..., Tensor] = _method("detach")
flatten: Callable[..., Tensor] = _method("flatten")
numel: Callable[..., int] = _method("numel")
permute: Callable[..., Tensor] = _method("permute")
reshape: Callable[..., Tensor] = _method("reshape")
squeeze: Callable[..., Tensor] = _method("squeeze")
swapaxes: Callable[..., Tensor] = _method("swapaxes")
swapdims = swapaxes
transpose: Callable[..., Tensor] = _method("transpose")
unsqueeze: Callable[..., Tensor] = _method("unsqueeze")

# (the names that would shadow Python's builtins stay out of __all__, so that
# ``from autograd import *`` leaves max, sum, round, ... alone; autograd.max is there)
BUILTIN_NAMES = ("abs", "all", "any", "max", "min", "pow", "round", "sum")
__all__ = [name for name in dir() if not name.startswith("_") and name not in (
    "annotations", "Any", "Callable", "Tensor", "as_tensor", "BUILTIN_NAMES", *BUILTIN_NAMES)]
