"""Benchmark of the policy engine.

    .venv/bin/python bench/bench_policy.py [--n 25000] [--write-docs]

Generates N varied relation subjects (seeded, so every run assesses the same facts), times
parsing and ``evaluate`` in-process, then times the CLI (``python -m intrel.policy assess``)
on one JSON file holding all N. ``--write-docs`` writes the figures into docs/performance.md
under "## Policy engine".
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from intrel.policy import evaluate, load_framework, parse_subjects  # noqa: E402
from intrel.policy.constants import Actor, Initiator, Purpose, Sector  # noqa: E402

AS_OF = date(2014, 1, 1)
PORTFOLIOS = ["EZ", "CUL", "SPO", "MIL", "RO", "ONW", "MAR"]
COUNTRIES = ["NI", "BE", "DE", "CN", "FR", "PL", "TZ", "GH", "US", "IN"]


def _day(rng: random.Random, start: date, span_days: int) -> date:
    return start + timedelta(days=rng.randrange(span_days))


def make_relation(rng: random.Random, i: int) -> dict[str, Any]:
    purposes = rng.sample([p.value for p in Purpose], rng.randint(1, 4))
    involvements = []
    for _ in range(rng.randint(0, 3)):
        start = _day(rng, date(2000, 1, 1), 5000)
        end = _day(rng, start, 4000) if rng.random() < 0.5 else None
        involvements.append(
            {
                "actor": rng.choice([a.value for a in Actor]),
                "portfolio": rng.choice([None, *PORTFOLIOS]),
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "initiative": rng.choice([None, None, "stichting-x"]),
            }
        )
    agreements = []
    for _ in range(rng.randint(0, 2)):
        signed = _day(rng, date(1990, 1, 1), 8000)
        ends = _day(rng, signed + timedelta(days=1), 6000) if rng.random() < 0.7 else None
        agreements.append(
            {
                "title": f"Overeenkomst {rng.randint(1, 9)}",
                "signed": signed.isoformat(),
                "ends": ends.isoformat() if ends else None,
                "notice_months": rng.choice([0, 3, 6, 12]),
                "renews_automatically": rng.random() < 0.4,
                "renewal_months": rng.choice([None, 12, 24, 60]),
            }
        )
    held_by = rng.choice(["executive_board", "portfolio", "committee", "none"])
    owner = rng.choice(["executive_board", "portfolio", "committee", "civil_society", "none"])
    return {
        "subject": "relation",
        "id": f"relation-{i:05d}",
        "name": f"Relatie {i}",
        "partner": {"name": f"Partner {i}", "country": rng.choice(COUNTRIES), "kind": "city"},
        "registered_kind": rng.choice(
            ["twinning", "solidarity", "economic", "friendship", "other"]
        ),
        "status": rng.choice(["active", "active", "active", "suspended", "ending", "proposed"]),
        "initiated_by": rng.choice([x.value for x in Initiator]),
        "purposes": purposes,
        "mutual_value": rng.random() < 0.6,
        "parties": [
            {"name": f"Partij {k}", "sector": rng.choice([s.value for s in Sector])}
            for k in range(rng.randint(0, 3))
        ],
        "involvements": involvements,
        "agreements": agreements,
        "budget": {
            "money_eur_per_year": f"{rng.randint(0, 50000)}.{rng.randint(0, 99):02d}",
            "staff_hours_per_year": rng.randint(0, 400),
            "held_by": held_by,
            "portfolio": rng.choice(PORTFOLIOS) if held_by == "portfolio" else None,
        },
        "owner": {
            "kind": owner,
            "portfolio": rng.choice(PORTFOLIOS) if owner == "portfolio" else None,
        },
    }


def generate(n: int, seed: int = 2013) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [make_relation(rng, i) for i in range(n)]


def _encode(decisions: list[dict[str, Any]]) -> str:
    """The CLI's encoding of a list of decisions (``json.dumps`` before it streamed)."""
    try:
        from intrel.policy.decision import encode_indented
    except ImportError:  # an engine from before the streaming CLI
        return json.dumps(decisions, ensure_ascii=False, indent=2)
    return "[\n  " + ",\n  ".join(encode_indented(d, 1) for d in decisions) + "\n]"


