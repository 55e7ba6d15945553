"""`manage.py load_postcodes FILE --layout onspd|codepoint|districts`: postcode locations from an open file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workforce_hub.core.postcode_files import SOURCES, load


class Command(BaseCommand):
    help = (
        "Load postcode (or postcode-district) locations from the ONS Postcode Directory, OS Code-Point Open or a "
        "districts CSV, for a Hub whose server cannot reach postcodes.io. Checks every row first; writes nothing "
        "if any is bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file")
        parser.add_argument("--layout", choices=sorted(SOURCES), required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        report = load(path.read_text(encoding="utf-8-sig"), options["layout"])
        if report.errors:
            for error in report.errors[:50]:
                self.stderr.write(error)
            more = len(report.errors) - 50
            raise CommandError(
                f"Nothing was loaded: {len(report.errors)} row(s) are not right"
                + (f" ({more} more not shown)." if more > 0 else ".")
            )
        self.stdout.write(f"Loaded {report.loaded:,} locations ({report.skipped:,} rows without a location skipped).")
