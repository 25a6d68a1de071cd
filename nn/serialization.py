"""``nn.save`` and ``nn.load``: state dicts and checkpoints in the safetensors format.

A flat state dict is written as one safetensors tensor per key, so PyTorch reads it
directly::

    nn.save(model.state_dict(), "model.safetensors")
    torch_model.load_state_dict(safetensors.torch.load_file("model.safetensors"))

and a file written by ``safetensors.torch.save_file(torch_model.state_dict(), ...)``
loads here with ``model.load_state_dict(nn.load(path))``. Values are stored bit for bit.

A nested checkpoint (``{"model": ..., "optimizer": ..., "epoch": 3}``: dicts with str
or int keys, lists, tuples, Tensors, numpy arrays and scalars, Python numbers,
strings, booleans and None) is stored as safetensors tensors (named by their dotted
path, ``model.0.weight``) plus a JSON description of the structure in the file's
metadata; ``nn.load`` gives the same structure back (ints stay ints, floats are exact,
tuples stay tuples, Tensors come back as Tensors and arrays as arrays).

``nn.load`` reads only safetensors: a pickle (``torch.save``'s format), an ``.npz`` or
a truncated file raises ``ValueError``; nothing is ever unpickled or executed.
"""

from __future__ import annotations

import json
import os
import struct
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import numpy as np

from autograd.tensor import Tensor

__all__ = ["load", "save"]

_STRUCTURE = "autograd.structure"  # the metadata key holding the JSON structure
_MAX_HEADER = 100_000_000  # safetensors' own limit on the JSON header


