"""What the learning record adds to other apps' pages (see `core.sections`)."""

from __future__ import annotations

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.sections import Section, register
from workforce_hub.schemes.models import Enrolment

from .models import LearningRecord


@register("enrolment_detail", "learning_record", order=10)
def enrolment_record(user: Actor, enrolment: Enrolment) -> Section:
    viewer = viewer_for(user)
    return Section(
        "portfolios/sections/enrolment_record.jinja",
        {
            "record": LearningRecord.objects.visible_to(user).filter(enrolment=enrolment).first(),
            "can_set_up_record": viewer.is_partnership_wide
            or enrolment.cohort.training_provider_id in viewer.provider_org_ids,
        },
    )
