"""Coordinators keep logic models; owners enter manual values and decide ratings (object rules in services)."""

import rules

from workforce_hub.organisations.rules import is_coordinator

rules.add_perm("hub.manage_logic_models", is_coordinator)
