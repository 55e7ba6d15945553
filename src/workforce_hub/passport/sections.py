"""What the passport adds to other apps' pages (see `core.sections`): a person's passport in brief, and an
organisation's required training."""

from __future__ import annotations

from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.sections import Section, register
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person

from . import selectors
from .models import RequiredTraining


@register("person_detail", "passport", order=40)
def person_passport(user: Actor, person: Person) -> Section:
    today = timezone.localdate()
    found = selectors.passport(user, person.pk, today)
    return Section("passport/sections/person.jinja", {"holder": person, "passport": found})


@register("organisation_detail", "required_training", order=40)
def organisation_training(user: Actor, organisation: Organisation) -> Section | None:
    if viewer_for(user).is_anonymous:
        return None
    required = RequiredTraining.objects.visible_to(user).filter(organisation=organisation).select_related("topic")
    return Section("passport/sections/organisation.jinja", {"org": organisation, "required": list(required)})
