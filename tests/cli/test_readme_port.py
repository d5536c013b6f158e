"""A newcomer sees on the README's first screen how to serve on another port, and it works."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_SCREEN = 25  # lines


def test_the_readme_first_screen_says_port_works_for_make_run() -> None:
    first_screen = ROOT.joinpath("README.md").read_text(encoding="utf-8").splitlines()
    lines = [line for line in first_screen[:FIRST_SCREEN] if "make run" in line]
    assert any(re.match(r"PORT=\d+ make run\b", line) for line in lines), lines


def test_make_run_serves_on_port() -> None:
    makefile = ROOT.joinpath("Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PORT \?= 8000$", makefile, re.MULTILINE)
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "runserver $(HOST):$(PORT)" in run
