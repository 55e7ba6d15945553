"""`manage.py backup DIR`: the database as fixtures, every stored file, and a manifest of rows and hashes."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workforce_hub.core.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new folder under DIR, with a manifest of hashes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        target = backup(options["directory"])
        self.stdout.write(f"Backed up to {target}")
