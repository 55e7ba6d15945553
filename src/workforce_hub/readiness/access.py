"""Object-level rules for readiness, shared by the pages, the API and the services (which audit refusals).

The apprentice's name before the first day (ADR 0014, revisiting ADR 0003): a host sees who is coming only from the
first day, except the setting's single point of contact, who sees the apprentice's name and work e-mail from
`PRE_ARRIVAL_DAYS` before the start so that accounts and access can be ready. Every such read is audited."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.roles import Role
from workforce_hub.rotations.models import Placement

from .models import PlacementAgreement, PreArrivalTask, in_pre_arrival_window


def access_placement(actor: Actor, pk: int) -> Placement:
    """A placement the actor may prepare for: through the placement itself (coordinators, the apprentice's side,
    the host while it runs) or through its agreement (the host from publication). 404 otherwise."""
    related = ("setting__site__organisation", "setting__contact", "enrolment__apprentice", "enrolment__cohort__scheme")
    found = Placement.objects.visible_to(actor).filter(pk=pk).select_related(*related).first()
    if found is None:
        agreement = (
            PlacementAgreement.objects.visible_to(actor)
            .filter(placement_id=pk)
            .select_related(*(f"placement__{r}" for r in related))
            .first()
        )
        if agreement is None:
            raise Http404("Not found")
        found = agreement.placement
    return found


def _coordinates(actor: Actor, placement: Placement) -> bool:
    viewer = viewer_for(actor)
    return viewer.coordinates(placement.enrolment.cohort.scheme.partnership_id)


def _at_host(actor: Actor, placement: Placement) -> bool:
    viewer = viewer_for(actor)
    return placement.setting.site.organisation_id in viewer.orgs_for(Role.HOST_MANAGER, Role.MENTOR)


def can_tick(task: PreArrivalTask, actor: Actor, today: date | None = None) -> bool:
    """The coordinator, or a manager or mentor at the host while the placement is published and not over."""
    placement = task.placement
    today = today or timezone.localdate()
    if placement.status != Placement.Status.PUBLISHED or placement.end_date < today:
        return False
    return _coordinates(actor, placement) or _at_host(actor, placement)


def signs_as(agreement: PlacementAgreement, actor: Actor) -> str | None:
    """Which signature this person gives: the apprentice; the host (the named mentor, or a host manager or mentor
    of the organisation); or the coordinator. None for anyone else."""
    viewer = viewer_for(actor)
    placement = agreement.placement
    if viewer.person_id is not None and viewer.person_id == placement.enrolment.apprentice_id:
        return "apprentice"
    if viewer.person_id is not None and (viewer.person_id == agreement.mentor_id or _at_host(actor, placement)):
        return "host"
    if _coordinates(actor, placement):
        return "coordinator"
    return None


def names_apprentice(placement: Placement, actor: Actor, today: date | None = None) -> bool:
    """Whether this person may see who the apprentice is on the readiness pages. Hosts: from the first day; the
    setting's single point of contact also inside the pre-arrival window."""
    today = today or timezone.localdate()
    viewer = viewer_for(actor)
    enrolment = placement.enrolment
    if viewer.person_id is not None and viewer.person_id in (enrolment.apprentice_id, enrolment.line_manager_id):
        return True
    if viewer.is_partnership_wide or enrolment.cohort.training_provider_id in viewer.provider_org_ids:
        return True
    if placement.is_current(today):
        return _at_host(actor, placement)
    return pre_arrival_contact(placement, actor, today)


def pre_arrival_contact(placement: Placement, actor: Actor, today: date | None = None) -> bool:
    """The setting's single point of contact, still holding a host role there, inside the pre-arrival window."""
    today = today or timezone.localdate()
    viewer = viewer_for(actor)
    return (
        placement.status == Placement.Status.PUBLISHED
        and viewer.person_id is not None
        and viewer.person_id == placement.setting.contact_id
        and _at_host(actor, placement)
        and in_pre_arrival_window(placement.start_date, today)
    )
