"""Action permissions (who may change what). Visibility is `visible_to`; these decide writes."""

from __future__ import annotations

import rules

from workforce_hub.core.access import Actor, viewer_for


@rules.predicate
def is_partnership_admin(user: Actor) -> bool:
    return viewer_for(user).is_partnership_admin


@rules.predicate
def is_coordinator(user: Actor) -> bool:
    return viewer_for(user).is_coordinator


rules.add_perm("hub.manage_organisations", is_partnership_admin)
rules.add_perm("hub.manage_people", is_partnership_admin | is_coordinator)
rules.add_perm("hub.import_people", is_partnership_admin | is_coordinator)
rules.add_perm("hub.manage_schemes", is_coordinator)
rules.add_perm("hub.manage_enrolments", is_coordinator)
rules.add_perm("hub.view_audit", is_partnership_admin)
#: the right to erasure, and the privacy register
rules.add_perm("hub.erase_people", is_partnership_admin)


@rules.predicate
def leads_or_manages(user: Actor) -> bool:
    return viewer_for(user).has_role("partner_lead", "line_manager", "host_manager")


rules.add_perm("hub.plan_rotations", is_coordinator)
rules.add_perm("hub.view_needs_analysis", is_partnership_admin | is_coordinator | leads_or_manages)
rules.add_perm("hub.change_capacity", is_partnership_admin | is_coordinator)
rules.add_perm("hub.manage_digital_skills", is_partnership_admin | is_coordinator)


@rules.predicate
def is_partner_lead(user: Actor) -> bool:
    return viewer_for(user).has_role("partner_lead")


rules.add_perm("hub.review_quality_mark", is_partnership_admin | is_coordinator | is_partner_lead)
