"""Who may post jobs, run careers events, record destinations and read scheme reports."""

import rules

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.organisations.rules import is_coordinator, is_partner_lead, is_partnership_admin


@rules.predicate
def is_host_manager(user: Actor) -> bool:
    return viewer_for(user).has_role("host_manager", "line_manager")


rules.add_perm("hub.post_jobs", is_partnership_admin | is_coordinator | is_partner_lead | is_host_manager)
rules.add_perm("hub.manage_events", is_partnership_admin | is_coordinator)
rules.add_perm("hub.record_destinations", is_coordinator)
rules.add_perm("hub.view_scheme_reports", is_partnership_admin | is_coordinator | is_partner_lead)
