"""What the schemes app adds to other apps' pages (see `core.sections`)."""

from __future__ import annotations

from workforce_hub.core.access import Actor
from workforce_hub.core.sections import Section, register
from workforce_hub.people.models import Person

from .models import Enrolment


@register("person_detail", "enrolments", order=10)
def person_enrolments(user: Actor, person: Person) -> Section:
    enrolments = Enrolment.objects.visible_to(user).filter(apprentice=person).select_related("cohort__scheme")
    return Section("schemes/sections/person_enrolments.jinja", {"enrolments": enrolments})
