"""Listen to enrolment changes (an apprentice who leaves frees their later placements and prompts a re-plan) and to
organisations' limits (placements over a new limit prompt a re-plan)."""

from __future__ import annotations

from django.dispatch import receiver

from workforce_hub.core.access import Actor
from workforce_hub.organisations.models import Organisation
from workforce_hub.organisations.signals import organisation_limit_changed
from workforce_hub.schemes.models import Enrolment, EnrolmentStatus, EnrolmentStatusChange
from workforce_hub.schemes.signals import enrolment_status_changed

from . import services

LEAVING: dict[str, str] = {EnrolmentStatus.WITHDRAWN: "withdrew", EnrolmentStatus.TRANSFERRED: "transferred"}


@receiver(enrolment_status_changed)
def _on_status_change(
    sender: object, enrolment: Enrolment, change: EnrolmentStatusChange, actor: Actor, **kwargs: object
) -> None:
    if change.to_status in LEAVING:
        services.enrolment_left(enrolment=enrolment, on=change.effective_on, reason=LEAVING[change.to_status])


@receiver(organisation_limit_changed)
def _on_organisation_limit(sender: object, organisation: Organisation, **kwargs: object) -> None:
    services.organisation_limit_check(organisation=organisation)
