"""The plan page alone, in one process, on a database grown by `benchmarks/ics_partnership.py`.

    DJANGO_SETTINGS_MODULE=workforce_hub.config.settings.local DATABASE_URL=postgres://.../hub_ics \
        .venv/bin/python manage.py shell -c "import runpy; runpy.run_path('benchmarks/plan_page.py')['main']()"

Signs in as the demo coordinator (with the two-step code taken as given), asks for the grown plan's page once (it
works out what it keeps for two minutes), then seven times more (read back), and prints one line of JSON: the first
request, the median read back, the page's size and queries, and how big the kept figures are and how long reading
them back takes. `docs/benchmarks/web.md` has the figures before and after keeping plain values.
"""

from __future__ import annotations

import json
import pickle  # nosec B403  # measures the cache's own format on data this script made
import statistics
import time


def main(run_pk: int = 3, reads: int = 7) -> dict[str, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from workforce_hub.accounts.models import User
    from workforce_hub.rotations import selectors, services
    from workforce_hub.rotations.models import PlanRun

    run = PlanRun.objects.get(pk=run_pk)
    client = Client()
    client.force_login(
        User.objects.get(email__startswith="priya.shah@"),
        backend="allauth.account.auth_backends.AuthenticationBackend",
    )
    session = client.session
    session["account_authentication_methods"] = [{"method": "password"}, {"method": "mfa", "type": "totp"}]
    session.save()
    url = f"/rotations/plans/{run.pk}/"
    cache.clear()
    start = time.perf_counter()
    response = client.get(url, secure=True, HTTP_HOST="127.0.0.1")
    first = (time.perf_counter() - start) * 1000
    took = []
    for _ in range(reads):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True, HTTP_HOST="127.0.0.1")
        took.append((time.perf_counter() - start) * 1000)
    diff = services.plan_changes(run)
    figures = {
        "summary": selectors.run_summary(run, diff),
        "changes": selectors.change_list(diff),
        "short_notice": services.short_notice(run, changes=diff),
    }
    kept = pickle.dumps(figures, pickle.HIGHEST_PROTOCOL)
    start = time.perf_counter()
    for _ in range(5):
        pickle.loads(kept)  # nosec B301  # bytes made above, in this process
    result = {
        "status": response.status_code,
        "first_ms": round(first),
        "read_back_ms_median": round(statistics.median(took)),
        "page_kb": len(response.content) // 1024,
        "queries": len(queries),
        "kept_figures_kb": len(kept) // 1024,
        "reading_them_back_ms": round((time.perf_counter() - start) / 5 * 1000),
    }
    print(json.dumps(result))
    return result
