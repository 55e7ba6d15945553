"""Who may act on support records, and when: the object-level rules the support services and pages share. Each
rule is a plain function of the placement (or meeting), the actor and the day, so pages can show or hide an action
with the same rule the service enforces (and audits when it refuses)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.roles import Role
from workforce_hub.rotations.models import Placement

from .models import APPRAISAL_DUE_DAYS_AFTER_END, OPENS_DAYS_BEFORE_END


def acts_for_placement(placement: Placement, actor: Actor, on: date | None = None) -> bool:
    """The coordinator, or a manager or mentor of the placement's host while it is under way: who may confirm
    arrival and write the handover record."""
    viewer = viewer_for(actor)
    at_host = placement.setting.site.organisation_id in viewer.orgs_for(Role.HOST_MANAGER, Role.MENTOR)
    return viewer.is_coordinator or (at_host and placement.is_current(on))


def appraisal_window(placement: Placement) -> tuple[date, date]:
    return (
        placement.end_date - timedelta(days=OPENS_DAYS_BEFORE_END),
        placement.end_date + timedelta(days=APPRAISAL_DUE_DAYS_AFTER_END),
    )


def can_appraise(placement: Placement, actor: Actor, today: date | None = None) -> bool:
    """The placement's line manager (its contact or a host manager of its organisation), near the end."""
    today = today or timezone.localdate()
    viewer = viewer_for(actor)
    opens, closes = appraisal_window(placement)
    org = placement.setting.site.organisation_id
    is_lead = placement.setting.contact_id == viewer.person_id or org in viewer.orgs_for(Role.HOST_MANAGER)
    return bool(is_lead and placement.status == Placement.Status.PUBLISHED and opens <= today <= closes)


def feedback_open(placement: Placement, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return placement.status == Placement.Status.PUBLISHED and today >= placement.end_date - timedelta(
        days=OPENS_DAYS_BEFORE_END
    )
