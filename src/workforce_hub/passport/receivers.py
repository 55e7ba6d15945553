"""Hosts use the passport: when placements are published, and when someone joins an organisation, only the
required training the person does not already hold in date is assigned."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import Membership
from workforce_hub.rotations.models import Placement, PlanRun
from workforce_hub.rotations.signals import placements_published

from . import services
from .models import TrainingAssignment

#: memberships that make someone work at the organisation (not those who oversee the partnership)
WORKING_ROLES = {Role.STAFF, Role.APPRENTICE, Role.MENTOR, Role.LINE_MANAGER, Role.HOST_MANAGER}


@receiver(placements_published)
def _on_publish(sender: object, run: PlanRun, placements: list[Placement], **kwargs: object) -> None:
    services.placements_assign(placements)


@receiver(post_save, sender=Membership)
def _on_join(sender: type[Membership], instance: Membership, created: bool, **kwargs: object) -> None:
    if not created or instance.role not in WORKING_ROLES or kwargs.get("raw"):
        return

    membership = Membership.objects.select_related("person", "organisation").get(pk=instance.pk)
    services.assign_gaps(
        person=membership.person,
        organisation=membership.organisation,
        reason=TrainingAssignment.Reason.JOINED,
        due_on=max(membership.starts_on or timezone.localdate(), timezone.localdate()),
    )
