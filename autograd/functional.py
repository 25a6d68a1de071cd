"""Function transforms, JAX-style: ``grad``, ``value_and_grad``, ``vjp``, ``jacobian``,
``hessian`` and ``hvp``, for functions of Tensors.

Each takes a Python function of Tensors and differentiates it. Arguments may be
Tensors, numpy arrays or numbers; those being differentiated become floating-point
Tensors that require grad (integer data becomes the default float dtype)::

    from autograd import functional as F

    f = lambda x: (x ** 3).sum()
    F.grad(f)(np.array([1.0, 2.0]))          # 3 x^2  -> [3, 12]
    F.grad(F.grad(f))(np.array(2.0))         # 6 x    -> 12 (0-d x)
    F.hessian(f)(np.array([1.0, 2.0]))       # diag(6 x)

Each differentiated argument is a fresh alias inside ``f``: a new leaf for data
that does not require grad, a differentiable copy (``clone``) of a Tensor that does.
The derivative is taken with respect to that alias only, so other uses of the same
tensor (captured by ``f``, passed as another argument, or an enclosing transform's
variable) are held constant, as in JAX and ``torch.func``::

    w = Tensor(3.0, requires_grad=True)
    F.grad(lambda y: w * y)(w)                                  # d(w y)/dy = w = 3
    F.grad(lambda x: F.grad(lambda y: x * y)(x))(np.array(3.0))   # d/dx x = 1

Transforms compose because each records the graph of its own backward pass
(``create_graph=True``) whenever its result may be differentiated again: when grad
mode is on and ``f``'s output depends on some tensor that requires grad other than
the transform's own aliases: an argument that requires grad (what an enclosing
transform passes in), a tensor ``f`` captures from an enclosing transform, or a
model parameter. So ``d/dx [x * d/dy (x y^2)]|_{y=1} = d/dx 2 x^2 = 4 x`` whether
``x`` is passed in or captured. Otherwise the results are plain Tensors. ``f`` itself
always runs with grad mode on, so the transforms work inside ``no_grad()`` too.

Where an output does not depend on an input, its derivative is zeros (never None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Union

import numpy as np

from autograd.engine import topological_order
from autograd.grad_api import grad as _grad
from autograd.grad_mode import enable_grad, is_grad_enabled
from autograd.ops.base import new_tensor
from autograd.ops.shape import stack
from autograd.tensor import Tensor, get_default_dtype

ArgNums = Union[int, Sequence[int]]


# ------------------------------------------------------------------- helpers
def _float_array(x: Any, where: str) -> np.ndarray:
    arr = x.data if isinstance(x, Tensor) else np.asarray(x)
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "biu":
        return arr.astype(get_default_dtype())
    raise TypeError(f"{where}: expected a Tensor, array or number, got {type(x).__name__} of dtype {arr.dtype}")


def _leaf(x: Any, grad_on: bool, where: str) -> Tensor:
    """A fresh alias of ``x`` to differentiate with respect to: ``x.clone()`` (d alias /
    d x = I) for a Tensor that requires grad, with grad mode on, so an enclosing
    transform's graph stays connected; otherwise a new leaf that requires grad. Never
    ``x`` itself, so only the uses of the alias count toward the derivative."""
    if grad_on and isinstance(x, Tensor) and x.requires_grad:
        return x.clone()
    return Tensor(_float_array(x, where), requires_grad=True)


def _argnums(argnums: ArgNums, n_args: int, where: str) -> tuple[int, ...]:
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    for i in nums:
        if not isinstance(i, int) or not -n_args <= i < n_args:
            raise ValueError(
                f"{where}: argnums {argnums!r} is out of range for a function called with {n_args} arguments"
            )
    resolved = tuple(i % n_args for i in nums)
    repeated = sorted({i for i in resolved if resolved.count(i) > 1})
    if repeated:
        raise ValueError(f"{where}: argnums {argnums!r} names argument(s) {repeated} more than once")
    return resolved


def _differentiable(grad_on: bool, outs: Sequence[Tensor], aliases: Sequence[Tensor]) -> bool:
    """Whether results must keep a graph: grad mode was on when the transform was
    called and ``outs`` depend on a tensor that requires grad other than the
    transform's own ``aliases``.

    Such a tensor is a leaf of the graph of ``outs`` that requires grad. The walk
    goes through a cloned alias to the argument it copies, so an argument that
    requires grad counts, and so do a tensor ``f`` captures from an enclosing
    transform and a model parameter; the aliases of finished inner transforms no
    longer require grad (see ``_aliased``), so they do not.
    """
    if not grad_on:
        return False
    own = {id(x) for x in aliases}
    roots: list[Any] = [o for o in outs if o.requires_grad]
    return any(
        node.requires_grad and isinstance(node, Tensor) and node.is_leaf and id(node) not in own
        for node in topological_order(roots)
    )


@contextmanager
def _aliased(args: Sequence[Any], nums: tuple[int, ...], grad_on: bool, where: str,
             retire: bool = True) -> Iterator[tuple[list[Any], list[Tensor]]]:
    """The arguments with those at ``nums`` replaced by fresh aliases (see ``_leaf``),
    and the aliases. On exit the new-leaf ones stop requiring grad (``retire``): they
    stay in the graphs of the transform's results, but nothing differentiates with
    respect to them again, so they must not make an enclosing transform keep a graph."""
    call_args = list(args)
    for i in nums:
        call_args[i] = _leaf(args[i], grad_on, where)
    xs = [call_args[i] for i in nums]
    try:
        yield call_args, xs
    finally:
        if retire:
            for x in xs:
                if x.is_leaf:
                    x.requires_grad = False


def _output(out: Any, where: str) -> Tensor:
    if not isinstance(out, Tensor):
        raise TypeError(f"{where}: the function must return a Tensor, got {type(out).__name__}")
    return out


def _scalar_output(out: Any, where: str) -> Tensor:
    out = _output(out, where)
    if out.data.size != 1:
        raise ValueError(f"{where}: the function must return a one-element Tensor, got shape {out.shape} "
                         "(use jacobian or vjp for other outputs)")
    return out


def _zeros(x: Tensor) -> Tensor:
    return new_tensor(np.zeros_like(x.data))


def _gradients(outs: Sequence[Tensor], inputs: Sequence[Tensor], seeds: Sequence[Any], create_graph: bool,
               retain_graph: bool) -> list[Tensor]:
    """sum_k d(outs[k] . seeds[k])/d(input) per input; zeros where there is no path."""
    pairs = [(o, s) for o, s in zip(outs, seeds) if o.requires_grad]
    if not pairs:
        return [_zeros(x) for x in inputs]
    found = _grad([o for o, _ in pairs], list(inputs), grad_outputs=[s for _, s in pairs],
                  retain_graph=retain_graph, create_graph=create_graph, allow_unused=True)
    return [_zeros(x) if g is None else g for x, g in zip(inputs, found)]


def _pick(results: Sequence[Any], argnums: ArgNums) -> Any:
    """One result for an int ``argnums``, a tuple for a sequence."""
    return results[0] if isinstance(argnums, int) else tuple(results)


# ---------------------------------------------------------------- transforms
def value_and_grad(f: Callable[..., Tensor], argnums: ArgNums = 0) -> Callable[..., tuple[Tensor, Any]]:
    """A function returning ``(f(*args), df/d args[argnums])`` for a one-element ``f``.

    The gradient has the shape of its argument; with a sequence ``argnums`` it is a
    tuple of gradients.
    """

    def value_and_grad_f(*args: Any) -> tuple[Tensor, Any]:
        where = f"value_and_grad({getattr(f, '__name__', 'f')})"
        nums = _argnums(argnums, len(args), where)
        grad_on = is_grad_enabled()
        with _aliased(args, nums, grad_on, where) as (call_args, xs), enable_grad():
            out = _scalar_output(f(*call_args), where)
            differentiable = _differentiable(grad_on, [out], xs)
            grads = _gradients([out], xs, [None], create_graph=differentiable, retain_graph=differentiable)
        value = out if differentiable else out.detach()
        return value, _pick(grads, argnums)

    return value_and_grad_f


def grad(f: Callable[..., Tensor], argnums: ArgNums = 0) -> Callable[..., Any]:
    """A function returning df/d args[argnums] for a function ``f`` with a one-element
    result; ``grad(grad(f))`` is the second derivative of a scalar function.

    >>> grad(lambda x: x ** 3)(Tensor(2.0))    # 3 x^2
    tensor(12.)
    """

    def grad_f(*args: Any) -> Any:
        return value_and_grad(f, argnums)(*args)[1]

    return grad_f


def _shaped_like(values: Sequence[Any], refs: Sequence[Tensor], kind: str, ref_kind: str, where: str) -> list[Tensor]:
    """``values`` as float Tensors, each of its reference's shape (else a ValueError)."""
    out = []
    for k, (v, r) in enumerate(zip(values, refs)):
        v = v if isinstance(v, Tensor) else Tensor(_float_array(v, where))
        if v.shape != r.shape:
            raise ValueError(f"{where}: {kind} {k} has shape {v.shape} but {ref_kind} {k} has shape {r.shape}")
        out.append(v)
    return out


