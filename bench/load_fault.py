"""The load-and-fault run of issue 18 (docs/reliability.md): 32 clients for 60 s against gunicorn
with the production settings on PostgreSQL, mixed reads and writes with concurrent allocations on
one budget line, PostgreSQL restarted once in the middle. Then it checks what must hold:

- no 5xx outside the restart window, and inside it only 503 with ``Retry-After`` (problem+json
  from the API, the plain page from the portal);
- nothing lost: every write answered 2xx is in the database as it was answered;
- the ledger is consistent: no line committed past what it has, the running totals equal the
  sum of the allocations and of the ledger's entries, one ledger entry per allocation.

One command, from a worktree after ``make setup``, as root (it restarts the PostgreSQL cluster)::

    .venv/bin/python bench/load_fault.py --write-doc docs/reliability.md

It makes a fresh database (dropped at the end), migrates, collects the static files, loads the
Helmond demo, makes one policy officer with an API token per client and a council member's
token for reads, opens two budget lines for 2026 (a small one that runs out under the race and
a roomy one), starts gunicorn with ``intrel.conf.production`` and drives it with stdlib HTTP
clients. Plain http on 127.0.0.1: each request says ``X-Forwarded-Proto: https`` as the
TLS-terminating proxy of docs/deployment.md would (``SECURE_PROXY_SSL_HEADER``), so production's
HTTPS redirect and secure cookies stay on. The API's write throttle is raised for the run
(``INTREL_API_WRITE_RATE``): the throttle is not what is measured.

Exit status 0 when everything holds, 1 when something does not (the report says what).
``--no-restart`` runs the load without touching PostgreSQL (for trying the script out: the restart
briefly drops every other connection to the cluster, other people's tests included).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
INTREL = BIN / "intrel"
GUNICORN = BIN / "gunicorn"
YEAR = 2026
RACE_LINE, ROOMY_LINE = "bench-race-2026", "bench-roomy-2026"
RESULTS_LOCK = threading.Lock()
BEGIN, END = "<!-- load_fault:begin -->", "<!-- load_fault:end -->"

# What each client does, by weight: the public portal's pages (anonymous, HTML), API reads of
# relations and budgets, new activities, and allocations on the two lines (every client races
# every other on the same line).
OPERATIONS = {
    "portal.page": 10,
    "relations.list": 20,
    "relations.retrieve": 15,
    "budget_lines.list": 8,
    "budget_lines.retrieve": 7,
    "allocations.list": 5,
    "activities.create": 15,
    "allocations.create.race": 15,
    "allocations.create.roomy": 15,
}
WRITES = {"activities.create", "allocations.create.race", "allocations.create.roomy"}


@dataclass
class Result:
    client: int
    op: str
    start: float  # seconds since the load began
    end: float
    status: int  # 0: no answer (connection refused or reset, timeout)
    retry_after: str | None = None
    content_type: str = ""
    error: str = ""
    marker: str = ""  # a write's own text, to find it in the database
    answer_id: Any = None  # the id a 2xx write answered with
    money: str = ""

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class Restart:
    command: list[str]
    begin: float = 0.0  # the restart command started
    returned: float = 0.0  # it returned
    ready: float = 0.0  # PostgreSQL accepted connections again
    output: str = ""

    @property
    def end(self) -> float:
        return self.ready


@dataclass
class Run:
    args: argparse.Namespace
    results: list[Result] = field(default_factory=list)
    restart: Restart | None = None
    failures: list[str] = field(default_factory=list)
    database: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Set-up


def sh(cmd: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, env=env, text=True, capture_output=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout}\n{result.stderr}")
    return result


def psql(base_url: str, sql: str) -> None:
    env = {**os.environ}
    subprocess.run(
        ["psql", f"{base_url}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        env=env,
        capture_output=True,
    )


def production_env(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTREL_", "DB_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "intrel.conf.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{args.pg}/{args.db}",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "INTREL_API_WRITE_RATE": "1000000/min",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


SETUP = """
import json, os
from django.contrib.auth.models import Group
from intrel.accounts.constants import Role
from intrel.accounts.models import User
from intrel.api.services import person_token_create
from intrel.budgets.services import budget_line_create
from intrel.relations.models import Relation

