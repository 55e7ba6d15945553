"""Digital skills needs-analysis benchmark: `make bench` (or `python benchmarks/needs_analysis.py --help`).

For each size (1,000 / 100,000 / 1,500,000 staff) and each database (SQLite file, PostgreSQL), a fresh database is
migrated and filled with synthetic data by INSERT ... SELECT (fixed arithmetic, so every run is the same): staff
in organisations under networks under top bodies, two assessment rounds, every staff member completing both, 42
answers per assessment (a synthetic 6 × 7 item framework), and a level per domain. Then the partnership-wide
dashboard's reads are timed: the needs analysis by organisation, by parent body and by staff group for the latest
round, and the trend across rounds (median of 3 after one warm-up run). Results go to docs/benchmarks/.

Each (database, size) runs in its own process so that memory is measured per run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import PG_ADMIN_URL, ROOT, pg_available, run_child, timed

SIZES = {"1k": 1_000, "100k": 100_000, "1.5M": 1_500_000}
TARGETS = {"100k": 1.0, "1.5M": 10.0}  # seconds, PostgreSQL
ITEMS_PER_DOMAIN = 7
CHUNK = 250_000  # assessments per INSERT for answers and levels


def series(vendor: str, n: int) -> str:
    """A FROM clause giving the numbers 1..n as column `n`."""
    if vendor == "postgresql":
        return f"generate_series(1, {n}) AS s(n)"
    return f"(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {n}) SELECT n FROM s) AS s"


def bench_framework(path: Path) -> None:
    domains = ["communication", "learning", "information", "creation", "technical", "wellbeing"]
    raw = {
        "name": "Benchmark framework",
        "version": "1",
        "source": "Synthetic, for the benchmark only.",
        "levels": [
            {"number": 1, "name": "Getting started", "meaning": "-"},
            {"number": 2, "name": "Developing", "meaning": "-"},
            {"number": 3, "name": "Confident", "meaning": "-"},
        ],
        "domains": [
            {
                "code": d,
                "name": d.title(),
                "items": [
                    {
                        "code": f"{d[:4].upper()}-{i}",
                        "level": 1 if i == 0 else 2 if i < 5 else 3,
                        "foundation": i == 0,
                        "skill_area": d,
                        "text": f"Synthetic question {i} on {d}",
                    }
                    for i in range(ITEMS_PER_DOMAIN)
                ],
            }
            for d in domains
        ],
    }
    path.write_text(json.dumps(raw))


def fill(staff: int) -> dict[str, Any]:
    """Create the synthetic partnership in the configured database; returns what the timing needs."""
    from datetime import date

    from django.db import connection, transaction

    from workforce_hub.accounts.models import User
    from workforce_hub.core.roles import Role
    from workforce_hub.digital_skills import services
    from workforce_hub.digital_skills.models import AssessmentRound, Item
    from workforce_hub.organisations.models import Membership, Organisation, Partnership
    from workforce_hub.people.models import Person

    vendor = connection.vendor
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        bench_framework(Path(tmp) / "bench.json")
        framework = services.load_framework(Path(tmp) / "bench.json")
    p = Partnership.objects.create(name="Benchmark ICS", slug="bench")
    n_orgs = max(10, staff // 500)
    tops = Organisation.objects.bulk_create(
        [Organisation(partnership=p, name=f"ICB {i}", org_type="icb", sector="nhs") for i in range(5)]
    )
    networks = Organisation.objects.bulk_create(
        [
            Organisation(partnership=p, name=f"Network {i}", org_type="pcn", sector="nhs", parent=tops[i % 5])
            for i in range(max(2, n_orgs // 10))
        ]
    )
    leaves = Organisation.objects.bulk_create(
        [
            Organisation(
                partnership=p,
                name=f"Practice or trust {i}",
                org_type="gp_practice",
                sector="primary_care",
                parent=networks[i % len(networks)],
                size=staff // n_orgs,
            )
            for i in range(n_orgs)
        ]
    )
    first_org = min(o.pk for o in leaves)
    assert max(o.pk for o in leaves) - first_org + 1 == n_orgs
    spring = AssessmentRound.objects.create(
        partnership=p, name="Spring", opens_on=date(2026, 3, 1), closes_on=date(2026, 4, 30)
    )
    autumn = AssessmentRound.objects.create(
        partnership=p, name="Autumn", opens_on=date(2026, 10, 1), closes_on=date(2026, 11, 30)
    )
    user = User.objects.create_user(email="coordinator@bench.example", password="x")
    coordinator = Person.objects.create(
        partnership=p, given_name="Bench", family_name="Coordinator", email="coordinator@bench.example", user=user
    )
    Membership.objects.create(person=coordinator, organisation=tops[0], role=Role.COORDINATOR)
    ts = "'2026-11-01 10:00:00'"
    groups = "CASE s.n % 5 WHEN 0 THEN 'clinical' WHEN 1 THEN 'care' WHEN 2 THEN 'admin' WHEN 3 THEN 'manager' ELSE 'digital' END"
    with transaction.atomic(), connection.cursor() as cur:
        if vendor == "postgresql":
            cur.execute("SET LOCAL session_replication_role = replica")  # no FK triggers while loading
        cur.execute(
            "INSERT INTO people_person (created_at, updated_at, given_name, family_name, preferred_name, email, phone,"
            " postcode, location_source, health_and_adjustment_notes, is_active, partnership_id)"
            f" SELECT {ts}, {ts}, 'Staff', 'Member ' || s.n, '', 'staff' || s.n || '@bench.example', '', '', '', '',"
            f" TRUE, {p.pk} FROM {series(vendor, staff)}"
        )
        person_min = Person.objects.filter(partnership=p, family_name__startswith="Member ").order_by("pk")[0].pk
        for round_ in (spring, autumn):
            cur.execute(
                "INSERT INTO digital_skills_assessment (created_at, updated_at, staff_group, started_at, completed_at,"
                " organisation_id, person_id, round_id, framework_id, band, job_role, partnership_id, site_id, team)"
                f" SELECT {ts}, {ts}, {groups}, {ts}, {ts}, {first_org} + (s.n % {n_orgs}), {person_min} + s.n - 1,"
                f" {round_.pk}, {framework.pk}, CAST(2 + s.n % 6 AS VARCHAR(10)), 'Role ' || (s.n % 40), {p.pk},"
                f" NULL, 'Team ' || (s.n % 9) FROM {series(vendor, staff)}"
            )
        items = list(Item.objects.filter(domain__framework=framework).values_list("pk", "domain_id"))
        a_min, a_max = (
            int(v)
            for v in connection.cursor()
            .execute("SELECT MIN(id), MAX(id) FROM digital_skills_assessment WHERE framework_id = %s", [framework.pk])
            .fetchone()
        )
        domains = sorted({d for _, d in items})
        for lo in range(a_min, a_max + 1, CHUNK):
            hi = min(a_max, lo + CHUNK - 1)
            cur.execute(
                "INSERT INTO digital_skills_domainresult (assessment_id, domain_id, level)"
                " SELECT a.id, d.id, 1 + ((a.id * 7919 + d.id * 104729 + a.round_id * 31) % 999) / 333"
                " FROM digital_skills_assessment a CROSS JOIN digital_skills_domain d"
                f" WHERE a.id BETWEEN {lo} AND {hi} AND d.framework_id = {framework.pk}"
            )
            cur.execute(
                "INSERT INTO digital_skills_answer (response, answered_at, assessment_id, item_id)"
                " SELECT CASE (a.id * 13 + i.id * 7) % 4 WHEN 0 THEN 'can' WHEN 1 THEN 'with_help'"
                f" WHEN 2 THEN 'not_yet' ELSE 'unclear' END, {ts}, a.id, i.id"
                " FROM digital_skills_assessment a CROSS JOIN digital_skills_item i"
                " JOIN digital_skills_domain d ON d.id = i.domain_id"
                f" WHERE a.id BETWEEN {lo} AND {hi} AND d.framework_id = {framework.pk}"
            )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    tallied = time.monotonic()
    services.tally_rebuild(p.pk)  # what completing each assessment would have kept
    tally_s = time.monotonic() - tallied
    counts = {
        table: connection.cursor().execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in (
            "people_person",
            "digital_skills_assessment",
            "digital_skills_answer",
            "digital_skills_domainresult",
        )
    }
    assert len(domains) == 6
    return {
        "user": user,
        "round": autumn.pk,
        "load_s": time.monotonic() - started,
        "tally_s": tally_s,
        "counts": counts,
    }


def run_one(size: str) -> dict[str, Any]:
    """In a child process with DATABASE_URL set: migrate, fill, time the dashboard."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_hub.config.settings.local")
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from workforce_hub.core.access import forget_viewer
    from workforce_hub.digital_skills import selectors

    call_command("migrate", verbosity=0)
    made = fill(SIZES[size])
    user, round_id = made["user"], made["round"]
    forget_viewer(user)

    def dashboard() -> None:
        for group_by in ("organisation", "parent", "staff_group"):
            selectors.needs_analysis(user=user, group_by=group_by, round_id=round_id)
        selectors.trend(user)

    parts = {
        g: timed(lambda g=g: selectors.needs_analysis(user=user, group_by=g, round_id=round_id))
        for g in ("organisation", "parent", "staff_group")
    }
    parts["trend"] = timed(lambda: selectors.trend(user))
    total = timed(dashboard)

    def first_view() -> None:  # the first view after new results: the cross-grouping check is worked out again
        cache.clear()
        selectors.needs_analysis(user=user, group_by="organisation", round_id=round_id)

    parts["first_view"] = timed(first_view)
    rows = selectors.needs_analysis(user=user, group_by="organisation", round_id=round_id)
    if connection.vendor == "postgresql":
        db_bytes = connection.cursor().execute("SELECT pg_database_size(current_database())").fetchone()[0]
    else:
        db_bytes = Path(connection.settings_dict["NAME"]).stat().st_size
    return {
        "size": size,
        "vendor": connection.vendor,
        "load_s": round(made["load_s"], 1),
        "tally_s": round(made["tally_s"], 1),
        "counts": made["counts"],
        "groups": len(rows["rows"]),
        "parts": {k: round(v, 3) for k, v in parts.items()},
        "dashboard_s": round(total, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "db_mb": round(db_bytes / 2**20),
    }


def write_report(results: list[dict[str, Any]], out: Path) -> None:
    lines = [
        "# Digital skills needs analysis benchmark",
        "",
        "`make bench` → `benchmarks/needs_analysis.py`. Synthetic partnership (fixed arithmetic, no randomness):",
        "staff in organisations (one per 500 staff) under networks under 5 top bodies; two rounds, every staff member",
        "completing both; 42 answers and 6 domain levels per assessment. Timed: the partnership-wide dashboard's reads",
        "(needs analysis by organisation, by parent body and by staff group for the latest round, and the trend across",
        "rounds), median of 3 after a warm-up. Memory is the benchmark process's peak resident size.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "Targets (PostgreSQL): dashboard under 1 s at 100,000 staff, under 10 s at 1,500,000.",
        "",
        "| database | staff | answers | load (s) | recount tallies (s) | by organisation (s) | by parent (s) | by staff group (s) | trend (s)"
        " | **whole dashboard (s)** | first view after new results (s) | target | peak memory (MB) | database size (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['vendor']} | {r['size']} | failed: {r['error']} |||||||||||")
            continue
        target = TARGETS.get(r["size"])
        verdict = (
            ""
            if target is None or r["vendor"] != "postgresql"
            else f"{'met' if r['dashboard_s'] < target else 'missed'} (< {target:g} s)"
        )
        p = r["parts"]
        lines.append(
            f"| {r['vendor']} | {r['counts']['people_person'] - 1:,} | {r['counts']['digital_skills_answer']:,}"
            f" | {r['load_s']} | {r['tally_s']} | {p['organisation']} | {p['parent']} | {p['staff_group']} | {p['trend']}"
            f" | **{r['dashboard_s']}** | {p.get('first_view', '')} | {verdict} | {r['peak_rss_mb']} | {r['db_mb']:,} |"
        )
    lines += [
        "",
        "How it stays fast: the dashboard never reads answers or individual results. Completing an assessment adds",
        "one to a tally per grouping, domain and level (`NeedsTally`, one upsert); the dashboard sums tallies, so",
        "its cost grows with the number of groups, not of staff. 'Recount tallies' is the time to rebuild every",
        "tally from the stored results (after a bulk load, or to check them): the load above ran it once.",
        "",
        "'First view after new results' is the organisation view with the cache emptied: it also counts the",
        "cross-classification of completed assessments (one grouped query) to hide any group that could be worked",
        "out by subtracting one grouping from another (ADR 0008). The result is cached until the number of completed",
        "assessments or the latest completion changes, so later views cost what the columns before it show.",
    ]
    out.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1k,100k,1.5M", help="comma-separated: 1k, 100k, 1.5M")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--out", default=str(ROOT / "docs/benchmarks/needs-analysis.md"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(run_one(args.child), default=str))
        return
    vendors = args.databases.split(",")
    if "postgresql" in vendors and not pg_available():
        print(f"PostgreSQL not reachable at {PG_ADMIN_URL}: running SQLite only (set BENCH_PG_URL).")
        vendors = [v for v in vendors if v != "postgresql"]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            for vendor in vendors:
                print(f"needs analysis: {vendor} {size} ...", flush=True)
                result = {
                    "size": size,
                    "vendor": vendor,
                    **run_child(__file__, [size], vendor, f"hub_bench_{size.replace('.', '_').lower()}", Path(tmp)),
                }
                print(json.dumps(result), flush=True)
                results.append(result)
                write_report(results, Path(args.out))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
