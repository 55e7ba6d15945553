"""Which enrolments a viewer reaches through a relationship: the rule shared by the person and enrolment querysets
(`Person.objects.visible_to`, `Enrolment.objects.visible_to`)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from workforce_hub.core.access import Viewer
from workforce_hub.core.roles import Role

#: A placement's status once the coordinator has published it (the rotations app's `Placement.Status.PUBLISHED`;
#: spelled here because people sits below rotations).
PUBLISHED = "published"


def enrolment_reach(viewer: Viewer, path: str = "") -> Q:
    """Which enrolments a non-partnership-wide viewer reaches through a relationship, as a Q object.

    `path` leads from the model being filtered to the enrolment ("" for Enrolment, "enrolments__" for Person).
    The named line manager, tutors and assessors of the cohort's training provider, and hosts and mentors while
    a published placement at their organisation covers today. An empty Q (nothing) for anyone else.
    """
    q = Q(pk__in=[])
    if viewer.has_role(Role.LINE_MANAGER):
        q |= Q(**{f"{path}line_manager_id": viewer.person_id})
    if viewer.provider_org_ids:
        q |= Q(**{f"{path}cohort__training_provider_id__in": viewer.provider_org_ids})
    if viewer.host_org_ids:
        # as a subquery of enrolment ids, not a join through placements: a join can match an enrolment once per
        # placement, and the DISTINCT that undoes that sorts every column of every row (`Enrolment.visible_to`)
        today = timezone.localdate()
        placements = apps.get_model("rotations", "Placement")  # by name: rotations sits above people
        hosted = placements._default_manager.filter(
            setting__site__organisation_id__in=viewer.host_org_ids,
            status=PUBLISHED,
            start_date__lte=today,
            end_date__gte=today,
        ).values("enrolment_id")
        q |= Q(**{f"{path}pk__in": hosted})
    return q