n = int(os.environ["BENCH_CLIENTS"])
officers = Group.objects.get(name=Role.POLICY_OFFICER)
council = Group.objects.get(name=Role.COUNCIL_MEMBER)
writers = []
for i in range(n):
    user = User.objects.create_user(username=f"bench-officer-{i}", password=None)
    user.groups.add(officers)
    writers.append(person_token_create(user=user, name="load_fault")[1])
reader = User.objects.create_user(username="bench-council", password=None)
reader.groups.add(council)
lines = [
    (os.environ["BENCH_RACE"], "5000.00", "50.0"),
    (os.environ["BENCH_ROOMY"], "10000000.00", "1000000.0"),
]
for slug, money, hours in lines:
    budget_line_create(
        slug=slug, year=int(os.environ["BENCH_YEAR"]), name=slug, purpose="general",
        holder_kind="executive_board", money=money, hours=hours,
    )
print("BENCH " + json.dumps({
    "writers": writers,
    "reader": person_token_create(user=reader, name="load_fault")[1],
    "relations": sorted(Relation.objects.values_list("slug", flat=True)),
}))
"""


def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    print(f"== database {args.db}: fresh, migrate, static files, the Helmond demo", flush=True)
    psql(args.pg, f'DROP DATABASE IF EXISTS "{args.db}"')
    psql(args.pg, f'CREATE DATABASE "{args.db}"')
    sh([str(INTREL), "migrate", "--no-input", "-v", "0"], env)
    sh([str(INTREL), "collectstatic", "--no-input", "-v", "0"], env)
    sh([str(INTREL), "demo_load"], env)
    bench = {
        "BENCH_CLIENTS": str(args.clients),
        "BENCH_RACE": RACE_LINE,
        "BENCH_ROOMY": ROOMY_LINE,
        "BENCH_YEAR": str(YEAR),
    }
    out = sh([str(INTREL), "shell", "-c", SETUP], {**env, **bench})
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH "))
    return json.loads(line[len("BENCH ") :])


def start_gunicorn(args: argparse.Namespace, env: dict[str, str], log: Path) -> subprocess.Popen:
    cmd = [
        str(GUNICORN),
        "intrel.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "60",
        "--backlog",
        "256",
    ]
    print(f"== {' '.join(cmd[1:])}", flush=True)
    handle = log.open("w")
    process = subprocess.Popen(
        cmd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(  # noqa: S310 (http://127.0.0.1 only)
                _request(args, "/healthz", None, "GET", None), timeout=5
            ) as answer:
                if answer.status == 200:
                    return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    process.terminate()
    sys.exit(f"gunicorn did not answer /healthz within 60 s; see {log}")


# ---------------------------------------------------------------------------------------------
# The load


def _request(
    args: argparse.Namespace, path: str, token: str | None, method: str, body: Any
) -> urllib.request.Request:
    headers = {
        "Accept": "application/json" if path.startswith("/api/") else "text/html",
        # As the TLS-terminating proxy in front would (docs/deployment.md).
        "X-Forwarded-Proto": "https",
        "Host": "127.0.0.1",
    }
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    return urllib.request.Request(
        f"http://127.0.0.1:{args.port}{path}", data=data, headers=headers, method=method
    )


def client(
    number: int, args: argparse.Namespace, setup: dict[str, Any], t0: float, stop: float, run: Run
) -> None:
    rng = random.Random(args.seed * 1000 + number)
    writer = setup["writers"][number % len(setup["writers"])]
    reader = setup["reader"]
    relations = setup["relations"]
    ops, weights = zip(*OPERATIONS.items(), strict=True)
    mine: list[Result] = []
    while time.monotonic() < stop:
        op = rng.choices(ops, weights)[0]
        marker = f"bench {number}-{uuid.uuid4().hex[:12]}"
        relation = rng.choice(relations)
        money = ""
        token, method, body = reader, "GET", None
        if op == "portal.page":
            token = None
            path = rng.choice(["/publiek/", "/publiek/commissie/", "/publiek/uitgaven/"])
        elif op == "relations.list":
            path = "/api/v1/relations?page_size=20"
        elif op == "relations.retrieve":
            path = f"/api/v1/relations/{relation}"
        elif op == "budget_lines.list":
            path = f"/api/v1/budget-lines?year={YEAR - 12}"
        elif op == "budget_lines.retrieve":
            path = f"/api/v1/budget-lines/{rng.choice([RACE_LINE, ROOMY_LINE])}"
        elif op == "allocations.list":
            path = f"/api/v1/budget-lines/{rng.choice([RACE_LINE, ROOMY_LINE])}/allocations"
        elif op == "activities.create":
            token, method, path = writer, "POST", "/api/v1/activities"
            body = {
                "relation": relation,
                "kind": "meeting",
                "date": f"{YEAR}-03-{rng.randint(1, 28):02d}",
                "title": marker,
            }
        else:
            line = RACE_LINE if op.endswith("race") else ROOMY_LINE
            money = f"{rng.choice([50, 100, 150]):.2f}"
            token, method = writer, "POST"
            path = f"/api/v1/budget-lines/{line}/allocations"
            body = {
                "date": f"{YEAR}-04-01",
                "money_eur": money,
                "staff_hours": "0.5",
                "relation": relation,
                "description": marker,
            }
        start = time.monotonic() - t0
        result = Result(number, op, start, start, 0, marker=marker, money=money)
        try:
            with urllib.request.urlopen(  # noqa: S310 (http://127.0.0.1 only)
                _request(args, path, token, method, body), timeout=args.timeout
            ) as answer:
                result.status = answer.status
                payload = answer.read()
                if method == "POST" and answer.status in (200, 201):
                    result.answer_id = json.loads(payload).get("id")
        except urllib.error.HTTPError as error:
            result.status = error.code
            result.retry_after = error.headers.get("Retry-After")
            result.content_type = error.headers.get("Content-Type", "")
            result.error = error.read(300).decode("utf-8", "replace")
        except (urllib.error.URLError, OSError, ValueError) as error:
            result.error = f"{type(error).__name__}: {error}"
        result.end = time.monotonic() - t0
        mine.append(result)
    with RESULTS_LOCK:
        run.results.extend(mine)


def restart_postgres(args: argparse.Namespace, t0: float, restart: Restart) -> None:
    """Restart the cluster at ``--restart-at``; meanwhile ask ``pg_isready`` every 50 ms, so the
    window ends when PostgreSQL accepts connections again, not when the command returns (it
    returns later: pg_ctlcluster waits for more than the start)."""
    time.sleep(max(0.0, t0 + args.restart_at - time.monotonic()))
    host = re.sub(r"^postgres(ql)?://([^@/]*@)?", "", args.pg).split("/")[0]
    h, _, p = host.partition(":")
    restart.begin = time.monotonic() - t0
    command = subprocess.Popen(
        restart.command, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    seen_down = False
    while True:
        ready = subprocess.run(["pg_isready", "-q", "-h", h, "-p", p or "5432"]).returncode == 0
        now = time.monotonic() - t0
        if command.poll() is not None and not restart.returned:
            restart.returned = now
        if not ready:
            seen_down = True
        elif seen_down or restart.returned:
            restart.ready = now
            break
        time.sleep(0.05)
    out, _ = command.communicate()
    restart.returned = restart.returned or time.monotonic() - t0
    restart.output = (out or "").strip()


# ---------------------------------------------------------------------------------------------
# The checks


VERIFY = """
import json, os
from decimal import Decimal
from django.db.models import Sum
from intrel.budgets.constants import EntryKind
from intrel.budgets.models import Allocation, BudgetLine, LedgerEntry
from intrel.budgets.selectors import line_balances_from_ledger
from intrel.relations.models import Activity

