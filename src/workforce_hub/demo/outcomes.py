"""Demo data for support and outcomes.

The evaluated integrated scheme is rebuilt from records as a finished pilot, cohort by cohort as the evaluation
(seed 001, Figures 4 and 9) gives it. The county council cohort (a learning day every week, 37 hours): 30
applications, 4 accepted, 4 started and eligible, 4 Care Certificates (one held before the scheme), 2 completed five
placements and the diploma, 2 left after three placements each. The NHS trust cohort (a learning day every
fortnight, 37.5 hours; recruited through the trust's own process, so its applications are not known): 5 accepted,
one took another job just before the start and never started, one aged 17 started and was transferred to a generic
apprenticeship at the trust because some hosts take nobody under 18, 3 eligible, 3 Care Certificates, 3 completed,
none left. 8 started; at the end 4 employed (3 in health, 1 in social care) and the fifth applying for jobs in the
sector. The salary costs, £65,122, were shared by seven partners in proportion to size, independent providers not
asked to pay. The scheme report counts all of it from these records.

Today's cohorts get a recruitment round for the next intake, pastoral notes, arrivals, a careers event, partner
jobs and a job alert for the apprentice nearest the end.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from workforce_hub.core.roles import Role
from workforce_hub.demo.constants import COUNCIL_WEEK, TOWN_A, TOWN_B, TRUST_WEEK
from workforce_hub.organisations.models import Membership, Organisation
from workforce_hub.outcomes import services
from workforce_hub.outcomes.models import CareersEvent, EventSignup, JobPreference, Outcome, Point
from workforce_hub.people.models import Person
from workforce_hub.portfolios.models import LearningRecord, PriorQualification, UnitAchievement
from workforce_hub.programmes.models import FundingRuleSet, Standard, Unit
from workforce_hub.recruitment import services as recruitment_services
from workforce_hub.recruitment.models import Application, ApplicationStageChange, Level, Stage, Vacancy
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes import services as scheme_services
from workforce_hub.schemes.models import Cohort, Enrolment, EnrolmentStatus, LeavingReason, Scheme
from workforce_hub.support import services as support_services
from workforce_hub.support.models import (
    Appraisal,
    ExitQuestionnaire,
    HandoverMeeting,
    PastoralNote,
    PastoralStatus,
    PlacementFeedback,
)

from .logins import login_of

if TYPE_CHECKING:
    from .partnership import DemoBuilder

PILOT_START = date(2018, 9, 3)
VACANCY_TEXT = {
    "summary": "A paid 15-month apprenticeship as a health and social care support worker. You work in five "
    "placements of about three months each, in hospitals, mental health services, the community and care homes, "
    "and learn one day a week or fortnight.",
    "placements": "Across Derwent Valley: hospital wards, mental health teams, reablement and district nursing, "
    "residential care and supported living. The first placement is with your employer; the last is with an "
    "independent care provider.",
    "working_pattern": "37 or 37.5 hours a week over 4 or 5 days. Some placements include early starts, late "
    "shifts or weekends; you will know each placement's days and hours at least 6 weeks before it starts.",
    "pay": "The apprentice rate for the first year, then the rate for your age; the employer pays your salary.",
    "qualifications": "The Care Certificate in your first 12 weeks, then a Level 2 Diploma in Care and the "
    "Healthcare Support Worker apprenticeship.",
    "after_the_scheme": "Partners advertise jobs to apprentices in the last months and you get job alerts and "
    "careers events. A job at the end is not guaranteed.",
}


def _diploma_route(units: list[Unit]) -> list[Unit]:
    """The units the pilot's apprentices took: every mandatory unit, 16 credits of group B (knowledge) and the
    first 8 credits of group C (competence) — 48 credits, which the rule of combination accepts."""
    chosen = [u for u in units if u.group == "mandatory"]
    for group, wanted in (("B", 16), ("C", 8)):
        total = 0
        for u in units:
            if u.group == group and total + u.credits <= wanted:
                chosen.append(u)
                total += u.credits
    return chosen


def _aware(d: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, 0)))


class OutcomesDemo:
    def __init__(self, builder: DemoBuilder) -> None:
        self.b = builder
        self.today: date = builder.today
        self.coordinator = builder.people["coordinator"]
        self.actor = login_of(self.coordinator)

    # --- the 2018 to 2020 pilot --------------------------------------------------------------------------------
    def pilot(self) -> Scheme:
        b = self.b
        scheme = scheme_services.scheme_create(
            partnership=b.partnership,
            actor=self.actor,
            data={
                "name": "Integrated support worker pilot (2018 to 2020)",
                "description": "The first integrated health and social care support worker scheme: two cohorts, "
                "five placements of three months, the Care Certificate and a Level 2 Diploma in Care. Finished; "
                "kept for its outcomes and the scheme report.",
                # seven partners shared the salary costs by size; independent providers were not asked to pay
                "funders": [
                    b.orgs[k] for k in ("icb", "council", "city", "trust", "mh_trust", "community", "federation")
                ],
                "exempt_partners": [b.orgs[k] for k in ("oakwood", "millbrook", "riverside", "hillcrest")],
                "funding_share": Scheme.FundingShare.PROPORTIONAL,
                "annual_cost": Decimal("65122.00"),
                "training_cost_per_person": Decimal("4000.00"),
                "qualification_cost_per_person": Decimal("3000.00"),
                "block_count": 5,
                "block_weeks": 13,
                "first_block_with_employer": True,
                "last_block_sector": "pvi",
                "is_active": False,
            },
        )
        services.levy_transfer_record(
            scheme=scheme,
            actor=self.actor,
            data={
                "sender": b.orgs["trust"],
                "receiver": b.orgs["oakwood"],
                "amount": Decimal("4000.00"),
                "levy_funds": Decimal("1450000.00"),
                "agreed_on": PILOT_START - timedelta(weeks=4),
                "note": "Unspent levy for the training of an apprentice employed by the care home after the pilot",
            },
        )
        end = PILOT_START + timedelta(weeks=65) - timedelta(days=3)
        cohorts = {}
        for key, name, employer, provider, hours, week in (
            ("council", "County council cohort 2018", "council", "peak_skills", "37.0", COUNCIL_WEEK),
            ("trust", "NHS trust cohort 2018", "trust", "college", "37.5", TRUST_WEEK),
        ):
            cohorts[key] = scheme_services.cohort_create(
                scheme=scheme,
                actor=self.actor,
                data={
                    "name": name,
                    "employer": b.orgs[employer],
                    "training_provider": b.orgs[provider],
                    "start_date": PILOT_START,
                    "end_date": end,
                    "contracted_hours": Decimal(hours),
                    **week,
                    "coordinator": self.coordinator,
                },
            )
        s = b.settings
        routes = {
            "council": [
                s["Brookside Residential Home"],
                [
                    s["Hope Ward (adult mental health)"],
                    s["Ward 12 Older People's Care"],
                    s["District Nursing Team Vale"],
                ],
                s["Riverside Supported Living"],
            ],
            "trust": [
                s["Ward 5 Acute Medicine"],
                [
                    s["Community Mental Health Team North"],
                    s["Reablement Team North"],
                    s["Intermediate Care Rehabilitation Unit"],
                ],
                s["Oakwood House Residential"],
            ],
        }
        # (given, family, date of birth, english, maths, right to work, what happened)
        people = {
            "council": [
                ("Megan", "Hollis", date(1999, 3, 14), 3, 2, True, "completed:social_care:oakwood:held_before"),
                ("Callum", "Reeve", date(1998, 4, 9), 2, 2, True, "left:job"),
                ("Priya", "Lal", date(1996, 7, 2), 3, 3, True, "left:personal"),
                ("Dean", "Whitaker", date(1994, 11, 20), 2, 2, True, "completed:health:trust"),
            ],
            "trust": [
                ("Shannon", "Kerr", date(2000, 5, 5), 3, 2, True, "completed:health:trust"),
                ("Joel", "Baptiste", date(1998, 9, 9), 2, 2, True, "completed:health:community"),
                ("Aisha", "Begum", date(2000, 2, 17), 2, 2, True, "not_started:job"),
                (
                    "Nathan",
                    "Price",
                    PILOT_START.replace(year=PILOT_START.year - 17) - timedelta(days=120),
                    2,
                    2,
                    True,
                    "transferred:age",
                ),
                ("Lauren", "Fisher", date(1995, 6, 30), 3, 3, True, "completed:seeking"),
            ],
        }
        hsw = Standard.objects.get(code="ST0216", is_current=True)
        care_units = list(Unit.objects.filter(qualification__code="CARE-CERTIFICATE").order_by("position"))
        diploma_units = list(Unit.objects.filter(qualification__code="L2-DIPLOMA-CARE").order_by("position"))
        for key, cohort in cohorts.items():
            # the council recruited through the Hub (30 applications); the trust through its own process
            vacancy = self._pilot_vacancy(cohort, routes[key]) if key == "council" else None
            declined = 26 if key == "council" else 0
            for i, (given, family, dob, english, maths, rtw, story) in enumerate(people[key]):
                person = b.person(
                    f"pilot_{key}_{i}",
                    given,
                    family,
                    [(key, Role.APPRENTICE, "Apprentice")],
                    dob=dob,
                    postcode="DE22 1AA",
                )
                enrolment = self._pilot_enrolment(
                    vacancy, cohort, person, english, maths, rtw, i, starts=not story.startswith("not_started")
                )
                self._pilot_story(enrolment, story, routes[key], i, hsw, care_units, diploma_units)
            for j in range(declined if vacancy is not None else 0):
                assert vacancy is not None
                self._pilot_application(
                    vacancy,
                    f"Applicant{j}",
                    f"{key.title()}Pool",
                    date(1999, 1, 1) + timedelta(days=97 * j),
                    2,
                    2,
                    True,
                    Stage.DECLINED if j else Stage.WITHDRAWN,
                    0,
                )
        return scheme

    def _pilot_vacancy(self, cohort: Cohort, route: list[Any]) -> Vacancy:
        vacancy = recruitment_services.vacancy_create(
            scheme=cohort.scheme,
            actor=self.actor,
            data={
                "cohort": cohort,
                "title": f"Health and social care support worker apprentice ({cohort.name})",
                "slug": f"pilot-{cohort.pk}",
                "places": 5,
                "closes_on": PILOT_START - timedelta(weeks=10),
                "status": Vacancy.Status.CLOSED,
                "min_english": Level.LEVEL_1,
                "min_maths": Level.LEVEL_1,
                **VACANCY_TEXT,
            },
        )
        vacancy.planned_settings.set([route[0], *route[1], route[2]])
        return vacancy

    def _pilot_application(
        self,
        vacancy: Vacancy,
        given: str,
        family: str,
        dob: date | None,
        english: int,
        maths: int,
        rtw: bool,
        stage: str,
        n: int,
    ) -> Application:
        app = Application(
            vacancy=vacancy,
            given_name=given,
            family_name=family,
            email=f"{given}.{family}.{vacancy.pk}@applicant.example".lower(),
            date_of_birth=dob,
            postcode="DE22 1AA",
            english=english,
            maths=maths,
            right_to_work=rtw,
            statement="I want a career in care and to try different settings before choosing one.",
            stage=stage,
        )
        recruitment_services.application_screen(app)  # the same check the public form runs
        app.save()
        applied = _aware(PILOT_START - timedelta(weeks=14) + timedelta(days=3 * n))
        Application.objects.filter(pk=app.pk).update(created_at=applied)
        ApplicationStageChange.objects.create(application=app, to_stage=Stage.APPLIED, changed_at=applied)
        if stage != Stage.APPLIED:
            ApplicationStageChange.objects.create(
                application=app,
                from_stage=Stage.APPLIED,
                to_stage=stage,
                changed_at=applied + timedelta(days=20),
                note="Offer accepted" if stage == Stage.ACCEPTED else "Not taken forward after interview",
            )
        app.refresh_from_db()
        return app

    def _pilot_enrolment(
        self,
        vacancy: Vacancy | None,
        cohort: Cohort,
        person: Person,
        english: int,
        maths: int,
        rtw: bool,
        n: int,
        *,
        starts: bool,
    ) -> Enrolment:
        app = None
        if vacancy is not None:
            app = self._pilot_application(
                vacancy,
                person.given_name,
                person.family_name,
                person.date_of_birth,
                english,
                maths,
                rtw,
                Stage.ACCEPTED,
                n,
            )
        enrolment = scheme_services.enrolment_create(
            cohort=cohort,
            apprentice=person,
            actor=self.actor,
            status=EnrolmentStatus.OFFERED,
            line_manager=self.b.people["lm_council" if "council" in cohort.name.lower() else "lm_trust"],
            reason=f"Offer accepted (application {app.reference})"
            if app
            else "Offer accepted after the trust's interview",
            effective_on=cohort.start_date - timedelta(weeks=8),
        )
        if starts:
            scheme_services.enrolment_change_status(
                enrolment=enrolment,
                to_status=EnrolmentStatus.STARTED,
                reason="Started with the cohort",
                effective_on=cohort.start_date,
                actor=self.actor,
            )
        if app is not None:
            app.person, app.enrolment = person, enrolment
            app.save(update_fields=["person", "enrolment"])
        return enrolment

    def _pilot_story(
        self,
        enrolment: Enrolment,
        story: str,
        route: list[Any],
        n: int,
        hsw: Standard,
        care_units: list[Unit],
        diploma_units: list[Unit],
    ) -> None:
        kind, detail, org_key, extra, *_ = [*story.split(":"), "", "", ""]
        start = enrolment.cohort.start_date
        if kind == "not_started":  # took another job just before the start: accepted, never started
            scheme_services.enrolment_change_status(
                enrolment=enrolment,
                to_status=EnrolmentStatus.WITHDRAWN,
                effective_on=start - timedelta(days=4),
                actor=self.actor,
                reason="Accepted another job offer just before the scheme began",
                leaving_reason=LeavingReason.JOB,
            )
            Membership.objects.filter(person=enrolment.apprentice).update(ends_on=start - timedelta(days=4))
            return
        middle = route[1][n % 3 :] + route[1][: n % 3]
        order = [route[0], *middle, route[2]]
        if kind == "transferred":  # aged 17: started where under-18s may work
            order = [s for s in route[1] if s.min_age < 18][-1:]
        blocks = {"completed": 5, "left": 3, "transferred": 1}[kind]
        placements = []
        for k in range(blocks):
            p_start = start + timedelta(weeks=13 * k)
            p_end = p_start + timedelta(weeks=13) - timedelta(days=3)
            if kind == "transferred":
                p_end = start + timedelta(weeks=5) - timedelta(days=3)
            placements.append(
                Placement.objects.create(
                    enrolment=enrolment,
                    setting=order[k],
                    block_index=k,
                    start_date=p_start,
                    end_date=p_end,
                    status=Placement.Status.PUBLISHED,
                    published_at=_aware(start - timedelta(weeks=8)),
                    arrival_confirmed_at=_aware(p_start, 11),
                )
            )
        tutor = self.b.people.get("tutor")
        record = LearningRecord.objects.create(
            enrolment=enrolment,
            standard=hsw,
            rule_set=FundingRuleSet.objects.for_start(start),
            start_date=start,
            planned_end=enrolment.cohort.end_date,
            contracted_hours=enrolment.cohort.contracted_hours,
            english_achieved=True,
            maths_achieved=True,
        )
        if extra == "held_before":  # already held the Care Certificate from an earlier care job
            PriorQualification.objects.create(
                record=record,
                qualification=care_units[0].qualification,
                achieved_on=start - timedelta(days=400),
                evidence="Care Certificate from Oakwood Care Homes, all 15 standards; copy seen and kept on file.",
                recorded_by=tutor,
            )
        elif kind != "transferred":
            UnitAchievement.objects.bulk_create(
                UnitAchievement(
                    record=record, unit=u, achieved_on=start + timedelta(days=5 * (i + 1)), recorded_by=tutor
                )
                for i, u in enumerate(care_units)
            )
        if kind == "completed":
            UnitAchievement.objects.bulk_create(
                UnitAchievement(
                    record=record, unit=u, achieved_on=start + timedelta(weeks=20 + i // 2), recorded_by=tutor
                )
                for i, u in enumerate(_diploma_route(diploma_units))
            )
        support_services.handovers_schedule(enrolment_ids=[enrolment.pk], today=self.today)
        for i, p in enumerate(placements):
            HandoverMeeting.objects.filter(placement=p).update(
                progress="Settled in well and completed the placement's expected learning.",
                strengths="Kind and patient with people; asks good questions.",
                areas_to_develop="Confidence in handovers between shifts.",
                for_next_host="Prefers written instructions for new tasks.",
                completed_at=_aware(p.end_date - timedelta(days=7), 12),
            )
            lead = p.setting.contact or self.coordinator
            Appraisal.objects.create(
                placement=p,
                author=lead,
                practice=3 + (n + i) % 3,
                communication=4,
                teamwork=4 + (i % 2),
                reliability=3 + (n % 3),
                strengths="Reliable and caring.",
                to_develop="Speak up in team meetings.",
            )
            PlacementFeedback.objects.create(
                placement=p,
                author=enrolment.apprentice,
                overall=3 + (n + i) % 3,
                welcome=4 + (i % 2),
                learning=3 + (n % 2) + (i % 2),
                support=3 + (n + 2 * i) % 3,
                went_well="The team made time to show me how things work.",
                could_improve="A clearer plan for the first week.",
            )
        if kind == "completed":
            ended = enrolment.cohort.end_date
            scheme_services.enrolment_change_status(
                enrolment=enrolment,
                to_status=EnrolmentStatus.COMPLETED,
                effective_on=ended,
                actor=self.actor,
                reason="Completed five placements, the diploma and the apprenticeship",
            )
            enrolment.refresh_from_db()
            outcome, role, org = {
                "health": (Outcome.EMPLOYED_HEALTH, "Healthcare support worker", self.b.orgs.get(org_key)),
                "social_care": (Outcome.EMPLOYED_SOCIAL_CARE, "Care worker", self.b.orgs.get(org_key)),
                "seeking": (Outcome.SEEKING_SECTOR, "", None),
            }[detail]
            self._destination(enrolment, Point.END, outcome, role, org, ended)
            later = Outcome.EMPLOYED_SOCIAL_CARE if detail == "seeking" else outcome
            later_role, later_org = ("Care worker", self.b.orgs["oakwood"]) if detail == "seeking" else (role, org)
            self._destination(enrolment, Point.SIX_MONTHS, later, later_role, later_org, ended + timedelta(days=190))
            self._destination(enrolment, Point.TWELVE_MONTHS, later, later_role, later_org, ended + timedelta(days=370))
            ExitQuestionnaire.objects.create(
                enrolment=enrolment,
                author=enrolment.apprentice,
                overall=4 + n % 2,
                support=4,
                rotation=3 + n % 3,
                would_recommend=True,
                best_part="Trying five different kinds of care.",
                improve="Know each placement's shifts earlier.",
                plans="Stay in care.",
            )
        elif kind == "transferred":
            moved_on = placements[-1].end_date
            scheme_services.enrolment_change_status(
                enrolment=enrolment,
                to_status=EnrolmentStatus.TRANSFERRED,
                effective_on=moved_on,
                actor=self.actor,
                reason="Aged 17: two planned hosts take nobody under 18, so the rotation could not be completed. "
                "Moved to the trust's generic healthcare support worker apprenticeship.",
            )
            enrolment.refresh_from_db()
        else:
            left_on = placements[-1].end_date
            reason = {
                "job": "Left after three placements for a full-time job in retail",
                "personal": "Left after three placements for family reasons",
            }[detail]
            scheme_services.enrolment_change_status(
                enrolment=enrolment,
                to_status=EnrolmentStatus.WITHDRAWN,
                effective_on=left_on,
                actor=self.actor,
                reason=reason,
                leaving_reason={"job": LeavingReason.JOB, "personal": LeavingReason.PERSONAL}[detail],
            )
            enrolment.refresh_from_db()
            outcome = {"job": Outcome.EMPLOYED_OTHER, "personal": Outcome.NOT_WORKING}[detail]
            self._destination(
                enrolment, Point.END, outcome, "Retail assistant" if detail == "job" else "", None, left_on
            )
        Membership.objects.filter(person=enrolment.apprentice).update(ends_on=enrolment.ended_on)

    def _destination(
        self, enrolment: Enrolment, point: str, outcome: str, role: str, org: Organisation | None, on: date
    ) -> None:
        services.destination_record(
            enrolment=enrolment,
            actor=self.actor,
            data={
                "point": point,
                "recorded_on": on,
                "outcome": outcome,
                "role": role,
                "organisation": org,
                "organisation_name": "University of Derwent" if outcome == Outcome.EDUCATION else "",
            },
        )

    # --- today's schemes -------------------------------------------------------------------------------------
    def current(self, integrated: Scheme) -> None:
        b = self.b
        enrolments = {
            e.apprentice.given_name: e
            for e in Enrolment.objects.filter(
                cohort__scheme__partnership=b.partnership, status__in=["started", "on_break"]
            ).select_related("apprentice", "cohort")
        }
        # hosts confirmed every apprentice's arrival except one, which the coordinator must follow up
        Placement.objects.filter(
            enrolment__in=enrolments.values(), start_date__lte=self.today, status="published"
        ).exclude(enrolment=enrolments["Ryan"]).update(arrival_confirmed_at=timezone.now())
        # pastoral notes and statuses
        for name, rag, summary, notes in (
            (
                "Chloe",
                "amber",
                "On a break for family reasons; weekly check-in agreed",
                [
                    "Called to talk through the break. Agreed a weekly call on Mondays.",
                    "Still hoping to return next month; will confirm by the 1st.",
                ],
            ),
            (
                "Liam",
                "red",
                "Missed two shifts and is not answering calls",
                [
                    "Host says Liam missed two shifts this week. Left a voicemail and sent a text.",
                ],
            ),
            (
                "Kieran",
                "amber",
                "Long journey to the practice is wearing him down",
                [
                    "Travel takes 75 minutes each way. Asked the planner to look at a closer practice for block 2.",
                ],
            ),
            ("Jordan", "green", "Settled and doing well", ["First-month check-in: happy with the placement."]),
        ):
            e = enrolments[name]
            PastoralStatus.objects.create(enrolment=e, rag=rag, summary=summary, updated_by=self.coordinator)
            for i, text in enumerate(notes):
                PastoralNote.objects.create(
                    enrolment=e,
                    author=self.coordinator,
                    text=text,
                    created_at=timezone.now() - timedelta(days=7 * (len(notes) - i)),
                )
        self._recruitment(integrated)
        self._jobs_and_events(enrolments)

    def _recruitment(self, integrated: Scheme) -> None:
        b = self.b
        start = self.today + timedelta(weeks=16) - timedelta(days=self.today.weekday())
        cohort = scheme_services.cohort_create(
            scheme=integrated,
            actor=self.actor,
            data={
                "name": "Next intake (council)",
                "employer": b.orgs["council"],
                "training_provider": b.orgs["peak_skills"],
                "start_date": start,
                "end_date": start + timedelta(weeks=65) - timedelta(days=3),
                "contracted_hours": Decimal("37.0"),
                **COUNCIL_WEEK,
                "coordinator": self.coordinator,
            },
        )
        s = b.settings
        vacancy = recruitment_services.vacancy_create(
            scheme=integrated,
            actor=self.actor,
            data={
                "cohort": cohort,
                "title": "Health and social care support worker apprentice",
                "slug": "support-worker-apprentice",
                "places": 4,
                "closes_on": self.today + timedelta(weeks=4),
                "status": Vacancy.Status.OPEN,
                "min_english": Level.LEVEL_1,
                "min_maths": Level.LEVEL_1,
                **VACANCY_TEXT,
            },
        )
        vacancy.planned_settings.set(
            [
                s[n]
                for n in (
                    "Brookside Residential Home",
                    "Hope Ward (adult mental health)",
                    "Ward 12 Older People's Care",
                    "District Nursing Team Vale",
                    "Oakwood House Residential",
                )
            ]
        )
        sixteen = start.replace(year=start.year - 17) + timedelta(days=30)  # 17 on the start day
        rows = [
            (
                "Bethany",
                "Owens",
                date(2003, 4, 11),
                3,
                3,
                True,
                [Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED],
            ),
            ("Marcus", "Lee", date(2000, 8, 23), 3, 2, True, [Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED]),
            ("Ruby", "Sandhu", date(2005, 1, 30), 2, 2, True, [Stage.SHORTLISTED, Stage.INTERVIEWED]),
            ("Kyle", "Morgan", date(1998, 10, 5), 2, 3, True, [Stage.SHORTLISTED]),
            ("Ellie", "Grant", sixteen, 3, 3, True, []),
            ("Tariq", "Nadeem", date(2001, 6, 14), 1, 2, True, []),
            ("Sam", "Doyle", date(1999, 3, 3), 2, 2, True, [Stage.DECLINED]),
        ]
        for i, (given, family, dob, english, maths, rtw, moves) in enumerate(rows):
            app = recruitment_services.application_submit(
                vacancy=vacancy,
                data={
                    "given_name": given,
                    "family_name": family,
                    "email": f"{given}.{family}@applicant.example".lower(),
                    "phone": "",
                    "date_of_birth": dob,
                    "postcode": "S40 2AB",
                    "english": english,
                    "maths": maths,
                    "right_to_work": rtw,
                    "statement": "I care for my grandmother and want to make it my career.",
                },
                today=self.today,
            )
            Application.objects.filter(pk=app.pk).update(created_at=timezone.now() - timedelta(days=20 - 2 * i))
            for stage in moves:
                note = "Not enough experience yet; encouraged to apply next time" if stage == Stage.DECLINED else ""
                recruitment_services.application_move(application=app, to_stage=stage, note=note, actor=self.actor)
            if given in ("Ruby", "Kyle"):
                recruitment_services.pool_add(application=app, actor=self.actor)

    def _jobs_and_events(self, enrolments: dict[str, Enrolment]) -> None:
        b = self.b
        jobs = [
            ("trust", "Healthcare support worker, Ward 12", "nhs", "Derby", TOWN_A, "Band 3, £24,071 to £25,674"),
            ("trust", "Healthcare support worker, Emergency Department", "nhs", "Derby", TOWN_A, "Band 3"),
            ("oakwood", "Care assistant (days)", "pvi", "Chesterfield", TOWN_B, "£12.60 an hour"),
            (
                "millbrook",
                "Home carer, Chesterfield rounds",
                "pvi",
                "Chesterfield",
                TOWN_B,
                "£12.40 an hour plus mileage",
            ),
            ("council", "Reablement support worker", "council", "Chesterfield", TOWN_B, "Grade 5"),
            ("federation", "Digital support officer", "primary_care", "Derby", TOWN_A, "Band 4"),
            ("practice0", "Practice IT and data assistant", "primary_care", "Derby", TOWN_A, "£23,500"),
            ("mh_trust", "Mental health support worker", "nhs", "Derby", TOWN_A, "Band 3"),
        ]
        dst = Scheme.objects.get(partnership=b.partnership, name="Digital support technician")
        for org, title, sector, area, town, pay in jobs:
            job = services.job_create(
                partnership=b.partnership,
                actor=self.actor,
                data={
                    "organisation": b.orgs[org],
                    "title": title,
                    "sector": sector,
                    "area": area,
                    "latitude": town[0],
                    "longitude": town[1],
                    "hours": "37.5 hours a week",
                    "pay": pay,
                    "how_to_apply": "Apply on NHS Jobs or contact the recruitment team.",
                    "closes_on": self.today + timedelta(weeks=5),
                    "description": "A permanent post for someone who "
                    "has completed an apprenticeship in the partnership.",
                    "schemes": [dst] if sector == "primary_care" else [],
                },
            )
            assert job.pk
        zara = enrolments["Zara"]
        JobPreference.objects.create(person=zara.apprentice, sectors=["primary_care", "nhs"], max_distance_km=30)
        services.job_alerts_send(on=self.today)
        fair = CareersEvent.objects.create(
            partnership=b.partnership,
            title="Health and care jobs fair",
            description="Meet the partners who are recruiting: the hospital trust, the council, care providers and "
            "GP practices. Bring questions; no need to bring a CV.",
            starts_at=_aware(self.today + timedelta(weeks=3), 13),
            ends_at=_aware(self.today + timedelta(weeks=3), 16),
            location="County Hall, Chesterfield S40 1LF",
            capacity=60,
        )
        CareersEvent.objects.create(
            partnership=b.partnership,
            title="Interview practice",
            description="Practise an interview with a ward manager and a registered manager, with feedback.",
            starts_at=_aware(self.today + timedelta(weeks=5), 10),
            ends_at=_aware(self.today + timedelta(weeks=5), 12),
            location="Online: the joining link is e-mailed the day before",
            capacity=12,
        )
        EventSignup.objects.create(event=fair, person=enrolments["Jordan"].apprentice)
        EventSignup.objects.create(event=fair, person=zara.apprentice)


def load(builder: DemoBuilder, integrated: Scheme) -> None:
    demo = OutcomesDemo(builder)
    demo.pilot()
    demo.current(integrated)
