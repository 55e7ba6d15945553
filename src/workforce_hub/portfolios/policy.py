"""Which part a person plays in one learning record: apprentice, employer, provider, or someone who manages it."""

from __future__ import annotations

from dataclasses import dataclass

from workforce_hub.core.access import Actor, viewer_for

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
