"""Fetch-and-authorise for the learning record: `access_record` fetches one record the actor may see (404
otherwise), and `parties` says which part they play in it (apprentice, employer, provider, or someone who manages
it), which decides what each page offers them and what each service lets them do."""

from __future__ import annotations

from dataclasses import dataclass

from workforce_hub.core.access import Actor, get_visible_or_404, viewer_for

from .models import LearningRecord


@dataclass(frozen=True)
class Parties:
    apprentice: bool
    employer: bool
    provider: bool
    manager: bool  # set up the record, edit the plan, record units and the gateway date: provider or coordinator

    @property
    def signs_as(self) -> str | None:
        """The signature this person gives on a plan or review (one person signs for one party)."""
        if self.apprentice:
            return "apprentice"
        if self.employer:
            return "employer"
        if self.provider:
            return "provider"
        return None


def parties(user: Actor, record: LearningRecord) -> Parties:
    viewer = viewer_for(user)
    enrolment = record.enrolment
    cohort = enrolment.cohort
    apprentice = viewer.person_id is not None and viewer.person_id == enrolment.apprentice_id
    # the employer is represented by the apprentice's named line manager (who alone sees the record)
    employer = not apprentice and viewer.person_id is not None and viewer.person_id == enrolment.line_manager_id
    provider = cohort.training_provider_id in viewer.provider_org_ids
    return Parties(
        apprentice=apprentice,
        employer=employer,
        provider=provider,
        manager=provider or (viewer.is_partnership_wide and viewer.partnership_id == record.partnership_id),
    )


def access_record(actor: Actor, pk: int) -> LearningRecord:
    """A learning record the actor may see, with what its pages show of the enrolment, standard and rules."""
    return get_visible_or_404(
        LearningRecord.objects.visible_to(actor).select_related(
            "enrolment__apprentice",
            "enrolment__cohort__scheme",
            "enrolment__line_manager",
            "standard",
            "pathway",
            "rule_set",
        ),
        pk=pk,
    )
