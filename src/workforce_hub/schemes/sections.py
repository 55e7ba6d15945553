"""What the schemes app adds to other apps' pages (see `core.sections`)."""

from __future__ import annotations

from workforce_hub.core.access import Actor
from workforce_hub.core.sections import Section, register
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person

from .models import Enrolment, HostAgreement


@register("person_detail", "enrolments", order=10)
def person_enrolments(user: Actor, person: Person) -> Section:
    enrolments = Enrolment.objects.visible_to(user).filter(apprentice=person).select_related("cohort__scheme")
    return Section("schemes/sections/person_enrolments.jinja", {"enrolments": enrolments})


@register("organisation_detail", "host_agreements", order=10)
def organisation_agreements(user: Actor, organisation: Organisation) -> Section:
    agreements = (
        HostAgreement.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("scheme", "template")
        .order_by("scheme__name")
    )
    return Section("schemes/sections/organisation_agreements.jinja", {"agreements": agreements})
