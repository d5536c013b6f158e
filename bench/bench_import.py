"""Benchmark of the import and the batch work at scale (issue 19).

    .venv/bin/python bench/bench_import.py [--n 100000] [--databases sqlite,postgres]
                                           [--pg-url postgres://postgres@127.0.0.1:5432/intrel_imp]
                                           [--work DIR] [--write-docs]

For each database, on a fresh, migrated database, each step a separate ``intrel`` process with
the production settings (wall time, and peak memory: the process's ``VmHWM`` from /proc):

1. ``intrel seed_twin_towns`` over the twin-towns list (25,917 rows) for Helmond;
2. ``intrel import`` of the whole twin-towns list as relation subjects: one relation per
   distinct pair, the second town as the partner (``twin_towns.json``);
3. ``intrel import`` of N generated relation subjects (seeded: every run imports the same
   facts; partners are towns of the list, 0-3 parties, involvements and agreements each);
4. ``intrel assess_all`` over the result (nothing changed since the import assessed it);
5. ``intrel export_register`` to an XLSX file of the whole register.

``--write-docs`` writes the figures into docs/performance.md under "## Import and batch work
at scale" (replacing that section).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TWIN_TOWNS = ROOT.parent / "shared" / "data" / "twin-cities" / "twin_cities.csv"
if not TWIN_TOWNS.exists():
    TWIN_TOWNS = Path("/work/shared/data/twin-cities/twin_cities.csv")
INTREL = str(ROOT / ".venv" / "bin" / "intrel")
SECTION = "## Import and batch work at scale"

PORTFOLIOS = ["EZ", "CUL", "SPO", "MIL", "RO", "ONW", "MAR"]
PURPOSES = [
    "development", "humanitarian", "human_rights", "local_governance", "economy", "acquisition",
    "trade", "culture", "art", "sport", "environment", "urban_planning", "education", "youth",
    "heritage", "city_marketing", "other",
]  # fmt: skip
INITIATORS = [
    "residents", "civil_society", "business", "knowledge_institution", "municipality",
    "council", "region", "partner",
]  # fmt: skip
ACTORS = ["mayor", "alderman", "executive_board", "council", "committee", "civil_servant"]
SECTORS = ["government", "business", "knowledge", "civil_society"]
KINDS = ["twinning", "solidarity", "economic", "friendship", "other"]


# --- input -----------------------------------------------------------------------------------


def _country_code(name: str) -> str | None:
    from intrel.partners.countries import country_code_for_name

    return country_code_for_name(name)


def towns() -> list[tuple[str, str]]:
    """The distinct towns of the list with an ISO country code: (name, code)."""
    seen: dict[tuple[str, str], None] = {}
    with open(TWIN_TOWNS, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for n in ("1", "2"):
                city = (row[f"city{n}"] or "").strip().strip("\"'“”").strip()
                code = _country_code((row[f"country{n}"] or "").strip())
                if city and code and len(city) <= 200:
                    seen.setdefault((city, code), None)
    return list(seen)


def _day(rng: random.Random, start: date, span_days: int) -> date:
    return start + timedelta(days=rng.randrange(span_days))


def make_subject(rng: random.Random, i: int, partner: tuple[str, str]) -> dict[str, Any]:
    involvements = []
    for _ in range(rng.randint(0, 3)):
        start = _day(rng, date(2000, 1, 1), 5000)
        end = _day(rng, start, 4000) if rng.random() < 0.5 else None
        involvements.append(
            {
                "actor": rng.choice(ACTORS),
                "portfolio": rng.choice([None, *PORTFOLIOS]),
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
            }
        )
    agreements = []
    for k in range(rng.randint(0, 2)):
        signed = _day(rng, date(1990, 1, 1), 8000)
        ends = _day(rng, signed + timedelta(days=400), 6000) if rng.random() < 0.7 else None
        agreements.append(
            {
                "title": f"Overeenkomst {k + 1}",
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
        "id": f"relatie-{i:06d}",
        "name": f"Relatie {i} – {partner[0]}",
        "partner": {"name": partner[0], "country": partner[1], "kind": "city"},
        "registered_kind": rng.choice(
            ["twinning", "solidarity", "economic", "friendship", "other"]
        ),
        "status": rng.choice(["active", "active", "active", "suspended", "proposed"]),
        "initiated_by": rng.choice(INITIATORS),
        "purposes": rng.sample(PURPOSES, rng.randint(1, 4)),
        "mutual_value": rng.random() < 0.6,
        "parties": [
            {"name": f"Partij {rng.randint(1, 2000)}", "sector": SECTORS[k % 4]}
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


def generate(n: int, seed: int = 19) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    places = towns()
    subjects = []
    for i in range(n):
        subject = make_subject(rng, i, places[i % len(places)])
        # Parties are named once per sector: the same name never comes with two sectors.
        for party in subject["parties"]:
            party["sector"] = SECTORS[int(party["name"].split()[-1]) % 4]
        subjects.append(subject)
    return subjects


def twin_town_subjects() -> list[dict[str, Any]]:
    """The whole list as relation subjects: each distinct pair once, the second town the
    partner (the list names many pairs from both sides); rows without a known country or
    town are left out (the seed reports them)."""
    from django.utils.text import slugify

    subjects: list[dict[str, Any]] = []
    pairs: set[frozenset[tuple[str, str]]] = set()
    slugs: set[str] = set()
    with open(TWIN_TOWNS, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            sides = []
            for n in ("1", "2"):
                city = (row[f"city{n}"] or "").strip().strip("\"'“”").strip()
                code = _country_code((row[f"country{n}"] or "").strip())
                sides.append((city, code))
            if not all(city and code and len(city) <= 150 for city, code in sides):
                continue
            pair = frozenset(sides)
            if pair in pairs or len(pair) < 2:
                continue
            pairs.add(pair)
            (home, home_country), (town, country) = sides
            slug = slugify(f"{home}-{home_country}-{town}-{country}")[:100] or "pair"
            base, k = slug, 2
            while slug in slugs:
                slug, k = f"{base[:95]}-{k}", k + 1
            slugs.add(slug)
            subjects.append(
                {
                    "subject": "relation",
                    "id": slug,
                    "name": f"Stedenband {home} ({home_country}) – {town}"[:200],
                    "partner": {"name": town, "country": country, "kind": "city"},
                    "registered_kind": "twinning",
                    "status": "proposed",
                    "initiated_by": "municipality",
                    "purposes": ["other"],
                }
            )
    return subjects


# --- running ---------------------------------------------------------------------------------


def _peak_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run(args: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    """Run ``intrel ARGS``: wall time, CPU time (user + system, from ``wait4``), peak resident
    memory (the process's ``VmHWM``, read every 50 ms), exit status and the 1-minute load
    average when it started."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with open(log, "ab") as out:
        out.write(f"\n$ intrel {' '.join(args)}\n".encode())
        out.flush()
        proc = subprocess.Popen([INTREL, *args], env=env, stdout=out, stderr=out)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            value = _peak_kb(proc.pid)
            if value:
                peak = max(peak, value)
            time.sleep(0.05)
    wall = time.perf_counter() - start
    # (Not ``ru_maxrss``: it counts the bench's own memory, shared with the child until exec.)
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    result = {
        "command": "intrel " + " ".join(args),
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": peak / 1024,
        "status": code,
        "load": load,
    }
    print(
        f"  {result['command']}: {wall:.1f} s wall, {result['cpu']:.1f} s CPU, "
        f"peak {peak / 1024:.0f} MB, exit {code}, load {load:.1f}",
        flush=True,
    )
    return result


def _fresh_database(kind: str, work: Path, pg_url: str) -> str:
    if kind == "sqlite":
        db = work / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{db}"
    import psycopg

    name = pg_url.rsplit("/", 1)[1]
    admin = pg_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url


def bench_database(kind: str, n: int, work: Path, pg_url: str) -> dict[str, Any]:
    url = _fresh_database(kind, work, pg_url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intrel.conf.production",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": url,
        "INTREL_MAX_UPLOAD_BYTES": str(1024**3),
        "INTREL_IMPORT_MAX_ROWS": str(max(n, 30_000)),
        "LOG_LEVEL": "WARNING",
    }
    log = work / f"bench-{kind}.log"
    print(f"{kind}: {url}", flush=True)
    migrate = run(["migrate", "--no-input", "-v", "0"], env, log)
    assert migrate["status"] == 0, f"migrate failed: see {log}"
    steps: dict[str, Any] = {}
    steps["seed"] = run(
        ["seed_twin_towns", "--file", str(TWIN_TOWNS), "--municipality", "Helmond",
         "--country", "Netherlands"], env, log,
    )  # fmt: skip
    steps["twin_import"] = run(["import", str(work / "twin_towns.json")], env, log)
    steps["import"] = run(["import", str(work / f"relations-{n}.json")], env, log)
    steps["assess_all"] = run(["assess_all"], env, log)
    export = work / f"register-{kind}.xlsx"
    steps["export"] = run(["export_register", str(export)], env, log)
    steps["export"]["bytes"] = export.stat().st_size if export.exists() else 0
    return steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/intrel_imp_bench")
    parser.add_argument("--work", default=str(ROOT / "var" / "bench-import"))
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--docs-from", help="write the docs from a results.json of an earlier run, run nothing"
    )
    options = parser.parse_args()
    work = Path(options.work)
    work.mkdir(parents=True, exist_ok=True)
    if options.docs_from:
        saved = json.loads(Path(options.docs_from).read_text())
        write_docs(saved["meta"], saved["results"])
        return

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrel.conf.dev")
    import django

    django.setup()
    started = datetime.now(UTC)
    load_start = os.getloadavg()
    t0 = time.perf_counter()
    twins = twin_town_subjects()
    (work / "twin_towns.json").write_text(json.dumps(twins, ensure_ascii=False))
    subjects = generate(options.n)
    path = work / f"relations-{options.n}.json"
    path.write_text(json.dumps(subjects, ensure_ascii=False))
    generated = time.perf_counter() - t0
    print(
        f"generated {len(twins)} twin-town subjects and {options.n} relation subjects "
        f"({path.stat().st_size / 1e6:.0f} MB) in {generated:.1f} s",
        flush=True,
    )
    del subjects
    results = {
        kind: bench_database(kind, options.n, work, options.pg_url)
        for kind in options.databases.split(",")
        if kind
    }
    meta = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{_cpu_model()}, Python {platform.python_version()}",
        "load_start": load_start,
        "load_end": os.getloadavg(),
        "n": options.n,
        "twins": len(twins),
        "json_mb": path.stat().st_size / 1e6,
        "command": "  ".join(["", *sys.argv]).strip(),
    }
    (work / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    if options.write_docs:
        write_docs(meta, results)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def write_docs(meta: dict[str, Any], results: dict[str, Any]) -> None:
    """Replace the section in docs/performance.md with the figures table (the prose around it
    is kept by hand below the table, between the markers)."""
    rows = []
    labels = {
        "seed": "`intrel seed_twin_towns` (the list, 25,917 rows, for Helmond)",
        "twin_import": f"`intrel import` of the list as {meta['twins']:,} relation subjects",
        "import": f"`intrel import` of {meta['n']:,} generated relation subjects "
        f"({meta['json_mb']:.0f} MB of JSON)",
        "assess_all": "`intrel assess_all` over the result (nothing changed)",
        "export": "`intrel export_register` (XLSX of the whole register)",
    }
    for step, label in labels.items():
        cells = [label]
        for kind in ("sqlite", "postgres"):
            r = results.get(kind, {}).get(step)
            if r is None:
                cells.append("not run")
                continue
            extra = ""
            if step == "export" and r.get("bytes"):
                extra = f", {r['bytes'] / 1e6:.0f} MB file"
            failed = "" if r["status"] == 0 else f" (**exit {r['status']}**)"
            cpu = f" ({r['cpu']:.0f} s CPU)" if "cpu" in r else ""
            cells.append(
                f"{r['wall']:.1f} s{cpu}, {r['peak_mb']:.0f} MB peak{extra}{failed} "
                f"(load {r['load']:.1f})"
            )
        rows.append("| " + " | ".join(cells) + " |")
    table = "\n".join(
        [
            "| step | SQLite | PostgreSQL |",
            "|---|---|---|",
            *rows,
        ]
    )
    begin, end = "<!-- bench_import: begin -->", "<!-- bench_import: end -->"
    block = (
        f"{begin}\n"
        f"Measured {meta['date']} on {meta['machine']}; 1-minute load average "
        f"{meta['load_start'][0]:.1f} at the start and {meta['load_end'][0]:.1f} at the end "
        f"(the machine's 2 cores were shared with other work: wall times are upper bounds). "
        f"Each step is one `intrel` process with the production settings on a fresh database; "
        f"peak memory is that process's `VmHWM`; the load in brackets is the 1-minute load "
        f"average when the step started. Command: `.venv/bin/python bench/bench_import.py "
        f"{meta['command'].split('bench_import.py', 1)[-1].strip()}`.\n\n"
        f"{table}\n"
        f"{end}"
    )
    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text(encoding="utf-8")
    if begin in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    elif SECTION in text:
        head, rest = text.split(SECTION, 1)
        text = head + SECTION + "\n\n" + block + "\n" + rest
    else:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}\n"
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