def vjp(f: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[..., tuple[Tensor, ...]]]:
    """``(f(*primals), vjp_fn)``, where ``vjp_fn(cotangent)`` returns, for each primal,
    the vector-Jacobian product ``cotangent . d f / d primal`` (the primal's shape).

    ``f`` returns a Tensor (or a tuple of Tensors, then the cotangent is a tuple of the
    same shapes). ``vjp_fn`` may be called any number of times.
    """
    where = f"vjp({getattr(f, '__name__', 'f')})"
    grad_on = is_grad_enabled()
    # (vjp_fn differentiates with respect to the aliases later: they stay as they are)
    with _aliased(primals, tuple(range(len(primals))), grad_on, where, retire=False) as (call_args, xs):
        with enable_grad():
            result = f(*call_args)
        many = isinstance(result, tuple)
        outs = [_output(o, where) for o in (result if many else (result,))]
        differentiable = _differentiable(grad_on, outs, xs)

    def vjp_fn(cotangent: Any) -> tuple[Tensor, ...]:
        cots = list(cotangent) if many else [cotangent]
        if len(cots) != len(outs):
            raise ValueError(f"{where}: got {len(cots)} cotangents for {len(outs)} outputs")
        seeds = _shaped_like(cots, outs, "cotangent", "output", where)
        create_graph = differentiable or any(c.requires_grad for c in seeds)
        with enable_grad():
            return tuple(_gradients(outs, xs, seeds, create_graph=create_graph, retain_graph=True))

    value = result if differentiable else (tuple(o.detach() for o in outs) if many else outs[0].detach())
    return value, vjp_fn


