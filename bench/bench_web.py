"""Web benchmark at national scale (issue 19): gunicorn with the production settings over a
register of generated relations, against a floor measured in the same run.

    .venv/bin/python bench/bench_web.py [--database-url postgres://postgres@127.0.0.1:5432/intrel_bench]
        [--relations 100000] [--reuse] [--write-docs]

1. Unless ``--reuse``: creates the database (PostgreSQL: drops and creates it; SQLite: a new
   file), migrates, loads the demo (for the roles' accounts and governance), then
   ``intrel generate_scale_data --force --relations N``.
2. Collects the static files and starts gunicorn (``intrel.conf.production``, plain http on a
   local port: ``SECURE_SSL_REDIRECT=False``; the second factor off, ``INTREL_REQUIRE_MFA=False``,
   so the bench signs in with a session it writes itself) with ``bench/floor_wsgi.py``: the
   application, plus ``/__floor/relations``, a minimal view (the ORM's ``values()`` of the same
   rows as JSON, no middleware).
3. For every address: median and p95 of 1 client (sequential) and of 16 concurrent clients
   (threads, ``http.client``, one connection each), and the throughput at 16 clients; the raw SQL
   of the list's page through psycopg; the ratios of the list API to the floor.
4. ``--write-docs``: the figures into docs/performance.md, section "Web at national scale".

``--profile URL`` prints the top of a cProfile of one request to URL in-process (as beheer).
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DOC = ROOT / "docs" / "performance.md"
SECTION = "## Web at national scale"
PORT = 8719
CLIENTS = 16
ROLES = ["beheer", "beleid", "wethouder", "griffie", "commissie", "raad"]


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="intrel.conf.production",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
        INTREL_REQUIRE_MFA="False",
        LOG_LEVEL="WARNING",
        PYTHONPATH=f"{ROOT / 'src'}:{ROOT / 'bench'}",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    print("$", " ".join(args), flush=True)
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return out.stdout


def prepare(database_url: str, relations: int, env: dict[str, str]) -> dict[str, Any]:
    """A fresh database holding the demo and ``relations`` generated relations."""
    url = urlparse(database_url)
    if url.scheme.startswith("postgres"):
        name = url.path.lstrip("/")
        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(url.path).unlink(missing_ok=True)
    dev = dict(env, DJANGO_SETTINGS_MODULE="intrel.conf.dev")
    _run([str(BIN / "intrel"), "migrate", "--no-input", "-v", "0"], dev)
    _run([str(BIN / "intrel"), "demo_load"], dev)
    _run([str(BIN / "intrel"), "demo_accounts"], dev)
    began = time.perf_counter()
    out = _run(
        [str(BIN / "intrel"), "generate_scale_data", "--force", "--relations", str(relations)], dev
    )
    seconds = time.perf_counter() - began
    print(out.strip().splitlines()[-1])
    return {"generate_seconds": seconds, "generate_output": out.strip().splitlines()[-1]}


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
    import django

    django.setup()


def sessions(roles: list[str]) -> dict[str, str]:
    """A signed-in session per demo account, written as the login would write it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from intrel.accounts.models import User

    cookies = {}
    for name in roles:
        user = User.objects.get(username=name)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "intrel.accounts.backends.AccountBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies[name] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}; django_language=nl"
    return cookies


