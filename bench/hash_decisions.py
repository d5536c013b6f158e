"""One SHA-256 over the engine's decisions of the bench's subjects, to show a change to the
engine changed no decision (run it before and after; the hashes must be equal).

    .venv/bin/python bench/hash_decisions.py [N]

N (default 8,000) of ``bench_policy``'s seeded subjects, under both shipped frameworks
(helmond-2013, voorbeeld-2026), at 2014-01-01 and 2026-12-01: 4 x N decisions, each as
``decision_to_json`` writes it (the CLI's bytes), one line each, in that order.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from bench_policy import generate  # noqa: E402
from intrel.policy import decision_to_json, evaluate, load_framework, parse_subjects  # noqa: E402

FRAMEWORKS = ("helmond-2013", "voorbeeld-2026")
DATES = (date(2014, 1, 1), date(2026, 12, 1))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    subjects = parse_subjects(generate(n))
    digest = hashlib.sha256()
    count = 0
    for name in FRAMEWORKS:
        framework = load_framework(name)
        for as_of in DATES:
            for subject in subjects:
                digest.update(decision_to_json(evaluate(framework, subject, as_of)).encode("utf-8"))
                digest.update(b"\n")
                count += 1
    print(f"{count} decisions ({n} subjects x {len(FRAMEWORKS)} frameworks x {len(DATES)} dates)")
    print(f"sha256 {digest.hexdigest()}")


if __name__ == "__main__":
    main()