def _encode(obj: Any, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """The JSON description of ``obj``; its arrays go into ``arrays`` under dotted names."""
    root: dict[str, Any] = {}
    stack: list[tuple[Any, dict[str, Any], str]] = [(obj, root, "")]
    open_containers: set[int] = set()
    while stack:
        value, node, path = stack.pop()
        where = path or "the top level"
        if isinstance(value, (Tensor, np.ndarray, np.generic)):
            arr = value.data if isinstance(value, Tensor) else np.asarray(value)
            if arr.dtype.kind not in "biuf":
                raise TypeError(f"nn.save: cannot store an array of dtype {arr.dtype} (at {where})")
            key = path or "tensor"
            while key in arrays:  # a dict key holding dots can meet a nested path
                key += "_"
            arrays[key] = arr if arr.flags.c_contiguous else arr.copy(order="C")  # (ascontiguousarray makes 0-d 1-d)
            kind = "tensor" if isinstance(value, Tensor) else "array" if isinstance(value, np.ndarray) else "scalar"
            node.update(t=kind, k=key)
        elif value is None or isinstance(value, (bool, int, float, str)):
            node.update(t="value", v=value)
        elif isinstance(value, (Mapping, list, tuple)):
            if id(value) in open_containers:
                raise ValueError(f"nn.save: the same container appears twice (at {where}); "
                                 "a checkpoint must be a tree")
            open_containers.add(id(value))
            items: list[Any] = []
            base = f"{path}." if path else ""
            if isinstance(value, Mapping):
                node.update(t="dict", v=items)
                for k, v in value.items():
                    if isinstance(k, bool) or not isinstance(k, (str, int)):
                        raise TypeError(f"nn.save: dict keys must be str or int, got {type(k).__name__} {k!r} "
                                        f"(at {where})")
                    child: dict[str, Any] = {}
                    items.append([k, child])
                    stack.append((v, child, f"{base}{k}"))
            else:
                node.update(t="list" if isinstance(value, list) else "tuple", v=items)
                for i, v in enumerate(value):
                    child = {}
                    items.append(child)
                    stack.append((v, child, f"{base}{i}"))
        else:
            raise TypeError(f"nn.save: cannot store a {type(value).__name__} (at {where}); expected Tensors, "
                            "arrays, numbers, strings, None and dicts/lists/tuples of them")
    return root


def save(obj: Any, path: str | os.PathLike[str]) -> None:
    """Write ``obj`` (a state dict, or a nested checkpoint) to ``path`` as safetensors."""
    from safetensors.numpy import save_file

    arrays: dict[str, np.ndarray] = {}
    structure = _encode(obj, arrays)
    save_file(arrays, os.fspath(path), metadata={"format": "pt", _STRUCTURE: json.dumps(structure)})


def _check_header(path: str) -> None:
    """Refuse, with a reason, anything that does not start like a safetensors file."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(9)
    looks_safetensors = len(head) == 9 and head[8:9] == b"{" and struct.unpack("<Q", head[:8])[0] <= _MAX_HEADER
    # (a safetensors header length can itself start with byte 0x80 or "PK": check the JSON first)
    if not looks_safetensors and (head[:1] == b"\x80" or head[:2] == b"PK"):
        what = "a pickle" if head[:1] == b"\x80" else "a zip archive (torch.save's format, or .npz)"
        raise ValueError(f"nn.load: {path} is {what}, not a safetensors file; nn.load reads only safetensors "
                         "and never unpickles")
    if len(head) < 9:
        raise ValueError(f"nn.load: {path} is not a safetensors file (only {size} bytes)")
    (n,) = struct.unpack("<Q", head[:8])
    if n > _MAX_HEADER or head[8:9] != b"{":
        raise ValueError(f"nn.load: {path} is not a safetensors file (no JSON header at its start)")
    if 8 + n > size:
        raise ValueError(f"nn.load: {path} is truncated or not a safetensors file (its header says {n} bytes, "
                         f"the file has {size - 8})")


def _decode(structure: dict[str, Any], arrays: Mapping[str, np.ndarray], path: str) -> Any:
    holder: list[Any] = [None]
    tuples: list[tuple[list[Any], Any, Any]] = []
    stack: list[tuple[dict[str, Any], Any, Any]] = [(structure, holder, 0)]
    while stack:
        node, parent, slot = stack.pop()
        kind = node.get("t") if isinstance(node, dict) else None
        if kind in ("tensor", "array", "scalar"):
            if node.get("k") not in arrays:
                raise ValueError(f"nn.load: {path}: its structure names a tensor {node.get('k')!r} the file lacks")
            arr = arrays[node["k"]]
            value: Any = Tensor(arr) if kind == "tensor" else arr if kind == "array" else arr[()]
        elif kind == "value":
            value = node.get("v")
        elif kind == "dict":
            value = {k: None for k, _ in node["v"]}  # keys in order; children fill them in
            for k, child in node["v"]:
                stack.append((child, value, k))
        elif kind in ("list", "tuple"):
            value = [None] * len(node["v"])
            for i, child in enumerate(node["v"]):
                stack.append((child, value, i))
            if kind == "tuple":
                tuples.append((value, parent, slot))
        else:
            raise ValueError(f"nn.load: {path}: unreadable structure metadata (a node of kind {kind!r})")
        parent[slot] = value
    for lst, parent, slot in reversed(tuples):  # innermost first: each is final when its parent converts
        parent[slot] = tuple(lst)
    return holder[0]


def _writable(arr: np.ndarray) -> np.ndarray:
    return arr if arr.flags.writeable else arr.copy()


def load(path: str | os.PathLike[str]) -> Any:
    """Read a file written by :func:`save` (the same structure back) or any safetensors
    file (an ordered dict ``name -> Tensor``, e.g. one PyTorch saved)."""
    from safetensors import SafetensorError, safe_open

    p = os.fspath(path)
    if not os.path.isfile(p):
        raise FileNotFoundError(f"nn.load: no such file: {p}")
    _check_header(p)
    try:
        with safe_open(p, framework="np") as f:
            metadata = f.metadata() or {}
            arrays = {k: _writable(f.get_tensor(k)) for k in f.keys()}  # noqa: SIM118 (safe_open is not a dict)
    except SafetensorError as exc:
        raise ValueError(f"nn.load: {p} is not a valid safetensors file: {exc}") from None
    if _STRUCTURE not in metadata:
        return OrderedDict((k, Tensor(a)) for k, a in arrays.items())
    try:
        structure = json.loads(metadata[_STRUCTURE])
    except json.JSONDecodeError as exc:
        raise ValueError(f"nn.load: {p}: unreadable structure metadata: {exc}") from None
    return _decode(structure, arrays, p)
