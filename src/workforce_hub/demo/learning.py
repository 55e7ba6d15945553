"""Demo learning records at different stages, built on the demo partnership's enrolments and placements.

- Zara Ahmed (digital): transferred in part-way, so her apprenticeship began 14 months ago: near the gateway,
  with one criterion still open and the employer's confirmation to come.
- Kieran Lloyd (digital): behind on off-the-job hours, and his first progress review is overdue.
- Jordan Ellis (the apprentice login, health and social care): Care Certificate under way, hours waiting for the
  tutor, evidence waiting for assessment and one written account held back by the patient-data check.
- Everyone else started: a record with a signed plan, some hours and the reviews the rules schedule.
All text is invented; the only NHS number is from the 999 test range.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from workforce_hub.demo.logins import login_of
from workforce_hub.people.models import Person
from workforce_hub.portfolios import screening, services
from workforce_hub.portfolios.models import (
    Activity,
    Evidence,
    ExpectedLearning,
    LearningRecord,
    OffTheJobEntry,
    ProgressReview,
    Scan,
    Screening,
    Testimonial,
    TrainingPlan,
    UnitAchievement,
)
from workforce_hub.portfolios.selectors import otj_summary
from workforce_hub.programmes.models import Criterion, FundingRuleSet, Standard, Unit
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Enrolment

PLAN = {
    "summary": "Learn the standard's knowledge, skills and behaviours through rotating placements, a weekly "
    "learning day and tutor sessions; build a portfolio mapped to every criterion.",
    "otj_plan": "One protected learning day each week with the training provider, plus shadowing and online "
    "modules at each placement, logged here and approved by the tutor.",
    "employer_commitments": "A named mentor at every placement, protected time for the learning day, and "
    "expected learning shared with each host before the placement starts.",
    "provider_commitments": "Monthly one-to-one with the tutor, assessment of evidence within two weeks, and "
    "a progress review at least as often as the funding rules require.",
    "support": "",
}

REFLECTIONS = [
    (
        "Helping a colleague set up two-factor sign-in",
        "I showed a receptionist how to set up the authenticator "
        "app, explained why it matters and wrote a one-page guide for the team.",
    ),
    (
        "Resolving a printer queue fault",
        "I logged the ticket, found the stuck print job, cleared the queue and "
        "recorded the fix in the support log so others can follow it.",
    ),
    (
        "Running a drop-in on the new rota system",
        "I planned a 30-minute session for six staff, checked what "
        "they already knew and changed my examples to suit the team.",
    ),
    (
        "Keeping a laptop build secure",
        "I followed the build checklist, applied updates and encryption, and "
        "tested the login before handing it over with a signed record.",
    ),
]


def _at(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(10, 0)))


def _pdf(title: str, body: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


class PortfolioDemo:
    def __init__(self, today: date, people: dict[str, Person]) -> None:
        self.today = today
        self.people = people

    def build(self, enrolments: list[Enrolment]) -> None:
        hsw = Standard.objects.get(code="ST0216", is_current=True)
        dst = Standard.objects.get(code="ST0119", is_current=True)
        for enrolment in enrolments:
            if enrolment.status not in ("started", "on_break"):
                continue
            digital = "digital" in enrolment.cohort.scheme.name.lower()
            standard = dst if digital else hsw
            name = enrolment.apprentice.given_name
            start = enrolment.cohort.start_date
            end = enrolment.cohort.end_date
            if name == "Zara":
                start = self.today - timedelta(days=430)
                end = self.today + timedelta(weeks=6)
            record = LearningRecord.objects.create(
                enrolment=enrolment,
                standard=standard,
                pathway=standard.pathways.filter(name="Digital service technician").first(),
                rule_set=FundingRuleSet.objects.for_start(start),
                start_date=start,
                planned_end=end,
                contracted_hours=enrolment.cohort.contracted_hours,
                english_achieved=True,
                maths_achieved=True,
            )
            services.reviews_schedule(record)
            self._plan(record)
            self._hours(record, behind=name == "Kieran", near_gateway=name == "Zara")
            self._reviews(record, skip_first=name == "Kieran")
            self._expected(record)
            if name == "Zara":
                self._near_gateway(record)
            elif digital:
                self._evidence(record, 2)
            else:
                self._care_certificate(record, 9 if name == "Jordan" else 6)
                if name == "Jordan":
                    self._jordan(record)

    # --- pieces ---------------------------------------------------------------------------------------
    def _plan(self, record: LearningRecord) -> None:
        tutor = self._tutor(record)
        lm = record.enrolment.line_manager
        plan = TrainingPlan.objects.create(
            record=record,
            version=1,
            created_by=tutor,
            apprentice_signed_at=_at(record.start_date),
            employer_signed_at=_at(record.start_date),
            employer_signed_by=lm,
            provider_signed_at=_at(record.start_date),
            provider_signed_by=tutor,
            **PLAN,
        )
        # written before the signatures: a week before the start (the date it was written is kept automatically)
        TrainingPlan.objects.filter(pk=plan.pk).update(created_at=_at(record.start_date - timedelta(days=7)))

    def _tutor(self, record: LearningRecord) -> Person | None:
        org = record.enrolment.cohort.training_provider
        return Person.objects.filter(memberships__organisation=org, memberships__role__in=["tutor", "assessor"]).first()

    def _hours(self, record: LearningRecord, *, behind: bool, near_gateway: bool) -> None:

        summary = otj_summary(record, self.today)
        share = Decimal("0.45") if behind else Decimal("1.05")
        target = summary.required + 2 if near_gateway else summary.pace * share
        tutor = self._tutor(record)
        activities = [Activity.TEACHING, Activity.ONLINE, Activity.SHADOWING, Activity.ASSIGNMENTS]
        d = record.start_date + timedelta(days=2)
        total = Decimal(0)
        rows = []
        i = 0
        while total < target and d < self.today - timedelta(days=3):
            hours = Decimal("7.5") if near_gateway or not i % 3 else Decimal("6.0")
            rows.append(
                OffTheJobEntry(
                    record=record,
                    activity=activities[i % 4],
                    date=d,
                    hours=hours,
                    description="Learning day with the training provider"
                    if i % 4 == 0
                    else "Planned learning at the placement",
                    status=OffTheJobEntry.Status.APPROVED,
                    reviewed_by=tutor,
                    reviewed_at=_at(d + timedelta(days=3)),
                )
            )
            total += hours
            d += timedelta(days=7)
            i += 1
        rows.append(
            OffTheJobEntry(
                record=record,
                activity=Activity.ONLINE,
                date=self.today - timedelta(days=2),
                hours=Decimal("3.0"),
                description="Online module on information governance",
            )
        )
        OffTheJobEntry.objects.bulk_create(rows)

    def _reviews(self, record: LearningRecord, *, skip_first: bool) -> None:
        tutor = self._tutor(record)
        for n, review in enumerate(record.reviews.filter(due_on__lt=self.today)):
            if skip_first and n == 0:
                continue
            held = review.due_on - timedelta(days=4)
            ProgressReview.objects.filter(pk=review.pk).update(
                held_on=held,
                progress="Settled well into placements; evidence is building steadily across the criteria.",
                actions="Log learning-day hours each week; bring two pieces of evidence to the next 1:1.",
                otj_hours=Decimal(0),
                recorded_by=tutor,
                apprentice_signed_at=_at(held),
                employer_signed_at=_at(held),
                employer_signed_by=record.enrolment.line_manager,
                provider_signed_at=_at(held),
                provider_signed_by=tutor,
            )

    def _expected(self, record: LearningRecord) -> None:
        criteria = list(Criterion.objects.filter(standard=record.standard, pathway__isnull=True))
        for n, placement in enumerate(Placement.objects.filter(enrolment=record.enrolment, status="published")):
            el = ExpectedLearning.objects.create(
                record=record,
                placement=placement,
                notes="Let the apprentice lead one task end to end and give feedback on it.",
            )
            el.criteria.set(criteria[n * 3 % len(criteria) :][:4])

    def _released(
        self,
        record: LearningRecord,
        title: str,
        text: str,
        criteria: list[Criterion],
        status: str,
        when: date,
        as_pdf: bool = False,
    ) -> Evidence:
        found = screening.scan_places([("title", title), *screening.lines_of(text)])
        assert not found, f"demo evidence must screen clear: {found}"
        evidence = Evidence(
            record=record,
            title=title,
            screening=Screening.CLEAR,
            scan=Scan.CLEAN,
            status=status,
            feedback="Clear and well explained." if status == "accepted" else "",
            assessed_by=self._tutor(record) if status == "accepted" else None,
            assessed_at=_at(when + timedelta(days=5)) if status == "accepted" else None,
        )
        if as_pdf:
            content = _pdf(title, text)
            evidence.kind = Evidence.Kind.FILE
            evidence.original_name = "evidence.pdf"
            evidence.content_type = "application/pdf"
            evidence.size = len(content)
            evidence.file.save("upload.pdf", ContentFile(content), save=False)
        else:
            evidence.kind = Evidence.Kind.REFLECTION
            evidence.reflection = text
        evidence.save()
        Evidence.objects.filter(pk=evidence.pk).update(created_at=_at(when))
        evidence.criteria.set(criteria)
        return evidence

    def _evidence(self, record: LearningRecord, n: int) -> None:
        criteria = list(Criterion.objects.filter(standard=record.standard, pathway__isnull=True))
        for i in range(n):
            title, text = REFLECTIONS[i % len(REFLECTIONS)]
            self._released(
                record,
                title,
                text,
                criteria[i * 2 : i * 2 + 2],
                "accepted" if i == 0 else "submitted",
                record.start_date + timedelta(weeks=4 + 3 * i),
                as_pdf=i == 1,
            )

    def _near_gateway(self, record: LearningRecord) -> None:
        from workforce_hub.programmes.selectors import criteria_for

        criteria = list(criteria_for(record.standard_id, record.pathway_id))
        behaviours = [c for c in criteria if c.kind == "B"]
        others = [c for c in criteria if c.kind != "B"]
        # every knowledge and skill criterion but the last has accepted evidence; behaviours by testimonial
        for i in range(0, len(others) - 1, 2):
            title, text = REFLECTIONS[(i // 2) % len(REFLECTIONS)]
            self._released(
                record,
                f"{title} ({i // 2 + 1})",
                text,
                others[i : min(i + 2, len(others) - 1)],
                "accepted",
                record.start_date + timedelta(weeks=6 + 4 * i),
                as_pdf=i == 0,
            )
        placement = (
            Placement.objects.filter(enrolment=record.enrolment, status="published").order_by("start_date").first()
        )
        if placement is not None:
            author = Person.objects.filter(
                memberships__organisation=placement.setting.site.organisation, memberships__role="host_manager"
            ).first()
            if author is not None:
                t = Testimonial.objects.create(
                    record=record,
                    placement=placement,
                    author=author,
                    requested_by=record.enrolment.apprentice,
                    status=Testimonial.Status.COMPLETED,
                    completed_at=_at(placement.start_date + timedelta(weeks=10)),
                    responses={
                        b.code: "Seen consistently: worked through the support queue without prompting, "
                        "kept the team informed and finished what was agreed."
                        for b in behaviours
                    },
                )
                t.behaviours.set(behaviours)

    def _care_certificate(self, record: LearningRecord, n: int) -> None:
        tutor = self._tutor(record)
        units = list(Unit.objects.filter(qualification__code="CARE-CERTIFICATE").order_by("position")[:n])
        UnitAchievement.objects.bulk_create(
            UnitAchievement(
                record=record, unit=u, achieved_on=record.start_date + timedelta(days=7 * (i + 1)), recorded_by=tutor
            )
            for i, u in enumerate(units)
        )

    def _jordan(self, record: LearningRecord) -> None:
        """The apprentice login: evidence through the real service, so screening and the scan really run."""
        user = login_of(record.enrolment.apprentice)
        criteria = list(Criterion.objects.filter(standard=record.standard))
        services.evidence_add(
            actor=user,
            record=record,
            title="Supporting a resident at mealtimes",
            upload=(
                "mealtimes.pdf",
                _pdf(
                    "Supporting a resident at mealtimes",
                    "I helped a resident choose their lunch, encouraged them to eat independently and recorded "
                    "what they ate and drank on the chart, then told the senior carer about a change in appetite.",
                ),
            ),
            criteria=criteria[6:8],
        )
        services.evidence_add(
            actor=user,
            record=record,
            title="Reflection on a handover",
            reflection="At handover I passed on a change in a resident's mobility.\n"
            "Resident NHS number 999 000 0018 was moved to a new room.\n"
            "Next time I will use the handover sheet so nothing is missed.",
            criteria=criteria[2:3],
        )


def load(today: date, people: dict[str, Person], enrolments: list[Enrolment]) -> None:
    PortfolioDemo(today, people).build(enrolments)