def reference_seconds() -> float:
    """The best of three runs of a fixed piece of pure Python (10 million additions in a
    loop): the speed of this machine's interpreter, so that runs on different machines can
    be compared (the engine's rate is a figure of the machine as much as of the code)."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - t0)
    return best


def bench(n: int) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    reference = reference_seconds()
    framework = load_framework("helmond-2013")
    data = generate(n)

    t0 = time.perf_counter()
    subjects = parse_subjects(data)
    t_parse = time.perf_counter() - t0
    del data  # the raw input is not kept (nor is it by the CLI): only the subjects are
    # Settle the collector's debt of the parse (a full collection is due after allocating a
    # million objects), so that it is not charged to the step timed next.
    gc.collect()

    # Each decision dropped as soon as it is made, as `intrel assess` does when it streams.
    t0, c0 = time.perf_counter(), time.process_time()
    findings = 0
    for s in subjects:
        findings += len(evaluate(framework, s, AS_OF).findings)
    t_stream = time.perf_counter() - t0
    c_stream = time.process_time() - c0

    # The same again: a long-running process (assess_all, the web) has met these situations
    # already (the engine caches a relation's pillars and owner per purposes and mutual value).
    t0, c0 = time.perf_counter(), time.process_time()
    for s in subjects:
        evaluate(framework, s, AS_OF)
    t_warm = time.perf_counter() - t0
    c_warm = time.process_time() - c0

    gc.collect()
    # Every decision kept in one list (the garbage collector walks them all, repeatedly).
    t0, c0 = time.perf_counter(), time.process_time()
    decisions = [evaluate(framework, s, AS_OF) for s in subjects]
    t_eval = time.perf_counter() - t0
    c_eval = time.process_time() - c0

    t0 = time.perf_counter()
    _encode([d.to_dict() for d in decisions])
    t_json = time.perf_counter() - t0
    del decisions, subjects

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "subjects.json"
        path.write_text(json.dumps(generate(n)), encoding="utf-8")
        one = _cli(path, Path(tmp) / "one.json", n, workers=1)
        many = _cli(path, Path(tmp) / "many.json", n, workers=None)
        if (Path(tmp) / "one.json").read_bytes() != (Path(tmp) / "many.json").read_bytes():
            raise SystemExit("the CLI wrote other bytes with workers than without")

    return {
        "load_before": load_before,
        "reference_s": reference,
        "n": n,
        "parse_s": t_parse,
        "stream_s": t_stream,
        "stream_per_s": n / t_stream,
        "stream_cpu_s": c_stream,
        "warm_s": t_warm,
        "warm_per_s": n / t_warm,
        "warm_cpu_s": c_warm,
        "evaluate_s": t_eval,
        "evaluate_per_s": n / t_eval,
        "evaluate_cpu_s": c_eval,
        "to_json_s": t_json,
        "cli1_s": one["wall"],
        "cli1_cpu_s": one["cpu"],
        "cli1_rss_mb": one["rss_total"] / 1024,
        "cli_workers": many["workers"],
        "cli_s": many["wall"],
        "cli_per_s": n / many["wall"],
        "cli_cpu_s": many["cpu"],
        "cli_rss_mb": many["rss_total"] / 1024,
        "cli_rss_largest_mb": many["rss_largest"] / 1024,
        "findings": findings,
        "cli_output_mb": one["out_bytes"] / 1e6,
    }


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """The resident set of ``root`` and its child processes now: (sum, largest), in kB."""
    sizes: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(entry) == root or fields.get("PPid", "").strip() == str(root):
            rss = fields.get("VmRSS", "0 kB").split()[0]
            sizes.append(int(rss))
    return sum(sizes), max(sizes, default=0)


def _cli(path: Path, out_path: Path, n: int, workers: int | None) -> dict[str, Any]:
    """``python -m intrel.policy assess`` over the file: wall and CPU time (its processes'),
    and the peak resident memory of all its processes together, sampled every 20 ms."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "intrel.policy", "assess", "--framework", "helmond-2013"]
    cmd += ["--input", str(path), "--as-of", AS_OF.isoformat()]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    peak_total = peak_largest = 0
    with out_path.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
        while process.poll() is None:
            total, largest = _tree_rss_kb(process.pid)
            peak_total, peak_largest = max(peak_total, total), max(peak_largest, largest)
            time.sleep(0.02)
        stderr = process.stderr.read() if process.stderr else b""
    wall = time.perf_counter() - t0
    u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(stderr.decode())
    with out_path.open(encoding="utf-8") as f:
        assert len(json.load(f)) == n
    return {
        "workers": workers or len(os.sched_getaffinity(0)),
        "wall": wall,
        "cpu": (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime),
        "rss_total": peak_total,
        "rss_largest": peak_largest,
        "out_bytes": out_path.stat().st_size,
    }


def render(r: dict[str, Any]) -> str:
    cpus = os.cpu_count()
    return f"""## Policy engine

Measured with `bench/bench_policy.py` ({date.today().isoformat()}; Python \
{platform.python_version()}, {cpus} cores; `evaluate` in one process: the engine is
single-threaded). {r["n"]:,} generated relations (seeded, varied: 1-4 purposes, 0-3
involvements, 0-2 agreements, parties, budgets, owners) assessed against `helmond-2013` at
2014-01-01; {r["findings"]:,} findings in total. The 1-minute load average when the run started
was {r["load_before"]:.1f}, so these are upper bounds. The machine's reference (10 million
additions in a Python loop, best of 3) took {r["reference_s"]:.2f} s: compare rates between
machines only with it.

| step | wall time | CPU time | rate (wall) |
|---|---|---|---|
| parse + validate (`parse_subjects`) | {r["parse_s"]:.2f} s | | {r["n"] / r["parse_s"]:,.0f}/s |
| `evaluate`, each decision dropped when made (as `intrel assess` streams) | \
{r["stream_s"]:.2f} s | {r["stream_cpu_s"]:.2f} s | {r["stream_per_s"]:,.0f} assessments/s \
({r["n"] / r["stream_cpu_s"]:,.0f}/s of CPU) |
| the same again, the situation cache warm (a long-running process) | {r["warm_s"]:.2f} s | \
{r["warm_cpu_s"]:.2f} s | {r["warm_per_s"]:,.0f} assessments/s \
({r["n"] / r["warm_cpu_s"]:,.0f}/s of CPU) |
| `evaluate`, all {r["n"]:,} decisions kept in one list | {r["evaluate_s"]:.2f} s | \
{r["evaluate_cpu_s"]:.2f} s | {r["evaluate_per_s"]:,.0f} assessments/s \
({r["n"] / r["evaluate_cpu_s"]:,.0f}/s of CPU) |
| decisions to JSON | {r["to_json_s"]:.2f} s | | |
| CLI end to end, one process (`python -m intrel.policy assess --workers 1`, one \
{r["n"]:,}-item file, {r["cli_output_mb"]:.0f} MB out; peak memory {r["cli1_rss_mb"]:.0f} MB) | \
{r["cli1_s"]:.2f} s | {r["cli1_cpu_s"]:.2f} s | {r["n"] / r["cli1_s"]:,.0f}/s |
| CLI end to end, {r["cli_workers"]} workers (the default: one per core; the same bytes; peak \
memory of all processes together {r["cli_rss_mb"]:.0f} MB, the largest \
{r["cli_rss_largest_mb"]:.0f} MB) | {r["cli_s"]:.2f} s | {r["cli_cpu_s"]:.2f} s | \
{r["cli_per_s"]:,.0f}/s |

Peak memory is the resident set of the CLI's processes summed, sampled every 20 ms. The CLI
figures include interpreter start-up, imports, loading and validating the framework,
reading and validating the input, evaluating, and writing indented JSON.
Reproduce: `.venv/bin/python bench/bench_policy.py --write-docs`.
"""


def write_docs(section: str) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    marker = "## Policy engine"
    if marker in text:
        before, _, rest = text.partition(marker)
        # keep any section after ours
        nxt = rest.find("\n## ")
        after = rest[nxt + 1 :] if nxt != -1 else ""
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=25_000)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    result = bench(args.n)
    for key, value in result.items():
        print(f"{key:>16}: {value:,.3f}" if isinstance(value, float) else f"{key:>16}: {value:,}")
    if args.write_docs:
        write_docs(render(result))
        print("wrote docs/performance.md")


if __name__ == "__main__":
    main()
