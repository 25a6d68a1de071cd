"""The op modules stay independent: none imports another (issue 12's layout rule)."""

import ast
from pathlib import Path

OPS = Path(__file__).resolve().parents[1] / "autograd" / "ops"
# Modules every op may use: the protocol, argument checks, shared formulas, window
# geometry and the naive references the test cases compare with.
SHARED = {"base", "args", "formulas", "windows", "naive", "__init__"}


def imported_op_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "autograd.ops":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("autograd.ops."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[2] for a in node.names if a.name.startswith("autograd.ops.")}
    return found


def test_no_op_module_imports_another() -> None:
    ops = sorted(p for p in OPS.glob("*.py") if p.stem not in SHARED)
    assert len(ops) >= 8
    offenders = {p.stem: sorted(imported_op_modules(p) - SHARED) for p in ops}
    assert {k: v for k, v in offenders.items() if v} == {}
