"""Benchmark of the review at national scale (issue 19): the impact analysis over the whole
register and the council report of a round of 100 and of 1,000 relations.

    .venv/bin/python bench/bench_review.py --database-url postgres://postgres@127.0.0.1:5432/intrel_review
        [--sizes 100,1000] [--work DIR] [--write-docs]

(``--sizes ""``: the impact analysis only; ``--skip-impact``: the reports only.)

The database must hold the register already (e.g. a copy of one made with ``intrel
generate_scale_data``: ``CREATE DATABASE intrel_review TEMPLATE intrel_scale``); the bench
migrates it, and writes review rounds and reports into it (it deletes the rounds it made in an
earlier run, by their title, first). Every measured step is one process with the production
settings (``intrel.conf.production``): wall time, CPU time (user + system, from ``wait4``), peak
resident memory (the process's ``VmHWM`` from /proc, or, when it has worker processes, the
resident memory of it and its workers together if that is more; read every 50 ms) and the
1-minute load average when it started.

1. ``intrel impact --format json --output FILE``: the impact analysis over every current
   relation (CONTRACT.md); the JSON is read back and its relations counted.
2. For each size N: a round over the first N current relations (slug order) is started through
   ``review_round_start`` and its council report asked for through ``review_report_request``
   (as the round's page does: with the production task backend the report waits in the queue),
   as a policy officer (not measured). Then, measured: ``intrel db_worker --batch``, the worker
   of the production deployment, builds it (``reviews.tasks.report_build``: PDF, DOCX and XLSX)
   and exits. The files are checked: the PDF through ``pdftotext`` (pages; every relation's
   name found in its text in reading order, spaces aside), the DOCX through python-docx (the
   rows of the relation tables), the XLSX through openpyxl (the rows of the relations sheet).

``--write-docs`` writes the figures into docs/performance.md under "## Impact analysis and
council report" (between markers; text below the end marker is kept).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INTREL = str(ROOT / ".venv" / "bin" / "intrel")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SECTION = "## Impact analysis and council report"
BEGIN, END = "<!-- bench_review: begin -->", "<!-- bench_review: end -->"
TITLE = "bench_review"


def _status_kb(pid: int, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _peak_kb(pid: int) -> int | None:
    return _status_kb(pid, "VmHWM")


def _descendants(pid: int) -> list[int]:
    """The processes ``pid`` started (``intrel impact``'s workers), and theirs."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for task in tasks:
        try:
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def _tree_kb(pid: int) -> int:
    """The resident memory of ``pid`` and its descendants together, now."""
    return sum(_status_kb(p, "VmRSS") or 0 for p in [pid, *_descendants(pid)])


def run(argv: list[str], env: dict[str, str], log: Path, label: str) -> dict[str, Any]:
    """Run ``argv``: wall time, CPU time (user + system, from ``wait4``: its workers' included),
    peak resident memory (``VmHWM``, or its and its workers' resident memory together if more,
    read every 50 ms), exit status and the 1-minute load average at the start."""
    load = os.getloadavg()
    start = time.perf_counter()
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(argv)}\n".encode())
        out.flush()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=out)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            value = _peak_kb(proc.pid)
            if value:
                peak = max(peak, value, _tree_kb(proc.pid))
            time.sleep(0.05)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    result = {
        "label": label,
        "command": " ".join(Path(a).name if a in (INTREL, PYTHON) else a for a in argv),
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": peak / 1024,
        "status": code,
        "load": load,
    }
    print(
        f"  {label}: {wall:.1f} s wall, {result['cpu']:.1f} s CPU, peak {peak / 1024:.0f} MB, "
        f"exit {code}, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        flush=True,
    )
    return result


