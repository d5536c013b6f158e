"""The engine's work counted in instructions, which a loaded machine does not change.

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python bench/callgrind_policy.py [N] [PASSES]

Loads helmond-2013, parses N (default 2,000) of ``bench_policy``'s seeded subjects and
evaluates them PASSES (default 2) times. Run it with PASSES 0 and 2: the difference of the
"Collected" totals is the instructions of the passes (docs/performance.md, fourth round).
"""

import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from bench_policy import AS_OF, generate  # noqa: E402
from intrel.policy import evaluate, load_framework, parse_subjects  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    framework = load_framework("helmond-2013")
    subjects = parse_subjects(generate(n))
    gc.collect()
    for _ in range(passes):
        for subject in subjects:
            evaluate(framework, subject, AS_OF)


if __name__ == "__main__":
    main()
