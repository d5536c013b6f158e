"""The layers of ADR 0008 are enforced: an upward import fails ``lint-imports`` (``make checks``).

The contracts are run on a copy of the source tree in a temporary directory, once as it is and
once with one module added that imports upward, so nothing is written into the tree.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import intrel

SRC = Path(intrel.__file__).resolve().parents[1]
ROOT = SRC.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LAYERS = "Layers: start page and routing"

# A register app (partners, near the bottom) reaching up into the orchestration layer, once at
# module level and once hidden inside a function: both are imports to import-linter.
UPWARD = {
    "module level": "from intrel.assessments import selectors  # noqa: F401\n",
    "inside a function": (
        "def upward():\n    from intrel.assessments.selectors import assessment_present\n\n"
        "    return assessment_present\n"
    ),
}


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("layers")
    shutil.copytree(
        SRC / "intrel",
        copy / "src" / "intrel",
        ignore=shutil.ignore_patterns("__pycache__", "static", "locale", "templates", "*.html"),
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_tree_keeps_every_contract(tree_copy: Path) -> None:
    result = lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout
    assert f"{LAYERS}" in result.stdout


@pytest.mark.parametrize("where", list(UPWARD))
def test_an_upward_import_breaks_the_layers_contract(tree_copy: Path, where: str) -> None:
    module = tree_copy / "src" / "intrel" / "partners" / "upward.py"
    module.write_text(UPWARD[where], encoding="utf-8")
    try:
        result = lint_imports(tree_copy)
    finally:
        module.unlink()
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    assert "intrel.partners.upward -> intrel.assessments.selectors" in result.stdout
    assert not (SRC / "intrel" / "partners" / "upward.py").exists()  # the tree is untouched


def _app(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else module


def test_no_module_imports_another_app_inside_a_function() -> None:
    """Imports inside functions hid 19 cross-app imports from review; they are at the top now,
    where the contract and a reader see them (the engine's own TYPE_CHECKING import aside)."""
    offenders = []
    for path in (SRC / "intrel").rglob("*.py"):
        relative = path.relative_to(SRC / "intrel")
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        own = relative.parts[0] if len(relative.parts) > 1 else relative.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                else:
                    continue
                offenders += [
                    f"{relative}:{node.lineno} {name}"
                    for name in names
                    if name.startswith("intrel.") and _app(name) != own
                ]
    assert offenders == []
