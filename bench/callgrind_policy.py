"""The engine's work counted in instructions, which a loaded machine does not change.

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python bench/callgrind_policy.py [N] [PASSES] [--dump-per-pass]

Loads helmond-2013, parses N (default 2,000) of ``bench_policy``'s seeded subjects and
evaluates them PASSES (default 2) times, each decision dropped when made (as ``intrel assess``
and ``bench_policy`` do).

Either run it with PASSES 0 and 2: the difference of the "Collected" totals is the
instructions of the passes (docs/performance.md, fourth round); or once with
``--dump-per-pass``: callgrind then writes one file per phase (``/tmp/cg.out.1`` the set-up,
``.2`` the first pass, ``.3`` the second, ...; ``callgrind_control --dump`` between phases),
each with its own ``summary:`` line.
"""

import gc
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from bench_policy import AS_OF, generate  # noqa: E402
from intrel.policy import evaluate, load_framework, parse_subjects  # noqa: E402


def _dump(label: str) -> None:
    """Have callgrind write the counts so far to a file of their own, and start again."""
    subprocess.run(
        ["callgrind_control", f"--dump={label}", str(os.getpid())],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    per_pass = "--dump-per-pass" in sys.argv
    n = int(args[0]) if args else 2000
    passes = int(args[1]) if len(args) > 1 else 2
    framework = load_framework("helmond-2013")
    subjects = parse_subjects(generate(n))
    gc.collect()
    if per_pass:
        _dump("set-up")
    for number in range(1, passes + 1):
        for subject in subjects:
            evaluate(framework, subject, AS_OF)
        if per_pass:
            _dump(f"pass {number}")


if __name__ == "__main__":
    main()
