"""Migrations checked the way an upgrade meets them (SECURITY.md 15), on a scratch database made for the check:

1. forward from nothing, backward to nothing, forward again (every migration can be undone, and redone);
2. on PostgreSQL, every migration of the Hub's apps is linted (`django-migration-linter`) for what would break the
   running release during an upgrade (docs/deploy.md runs migrations before the processes restart): a column made
   NOT NULL without a database default, a dropped or renamed column or table, and so on. A migration may be listed
   in `REVIEWED` with the reason it is safe; nothing else may fail.

    python scripts/check_migrations.py                  # SQLite (make migrations-check)
    python scripts/check_migrations.py --postgres URL   # PostgreSQL; URL names any database the role can connect to
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Written before the first release, when no partnership's Hub was running an older release to break. Each adds a
# NOT NULL column with a default for the rows already there, a unique constraint or an index on a new table, or
# changes a code list's length: an older release would not write the new column. New migrations must not be added
# here without saying why, in the same way.
BEFORE_THE_FIRST_RELEASE = "written before the first release; no older release was running against it"
REVIEWED: dict[tuple[str, str], str] = dict.fromkeys(
    [
        ("monitoring", "0002_programme_models"),
        ("monitoring", "0003_evidence_files"),
        ("notifications", "0002_initial"),
        ("notifications", "0003_notification_to_email_alter_notification_recipient_and_more"),
        ("notifications", "0004_send_time_checks"),
        ("organisations", "0002_initial"),
        ("organisations", "0003_locations"),
        ("organisations", "0004_planning_needs"),
        ("outcomes", "0002_locations"),
        ("people", "0002_locations"),
        ("recruitment", "0002_application_submitted_from"),
        ("recruitment", "0003_locations"),
        ("schemes", "0002_allowed_setting_types"),
        ("schemes", "0003_enrolmentstatuschange_leaving_reason_and_more"),
        ("schemes", "0008_testimonial_window"),
    ],
    BEFORE_THE_FIRST_RELEASE,
)


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_hub.config.settings.test")
    import django

    django.setup()


def hub_apps() -> list[str]:
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migrated = MigrationLoader(connection, ignore_no_migrations=True).migrated_apps
    return [c.label for c in apps.get_app_configs() if c.name.startswith("workforce_hub.") and c.label in migrated]


def round_trip() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.recorder import MigrationRecorder

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    applied = MigrationRecorder(connection).applied_migrations()
    executor = MigrationExecutor(connection)
    executor.migrate([(label, None) for label in hub_apps()])  # every app of the Hub back to nothing, at once
    left = {key for key in MigrationRecorder(connection).applied_migrations() if key[0] in hub_apps()}
    if left:
        raise SystemExit(f"These migrations were not undone: {sorted(left)}")
    call_command("migrate", verbosity=0, interactive=False)
    again = MigrationRecorder(connection).applied_migrations()
    if set(again) != set(applied):
        raise SystemExit(f"Migrating forward again applied a different set: {sorted(set(again) ^ set(applied))}")
    ours = sum(1 for key in applied if key[0] in hub_apps())
    seconds = time.monotonic() - started
    print(f"Round trip: {ours} migrations of {len(hub_apps())} apps forward, back and forward again", end="")  # noqa: T201
    print(f" on {connection.vendor} in {seconds:.0f} s")  # noqa: T201


def lint() -> None:
    import logging

    from django_migration_linter import MigrationLinter

    logging.getLogger("django_migration_linter").setLevel(logging.WARNING)  # one line per migration otherwise

    class Linter(MigrationLinter):  # type: ignore[misc]
        def should_ignore_migration(self, app_label: str, migration_name: str, *args: object, **kw: object) -> bool:
            if (app_label, migration_name) in REVIEWED:
                return True
            return bool(super().should_ignore_migration(app_label, migration_name, *args, **kw))

    linter = Linter(str(ROOT), include_apps=hub_apps(), no_cache=True, quiet=["ok", "ignore"])
    stale = set(REVIEWED) - set(linter.migration_loader.disk_migrations)
    if stale:
        raise SystemExit(f"REVIEWED names migrations that do not exist: {sorted(stale)}")
    linter.lint_all_migrations()
    linter.print_summary()
    if linter.has_errors:
        raise SystemExit(
            "A migration above would break the release that is still running while it is applied. Give new "
            "NOT NULL columns a db_default, split renames and removals over two releases, or list it in REVIEWED "
            "in scripts/check_migrations.py with the reason it is safe."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (a scratch database is made on it)")
    args = parser.parse_args()
    if not args.postgres:
        with tempfile.TemporaryDirectory(prefix="hub-migrations-") as folder:
            _setup(f"sqlite:///{folder}/check.sqlite3")
            round_trip()
        return
    import psycopg

    parts = urlsplit(args.postgres)
    name = f"hub_migrations_{os.getpid()}"
    with psycopg.connect(args.postgres, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        _setup(urlunsplit(parts._replace(path=f"/{name}")))
        round_trip()
        lint()
        from django.db import connections

        connections.close_all()
    finally:
        with psycopg.connect(args.postgres, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