def addresses() -> list[tuple[str, str, str]]:
    """(label, role or "", path) of every address measured."""
    from intrel.relations.models import Relation

    slug = Relation.objects.filter(slug__startswith="scale-", status="active").order_by("slug")[0]
    country = "DE"
    rows = [
        ("relation list page", "beheer", "/relations/"),
        ("relation list page, filtered", "beheer", f"/relations/?status=active&country={country}"),
        ("relation list page, search", "beheer", "/relations/?q=berlin"),
        ("relation list page, page 100", "beheer", "/relations/?page=100"),
        ("list API, 50", "beheer", "/api/v1/relations?pageSize=50"),
        ("list API, 100", "beheer", "/api/v1/relations?pageSize=100"),
        ("list API, filtered", "beheer", f"/api/v1/relations?status=active&country={country}"),
        ("list API, search", "beheer", "/api/v1/relations?q=berlin"),
        ("list API, sorted by change", "beheer", "/api/v1/relations?ordering=-updatedAt"),
        ("relation page", "beheer", f"/relations/{slug.slug}/"),
        *((f"start page, {role}", role, "/") for role in ROLES),
        ("budget overview", "beheer", "/budgets/"),
        ("import page", "beheer", "/import/"),
        ("floor: minimal view, 50", "", "/__floor/relations?limit=50"),
        ("floor: minimal view, 100", "", "/__floor/relations?limit=100"),
        ("public home (cached)", "", "/publiek/"),
        ("public home, a country (cached)", "", f"/publiek/?country={country}"),
        ("public home, page 2 (cached)", "", "/publiek/?page=2"),
        ("public accessibility page (cached)", "", "/publiek/toegankelijkheid/"),
    ]
    return rows


def _get(conn: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, int, float]:
    headers = {"Host": "127.0.0.1", "Accept": "*/*"}
    if cookie:
        headers["Cookie"] = cookie
    began = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body), time.perf_counter() - began


def _try_get(conn: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, float]:
    """The status and seconds of one request; status 0 where no answer came (the connection
    dropped, a worker killed, a timeout): the connection is closed and opens again next time."""
    began = time.perf_counter()
    try:
        status, _, seconds = _get(conn, path, cookie)
    except (OSError, http.client.HTTPException):
        conn.close()
        return 0, time.perf_counter() - began
    return status, seconds