def child(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run this file in a child with the production settings; its last line of output is JSON."""
    out = subprocess.run(
        [PYTHON, __file__, "--child", *argv], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the children (Django set up with the production settings) -------------------------------


def _setup() -> None:
    import django

    django.setup()


def child_facts() -> dict[str, Any]:
    from django.db import connection

    from intrel.relations.constants import Status
    from intrel.relations.models import Relation

    with connection.cursor() as cursor:
        cursor.execute("select version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute(
            "select count(*) from relations_activity"
            if "relations_activity" in connection.introspection.table_names()
            else "select 0"
        )
        activities = cursor.fetchone()[0]
    return {
        "relations": Relation.objects.count(),
        "current": Relation.objects.exclude(status=Status.ENDED).count(),
        "activities": activities,
        "database": f"{connection.vendor} ({version})",
    }


def child_clean() -> dict[str, Any]:
    from intrel.reviews.models import ReviewRound

    deleted, _ = ReviewRound.objects.filter(title__startswith=TITLE).delete()
    return {"deleted": deleted}


def child_prepare(size: int) -> dict[str, Any]:
    """A round over the first ``size`` current relations, its report asked for, as a policy
    officer would through the round's pages."""
    from django.conf import settings

    from intrel.accounts.constants import Role
    from intrel.accounts.models import User
    from intrel.reviews import services
    from intrel.reviews.models import ReviewItem
    from intrel.reviews.selectors import relations_existing_on

    today = date.today()
    held = set(ReviewItem.objects.values_list("relation_id", flat=True))
    scope = [r for r in relations_existing_on(today) if r.pk not in held][:size]
    user = User.objects.filter(groups__name=Role.POLICY_OFFICER, is_active=True).first()
    review_round = services.review_round_start(
        title=f"{TITLE} {size}",
        framework_id=settings.INTREL_DEFAULT_FRAMEWORK,
        reference_date=today,
        relations=scope,
        user=user,
    )
    report = services.review_report_request(review_round=review_round, language="nl", user=user)
    return {
        "round": review_round.pk,
        "report": report.pk,
        "state": report.state,
        "relations": [r.name for r in scope],
    }


def child_verify(report_id: int, work: str) -> dict[str, Any]:
    """The report's state and what its files hold."""
    import io

    from docx import Document
    from openpyxl import load_workbook

    from intrel.reviews.models import ReviewReport

    report = ReviewReport.objects.get(pk=report_id)
    out: dict[str, Any] = {"state": report.state, "error": report.error}
    if report.state != "done":
        return out
    names = [i.relation.name for i in report.round.items.select_related("relation")]
    pdf = Path(work) / f"report-{report_id}.pdf"
    pdf.write_bytes(bytes(report.pdf))
    # In reading order, not -layout: with -layout the lines of a name that wraps in its cell
    # come between the other columns' lines, so a wrapped name was not found. Spaces aside: a
    # long word may break anywhere.
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    out["pdf_bytes"] = pdf.stat().st_size
    out["pdf_pages"] = text.count("\f")
    out["pdf_names_found"] = sum(1 for n in names if "".join(n.split()) in flat)
    doc = Document(io.BytesIO(bytes(report.docx)))
    # Relation tables: 4 columns, a header row; each relation twice (per pillar, per owner).
    rows = sum(len(t.rows) - 1 for t in doc.tables if len(t.columns) == 4)
    out["docx_bytes"] = len(bytes(report.docx))
    out["docx_relation_rows"] = rows
    out["docx_names_found"] = len(
        set(names) & {t.rows[i].cells[0].text for t in doc.tables for i in range(1, len(t.rows))}
    )
    book = load_workbook(io.BytesIO(bytes(report.xlsx)), read_only=True)
    out["xlsx_bytes"] = len(bytes(report.xlsx))
    out["xlsx_sheets"] = {ws.title: ws.max_row for ws in book.worksheets}
    out["relations"] = len(names)
    return out


def child_main(argv: list[str]) -> None:
    _setup()
    what = argv[0]
    if what == "facts":
        result = child_facts()
    elif what == "clean":
        result = child_clean()
    elif what == "prepare":
        result = child_prepare(int(argv[1]))
    elif what == "verify":
        result = child_verify(int(argv[1]), argv[2])
    else:
        raise SystemExit(f"unknown child step {what!r}")
    print(json.dumps(result, default=str))


# --- the bench -------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/intrel_review"
    )
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--skip-impact", action="store_true")
    parser.add_argument("--work", default=str(ROOT / "var" / "bench-review"))
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--docs-from", help="write the docs from an earlier results.json")
    options = parser.parse_args()
    work = Path(options.work)
    work.mkdir(parents=True, exist_ok=True)
    if options.docs_from:
        saved = json.loads(Path(options.docs_from).read_text())
        write_docs(saved["meta"], saved["results"])
        return
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intrel.conf.production",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": options.database_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    log = work / "bench.log"
    started = datetime.now(UTC)
    load_start = os.getloadavg()
    migrate = run([INTREL, "migrate", "--no-input", "-v", "0"], env, log, "migrate")
    assert migrate["status"] == 0, f"migrate failed: see {log}"
    facts = child(["facts"], env)
    print(f"data: {facts}", flush=True)
    print(f"cleaned: {child(['clean'], env)}", flush=True)
    results: dict[str, Any] = {}
    if not options.skip_impact:
        out = work / "impact.json"
        step = run([INTREL, "impact", "--format", "json", "--output", str(out)], env, log, "impact")
        if step["status"] == 0:
            data = json.loads(out.read_text())
            step["relations"] = len(data["relations"])
            step["bytes"] = out.stat().st_size
            print(f"    {step['relations']:,} relations, {step['bytes'] / 1e6:.0f} MB JSON")
        results["impact"] = step
    for size in [int(s) for s in options.sizes.split(",") if s]:
        prepared = child(["prepare", str(size)], env)
        print(f"  round {prepared['round']}, report {prepared['report']} {prepared['state']}")
        step = run(
            [INTREL, "db_worker", "--batch", "--no-startup-delay"],
            env,
            log,
            f"report {size}",
        )
        step["check"] = child(["verify", str(prepared["report"]), str(work)], env)
        step["size"] = size
        print(f"    {step['check']}", flush=True)
        results[f"report_{size}"] = step
    meta = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {_cpu_model()}, "
        f"Python {platform.python_version()}",
        "load_start": load_start,
        "load_end": os.getloadavg(),
        "facts": facts,
        "command": " ".join(sys.argv[1:]),
    }
    print(f"load average: {load_start} at the start, {meta['load_end']} at the end")
    (work / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    if options.write_docs:
        write_docs(meta, results)


def _cells(r: dict[str, Any]) -> str:
    failed = "" if r["status"] == 0 else f" (**exit {r['status']}**)"
    return (
        f"{r['wall']:.1f} s | {r['cpu']:.1f} s | {r['peak_mb']:.0f} MB | {r['load'][0]:.2f}{failed}"
    )


def write_docs(meta: dict[str, Any], results: dict[str, Any]) -> None:
    facts = meta["facts"]
    rows = []
    impact = results.get("impact")
    if impact:
        rows.append(
            f"| `intrel impact --format json` over every current relation "
            f"({impact.get('relations', 0):,} in the JSON, {impact.get('bytes', 0) / 1e6:.0f} MB) "
            f"| 30 s | {_cells(impact)} |"
        )
    for key, r in results.items():
        if not key.startswith("report_"):
            continue
        c = r["check"]
        held = (
            f"PDF {c['pdf_pages']} pages, {c['pdf_names_found']:,}/{c['relations']:,} names; "
            f"DOCX {c['docx_relation_rows']:,} relation rows; "
            f"XLSX {c['xlsx_bytes'] / 1e3:.0f} kB"
            if c["state"] == "done"
            else f"**{c['state']}** {c.get('error', '')}"
        )
        target = "60 s" if r["size"] == 1000 else "–"
        rows.append(
            f"| council report of a round of {r['size']:,} relations (`intrel db_worker "
            f"--batch`: PDF, DOCX, XLSX; {held}) | {target} | {_cells(r)} |"
        )
    ls, le = meta["load_start"], meta["load_end"]
    block = (
        f"{BEGIN}\n"
        f"Measured with `bench/bench_review.py` on {meta['date']} ({meta['machine']}); "
        f"{facts['database']}, {facts['relations']:,} relations ({facts['current']:,} current), "
        f"{facts['activities']:,} activities. 1-minute load average {ls[0]:.2f}, {ls[1]:.2f}, "
        f"{ls[2]:.2f} at the start and {le[0]:.2f}, {le[1]:.2f}, {le[2]:.2f} at the end (the 2 "
        f"cores are shared with other work: wall times are upper bounds; the CPU time is the "
        f"process's own). Each step is one process with the production settings; peak memory "
        f"is its `VmHWM` (with its worker processes, their resident memory together, if more); "
        f"the load is the 1-minute average when the step started.\n\n"
        f"Command: `.venv/bin/python bench/bench_review.py {meta['command']}`\n\n"
        "| step | target | wall | CPU | peak memory | load |\n"
        "|---|---|---|---|---|---|\n" + "\n".join(rows) + f"\n{END}"
    )
    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text(encoding="utf-8")
    if BEGIN in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    elif SECTION in text:
        head, rest = text.split(SECTION, 1)
        text = head + SECTION + "\n\n" + block + "\n" + rest
    else:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}\n"
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
