"""Who may run recruitment: the scheme coordinators."""

import rules

from workforce_hub.organisations.rules import is_coordinator

rules.add_perm("hub.manage_recruitment", is_coordinator)
