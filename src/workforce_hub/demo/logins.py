"""The demo people who act through the services have a login; this says so to the type checker and fails loudly if
the builder ever forgets to give one."""

from __future__ import annotations

from workforce_hub.accounts.models import User
from workforce_hub.people.models import Person


def login_of(person: Person) -> User:
    if person.user is None:
        raise RuntimeError(f"The demo person {person.pk} acts in the demo but has no login.")
    return person.user
