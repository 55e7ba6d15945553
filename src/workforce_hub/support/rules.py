"""Pastoral notes are the coordinators' alone."""

import rules

from workforce_hub.organisations.rules import is_coordinator

rules.add_perm("hub.pastoral", is_coordinator)