writes = json.load(open(os.environ["BENCH_WRITES"]))
out = {"lost": [], "refused_but_written": [], "unanswered_committed": 0, "unanswered_absent": 0}
out["lines"] = {}
for w in writes:
    if w["op"] == "activities.create":
        rows = list(Activity.objects.filter(title=w["marker"]).values_list("id", flat=True))
    else:
        rows = list(Allocation.objects.filter(description=w["marker"]).values_list("id", "money"))
    if 200 <= w["status"] < 300:
        if w["op"] == "activities.create":
            good = rows == [w["answer_id"]]
        else:
            good = len(rows) == 1 and rows[0][0] == w["answer_id"]
            good = good and rows[0][1] == Decimal(w["money"])
        if not good:
            out["lost"].append({"write": w, "found": [str(r) for r in rows]})
    elif 400 <= w["status"] < 500:
        if rows:
            out["refused_but_written"].append(w)
    else:
        if len(rows) > 1:
            out["lost"].append({"write": w, "found": "written twice"})
        out["unanswered_committed" if rows else "unanswered_absent"] += 1
for line in BudgetLine.objects.all():
    allocations = Allocation.objects.filter(line=line)
    derived = line_balances_from_ledger(line=line)
    entries = LedgerEntry.objects.filter(line=line, kind=EntryKind.ALLOCATION)
    out["lines"][line.slug] = {
        "money_available": str(line.money_available),
        "money_committed": str(line.money_committed),
        "hours_available": str(line.hours_available),
        "hours_committed": str(line.hours_committed),
        "allocations": allocations.count(),
        "allocation_entries": entries.count(),
        "allocations_money": str(allocations.aggregate(s=Sum("money"))["s"] or Decimal("0.00")),
        "allocations_hours": str(allocations.aggregate(s=Sum("hours"))["s"] or Decimal("0.0")),
        "ledger_money_committed": str(derived.money_committed),
        "ledger_hours_committed": str(derived.hours_committed),
        "ledger_money_available": str(derived.money_available),
    }
