"""What becomes a credential: achievements already recorded elsewhere in the Hub, read without permission checks
(the issuing job runs as the system) and returned as plain `Achievement`s. Each has a `source_key` naming the record
it came from, so a credential is issued once per record however often the job runs.

Sources: units and Care Certificate standards signed off, knowledge, skills and behaviours met, qualifications achieved (including the Care Certificate),
placements completed, training recorded outside the Hub, competences observed in a competence check, digital skills
a champion confirmed, and a practice's quality mark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q

from workforce_hub.digital_champions.models import QualityMarkAward, SkillCheck
from workforce_hub.organisations.models import Organisation, OrganisationType
from workforce_hub.portfolios.models import Evidence, LearningRecord, Testimonial, UnitAchievement
from workforce_hub.portfolios.selectors import qualification_status
from workforce_hub.programmes.models import Criterion
from workforce_hub.roles.models import CheckItem
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import EnrolmentStatus

from .models import Kind, TrainingRecord

#: enrolment statuses in which a learning record's achievements and placements are the apprentice's to keep
KEPT = [EnrolmentStatus.STARTED, EnrolmentStatus.ON_BREAK, EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN,
        EnrolmentStatus.TRANSFERRED]  # fmt: skip


@dataclass(frozen=True)
class Achievement:
    source_key: str
    kind: str
    issuer_id: int
    name: str
    description: str
    criteria: str
    achievement_type: str
    awarded_on: date
    achievement_key: str
    holder_id: int | None = None
    holder_organisation_id: int | None = None
    valid_until: date | None = None
    activity: tuple[date | None, date | None] = (None, None)
    topic_id: int | None = None


Source = Callable[[int, date, set[int] | None], Iterator[Achievement]]


def _people(q_path: str, people: set[int] | None) -> Q:
    return Q(**{f"{q_path}__in": people}) if people is not None else Q()


def units(partnership_id: int, today: date, people: set[int] | None) -> Iterator[Achievement]:
    rows = (
        UnitAchievement.objects.filter(
            record__enrolment__cohort__scheme__partnership_id=partnership_id,
            record__enrolment__status__in=KEPT,
            achieved_on__lte=today,
        )
        .filter(_people("record__enrolment__apprentice_id", people))
        .select_related("unit__qualification", "record__enrolment__cohort")
    )
    for row in rows:
        unit, qualification = row.unit, row.unit.qualification
        yield Achievement(
            source_key=f"unit:{row.pk}",
            kind=Kind.UNIT,
            issuer_id=row.record.enrolment.cohort.training_provider_id,
            holder_id=row.record.enrolment.apprentice_id,
            name=f"{qualification.title}: {unit.code} {unit.title}",
            description=f"A unit of {qualification.title} ({qualification.code}), signed off by the training provider.",
            criteria=f"Every assessment criterion of unit {unit.code} met, as the training provider assessed it.",
            achievement_type="Competency",
            awarded_on=row.achieved_on,
            achievement_key=f"unit-{qualification.code}-{unit.code}",
        )


def ksbs(partnership_id: int, today: date, people: set[int] | None) -> Iterator[Achievement]:
    """Each knowledge, skill or behaviour of the standard, met by accepted evidence or a host's testimonial: one
    credential per apprentice and criterion, dated when it was first met."""
    scope = {"record__enrolment__cohort__scheme__partnership_id": partnership_id, "record__enrolment__status__in": KEPT}
    if people is not None:
        scope["record__enrolment__apprentice_id__in"] = people  # type: ignore[assignment]
    met: dict[tuple[int, int], date] = {}
    records: dict[int, tuple[int, int]] = {}  # record → (apprentice, provider)
    evidence = Evidence.criteria.through.objects.filter(
        **{f"evidence__{k}": v for k, v in scope.items()}, evidence__status=Evidence.Status.ACCEPTED
    ).values_list(
        "evidence__record_id",
        "criterion_id",
        "evidence__updated_at",
        "evidence__record__enrolment__apprentice_id",
        "evidence__record__enrolment__cohort__training_provider_id",
    )
    testimonials = Testimonial.behaviours.through.objects.filter(
        **{f"testimonial__{k}": v for k, v in scope.items()},
        testimonial__status=Testimonial.Status.COMPLETED,
        testimonial__completed_at__isnull=False,
    ).values_list(
        "testimonial__record_id",
        "criterion_id",
        "testimonial__completed_at",
        "testimonial__record__enrolment__apprentice_id",
        "testimonial__record__enrolment__cohort__training_provider_id",
    )
    for record, criterion, when, apprentice, provider in [*evidence, *testimonials]:
        if when is None:
            continue
        records[record] = (apprentice, provider)
        met[(record, criterion)] = min(met.get((record, criterion), when.date()), when.date())
    criteria = {c.pk: c for c in Criterion.objects.filter(pk__in={c for _, c in met}).select_related("standard")}
    for (record, criterion_id), first in sorted(met.items()):
        c, (apprentice, provider) = criteria[criterion_id], records[record]
        yield Achievement(
            source_key=f"ksb:{record}:{criterion_id}",
            kind=Kind.KSB,
            issuer_id=provider,
            holder_id=apprentice,
            name=f"{c.standard.title}: {c.code} ({c.get_kind_display().lower()})",
            description=c.text,
            criteria="Met by evidence the training provider accepted, or by a host's written testimonial.",
            achievement_type="Competency",
            awarded_on=first,
            achievement_key=f"ksb-{c.standard.code}-{c.code}",
        )


def qualifications(partnership_id: int, today: date, people: set[int] | None) -> Iterator[Achievement]:
    records = (
        LearningRecord.objects.filter(
            enrolment__cohort__scheme__partnership_id=partnership_id, enrolment__status__in=KEPT
        )
        .filter(_people("enrolment__apprentice_id", people))
        .select_related("enrolment__cohort", "standard")
        .prefetch_related("unit_achievements", "prior_qualifications")
    )
    for record in records:
        achieved_on = dict(record.unit_achievements.values_list("unit_id", "achieved_on"))
        for status in qualification_status(record, today):
            if not status.achieved:
                continue
            q = status.qualification
            prior = status.held_before
            if prior is not None:  # held before the start: the provider saw the certificate and recorded it
                awarded = prior.achieved_on
                criteria = "Held before the apprenticeship started; the training provider saw the certificate."
            else:
                dates = [achieved_on[u] for u in status.achieved_units if u in achieved_on]
                if not dates:
                    continue
                awarded = max(dates)
                criteria = "The qualification's rule of combination met: " + "; ".join(
                    c.label for c in status.checks if c.passed
                )
            yield Achievement(
                source_key=f"qualification:{record.pk}:{q.pk}",
                kind=Kind.QUALIFICATION,
                issuer_id=record.enrolment.cohort.training_provider_id,
                holder_id=record.enrolment.apprentice_id,
                name=q.title,
                description=f"{q.title} ({q.code}){f', level {q.level}' if q.level else ''}, achieved on the "
                f"{record.standard.title} apprenticeship.",
                criteria=criteria,
                achievement_type="Certificate" if "CERTIFICATE" in q.code else "Diploma",
                awarded_on=awarded,
                achievement_key=f"qualification-{q.code}",
            )


def placements(partnership_id: int, today: date, people: set[int] | None) -> Iterator[Achievement]:
    rows = (
        Placement.objects.filter(
            status=Placement.Status.PUBLISHED,
            end_date__lt=today,
            enrolment__cohort__scheme__partnership_id=partnership_id,
            enrolment__status__in=KEPT,
            enrolment__started_on__isnull=False,
        )
        .filter(Q(enrolment__ended_on__isnull=True) | Q(enrolment__ended_on__gte=F("end_date")))
        .filter(_people("enrolment__apprentice_id", people))
        .select_related("setting__site__organisation", "enrolment")
    )
    for p in rows:
        org = p.setting.site.organisation
        kind = p.setting.get_setting_type_display()
        yield Achievement(
            source_key=f"placement:{p.pk}",
            kind=Kind.PLACEMENT,
            issuer_id=org.pk,
            holder_id=p.enrolment.apprentice_id,
            name=f"Placement completed: {kind.lower()} at {org.name}",
            description=f"A rotational placement in a {kind.lower()} setting at {org.name}, "
            f"{p.start_date:%d %B %Y} to {p.end_date:%d %B %Y}.",
            criteria="The placement was completed as planned and published by the scheme.",
            achievement_type="Fieldwork",
            awarded_on=p.end_date,
            activity=(p.start_date, p.end_date),
            achievement_key=f"placement-{p.setting.setting_type}",
        )


def training(partnership_id: int, today: date, people: set[int] | None) -> Iterator[Achievement]:
    rows = (
        TrainingRecord.objects.filter(person__partnership_id=partnership_id, completed_on__lte=today)
        .filter(_people("person_id", people))
        .select_related("topic", "organisation")
    )
    for r in rows:
        until = r.topic.valid_until(r.completed_on)
        yield Achievement(
            source_key=f"training:{r.pk}",
            kind=Kind.TRAINING,
            issuer_id=r.organisation_id,
            holder_id=r.person_id,
            topic_id=r.topic_id,
            name=r.topic.name,
            description=f"{r.course}, completed on {r.completed_on:%d %B %Y}."
            + (f" In date until {until:%d %B %Y}." if until else ""),
            criteria=f"Completed {r.course}; the certificate was seen by {r.organisation.name}.",
            achievement_type="CertificateOfCompletion",
            awarded_on=r.completed_on,
            valid_until=until,
            achievement_key=f"training-{r.topic.code}",
        )


def competences(partnership_id: int, today: date, people: set[int] | None) -> Iterator[Achievement]:
    rows = (
        CheckItem.objects.filter(
            outcome=CheckItem.Outcome.OBSERVED,
            competence_check__organisation__partnership_id=partnership_id,
        )
        .filter(_people("competence_check__person_id", people))
        .select_related("competence_check__profile", "competence_check__organisation")
    )
    for item in rows:
        check = item.competence_check
        assert item.signed_at is not None  # a database constraint: an outcome names who and when
        yield Achievement(
            source_key=f"competence:{item.pk}",
            kind=Kind.COMPETENCE,
            issuer_id=check.organisation_id,
            holder_id=check.person_id,
            name=f"{check.profile.title}: {item.competence}"[:300],
            description=f"A competence of the role profile {check.profile.title} at {check.organisation.name}, "
            "observed and signed off by an authorised supervisor.",
            criteria="Observed in practice and signed off in a competence check.",
            achievement_type="Competency",
            awarded_on=item.signed_at.date(),
            achievement_key=f"competence-{check.profile_id}-{item.position}",
        )


def digital_skills(partnership_id: int, today: date, people: set[int] | None) -> Iterator[Achievement]:
    rows = (
        SkillCheck.objects.filter(champion__partnership_id=partnership_id, confirmed_at__isnull=False)
        .filter(_people("person_id", people))
        .select_related("champion__organisation", "framework")
        .prefetch_related("confirmed_items")
    )
    for check in rows:
        items = [i.text for i in check.confirmed_items.all()]
        if not items:
            continue
        assert check.confirmed_at is not None
        yield Achievement(
            source_key=f"digital:{check.pk}",
            kind=Kind.DIGITAL_SKILL,
            issuer_id=check.champion.organisation_id,
            holder_id=check.person_id,
            name=f"Digital skills confirmed ({check.framework.name})",
            description=f"{len(items)} digital {'skill' if len(items) == 1 else 'skills'} shown to a digital "
            f"champion at {check.champion.organisation.name}: " + "; ".join(items)[:900],
            criteria="Each skill demonstrated to a digital champion, who confirmed it.",
            achievement_type="Competency",
            awarded_on=check.confirmed_at.date(),
            achievement_key=f"digital-{check.framework_id}",
        )


def quality_marks(partnership_id: int, today: date, people: set[int] | None) -> Iterator[Achievement]:
    if people is not None:
        return
    hub = (
        Organisation.objects.filter(partnership_id=partnership_id, org_type=OrganisationType.TRAINING_HUB)
        .order_by("pk")
        .first()
    )
    rows = QualityMarkAward.objects.filter(
        maturity__organisation__partnership_id=partnership_id, level__isnull=False, reviewed_at__isnull=False
    ).select_related("maturity__organisation", "level")
    for award in rows:
        assert award.level is not None and award.reviewed_at is not None
        org = award.maturity.organisation
        yield Achievement(
            source_key=f"quality-mark:{award.pk}",
            kind=Kind.QUALITY_MARK,
            issuer_id=hub.pk if hub is not None else org.pk,
            holder_organisation_id=org.pk,
            name=f"Digital quality mark: {award.level.name}",
            description=f"{org.name} reached the {award.level.name} level of the partnership's digital quality mark "
            f"(average at least {award.level.min_average} on the seven Cs), reviewed by a peer.",
            criteria=award.level.description or "A peer review of the practice's digital maturity assessment.",
            achievement_type="QualityAssuranceCredential",
            awarded_on=award.reviewed_at.date(),
            valid_until=award.expires_on,
            achievement_key=f"quality-mark-{award.level_id}",
        )


SOURCES: dict[str, Source] = {
    "units": units,
    "ksbs": ksbs,
    "qualifications": qualifications,
    "placements": placements,
    "training": training,
    "competences": competences,
    "digital_skills": digital_skills,
    "quality_marks": quality_marks,
}


def achievements(partnership_id: int, today: date, people: set[int] | None = None) -> Iterator[Achievement]:
    """Every achievement of the partnership (or of these people) that is ready to be a credential."""
    for source in SOURCES.values():
        yield from source(partnership_id, today, people)
