"""Web load benchmark: `make bench` (or `python benchmarks/web.py --help`). Needs PostgreSQL (BENCH_PG_URL).

The production settings on a new PostgreSQL database with the demo partnership (`--size demo`), or the demo grown
to an integrated care system's size (`--size ics`, benchmarks/ics_partnership.py), served in turn by gunicorn and by
granian (4 worker processes each, 2 per core), and a Locust run of 50 concurrent users mixing roles: coordinators
(home, cohort page, plan grid, scheme report, needs analysis; signed in with their two-step code), apprentices
(home, learning record, hours, passport, and a simple write: a share link), host managers and tutors (homes).
Locust runs on the same 2-core machine, so its own share of the processor counts against the server's.

Writes docs/benchmarks/web.md, keeping its hand-written history of runs: p50/p95/p99 and errors per page for each
server, and the number of database queries each page makes (measured once, in process). Targets (issue 21): p95
under 1 s for pages and under 250 ms for simple writes, no errors.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import PG_ADMIN_URL, ROOT, pg_available

PY = str(ROOT / ".venv" / "bin" / "python")
PORT = 8131
SERVERS = {
    "gunicorn": [
        str(ROOT / ".venv/bin/gunicorn"),
        "workforce_hub.config.wsgi",
        "--config",
        "deploy/gunicorn.conf.py",
    ],
    "granian": [
        str(ROOT / ".venv/bin/granian"),
        "--interface",
        "wsgi",
        "--workers",
        "4",
        "--host",
        "127.0.0.1",
        "--port",
        str(PORT),
        "--no-ws",
        "workforce_hub.config.wsgi:application",
    ],
}
COORDINATORS = 40
#: where the hand-written history of runs starts in the report; a new run keeps it
HISTORY = "## Before and after the fixes"
PREPARE = (
    f"COORDINATORS = {COORDINATORS}\n"
    + """
import json
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection
from workforce_hub.accounts.models import User
from workforce_hub.portfolios.models import LearningRecord
from workforce_hub.rotations.models import PlanRun
from workforce_hub.schemes.models import Cohort

def login(prefix):
    return User.objects.get(email__startswith=prefix)

from workforce_hub.organisations.models import Membership
from workforce_hub.people.models import Person

coordinator = login("priya.shah@")
secret = generate_totp_secret()
TOTP.activate(coordinator, secret)
# an authenticator code is accepted once: each simulated coordinator signs in as a coordinator of their own
emails = []
for i in range(COORDINATORS):
    user = User.objects.create_user(email=f"load-coordinator-{i}@example.org", password="Demo-Workforce-Hub-2026")
    person = Person.objects.create(partnership=coordinator.person.partnership, user=user, given_name="Load",
                                   family_name=f"Coordinator {i}", email=user.email)
    for m in coordinator.person.memberships.all():
        Membership.objects.create(person=person, organisation=m.organisation, role=m.role)
    TOTP.activate(user, secret)
    emails.append(user.email)
import os
ICS = json.loads(os.environ.get("BENCH_ICS", "null"))
apprentice = "ics.apprentice@" if ICS else "jordan.ellis@"
record = LearningRecord.objects.get(enrolment__apprentice__user__email__startswith=apprentice)
if ICS:
    run, cohort = PlanRun.objects.get(pk=ICS["plan_run"]), Cohort.objects.get(pk=ICS["cohort"])
else:
    run = PlanRun.objects.filter(published_at__isnull=False).order_by("-pk").first()
    cohort = Cohort.objects.filter(enrolments__apprentice__email__startswith="jordan.ellis@").first()
paths = {
    "coordinator_emails": emails, "coordinator_totp": secret,
    "apprentice_email": login(apprentice).email, "host_email": login("gary.mills@").email,
    "tutor_email": login("grace.holloway@").email,
    "coordinator_home": "/home/coordinator/", "cohort": f"/schemes/cohorts/{cohort.pk}/",
    "plan": f"/rotations/plans/{run.pk}/", "report": f"/outcomes/reports/schemes/{cohort.scheme_id}/",
    "needs": "/digital-skills/needs/", "apprentice_home": "/home/apprentice/", "record": f"/learning/{record.pk}/",
    "hours": f"/learning/{record.pk}/hours/", "passport": "/passport/", "host_home": "/home/host/",
    "tutor_home": "/home/tutor/",
}
import time as clock
queries = {}
for who, keys in (("priya.shah@", ["coordinator_home", "cohort", "plan", "report", "needs"]),
                  (apprentice, ["apprentice_home", "record", "hours", "passport"]),
                  ("gary.mills@", ["host_home"]), ("grace.holloway@", ["tutor_home"])):
    client = Client()
    client.force_login(login(who), backend="allauth.account.auth_backends.AuthenticationBackend")
    if who == "priya.shah@":
        session = client.session
        session["account_authentication_methods"] = [{"method": "password"}, {"method": "mfa", "type": "totp"}]
        session.save()
    for key in keys:
        connection.queries_log.clear()  # the log keeps 9,000 queries: a long page must not fill it for the next
        started = clock.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(paths[key], secure=True, HTTP_HOST="127.0.0.1").status_code
        took, n = round((clock.perf_counter() - started) * 1000), len(captured)  # counted before the next request
        started = clock.perf_counter()  # again: what the Hub kept for a couple of minutes (core.caching) is read back
        client.get(paths[key], secure=True, HTTP_HOST="127.0.0.1")
        again = round((clock.perf_counter() - started) * 1000)
        queries[key] = {"n": n, "ms": took, "again": again} if status == 200 else f"status {status}"
    if who == "priya.shah@":
        # the plan page before and after it showed one cohort at a time: time (median of 3), size and queries
        import statistics
        from workforce_hub.rotations.views import planning as plan_views
        grid = {}
        for label, rows in (("whole plan", 10**9), ("one cohort", plan_views.GRID_ROWS)):
            plan_views.GRID_ROWS, took = rows, []
            for _ in range(3):
                connection.queries_log.clear()
                start = clock.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    page = client.get(paths["plan"], secure=True, HTTP_HOST="127.0.0.1")
                took.append((clock.perf_counter() - start) * 1000)
            grid[label] = {"ms": round(statistics.median(took)), "kb": len(page.content) // 1024,
                           "queries": len(captured)}
