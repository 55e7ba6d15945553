"""Object rules for the passport: whose training an actor may record, which organisation's requirements they may
keep, and which credentials they may revoke. Each refusal is audited."""

from __future__ import annotations

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.permissions import refuse, require_perm
from workforce_hub.organisations.models import Membership, Organisation
from workforce_hub.people.models import Person

from .models import MANAGERS, Credential, TrainingAssignment


def manages(actor: Actor, organisation: Organisation) -> bool:
    viewer = viewer_for(actor)
    if viewer.partnership_id != organisation.partnership_id:
        return False
    return viewer.is_partnership_wide or organisation.pk in viewer.orgs_for(*MANAGERS)


def access_requirements(actor: Actor, organisation: Organisation) -> None:
    """Coordinators and admins, and the organisation's own managers, keep its required training."""
    require_perm(actor, "hub.record_training")
    if not manages(actor, organisation):
        refuse(actor, organisation, "Only the organisation's managers or a coordinator can change this.")


def access_record_training(actor: Actor, person: Person, organisation: Organisation) -> None:
    """A manager records training for the organisation they manage, for someone they can see or who works or is
    assigned training there; coordinators and admins for anyone in the partnership."""
    access_requirements(actor, organisation)
    if person.partnership_id != organisation.partnership_id:
        refuse(actor, person, "This person is not in your partnership.")
    if viewer_for(actor).is_partnership_wide:
        return
    linked = (
        Person.objects.visible_to(actor).filter(pk=person.pk).exists()
        or Membership.objects.active().filter(person=person, organisation=organisation).exists()
        or TrainingAssignment.objects.filter(person=person, organisation=organisation).exists()
    )
    if not linked:
        refuse(actor, person, "You can record training only for people who work with your organisation.")


def access_revoke(actor: Actor, credential: Credential) -> None:
    """Coordinators and admins, or a manager of the issuing organisation."""
    viewer = viewer_for(actor)
    if viewer.partnership_id == credential.partnership_id and (
        viewer.is_partnership_wide or credential.issuer_id in viewer.orgs_for(*MANAGERS)
    ):
        return
    refuse(actor, credential, "Only the issuing organisation or a coordinator can revoke a credential.")


def access_holder(actor: Actor, person: Person) -> None:
    """The holder themselves, or a coordinator or admin (uploading a credential, making share links)."""
    viewer = viewer_for(actor)
    if viewer.person_id == person.pk:
        return
    if viewer.is_partnership_wide and viewer.partnership_id == person.partnership_id:
        return
    refuse(actor, person, "Only the holder or a coordinator can do this.")