def _jacobian_of(out: Tensor, xs: Sequence[Tensor], create_graph: bool) -> list[Tensor]:
    """d out / d x for each x, of shape out.shape + x.shape, one backward pass per
    element of ``out``."""
    n = out.data.size
    if n == 0 or not out.requires_grad:
        return [new_tensor(np.zeros(out.shape + x.shape, dtype=x.dtype)) for x in xs]
    rows: list[list[Tensor]] = [[] for _ in xs]
    for k in range(n):
        seed = np.zeros(n, dtype=out.dtype)
        seed[k] = 1
        grads = _gradients([out], xs, [seed.reshape(out.shape)], create_graph=create_graph, retain_graph=True)
        for per_input, g in zip(rows, grads):
            per_input.append(g)
    result = []
    for x, per_input in zip(xs, rows):
        if create_graph:
            jac = stack(per_input).reshape(out.shape + x.shape)
        else:
            jac = new_tensor(np.stack([g.data for g in per_input]).reshape(out.shape + x.shape))
        result.append(jac)
    return result


def jacobian(f: Callable[..., Any], argnums: ArgNums = 0) -> Callable[..., Any]:
    """A function returning the Jacobian of ``f`` at its arguments: for an output of
    shape ``S`` and an argument of shape ``T``, J has shape ``S + T`` with
    ``J[s + t] = d out[s] / d x[t]``.

    With a sequence ``argnums`` the result is a tuple over those arguments; when ``f``
    returns a tuple of Tensors, a tuple over the outputs (of such results).
    """

    def jacobian_f(*args: Any) -> Any:
        where = f"jacobian({getattr(f, '__name__', 'f')})"
        nums = _argnums(argnums, len(args), where)
        grad_on = is_grad_enabled()
        with _aliased(args, nums, grad_on, where) as (call_args, xs), enable_grad():
            result = f(*call_args)
            many = isinstance(result, tuple)
            outs = [_output(o, where) for o in (result if many else (result,))]
            differentiable = _differentiable(grad_on, outs, xs)
            jacs = [_pick(_jacobian_of(o, xs, differentiable), argnums) for o in outs]
        return tuple(jacs) if many else jacs[0]

    return jacobian_f


def hessian(f: Callable[..., Tensor], argnums: ArgNums = 0) -> Callable[..., Any]:
    """A function returning the matrix of second derivatives of a one-element ``f``:
    for an argument of shape ``T``, H has shape ``T + T`` with
    ``H[s + t] = d^2 f / d x[s] d x[t]`` (the Jacobian of the gradient).

    With a sequence ``argnums``, ``H[i][j]`` is the block d^2 f / d args[i] d args[j].
    """
    return jacobian(grad(f, argnums), argnums)


def hvp(f: Callable[..., Tensor], primals: Any, tangents: Any) -> Any:
    """The Hessian-vector product ``H v`` of a one-element ``f`` at ``primals``, by
    double backward (without forming H): ``H v = d/dx (grad f(x) . v)``.

    ``primals`` and ``tangents`` are tuples of matching shapes (one per argument of
    ``f``), and the result is a tuple; a single Tensor or array for each gives a
    single result.
    """
    where = f"hvp({getattr(f, '__name__', 'f')})"
    single = not isinstance(primals, (tuple, list))
    primal_list = [primals] if single else list(primals)
    tangent_list = [tangents] if single else (list(tangents) if isinstance(tangents, (tuple, list)) else [tangents])
    if len(tangent_list) != len(primal_list):
        raise ValueError(f"{where}: got {len(tangent_list)} tangents for {len(primal_list)} primals")
    grad_on = is_grad_enabled()
    with _aliased(primal_list, tuple(range(len(primal_list))), grad_on, where) as (call_args, xs), enable_grad():
        vs = _shaped_like(tangent_list, xs, "tangent", "primal", where)
        out = _scalar_output(f(*call_args), where)
        differentiable = _differentiable(grad_on, [out], xs) or (grad_on and any(v.requires_grad for v in vs))
        first = _gradients([out], xs, [None], create_graph=True, retain_graph=True)
        result = _gradients(first, xs, vs, create_graph=differentiable, retain_graph=differentiable)
    return result[0] if single else tuple(result)