out["activities"] = Activity.objects.filter(title__startswith="bench ").count()
out["allocations"] = Allocation.objects.filter(description__startswith="bench ").count()
print("BENCH " + json.dumps(out))
"""


def verify(run: Run, env: dict[str, str], workdir: Path) -> None:
    writes = [
        {
            "op": r.op,
            "marker": r.marker,
            "status": r.status,
            "answer_id": r.answer_id,
            "money": r.money,
        }
        for r in run.results
        if r.op in WRITES
    ]
    path = workdir / "writes.json"
    path.write_text(json.dumps(writes))
    out = sh([str(INTREL), "shell", "-c", VERIFY], {**env, "BENCH_WRITES": str(path)})
    found = json.loads(next(x for x in out.stdout.splitlines() if x.startswith("BENCH "))[6:])
    run.database = found
    if found["lost"]:
        run.failures.append(f"{len(found['lost'])} writes answered 2xx are not in the database")
    if found["refused_but_written"]:
        run.failures.append(f"{len(found['refused_but_written'])} writes refused are written")
    for slug, line in found["lines"].items():
        d = {k: Decimal(v) if isinstance(v, str) else v for k, v in line.items()}
        if d["money_committed"] > d["money_available"] or (
            d["hours_committed"] > d["hours_available"]
        ):
            run.failures.append(f"line {slug}: committed more than the line has")
        if (
            d["money_committed"] != d["ledger_money_committed"]
            or d["hours_committed"] != d["ledger_hours_committed"]
            or d["money_available"] != d["ledger_money_available"]
        ):
            run.failures.append(f"line {slug}: running totals differ from the ledger's entries")
        if d["allocations"] != d["allocation_entries"]:
            run.failures.append(f"line {slug}: allocations and their ledger entries differ")
        if slug.startswith("bench-") and d["allocations_money"] != d["money_committed"]:
            run.failures.append(f"line {slug}: committed differs from the sum of the allocations")
    accepted = {
        op: sum(1 for r in run.results if r.op == op and 200 <= r.status < 300) for op in WRITES
    }
    allocations = accepted["allocations.create.race"] + accepted["allocations.create.roomy"]
    committed_anyway = found["unanswered_committed"]
    if found["activities"] + found["allocations"] < (accepted["activities.create"] + allocations):
        run.failures.append("fewer bench writes in the database than were answered 2xx")
    if found["activities"] + found["allocations"] > (
        accepted["activities.create"] + allocations + committed_anyway
    ):
        run.failures.append("more bench writes in the database than were made")


def expected(op: str) -> set[int]:
    """What may answer an operation: a read 200, an activity 201, an allocation 201 or 409 (the
    line has too little left); anything 503 while the database is down."""
    if op.startswith("allocations.create"):
        return {201, 409, 503}
    return {201, 503} if op in WRITES else {200, 503}


def phase(r: Result, restart: Restart | None) -> str:
    if restart is None:
        return "no restart"
    if r.end < restart.begin:
        return "before"
    if r.start > restart.end:
        return "after"
    return "window"


def check_statuses(run: Run) -> None:
    for r in run.results:
        where = phase(r, run.restart)
        if r.status == 0:
            run.failures.append(f"no answer ({r.op} at {r.start:.2f} s, {where}): {r.error}")
        elif r.status >= 500 and where != "window":
            run.failures.append(f"{r.status} outside the restart window ({r.op}, {r.start:.2f} s)")
        elif r.status >= 500 and (r.status != 503 or not r.retry_after):
            run.failures.append(f"{r.status} without Retry-After in the window ({r.op})")
        elif r.status == 503 and not r.content_type.startswith(
            "text/html" if r.op.startswith("portal") else "application/problem+json"
        ):
            run.failures.append(f"503 as {r.content_type!r} ({r.op})")
        elif r.status not in expected(r.op):
            run.failures.append(f"unexpected {r.status} ({r.op} at {r.start:.2f} s): {r.error}")
    if run.restart is not None and not any(r.status == 503 for r in run.results):
        # Not a failure of the product: the restart fell between requests.
        print("   (no request met the restart: no 503 seen)")


# ---------------------------------------------------------------------------------------------
# The report


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def machine() -> str:
    cpu = ""
    try:
        text = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.*)", text).group(1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        mem = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}"


def versions(env: dict[str, str]) -> str:
    pg = subprocess.run(
        ["psql", f"{env['DATABASE_URL']}", "-tAc", "SHOW server_version"],
        text=True,
        capture_output=True,
    ).stdout.strip()
    gunicorn = subprocess.run(
        [str(GUNICORN), "--version"], text=True, capture_output=True
    ).stdout.strip()
    return f"PostgreSQL {pg}, {gunicorn}, Python {platform.python_version()}"


def report(run: Run, env: dict[str, str], duration: float) -> str:
    a = run.args
    rs = run.results
    restart = run.restart
    lines = []
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines.append(f"Run of {when} on {machine()}; {versions(env)}.")
    lines.append("")
    lines.append(
        f"Command: `.venv/bin/python bench/load_fault.py --clients {a.clients} --seconds "
        f"{a.seconds} --restart-at {a.restart_at} --workers {a.workers} --seed {a.seed}"
        f"{' --no-restart' if restart is None else ''}`"
    )
    lines.append("")
    ok = "**held**" if not run.failures else "**did not hold**"
    lines.append(
        f"- {len(rs)} requests in {duration:.1f} s ({len(rs) / duration:.0f} per second) from "
        f"{a.clients} clients against {a.workers} gunicorn workers: everything checked {ok}."
    )
    if restart is not None:
        lines.append(
            f"- PostgreSQL restarted at {restart.begin:.2f} s (`{' '.join(restart.command)}`), "
            f"accepting connections again (`pg_isready`) after "
            f"{restart.ready - restart.begin:.2f} s, the command returned after "
            f"{restart.returned - restart.begin:.2f} s: the restart window is "
            f"{restart.end - restart.begin:.2f} s; a request is in it when it was under way "
            f"at any moment of it."
        )
        refused = [r for r in rs if r.status == 503]
        if refused:
            lines.append(
                f"- The 503s were answered from {min(r.end for r in refused) - restart.begin:.2f} "
                f"s to {max(r.end for r in refused) - restart.begin:.2f} s after the restart "
                f"began."
            )
    lines.append("")
    lines.append("| phase | requests | " + " | ".join(str(s) for s in _statuses(rs)) + " |")
    lines.append("|---|---:|" + "---:|" * len(_statuses(rs)))
    phases = ["no restart"] if restart is None else ["before", "window", "after"]
    for ph in phases:
        part = [r for r in rs if phase(r, restart) == ph]
        counts = [sum(1 for r in part if r.status == s) for s in _statuses(rs)]
        lines.append(f"| {ph} | {len(part)} | " + " | ".join(str(c) for c in counts) + " |")
    lines.append("")
    lines.append("| operation | requests | answered | p50 ms | p95 ms | max ms |")
    lines.append("|---|---:|---|---:|---:|---:|")
    for op in OPERATIONS:
        part = [r for r in rs if r.op == op]
        times = [r.seconds * 1000 for r in part]
        answered = ", ".join(
            f"{s}: {sum(1 for r in part if r.status == s)}" for s in _statuses(part)
        )
        lines.append(
            f"| {op} | {len(part)} | {answered} | {pct(times, 50):.0f} | {pct(times, 95):.0f} "
            f"| {max(times, default=0):.0f} |"
        )
    times = [r.seconds * 1000 for r in rs]
    lines.append(
        f"| **all** | {len(rs)} | | {pct(times, 50):.0f} | {pct(times, 95):.0f} | "
        f"{max(times, default=0):.0f} |"
    )
    lines.append("")
    db = run.database
    writes_ok = sum(1 for r in rs if r.op in WRITES and 200 <= r.status < 300)
    refused = sum(1 for r in rs if r.op in WRITES and 400 <= r.status < 500)
    refused_alloc = sum(1 for r in rs if r.op.startswith("allocations.create") and r.status == 409)
    unanswered = sum(1 for r in rs if r.op in WRITES and (r.status >= 500 or r.status == 0))
    lines.append(
        f"- Writes: {writes_ok} answered 2xx, every one found in the database as answered "
        f"({len(db.get('lost', []))} missing); {refused} refused with 4xx, none of them written "
        f"({len(db.get('refused_but_written', []))} found), {refused_alloc} of them allocations "
        f"refused with 409 because the line had too little left; {unanswered} answered 503 or "
        f"not at all, of which "
        f"{db.get('unanswered_committed', 0)} were committed before the connection broke and "
        f"{db.get('unanswered_absent', 0)} were not (a client retrying after a 503 must check "
        f"first, as with any request whose answer it did not get)."
    )
    for slug in (RACE_LINE, ROOMY_LINE):
        line = db.get("lines", {}).get(slug)
        if line:
            lines.append(
                f"- Line `{slug}`: {line['allocations']} allocations, "
                f"{line['allocation_entries']} allocation entries; committed "
                f"EUR {line['money_committed']} of {line['money_available']} "
                f"(sum of the allocations {line['allocations_money']}, from the ledger "
                f"{line['ledger_money_committed']}), hours {line['hours_committed']} of "
                f"{line['hours_available']} (ledger {line['ledger_hours_committed']})."
            )
    others = [s for s in db.get("lines", {}) if not s.startswith("bench-")]
    lines.append(
        f"- The demo's {len(others)} other lines: running totals equal to their ledgers."
        if others
        else ""
    )
    if run.failures:
        lines.append("")
        lines.append("What did not hold:")
        for failure in sorted(set(run.failures))[:30]:
            lines.append(f"- {failure}")
    return "\n".join(x for x in lines)


def _statuses(rs: list[Result]) -> list[int]:
    return sorted({r.status for r in rs})


def write_doc(path: Path, text: str) -> None:
    doc = path.read_text() if path.exists() else ""
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in doc and END in doc:
        doc = doc[: doc.index(BEGIN)] + block + doc[doc.index(END) + len(END) :]
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    path.write_text(doc)


# ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--restart-at", type=float, default=25, help="seconds into the load")
    parser.add_argument("--no-restart", action="store_true")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=30, help="a client's wait, seconds")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="intrel_load_fault")
    parser.add_argument("--cluster", default="", help="'15 main'; default: the first one")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    parser.add_argument("--write-doc", type=Path, help="put the figures into this Markdown file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="load_fault-"))
    env = production_env(args, workdir)
    setup = prepare(args, env)
    log = workdir / "gunicorn.log"
    server = start_gunicorn(args, env, log)
    run = Run(args)
    try:
        cluster = args.cluster.split() or [sorted(os.listdir("/etc/postgresql"))[0], "main"]
        t0 = time.monotonic()
        stop = t0 + args.seconds
        threads = [
            threading.Thread(target=client, args=(i, args, setup, t0, stop, run))
            for i in range(args.clients)
        ]
        restarter = None
        if not args.no_restart:
            command = ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"]
            run.restart = Restart(command)
            restarter = threading.Thread(target=restart_postgres, args=(args, t0, run.restart))
        print(
            f"== {args.clients} clients for {args.seconds:.0f} s"
            + ("" if args.no_restart else f", PostgreSQL restarted at {args.restart_at:.0f} s"),
            flush=True,
        )
        for t in threads:
            t.start()
        if restarter:
            restarter.start()
        for t in threads:
            t.join()
        if restarter:
            restarter.join()
        duration = max(r.end for r in run.results)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    check_statuses(run)
    verify(run, env, workdir)
    text = report(run, env, duration)
    print(text)
    if args.write_doc:
        write_doc(args.write_doc, text)
        print(f"== figures written into {args.write_doc}")
    (workdir / "results.json").write_text(json.dumps([asdict(r) for r in run.results]))
    if args.keep:
        print(f"== kept: database {args.db}, {workdir} (gunicorn.log, results.json)")
    else:
        psql(args.pg, f'DROP DATABASE IF EXISTS "{args.db}"')
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
