"""Who may change the readiness records: coordinators keep the checklist templates and the agreements' wording.
Ticking a task and signing an agreement are object-level rules (`access.py`)."""

import rules

from workforce_hub.organisations.rules import is_coordinator

rules.add_perm("hub.manage_readiness", is_coordinator)
