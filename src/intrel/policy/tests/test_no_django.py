"""The engine is plain Python: no module of intrel.policy may import Django."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import intrel.policy

PACKAGE = Path(intrel.policy.__file__).resolve().parent
FORBIDDEN = ("django", "rest_framework")


def test_no_django_import_statements() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_every_module_imports_with_django_blocked() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages([str(PACKAGE)], prefix="intrel.policy.")
        if ".tests" not in m.name
    ]
    assert "intrel.policy.engine" in modules
    script = (
        "import sys\n"
        "for name in ('django', 'rest_framework'):\n"
        "    sys.modules[name] = None\n"
        "import importlib\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "loaded = [k for k, v in sys.modules.items() if v is not None]\n"
        "assert not [k for k in loaded if k.split('.')[0] in ('django', 'rest_framework')]\n"
        "print('ok')\n"
    )
    src = str(PACKAGE.parents[1])
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert importlib.import_module("intrel.policy") is intrel.policy
