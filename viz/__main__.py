"""``python -m viz "tanh(x*w + b)" --set x=0.5 w=-3 b=2 -o graph.svg``

Builds the expression from ``Value``s, runs ``backward()`` and writes its graph with
data and gradients (format from the suffix: ``.svg``, ``.png``, ``.pdf``, ``.dot``).

The expression is parsed with :mod:`ast` and checked against an allow-list: names,
numbers, ``+ - * / **``, unary minus and plus, and calls of the activations in
:data:`FUNCTIONS` with one argument. Anything else (attributes, subscripts, other
calls, keywords, lambdas, comprehensions, strings, input longer than
:data:`MAX_LENGTH` characters or nested deeper than :data:`MAX_DEPTH`) is refused with
a one-line message and exit status 2. The text is never evaluated as code: the
checked tree is walked iteratively and each node applied to ``Value``s.
"""

from __future__ import annotations

import argparse
import ast
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from autograd import Value

#: The callable names: ``name(x)`` calls ``Value.name``.
FUNCTIONS = ("exp", "log", "relu", "sigmoid", "tanh")
MAX_LENGTH = 500
MAX_DEPTH = 40

_BINARY: dict[type, Callable[[Value, Value], Value]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


class ExpressionError(ValueError):
    """The expression is not one this command accepts; the message says why."""


def _describe(node: ast.AST) -> str:
    kinds = {
        ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambdas",
        ast.ListComp: "comprehensions", ast.SetComp: "comprehensions", ast.DictComp: "comprehensions",
        ast.GeneratorExp: "comprehensions", ast.Constant: "constants other than numbers",
        ast.Compare: "comparisons", ast.BoolOp: "boolean operators", ast.NamedExpr: "assignment expressions",
        ast.IfExp: "conditional expressions", ast.Starred: "starred arguments",
    }  # fmt: skip
    return kinds.get(type(node), type(node).__name__)


def parse(text: str) -> ast.expr:
    """Parse and check ``text``; raise :class:`ExpressionError` for anything not allowed."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}")
    # Bound nesting before ast.parse, whose recursion a deeply nested input could exhaust.
    level = deepest = 0
    for ch in text:
        level += ch == "("
        level -= ch == ")"
        deepest = max(deepest, level)
    if deepest > MAX_DEPTH:
        raise ExpressionError(f"expression is nested {deepest} deep; the limit is {MAX_DEPTH}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError) as exc:  # ValueError: a NUL byte in the source
        msg = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        raise ExpressionError(f"not a valid expression: {msg}") from None
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested more than {MAX_DEPTH} deep")
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise ExpressionError(f"{node.id!r} is a function: call it, as in {node.id}(x)")
            continue
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ExpressionError(f"only numbers are allowed as constants, got {node.value!r}")
            continue
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                raise ExpressionError(f"operator {type(node.op).__name__} is not allowed; use + - * / **")
            # a chain such as x1 + x2 + ... + x60 is long, not deep: the walks here are
            # iterative, so only calls and unary operators count towards MAX_DEPTH
            stack.extend([(node.left, depth), (node.right, depth)])
            continue
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise ExpressionError(f"unary operator {type(node.op).__name__} is not allowed; use -x")
            stack.append((node.operand, depth + 1))
            continue
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                what = node.func.id if isinstance(node.func, ast.Name) else _describe(node.func)
                raise ExpressionError(f"calls of {what!s} are not allowed; allowed: {', '.join(FUNCTIONS)}")
            if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                raise ExpressionError(f"{node.func.id}() takes exactly one positional argument")
            stack.append((node.args[0], depth + 1))
            continue
        raise ExpressionError(f"not allowed in an expression: {_describe(node)}")
    return tree.body


def names_in(tree: ast.expr) -> list[str]:
    """The variable names of a checked expression, in first-use order."""
    found: dict[str, None] = {}
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            found[node.id] = None
        elif isinstance(node, ast.Call):
            stack.extend(reversed(node.args))
        else:
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return list(found)


def build(tree: ast.expr, values: dict[str, float]) -> Value:
    """Apply a checked expression to ``Value``s (an iterative post-order walk)."""
    leaves = {name: Value(x, label=name) for name, x in values.items()}
    done: dict[int, Value] = {}
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, ast.Name):
            if node.id not in leaves:
                raise ExpressionError(f"no value for {node.id!r}: pass --set {node.id}=...")
            done[id(node)] = leaves[node.id]
            continue
        if isinstance(node, ast.Constant):
            done[id(node)] = Value(float(node.value))  # type: ignore[arg-type]  # parse() allowed only numbers
            continue
        kids: list[ast.AST]
        if isinstance(node, ast.BinOp):
            kids = [node.left, node.right]
        elif isinstance(node, ast.UnaryOp):
            kids = [node.operand]
        else:
            assert isinstance(node, ast.Call)
            kids = [node.args[0]]
        if not ready:
            stack.append((node, True))
            stack.extend((k, False) for k in reversed(kids))
            continue
        args = [done[id(k)] for k in kids]
        if isinstance(node, ast.BinOp):
            done[id(node)] = _BINARY[type(node.op)](args[0], args[1])
        elif isinstance(node, ast.UnaryOp):
            done[id(node)] = -args[0] if isinstance(node.op, ast.USub) else args[0]
        else:
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            done[id(node)] = getattr(args[0], node.func.id)()
    out = done[id(tree)]
    return out if out._parents else out * 1.0  # a lone name still draws as a graph


def _assignment(text: str) -> tuple[str, float]:
    name, sep, number = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=NUMBER, got {text!r}")
    try:
        x = float(number)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name}: {number!r} is not a number") from None
    if not math.isfinite(x):
        raise argparse.ArgumentTypeError(f"{name}: {number!r} is not finite")
    return name, x


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (2 for a refused expression)."""
    parser = argparse.ArgumentParser(
        prog="python -m viz", description="Draw the computation graph of an expression, with gradients."
    )
    parser.add_argument("expression", help=f"e.g. \"tanh(x*w + b)\"; functions: {', '.join(FUNCTIONS)}")
    parser.add_argument("--set", nargs="*", type=_assignment, default=[], metavar="NAME=NUMBER",
                        help="values of the variables")  # fmt: skip
    parser.add_argument("-o", "--output", type=Path, default=Path("graph.svg"), help="file to write (graph.svg)")
    args = parser.parse_args(argv)
    try:
        tree = parse(args.expression)
        values = dict(args.set)
        missing = [n for n in names_in(tree) if n not in values]
        if missing:
            raise ExpressionError(f"no value for {', '.join(missing)}: pass --set {missing[0]}=...")
        out = build(tree, values)
    except ExpressionError as exc:
        print(f"python -m viz: {exc}", file=sys.stderr)
        return 2
    except (ArithmeticError, ValueError) as exc:
        print(f"python -m viz: the expression cannot be computed: {exc}", file=sys.stderr)
        return 1
    out.label = "out"
    out.backward()
    from viz.graph import render

    try:
        written = render(out, args.output)
    except (ValueError, RuntimeError) as exc:
        print(f"python -m viz: {exc}", file=sys.stderr)
        return 1
    print(f"out = {out.data:.6g}; wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
