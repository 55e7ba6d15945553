"""Who may do what with the passport. Object rules (which person, which organisation) are in `access.py`."""

import rules

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.organisations.rules import is_coordinator, is_partnership_admin


@rules.predicate
def manages_an_organisation(user: Actor) -> bool:
    return viewer_for(user).has_role("line_manager", "host_manager")


# signing keys: generated and rotated by an admin only
rules.add_perm("hub.manage_signing_keys", is_partnership_admin)
# the training catalogue, issuing now, and revoking any credential of the partnership
rules.add_perm("hub.manage_passport", is_partnership_admin | is_coordinator)
# recording training delivered outside the Hub and an organisation's required training: its managers too
rules.add_perm("hub.record_training", is_partnership_admin | is_coordinator | manages_an_organisation)
