"""What each role's home page shows, as typed presenters (see `core.presenters`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from workforce_hub.core.attention import AttentionItem
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.presenters import Presenter
from workforce_hub.monitoring.selectors import Watch
from workforce_hub.organisations.models import Membership, Organisation, PlacementSetting
from workforce_hub.people.models import Person
from workforce_hub.portfolios.models import Evidence, LearningRecord, ProgressReview
from workforce_hub.portfolios.selectors import CertificateDue, OtjSummary
from workforce_hub.readiness.models import PlacementAgreement
from workforce_hub.readiness.selectors import Readiness
from workforce_hub.roles.selectors import CheckNeed
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Cohort, Enrolment
from workforce_hub.schemes.patterns import Day


@dataclass(frozen=True)
class CoordinatorHome(Presenter):
    cohorts: list[Cohort]
    #: cohort id → status → how many enrolments
    counts: dict[int, dict[str, int]]
    #: the apprentices of those cohorts, each with `under_way`: the placement under way today (a list of one or none)
    enrolments: QuerySet[Enrolment]
    attention: list[AttentionItem]
    #: when the sources' items were worked out (they are kept for two minutes)
    attention_as_at: datetime
    people_without_login: int
    status_labels: dict[str, str]


@dataclass(frozen=True)
class ApprenticeHome(Presenter):
    enrolments: list[Enrolment]
    placements: list[Placement]
    current: Placement | None
    next: Placement | None
    #: placement agreements waiting for the apprentice's signature
    to_sign: list[PlacementAgreement]


@dataclass(frozen=True)
class HostHome(Presenter):
    #: placements under way with us (the apprentice named)
    now: list[Placement]
    #: placements to come: setting, dates, cohort and how many apprentices, nobody named
    coming: Sequence[Mapping[str, object]]
    settings: QuerySet[PlacementSetting]
    #: placement id -> what today is for that apprentice (at the host, learning day, other day, not working)
    today_is: Mapping[int, Day]
    #: placements to come with their pre-arrival tasks and agreement (nobody named)
    preparing: list[Readiness]
    #: staff who need a competence check (back from a long absence, or new in a role with a profile)
    checks_needed: list[CheckNeed]


@dataclass(frozen=True)
class TutorHome(Presenter):
    enrolments: QuerySet[Enrolment]
    status_labels: dict[str, str]
    overdue_reviews: list[ProgressReview]
    #: the apprentices furthest behind on their hours first (the first `TUTOR_LIST`), and how many there are in all
    behind: list[tuple[LearningRecord, OtjSummary]]
    behind_count: int
    #: Care Certificates due within two weeks or overdue (the first `TUTOR_LIST`), and how many in all
    certificates: list[CertificateDue]
    certificates_count: int
    to_assess: int
    quarantine_reviews: int
    #: the first of them, each a link to the item
    waiting: list[Evidence]
    held_back: list[Evidence]
    #: when the lists above were worked out (they are kept for two minutes)
    lists_as_at: datetime


@dataclass(frozen=True)
class LineManagerHome(Presenter):
    enrolments: QuerySet[Enrolment]
    status_labels: dict[str, str]
    #: staff who need a competence check
    checks_needed: list[CheckNeed]


@dataclass(frozen=True)
class PartnerHome(Presenter):
    #: per funded scheme: the scheme, its number of cohorts and enrolment totals
    rows: list[dict[str, Any]]
    organisations: QuerySet[Organisation]
    #: logic-model indicators due soon or off track
    watch: list[Watch]


@dataclass(frozen=True)
class PartnershipAdminHome(Presenter):
    #: organisation type → how many (rows of `org_type` and `n`)
    by_type: Iterable[Mapping[str, object]]
    org_count: int
    setting_count: int
    people_count: int
    type_labels: dict[str, str]
    #: the ten latest audit events, each with a sentence about its record ("Abbey Road Surgery (organisation) was
    #: changed")
    activity: list[tuple[AuditEvent, str]]


@dataclass(frozen=True)
class StaffHome(Presenter):
    person: Person
    memberships: QuerySet[Membership]
