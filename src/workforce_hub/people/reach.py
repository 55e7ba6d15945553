"""Which enrolments a viewer reaches through a relationship: the rule shared by the person and enrolment querysets
(`Person.objects.visible_to`, `Enrolment.objects.visible_to`)."""

from __future__ import annotations

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
        today = timezone.localdate()
        q |= Q(
            **{
                f"{path}placements__setting__site__organisation_id__in": viewer.host_org_ids,
                f"{path}placements__status": PUBLISHED,
                f"{path}placements__start_date__lte": today,
                f"{path}placements__end_date__gte": today,
            }
        )
    return q
