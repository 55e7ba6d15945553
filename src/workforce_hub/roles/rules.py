"""Who may start role reviews and keep role profiles: coordinators, and line and host managers (the people who
lead their teams' reviews). Taking part in a review, commenting and agreeing activities are object rules
(`access.py`)."""

import rules

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.organisations.rules import is_coordinator, is_partnership_admin


@rules.predicate
def manages_a_team(user: Actor) -> bool:
    return viewer_for(user).has_role("line_manager", "host_manager")


rules.add_perm("hub.design_roles", is_coordinator | manages_a_team)
# approving training against the funding gate, and keeping the training agreement templates: the partnership
rules.add_perm("hub.approve_training", is_coordinator | is_partnership_admin)
