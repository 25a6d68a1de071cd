"""Tests for ``python -m viz EXPRESSION --set ... -o FILE``."""

from __future__ import annotations

import builtins
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from viz.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def no_eval(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make eval and exec fail: the command must never run user text."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the command evaluated user text")

    for name in ("eval", "exec"):
        monkeypatch.setattr(builtins, name, refuse)


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz's 'dot' program is not installed")
def test_the_command_draws_data_and_gradients(tmp_path: Path) -> None:
    out = tmp_path / "graph.svg"
    run = subprocess.run(
        [sys.executable, "-m", "viz", "tanh(x*w + b)", "--set", "x=0.5", "w=-3", "b=2", "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "out = 0.462117" in run.stdout
    texts = [t.text or "" for t in ET.parse(out).getroot().iter(f"{SVG}text")]
    assert "x" in texts and "w" in texts and "b" in texts and "tanh" in texts
    # d tanh(u)/dw = (1 - tanh(u)^2) x with u = 0.5: 0.5 * (1 - 0.462117^2) = 0.3932
    assert "grad 0.3932" in texts and "data 0.4621" in texts


def test_the_command_writes_dot_in_process(tmp_path: Path, no_eval: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.dot"
    assert main(["-(a ** 2) / 4 + relu(a) - exp(+a)", "--set", "a=1.5", "-o", str(out)]) == 0
    text = out.read_text()
    assert "<td>a</td><td>data 1.5000</td>" in text
    assert "label=<exp>" in text and "label=<ReLU>" in text.replace("relu", "ReLU")


UNSAFE = [
    ("__import__('os').system('touch PWNED')", "calls of attribute access"),
    ("__import__('os')", "calls of __import__"),
    ("x.__class__", "attribute access"),
    ("x[0]", "subscripts"),
    ("open('f')", "calls of open"),
    ("(lambda: 1)()", "lambdas"),
    ("[x for x in (1, 2)]", "comprehensions"),
    ("{x for x in (1,)}", "comprehensions"),
    ("'text'", "only numbers"),
    ("x if x else 1", "conditional"),
    ("x < 1", "comparisons"),
    ("x // 2", "operator FloorDiv"),
    ("~x", "unary operator Invert"),
    ("tanh(x, x)", "exactly one"),
    ("tanh(x=x)", "exactly one"),
    ("tanh", "is a function"),
    ("x; import os", "not a valid expression"),
    ("(x := 2)", "assignment"),
    ("x" + " + x" * 300, "characters long"),
    ("(" * 100 + "x" + ")" * 100, "nested 100 deep"),
    ("1+" + "-" * 200 + "x", "nested more than"),
    ("y + 1", "no value for y"),
    ("a\x00b", "not a valid expression"),
]


@pytest.mark.parametrize(("expression", "reason"), UNSAFE)
def test_unsafe_input_is_refused_with_one_line_and_status_2(
    expression: str, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], no_eval: None,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "g.svg"
    assert main([expression, "--set", "x=1", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("python -m viz: ")
    assert reason in err
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing run (no PWNED)


def test_long_flat_sums_are_allowed(tmp_path: Path, no_eval: None) -> None:
    terms = [f"x{i}" for i in range(60)]
    values = [f"x{i}={i / 10}" for i in range(60)]
    assert main([" + ".join(terms), "--set", *values, "-o", str(tmp_path / "sum.dot")]) == 0
    assert "data 177.0000" in (tmp_path / "sum.dot").read_text()


def test_bad_settings_are_argparse_errors(capsys: pytest.CaptureFixture[str]) -> None:
    for bad in (["x", "--set", "x"], ["x", "--set", "x=abc"], ["x", "--set", "1x=2"], ["x", "--set", "x=nan"]):
        with pytest.raises(SystemExit) as info:
            main(bad)
        assert info.value.code == 2
