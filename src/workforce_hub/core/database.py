"""The database's own upkeep, which the Hub does itself rather than leave to the database's defaults."""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> int:
    """Have the database refresh the statistics its query planner works from (SQL `ANALYZE`, which PostgreSQL and
    SQLite both know) and return how many of the Hub's tables that covered.

    PostgreSQL's autovacuum analyses a table only once 50 rows and a tenth of it have changed, so a small table that
    seldom changes (a partnership's schemes) is never analysed, and a restore or an import loads whole tables at
    once. Without statistics the planner guesses, and at the size of an integrated care system it guesses badly: on
    the host's home page, one table of four schemes estimated at one row made PostgreSQL join every placement instead
    of reading those of the host's settings (69 ms of queries a request; 22 ms once analysed). It takes about a
    second at that size, so it runs daily (`schedule.jobs`) and after a restore (`core.backup`)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(connection.introspection.django_table_names(only_existing=True))
