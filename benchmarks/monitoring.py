"""Monitoring benchmark: `make bench` (or `python benchmarks/monitoring.py --help`).

A synthetic partnership (fixed arithmetic, no randomness) of 50 schemes, each with 5 years of records: two cohorts a
year of 10 apprentices (7 complete, 2 leave early with a reason, 1 transfers), five placements each, a destination
at the end, status history. Each scheme has a logic model of 10 outputs and outcomes with 20 indicators bound to the
Hub's figures (15 for the whole scheme, 5 for one cohort each). Timed, median of 3 after one warm-up:

- the indicator table of one scheme (`item_rows` + `table`: every value and proposal);
- the whole logic model page as a coordinator opens it (HTML, with the picture and the cohort-by-cohort table);
- the CSV export;
- the "due soon or off track" list across all 50 schemes (partner leads' and coordinators' homes): the first view
  after a change, and later views (cached until the next audited change).

Target: the indicator table and the page under 1 s on SQLite and PostgreSQL. Results go to docs/benchmarks/.
Each database runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from common import ROOT, run_on_databases, timed

SCHEMES, YEARS, PER_COHORT, BLOCKS = 50, 5, 10, 5
TARGET_S = 1.0
METRICS = [
    "accepted",
    "started",
    "eligible",
    "care_certificates",
    "placements_completed",
    "different_settings",
    "qualifications",
    "left_early",
    "left_early_job",
    "employed_end",
    "employed_6",
    "retained_by_host",
    "feedback_overall",
    "appraisals",
    "behind_pace",
]


def fill() -> dict[str, Any]:
    """The synthetic partnership; returns what the timing needs."""
    from decimal import Decimal

    from django.db import transaction

    from workforce_hub.accounts.models import User
    from workforce_hub.monitoring.models import Indicator, Item, LogicModel
    from workforce_hub.organisations.models import (
        Membership,
        Organisation,
        Partnership,
        PlacementSetting,
        Role,
        SettingType,
        Site,
    )
    from workforce_hub.outcomes.models import Destination
    from workforce_hub.people.models import Person
    from workforce_hub.rotations.models import Placement
    from workforce_hub.schemes.models import Cohort, Enrolment, EnrolmentStatusChange, Scheme

    started = time.perf_counter()
    today = date(2026, 12, 1)
    first_year = today.year - YEARS
    with transaction.atomic():
        p = Partnership.objects.create(name="Benchmark ICS", slug="bench")
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(partnership=p, name=f"Organisation {i}", org_type="nhs_trust", sector="nhs", size=1000)
                for i in range(20)
            ]
        )
        sites = Site.objects.bulk_create(
            [
                Site(
                    organisation=o,
                    name=f"Site {i}",
                    address="1 Street, Town",
                    postcode="LS1 4AP",
                    latitude=Decimal("53.8"),
                    longitude=Decimal("-1.55"),
                )
                for i, o in enumerate(orgs)
            ]
        )
        types = [t for t, _ in SettingType.choices]
        settings = PlacementSetting.objects.bulk_create(
            [
                PlacementSetting(site=sites[i % len(sites)], name=f"Setting {i}", setting_type=types[i % len(types)])
                for i in range(100)
            ]
        )
        user = User.objects.create_user(email="coordinator@bench.example", password="x")
        coordinator = Person.objects.create(
            partnership=p, given_name="Bench", family_name="Coordinator", email="coordinator@bench.example", user=user
        )
        Membership.objects.create(person=coordinator, organisation=orgs[0], role=Role.COORDINATOR)
        schemes = Scheme.objects.bulk_create(
            [Scheme(partnership=p, name=f"Scheme {s}", block_count=BLOCKS) for s in range(SCHEMES)]
        )
        cohorts = Cohort.objects.bulk_create(
            [
                Cohort(
                    scheme=scheme,
                    name=f"{scheme.name} {first_year + y} {half}",
                    employer=orgs[s % 20],
                    training_provider=orgs[(s + 1) % 20],
                    start_date=date(first_year + y, 3 if half == "spring" else 9, 1),
                    end_date=date(first_year + y + 1, 3 if half == "spring" else 9, 1),
                    contracted_hours=Decimal("37.5"),
                )
                for s, scheme in enumerate(schemes)
                for y in range(YEARS)
                for half in ("spring", "autumn")
            ]
        )
        people = Person.objects.bulk_create(
            [
                Person(partnership=p, given_name="Apprentice", family_name=f"{c}-{n}", email=f"a{c}-{n}@bench.example")
                for c in range(len(cohorts))
                for n in range(PER_COHORT)
            ]
        )
        statuses = ["completed"] * 7 + ["withdrawn", "withdrawn", "transferred"]
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    cohort=cohort,
                    apprentice=people[c * PER_COHORT + n],
                    status=statuses[n] if cohort.end_date <= today else ("started" if n < 9 else "withdrawn"),
                    started_on=cohort.start_date,
                )
                for c, cohort in enumerate(cohorts)
                for n in range(PER_COHORT)
            ]
        )
        changes, placements, destinations = [], [], []
        for i, e in enumerate(enrolments):
            changes.append(
                EnrolmentStatusChange(enrolment=e, to_status="started", reason="-", effective_on=e.started_on)
            )
            if e.status != "started":
                changes.append(
                    EnrolmentStatusChange(
                        enrolment=e,
                        from_status="started",
                        to_status=e.status,
                        reason="-",
                        leaving_reason="job" if e.status == "withdrawn" else "",
                        effective_on=e.started_on + timedelta(days=200),
                    )
                )
            for b in range(BLOCKS):
                start = e.started_on + timedelta(weeks=10 * b)
                placements.append(
                    Placement(
                        enrolment=e,
                        setting=settings[(i + 7 * b) % len(settings)],
                        block_index=b,
                        start_date=start,
                        end_date=start + timedelta(weeks=10) - timedelta(days=1),
                        status="published",
                    )
                )
            if e.status == "completed":
                destinations.append(
                    Destination(
                        enrolment=e,
                        point="end",
                        recorded_on=e.started_on + timedelta(days=366),
                        outcome="employed_health" if i % 3 else "employed_social_care",
                        at_placement_host=i % 2 == 0,
                    )
                )
        EnrolmentStatusChange.objects.bulk_create(changes, batch_size=2000)
        Placement.objects.bulk_create(placements, batch_size=2000)
        Destination.objects.bulk_create(destinations, batch_size=2000)
        by_scheme: dict[int, list[Any]] = {}
        for c in cohorts:
            by_scheme.setdefault(c.scheme_id, []).append(c)
        models = []
        for scheme in schemes:
            model = LogicModel.objects.create(partnership=p, scheme=scheme, version=1)
            models.append(model)
            items = Item.objects.bulk_create(
                [
                    Item(model=model, kind="output" if k < 6 else "short_outcome", statement=f"Outcome {k}", position=k)
                    for k in range(10)
                ]
            )
            Indicator.objects.bulk_create(
                [
                    Indicator(
                        item=items[k % 10],
                        name=f"Indicator {k}",
                        metric=METRICS[k % len(METRICS)],
                        cohort=by_scheme[scheme.pk][-1 - k % 5] if k >= 15 else None,
                        target=Decimal(50),
                        baseline=Decimal(0),
                        due_on=today + timedelta(days=60 * (k % 5) - 45),  # 2 in 5 overdue or due within 30 days
                        owner=coordinator,
                    )
                    for k in range(20)
                ]
            )
    counts = {
        "enrolments": len(enrolments),
        "placements": len(placements),
        "indicators": Indicator.objects.count(),
    }
    return {"user": user, "model": models[0], "today": today, "counts": counts, "load_s": time.perf_counter() - started}


def run_one() -> dict[str, Any]:
    """In a child process with DATABASE_URL set: migrate, fill, time."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_hub.config.settings.local")
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from workforce_hub.monitoring import selectors

    call_command("migrate", verbosity=0)
    made = fill()
    user, model, today = made["user"], made["model"], made["today"]
    client = Client()
    client.force_login(user)

    def page(path: str) -> None:
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            response = client.get(path)
        assert response.status_code == 200, response.status_code

    rows = selectors.item_rows(model, today)
    parts = {
        "table": timed(lambda: selectors.table(selectors.item_rows(model, today))),
        "page": timed(lambda: page(f"/monitoring/models/{model.pk}/")),
        "csv": timed(lambda: page(f"/monitoring/models/{model.pk}/export.csv")),
        "due_first": timed(lambda: (cache.clear(), selectors.due_or_off_track(user, today)), repeat=1),
        "due_later": timed(lambda: selectors.due_or_off_track(user, today)),
    }
    return {
        "vendor": connection.vendor,
        "load_s": round(made["load_s"], 1),
        "counts": made["counts"],
        "table_rows": len(selectors.table(rows)),
        "due": len(selectors.due_or_off_track(user, today)),
        "parts": {k: round(v, 3) for k, v in parts.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def write_report(results: list[dict[str, Any]], out: Path) -> None:
    lines = [
        "# Monitoring benchmark",
        "",
        "`make bench` → `benchmarks/monitoring.py`. Synthetic partnership (fixed arithmetic, no randomness): "
        f"{SCHEMES} schemes × {YEARS} years, two cohorts a year of {PER_COHORT} apprentices (7 complete, 2 leave "
        f"early, 1 transfers), {BLOCKS} placements each, destinations, status history; a logic model per scheme "
        "with 20 indicators bound to the Hub's figures (15 for the whole scheme, 5 for one cohort each). Median of "
        "3 after a warm-up (the due list: 1).",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Target: the indicator table and the page under {TARGET_S:g} s on each database.",
        "",
        "| database | enrolments | placements | indicators | load (s) | **indicator table (s)** | **logic model page (s)**"
        " | CSV (s) | due list of 50 schemes, first view after a change (s) | due list, later views (s) | target"
        " | peak memory (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['vendor']} | failed: {r['error']} |||||||||||")
            continue
        p, c = r["parts"], r["counts"]
        met = "met" if max(p["table"], p["page"]) < TARGET_S else "missed"
        lines.append(
            f"| {r['vendor']} | {c['enrolments']:,} | {c['placements']:,} | {c['indicators']:,} | {r['load_s']}"
            f" | **{p['table']}** | **{p['page']}** | {p['csv']} | {p['due_first']} | {p['due_later']}"
            f" | {met} (< {TARGET_S:g} s)"
            f" | {r['peak_rss_mb']} |"
        )
    lines += [
        "",
        "How it stays within the target: every scheme figure reads the scheme report, and a table builds one report",
        "per cohort filter (here 6: the whole scheme and 5 cohorts), whatever the number of indicators. The page adds",
        "one report per cohort for the cohort-by-cohort table; reports for monitoring leave out funding, costs and",
        "placements by type and sector. The due list on the homes reads only indicators due within 30 days or past",
        "their date (here 2 in 5), but that is still reports for every scheme: its first view after a change grows",
        "with the number of schemes. It is kept (for at most 10 minutes) until the next audited change in the",
        "partnership, so later views only ask for the latest audit event (an index on partnership and id).",
        "",
        "Not in the synthetic data: applications, learning records and feedback (their queries run and find",
        "nothing), so the report's qualification and feedback reads cost less here than with real records.",
    ]
    out.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--out", default=str(ROOT / "docs/benchmarks/monitoring.md"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one()))
        return
    results = run_on_databases(__file__, "hub_bench_monitoring", args.databases)
    write_report(results, Path(args.out))
    print(Path(args.out).read_text())


if __name__ == "__main__":
    main()
