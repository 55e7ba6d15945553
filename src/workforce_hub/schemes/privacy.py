"""What an erasure keeps of an apprenticeship, and what stops one (registered in `SchemesConfig.ready`)."""

from __future__ import annotations

from workforce_hub.core.privacy import Keep

from .models import Enrolment, EnrolmentStatus

#: an enrolment that has not ended: the apprentice must leave or finish before their data can be erased
IN_PROGRESS = (EnrolmentStatus.APPLIED, EnrolmentStatus.OFFERED, EnrolmentStatus.STARTED, EnrolmentStatus.ON_BREAK)


def was_funded(person_id: int) -> bool:
    """Whether the person started an apprenticeship (so its evidence falls under the funding rules)."""
    return Enrolment.objects.filter(apprentice_id=person_id, started_on__isnull=False).exists()


#: evidence of an apprenticeship that started; for someone who never started, these rows are erased
FUNDED = Keep(
    "Evidence of an apprenticeship that started: the apprenticeship funding rules require it to be kept until 6 "
    "years after the apprenticeship ends, for the funding audit.",
    when=was_funded,
    kept_for="for someone who started an apprenticeship",
)
#: the place itself: counted in the scheme's figures whether or not it started
ENROLMENT = Keep(
    "The scheme's record of the place (cohort, status and dates), counted in the scheme's figures and kept 6 years "
    "after it ends. It holds no contact details."
)


def still_enrolled(person_id: int) -> str | None:
    """Refuses an erasure while the person has an enrolment in progress."""
    open_enrolment = (
        Enrolment.objects.filter(apprentice_id=person_id, status__in=IN_PROGRESS).select_related("cohort").first()
    )
    if open_enrolment is None:
        return None
    return (
        f"They are still on {open_enrolment.cohort}: record that they have left or finished (or withdraw the "
        "offer) before erasing their data."
    )