def _get_once(path: str, cookie: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    _get(conn, path, cookie)
    conn.close()


def _quantiles(samples: list[float]) -> tuple[float, float]:
    if not samples:  # nothing answered 200
        return float("nan"), float("nan")
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def measure(path: str, cookie: str, *, requests: int, budget: float) -> dict[str, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    status, size, _ = _get(conn, path, cookie)  # warm: caches, the worker's first request
    if status != 200:
        raise RuntimeError(f"{path}: {status}")
    _get(conn, path, cookie)
    # Every worker's first request of the address (its caches, e.g. the public pages'): not timed.
    warm = [threading.Thread(target=_get_once, args=(path, cookie)) for _ in range(CLIENTS)]
    for t in warm:
        t.start()
    for t in warm:
        t.join()
    one: list[float] = []
    # Answers other than 200 among the timed requests (a 503 of a locked SQLite, say; 0: no
    # answer at all). Only the 200s are in the timings: a quick error must not flatter them.
    failed: list[int] = []
    began = time.perf_counter()
    tried = 0
    while tried < requests and (tried < 5 or time.perf_counter() - began < budget):
        tried += 1
        status, seconds = _try_get(conn, path, cookie)
        if status == 200:
            one.append(seconds)
        else:
            failed.append(status)
    conn.close()
    many: list[float] = []
    lock = threading.Lock()
    per_client = max(3, requests // 4)
    deadline = time.perf_counter() + budget * 2

    def client() -> None:
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
        for n in range(per_client):
            if n >= 2 and time.perf_counter() > deadline:
                break
            status, seconds = _try_get(c, path, cookie)
            with lock:
                if status == 200:
                    many.append(seconds)
                else:
                    failed.append(status)
        c.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    m1, p1 = _quantiles(one)
    m16, p16 = _quantiles(many)
    return {
        "bytes": size,
        "n1": len(one),
        "median1": m1,
        "p95_1": p1,
        "n16": len(many),
        "median16": m16,
        "p95_16": p16,
        "rps16": len(many) / wall,  # answered with 200
        "failed": failed,
    }


def raw_sql(database_url: str, limit: int, runs: int = 30) -> float:
    """Median seconds of the list's page in raw SQL through psycopg (the rows the API sends: the
    relation and its partner, by name, and the count the pagination asks)."""
    import psycopg

    sql = (
        "SELECT r.*, p.name, p.country, p.kind, p.latitude, p.longitude "
        "FROM relations_relation r JOIN partners_partner p ON p.id = r.partner_id "
        "ORDER BY r.name LIMIT %s"
    )
    times = []
    with psycopg.connect(database_url) as conn:
        for _ in range(runs + 2):
            began = time.perf_counter()
            with conn.cursor() as cur:
                cur.execute("SELECT COUNT(*) FROM relations_relation")
                cur.fetchall()
                cur.execute(sql, (limit,))
                cur.fetchall()
            times.append(time.perf_counter() - began)
    return statistics.median(times[2:])


def start_gunicorn(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    _run([str(BIN / "intrel"), "collectstatic", "--no-input", "-v", "0"], env)
    args = [
        str(BIN / "gunicorn"),
        "floor_wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(workers),
        "--backlog",
        "256",
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]
    print("$", " ".join(args), flush=True)
    proc = subprocess.Popen(args, env=env, cwd=ROOT / "bench", start_new_session=True)
    for _ in range(120):
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            c.request("GET", "/healthz")
            c.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def profile(path: str) -> None:
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from intrel.accounts.models import User

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(username="beheer"))
    client.get(path)
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profiler.enable()
        client.get(path)
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(20)
    print(f"{len(queries)} queries, {sum(float(q['time']) for q in queries):.3f} s in the database")
    for q in sorted(queries, key=lambda q: -float(q["time"]))[:5]:
        print(q["time"], q["sql"][:300])


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def write_docs(context: dict[str, Any], results: list[tuple[str, str, dict[str, Any]]]) -> str:
    lines = [
        SECTION,
        "",
        f"Measured with `bench/bench_web.py` on {context['date']} ({context['machine']}); "
        f"{context['database']}, {context['size']}. gunicorn with `intrel.conf.production` "
        f"({context['workers']} sync workers, 2 x cores + 1 as docs/deployment.md runs it; "
        "plain http on 127.0.0.1), the bench's clients on the same machine. 1-minute load average: "
        f"{context['load_before']} before, {context['load_after']} after (the machine is "
        "shared with other work, so these are upper bounds).",
        "",
        f"Command: `{context['command']}`",
        "",
        f"Data: {context['generate']}",
        "",
        "| address | bytes | 1 client: median / p95 (ms) | 16 clients: median / p95 (ms) | "
        "16 clients: req/s |",
        "|---|---|---|---|---|",
    ]
    for label, path, r in results:
        lines.append(
            f"| {label} (`{path}`) | {r['bytes']:,} | {_ms(r['median1'])} / {_ms(r['p95_1'])} "
            f"| {_ms(r['median16'])} / {_ms(r['p95_16'])} | {r['rps16']:,.1f} |"
        )
    failures = [
        f"{label}: {len(r['failed'])} of {len(r['failed']) + r['n1'] + r['n16']} "
        f"({', '.join(sorted(set(map(str, r['failed']))))})"
        for label, _, r in results
        if r["failed"]
    ]
    lines += [
        "",
        "Answers other than 200 among the timed requests: "
        + ("; ".join(failures) if failures else "none")
        + ".",
        "",
        "The floor and the ratios (list API, pages of 50 and 100, 1 client, medians):",
        "",
    ]
    for size in (50, 100):
        api = next(r for label, _, r in results if label == f"list API, {size}")
        floor = next(r for label, _, r in results if label == f"floor: minimal view, {size}")
        sql = context[f"raw_sql_{size}"]
        lines.append(
            f"- {size} rows: raw SQL through psycopg {_ms(sql)} ms (count and page); minimal view "
            f"{_ms(floor['median1'])} ms; list API {_ms(api['median1'])} ms: "
            f"{api['median1'] / floor['median1']:.1f}x the minimal view, "
            f"{api['median1'] / sql:.1f}x the raw SQL; at 16 clients p95 "
            f"{_ms(api['p95_16'])} ms (the minimal view {_ms(floor['p95_16'])} ms)."
        )
    text = "\n".join(lines) + "\n"
    doc = DOC.read_text(encoding="utf-8")
    if SECTION in doc:
        start = doc.index(SECTION)
        rest = doc[start + len(SECTION) :]
        end = rest.find("\n## ")
        tail = "" if end < 0 else rest[end + 1 :]
        notes_marker = "<!-- notes -->"
        kept = ""
        old = rest if end < 0 else rest[:end]
        if notes_marker in old:
            kept = "\n" + old[old.index(notes_marker) :].rstrip() + "\n"
        doc = doc[:start] + text + kept + ("\n" + tail if tail else "")
    else:
        doc = doc.rstrip() + "\n\n" + text
    DOC.write_text(doc, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/intrel_bench")
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="Use the database as it is.")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn's advice: 2 x cores + 1, as docs/deployment.md runs it",
    )
    parser.add_argument("--requests", type=int, default=30, help="Per address, 1 client.")
    parser.add_argument("--budget", type=float, default=15.0, help="Seconds per address.")
    parser.add_argument("--only", default="", help="Only addresses whose label contains this.")
    parser.add_argument("--profile", default="", help="Profile one request to this path.")
    parser.add_argument("--write-docs", action="store_true")
    options = parser.parse_args()
    env = _env(options.database_url)
    generate = ""
    if not options.reuse and not options.profile:
        generate = prepare(options.database_url, options.relations, env)["generate_output"]
    _django(env)
    if options.profile:
        profile(options.profile)
        return
    from intrel.relations.models import Relation

    size = (
        f"{Relation.objects.count():,} relations (the demo's and the generated), "
        f"{__import__('intrel.relations.models', fromlist=['Activity']).Activity.objects.count():,}"
        " activities"
    )
    cookies = sessions(ROLES)
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    proc = start_gunicorn(env, options.workers)
    results = []
    try:
        for label, role, path in addresses():
            if options.only and options.only not in label:
                continue
            r = measure(
                path, cookies.get(role, ""), requests=options.requests, budget=options.budget
            )
            print(
                f"{label:32} {r['bytes']:>9,} B"
                f"  1: {_ms(r['median1']):>6} / {_ms(r['p95_1']):>6} ms"
                f"   16: {_ms(r['median16']):>6} / {_ms(r['p95_16']):>6} ms  {r['rps16']:7.1f}/s"
                + (
                    f"  NOT 200: {len(r['failed'])} ({sorted(set(r['failed']))})"
                    if r["failed"]
                    else ""
                ),
                flush=True,
            )
            results.append((label, path, r))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    load_after = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    failed = sum(len(r["failed"]) for _, _, r in results)
    timed = failed + sum(r["n1"] + r["n16"] for _, _, r in results)
    print(f"answers other than 200: {failed} of {timed} timed requests")
    context = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {_pg_version(options.database_url)}",
        "database": "PostgreSQL" if options.database_url.startswith("postgres") else "SQLite",
        "size": size,
        "workers": options.workers,
        "load_before": load_before,
        "load_after": load_after,
        "command": "python bench/bench_web.py " + " ".join(sys.argv[1:]),
        "generate": generate or "reused (generated earlier by `intrel generate_scale_data`)",
    }
    if options.database_url.startswith("postgres"):
        context["raw_sql_50"] = raw_sql(options.database_url, 50)
        context["raw_sql_100"] = raw_sql(options.database_url, 100)
        print(
            f"raw SQL: 50 rows {_ms(context['raw_sql_50'])} ms,"
            f" 100 {_ms(context['raw_sql_100'])} ms"
        )
    if options.write_docs and "raw_sql_50" in context and not options.only:
        print(write_docs(context, results))


def _pg_version(database_url: str) -> str:
    if not database_url.startswith("postgres"):
        return "SQLite"
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0] if row else '?'}"


if __name__ == "__main__":
    if shutil.which("gunicorn", path=str(BIN)) is None:
        sys.exit("gunicorn is not installed in .venv (make setup)")
    main()
