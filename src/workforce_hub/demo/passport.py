"""The demo's competence passports: a training catalogue the trusts and councils share, what hosts require, an
apprentice who arrives at a new host already holding three of its six required trainings (only three are
assigned), credentials for everything signed off so far, and one credential revoked."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from workforce_hub.passport import services
from workforce_hub.passport.models import Credential, TrainingAssignment, TrainingTopic
from workforce_hub.people.models import Person
from workforce_hub.rotations.models import Placement

from .logins import login_of

if TYPE_CHECKING:
    from .partnership import DemoBuilder

#: (code, name, months in date or None, description)
TOPICS = [
    ("basic-life-support", "Basic life support", 12, "Adult basic life support and use of a defibrillator."),
    ("information-governance", "Data security awareness", 12, "Information governance and keeping data safe."),
    ("moving-and-handling", "Moving and handling (people)", 24, "Safe moving and handling of people and loads."),
    ("safeguarding-adults-2", "Safeguarding adults, level 2", 36, "Recognising and reporting abuse and neglect."),
    ("infection-control-2", "Infection prevention and control, level 2", 12, "Hand hygiene, PPE and outbreaks."),
    ("fire-safety", "Fire safety", 12, "Fire prevention, alarms and evacuation."),
    ("conflict-resolution", "Conflict resolution", 36, "Recognising and calming aggression."),
    ("equality-diversity", "Equality, diversity and human rights", 36, "Treating people fairly, within the law."),
]
#: what each host in the demo requires (six topics each)
REQUIRED = [
    "basic-life-support",
    "information-governance",
    "moving-and-handling",
    "safeguarding-adults-2",
    "infection-control-2",
    "fire-safety",
]
#: what the apprentice already holds in date from their employer: three of the six the host requires, and one more
HELD = ["information-governance", "safeguarding-adults-2", "equality-diversity", "moving-and-handling"]


def load(builder: DemoBuilder) -> None:
    today: date = builder.today
    coordinator = login_of(builder.people["coordinator"])
    partnership_id = builder.partnership.pk
    orgs = builder.orgs
    # the trusts and the councils signed up to one shared framework: each accepts the others' training
    framework = [orgs[k] for k in ("trust", "mh_trust", "community", "council", "city")]
    topics: dict[str, TrainingTopic] = {}
    for code, name, months, description in TOPICS:
        topics[code] = services.topic_create(
            actor=coordinator,
            partnership_id=partnership_id,
            data={
                "code": code,
                "name": name,
                "validity_months": months,
                "description": description,
                "accepted_by": framework if code != "equality-diversity" else [],
            },
        )
    apprentice = Person.objects.get(partnership_id=partnership_id, email__startswith="jordan.ellis@")
    upcoming = (
        Placement.objects.filter(
            enrolment__apprentice=apprentice, status=Placement.Status.PUBLISHED, start_date__gt=today
        )
        .select_related("setting__site__organisation", "enrolment__cohort__employer")
        .order_by("start_date")
        .first()
    )
    hosts = {orgs["trust"], orgs["community"], orgs["oakwood"]}
    if upcoming is not None:
        hosts.add(upcoming.setting.site.organisation)
    for host in sorted(hosts, key=lambda o: o.pk):
        for code in REQUIRED:
            services.requirement_set(
                actor=coordinator,
                organisation=host,
                topic=topics[code],
                # the care home accepts the council's training although it is outside the framework
                accepted_issuers=[orgs["council"]] if host == orgs["oakwood"] else [],
            )
    employer = orgs["council"]
    for i, code in enumerate(HELD):
        services.training_record(
            actor=coordinator,
            person=apprentice,
            topic=topics[code],
            organisation=employer,
            course=f"{topics[code].name} (Derwent County Council e-learning)",
            completed_on=today - timedelta(days=40 + 30 * i),
            evidence="E-learning completion certificate seen; copy on the staff file.",
        )
    # one going out of date soon, so the passport shows it and the reminders have something to say
    services.training_record(
        actor=coordinator,
        person=apprentice,
        topic=topics["conflict-resolution"],
        organisation=employer,
        course="Conflict resolution workshop",
        completed_on=today - timedelta(days=3 * 365 - 30),
        evidence="Attendance register signed by the trainer.",
    )
    if upcoming is not None:
        services.assign_gaps(
            person=apprentice,
            organisation=upcoming.setting.site.organisation,
            reason=TrainingAssignment.Reason.PLACEMENT,
            due_on=upcoming.start_date,
            placement=upcoming,
        )
    services.issue_pending(partnership_id, today)
    # a credential recorded for the wrong person, revoked: its public page says so
    staff = builder.people["staff"]
    services.training_record(
        actor=coordinator,
        person=staff,
        topic=topics["basic-life-support"],
        organisation=orgs["trust"],
        course="Basic life support (recorded in error)",
        completed_on=today - timedelta(days=20),
        evidence="Entered against the wrong person from the course register.",
    )
    wrong = Credential.objects.filter(holder=staff, topic=topics["basic-life-support"]).latest("created_at")
    services.credential_revoke(actor=coordinator, credential=wrong, reason="Recorded against the wrong person.")
    services.share_create(actor=login_of(apprentice), label="Derwent Healthcare Partnership placement team")