print(json.dumps({"paths": paths, "queries": queries, "grid": grid}))
"""
)
NAMES = {
    "coordinator_home": "coordinator home",
    "cohort": "cohort page",
    "plan": "plan grid",
    "report": "scheme report",
    "needs": "needs analysis",
    "apprentice_home": "apprentice home",
    "record": "apprentice record",
    "hours": "hours",
    "passport": "passport",
    "host_home": "host home",
    "tutor_home": "tutor home",
}


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"manage.py {args[0]} failed: {done.stderr[-2000:]}")
    if "Traceback" in done.stderr:  # a failure the command survived (a plan run that failed, say): show it
        print(done.stderr[-4000:], file=sys.stderr)
    return done.stdout


def load(server: str, env: dict[str, str], users: int, seconds: int, work: Path) -> list[dict[str, Any]]:
    log = (work / f"{server}.log").open("wb")
    proc = subprocess.Popen(
        SERVERS[server], cwd=ROOT, env={**env, "HUB_BIND": f"127.0.0.1:{PORT}", "HUB_WEB_WORKERS": "4"}, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        time.sleep(6)
        for _ in range(16):  # warm every worker process up (imports, templates) before measuring
            subprocess.run(["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{PORT}/accounts/login/",
                            "-H", "X-Forwarded-Proto: https"], check=False)  # fmt: skip
        prefix = work / server
        subprocess.run(
            [
                str(ROOT / ".venv/bin/locust"),
                "-f",
                str(ROOT / "benchmarks/locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                "0.45",  # sign-ins stay under the Hub's limit of 30 a minute from one address
                "-t",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
        )
        with open(f"{prefix}_stats.csv") as f:
            rows = list(csv.DictReader(f))
        failures = Path(f"{prefix}_failures.csv")
        if failures.exists():  # what each failed request was (status or exception), for the report
            with failures.open() as f:
                rows += [{"Failure": True, **r} for r in csv.DictReader(f)]
        return rows
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=180, help="including the ramp-up of about 110 s")
    parser.add_argument("--servers", default="gunicorn,granian")
    parser.add_argument("--size", choices=["demo", "ics"], default="ics")
    parser.add_argument("--out", default="", help="default: docs/benchmarks/web.md (ics) or web-demo.md (demo)")
    args = parser.parse_args()
    args.out = args.out or str(ROOT / "docs/benchmarks" / ("web.md" if args.size == "ics" else "web-demo.md"))
    if not pg_available():
        sys.exit("PostgreSQL is not reachable at BENCH_PG_URL: the web benchmark needs it")
    import psycopg

    name = "hub_bench_web"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    results: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workforce_hub.config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}",
            "HUB_DATA_DIR": str(work / "data"),
            "HUB_EMAIL_CHANNEL": "console",
            "PYTHONPATH": str(ROOT / "src"),
        }
        for step in (["migrate", "--no-input", "-v0"], ["createcachetable"], ["collectstatic", "--no-input", "-v0"]):
            run(env, *step)
        run(env, "load_demo")
        grown: dict[str, Any] = {}
        if args.size == "ics":
            started = time.monotonic()
            # not run as __main__: the planner's worker processes import the main module again
            code = "import json, runpy; print(json.dumps(runpy.run_path('benchmarks/ics_partnership.py')['grow']()))"
            grown = json.loads(run(env, "shell", "-c", code).strip().splitlines()[-1])
            grown["seconds_total"] = round(time.monotonic() - started)
            env["BENCH_ICS"] = json.dumps(grown)
            print(f"grown to ICS size: {grown}", file=sys.stderr)
        # the daily job that a partnership's Hub runs (`schedule.jobs`): without it PostgreSQL plans from no statistics
        # on tables too small for autovacuum to analyse, and the figures would be of a Hub that never ran a day
        run(env, "shell", "-c", "from workforce_hub.schedule.jobs import run_job; run_job('refresh_statistics')")
        prepared = json.loads(run(env, "shell", "-c", PREPARE).strip().splitlines()[-1])
        env["BENCH_PATHS"] = json.dumps(prepared["paths"])
        for server in args.servers.split(","):
            results[server] = load(server, env, args.users, args.seconds, work)
            print(f"{server}: done", file=sys.stderr)
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    write_report(results, prepared["queries"], args, Path(args.out), grown, prepared.get("grid", {}))
    print(Path(args.out).read_text())


def write_report(
    results: dict[str, list[dict[str, Any]]],
    queries: dict[str, Any],
    args: Any,
    out: Path,
    grown: dict[str, Any],
    grid: dict[str, Any],
) -> None:
    by_name = {v: k for k, v in NAMES.items()}
    lines = [
        "# Web load benchmark",
        "",
        f"`make bench` → `benchmarks/web.py` (Locust file `benchmarks/locustfile.py`). Production settings on "
        f"PostgreSQL, {'the ICS-sized partnership' if grown else 'the demo partnership'}, {args.users} concurrent users mixing roles for {args.seconds} s "
        "(coordinators with their two-step code, apprentices, host managers, tutors; 1–3 s between requests), each"
        " server with 4 worker processes. Users start at 0.45 a second: every sign-in comes from one address here, and"
        " the Hub allows 30 a minute from one address. Locust shares the same 2-core machine. Before the load, the"
        " database's statistics are refreshed by the Hub's daily job (`refresh_statistics`), as on a Hub that has"
        " run for a day.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. Targets: p95"
        ' under 1 s for pages, under 250 ms for simple writes, no errors. "Queries" and "alone" are one request'
        ' to the page with nothing else running (in process, before the load); "again" is the same request made'
        " once more, when what the Hub keeps for two minutes (`core.caching`) is read back.",
        "",
        (
            f"**Size:** the demo partnership grown by `benchmarks/ics_partnership.py` (seed 2026):"
            f" {grown.get('organisations')} more organisations, {grown.get('settings')} settings,"
            f" {grown.get('staff'):,} staff with {grown.get('assessments'):,} digital-skills assessments (two rounds),"
            f" {grown.get('cohorts')} cohorts over five years with {grown.get('apprentices'):,} apprentices,"
            f" {grown.get('placements'):,} placements and {grown.get('evidence'):,} evidence records, and a plan made by"
            f" the planner for the {grown.get('plan_apprentices')} apprentices of the cohorts starting next"
            f" ({grown.get('plan_result')}). Growing took {grown.get('seconds_total')} s. The pages measured are"
            " those of the grown part: a cohort of it, that plan, its scheme report, the needs analysis over all"
            " staff, and an apprentice of it with 40 pieces of evidence; the demo's tutor, host manager and"
            " coordinator work for it. Smaller figures: [web-demo.md](web-demo.md)."
            if grown
            else "**Size:** the demo partnership. The ICS-sized figures are in [web.md](web.md)."
        ),
        "",
        "| page | server | requests | errors | p50 (ms) | p95 (ms) | p99 (ms) | queries | alone (ms) | again (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for server, rows in results.items():
        for row in rows:
            if row["Name"] == "Aggregated" or row.get("Failure"):
                continue
            key = by_name.get(row["Name"])
            measured = queries.get(key, {}) if key else {}
            if isinstance(measured, dict):
                n, alone, again = measured.get("n", ""), measured.get("ms", ""), measured.get("again", "")
            else:
                n, alone, again = measured, "", ""
            lines.append(
                f"| {row['Name']} | {server} | {row['Request Count']} | {row['Failure Count']} | {row['50%']}"
                f" | {row['95%']} | {row['99%']} | {n} | {alone} | {again} |"
            )
    if grid:
        lines += [
            "",
            "**The plan page, before and after it showed one cohort at a time** (one coordinator, no other load,"
            " median of 3; the grid has Keep and Rule out boxes in every cell):",
            "",
            "| plan page | time (ms) | size (KB) | queries |",
            "|---|---|---|---|",
            *(f"| {label} | {g['ms']} | {g['kb']} | {g['queries']} |" for label, g in grid.items()),
        ]
    failed = [(server, r) for server, rows in results.items() for r in rows if r.get("Failure")]
    if failed:
        lines += ["", "**Failed requests:**", ""]
        lines += [f"- {server}: {r['Name']}: {r['Error']} ({r['Occurrences']} times)" for server, r in failed]
    lines.append("")
    for server, rows in results.items():
        total = next((r for r in rows if r["Name"] == "Aggregated"), None)
        if total:
            lines.append(
                f"- **{server}**, all requests: {total['Request Count']} requests, {total['Failure Count']} errors,"
                f" {float(total['Requests/s']):.1f} a second, p50 {total['50%']} ms, p95 {total['95%']} ms,"
                f" p99 {total['99%']} ms."
            )
    # the history of runs below the table is written by hand: kept as it is
    history = out.read_text().partition(HISTORY)[2] if out.exists() else ""
    out.write_text("\n".join(lines) + "\n" + (f"\n{HISTORY}{history}" if history else ""))


if __name__ == "__main__":
    main()
