"""Partnership admins and coordinators see the scheduled jobs and may run one now."""

import rules

from workforce_hub.organisations.rules import is_coordinator, is_partnership_admin

rules.add_perm("hub.view_jobs", is_partnership_admin | is_coordinator)
