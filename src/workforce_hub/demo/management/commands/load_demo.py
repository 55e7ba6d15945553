from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workforce_hub.demo.partnership import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo partnership (skipped if it is already there) and print one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo partnership and load it again.")

    def handle(self, *args: Any, **options: Any) -> None:
        created, logins = load_demo(reset=options["reset"])
        self.stdout.write("Loaded the demo partnership." if created else "The demo partnership is already loaded.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.role:<18} {login.email:<45} {login.name}")
