"""Every Python snippet in README.md runs, and its assertions hold.

The snippets of one section (the text under one ``##``/``###`` heading) run in order in
one namespace, as a reader would type them; each section starts afresh.
"""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
SECTIONS = [
    (title.strip(), re.findall(r"```python\n(.*?)```", body, flags=re.S))
    for title, body in re.findall(r"^#{2,4} (.*?)\n(.*?)(?=^#{2,4} |\Z)", README.read_text(), flags=re.S | re.M)
]
SECTIONS = [(title, blocks) for title, blocks in SECTIONS if blocks]


def test_readme_has_snippets() -> None:
    assert sum(len(blocks) for _, blocks in SECTIONS) >= 8


@pytest.mark.parametrize("title, blocks", SECTIONS, ids=[title for title, _ in SECTIONS])
def test_readme_section_runs(title: str, blocks: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # snippets may write under out/
    namespace = {"__name__": "readme_section"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"README.md, {title!r}, snippet {i}", "exec"), namespace)
