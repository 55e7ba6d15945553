"""Demo data for getting hosts ready: the partnership's pre-arrival checklists (before any plan is published, so
every published placement gets its tasks and a draft agreement), then some progress — hosts have done some tasks
and signed some agreements, so the coordinator sees what is not ready."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from workforce_hub.readiness import services
from workforce_hub.readiness.models import PlacementAgreement, PreArrivalTask
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import HostAgreement

from .logins import login_of

if TYPE_CHECKING:
    from .partnership import DemoBuilder

CHECKLISTS = [
    (
        "Every placement",
        "",
        None,
        [
            "14: Building access or an ID badge",
            "14: Data security awareness training (the apprentice completes it; confirm it is done)",
            "7: Uniform or dress code agreed",
            "7: Induction booked for the first morning (fire safety, the team, where things are)",
            "7: Named mentor briefed and on shift on the first day",
        ],
    ),
    (
        "GP practice",
        "primary_care",
        None,
        [
            "21: Clinical system account requested (for example SystmOne or EMIS)",
            "21: NHS smartcard ordered or the existing card's access updated",
            "14: NHSmail account",
            "7: Desk and a computer with the practice's systems",
            "7: Named mentor briefed and on shift on the first day",
        ],
    ),
    (
        "Hospital ward",
        "acute_ward",
        None,
        [
            "21: Electronic patient record account",
            "14: Building access or an ID badge",
            "14: Uniform ordered in the apprentice's size",
            "7: Moving and handling session booked",
            "7: Named mentor briefed and on shift on the first day",
        ],
    ),
]


def load_checklists(builder: DemoBuilder) -> None:
    coordinator = login_of(builder.people["coordinator"])
    for name, setting_type, org_key, items in CHECKLISTS:
        services.template_save(
            actor=coordinator,
            partnership=builder.partnership,
            data={
                "name": name,
                "setting_type": setting_type,
                "organisation": builder.orgs[org_key] if org_key else None,
                "is_active": True,
            },
            items=items,
        )


def load_progress(builder: DemoBuilder, today: date) -> None:
    """Placements under way: everything was done and signed. Placements to come: half the tasks done at the
    earlier ones, and the agreements of the first to start signed by all but the apprentice."""
    coordinator = builder.people["coordinator"]
    now = timezone.now()
    started = Placement.objects.filter(status="published", start_date__lte=today)
    PreArrivalTask.objects.filter(placement__in=started).update(done_at=now, done_by=coordinator)
    PlacementAgreement.objects.filter(placement__in=started).update(
        apprentice_signed_at=now, host_signed_at=now, coordinator_signed_at=now, coordinator_signed_by=coordinator
    )
    coming = list(Placement.objects.filter(status="published", start_date__gt=today).order_by("start_date", "pk"))
    for i, placement in enumerate(coming[:6]):
        tasks = list(PreArrivalTask.objects.filter(placement=placement).order_by("due_on", "pk"))
        for task in tasks[: len(tasks) // 2 + (i % 2)]:
            task.done_at, task.done_by = now, placement.setting.contact or coordinator
            task.save(update_fields=["done_at", "done_by"])
        if i < 2:
            PlacementAgreement.objects.filter(placement=placement).update(
                host_signed_at=now, coordinator_signed_at=now, coordinator_signed_by=coordinator
            )


GLOSSARY = [
    ("CQC", "Care Quality Commission: the regulator that inspects health and social care services in England."),
    ("DoLS", "Deprivation of Liberty Safeguards: the legal process for restricting a person's liberty for their care."),
    (
        "DSPT",
        "Data Security and Protection Toolkit: the yearly self-assessment every organisation using NHS data completes.",
    ),
    ("EPA", "End-point assessment: the independent assessment at the end of an apprenticeship."),
    ("EPR", "Electronic patient record: the system a hospital or community service keeps patients' records in."),
    ("GP", "General practitioner: a family doctor working in a GP practice."),
    ("HCSW", "Healthcare support worker: a support role in the NHS, the role the integrated apprenticeship leads to."),
    ("ICB", "Integrated care board: the NHS body that plans and pays for most health services in an area."),
    ("ICS", "Integrated care system: the partnership of the NHS, councils and others that plans care for an area."),
    ("IG", "Information governance: the rules for handling personal and confidential information safely."),
    ("KSB", "Knowledge, skills and behaviours: what an apprenticeship standard says an apprentice must show."),
    ("MCA", "Mental Capacity Act 2005: the law about decisions for people who may lack the capacity to make them."),
    ("MDT", "Multidisciplinary team: professionals of different kinds who plan a person's care together."),
    ("NHSmail", "The NHS's secure e-mail service, used to send personal information safely."),
    ("OTJ", "Off-the-job training: learning during paid hours that is not the apprentice's normal work."),
    ("PCN", "Primary care network: GP practices in an area working together, often sharing staff."),
    ("PVI", "Private, voluntary and independent: care providers that are not the NHS or a council."),
    ("Smartcard", "The NHS card that, with a PIN, gives a member of staff access to clinical systems."),
    (
        "Supernumerary",
        "Extra to the staffing numbers: an apprentice on placement learns and is not counted in the rota.",
    ),
    ("SystmOne, EMIS", "The two clinical systems most GP practices use for patients' records."),
]

FAQ = [
    ("Who pays the apprentice?", "Their employer, as for any member of staff. The host does not pay anything."),
    (
        "Are they counted in our staffing numbers?",
        "No. Apprentices are supernumerary: they learn alongside your team and are not part of the rota's numbers.",
    ),
    (
        "What if they are ill or do not turn up?",
        "They call you before their shift and tell their line manager. If they do not arrive and you have not heard, "
        "tell the scheme coordinator the same day.",
    ),
    (
        "What can they do?",
        "The placement agreement lists what they may and must not do at your setting. When in doubt, ask the "
        "coordinator; never ask them to do a task that needs a registration they do not have.",
    ),
    (
        "What do you need from us at the end?",
        "A short appraisal in the Hub in the last two weeks, a handover with the next host, and, if you can, a "
        "testimonial about what you saw.",
    ),
]

BRIEFINGS = {
    "Integrated health and social care support worker": (
        "An apprentice support worker who learns across health and social care: five placements of about three "
        "months in hospital, mental health, community and care home settings, with the Care Certificate in the first "
        "12 weeks and a Level 2 Diploma in Care.",
        "Not a registered nurse or a qualified care worker, and not cover for a vacancy. They never give medicines "
        "or work alone on a shift.",
    ),
    "Digital support technician": (
        "An apprentice who helps practices and patients use digital systems: clinical system templates and searches, "
        "the NHS App and online consultations, hardware and accounts, with a Level 3 qualification.",
        "Not an IT engineer on call, and not someone to look at patient records without a task that needs it.",
    ),
}

INDUCTION = {
    "apprentice": [
        "1: The NHS, social care and primary care in brief",
        "1: The glossary: the words and acronyms you will hear",
        "2: Information governance and data security training",
        "4: The systems you will use, and how to get help with them",
        "8: Your learning record: how to log hours and add evidence",
    ],
    "mentor": [
        "0: Read the placement agreement: what the apprentice may and must not do",
        "0: The scheme in brief and the questions hosts ask",
        "2: How to write an appraisal and a testimonial in the Hub",
    ],
    "tutor": [
        "0: The placement calendar and the learning days",
        "2: How hosts' testimonials reach the learning record",
    ],
}

HOST_AGREEMENT = (
    "A named mentor and a single point of contact for every apprentice.\n"
    "Apprentices are supernumerary and do only what their placement agreement allows.\n"
    "Accounts, access and induction are ready on the first day.\n"
    "An appraisal at the end of each placement and a handover with the next host.",
    "At least six weeks' notice of each placement, and a briefing pack with it.\n"
    "A scheme coordinator to call about anything.\n"
    "The apprentice's salary is paid by their employer; hosts pay nothing.",
)


def load_reference(builder: DemoBuilder, schemes: list[Any]) -> None:
    """The glossary, the questions hosts ask, each scheme in brief and its induction, and the partnership agreement
    with hosts, signed for the integrated scheme by most of its hosts (one still to sign, so a plan says so)."""
    from workforce_hub.schemes import services as scheme_services

    coordinator = login_of(builder.people["coordinator"])
    for term, meaning in GLOSSARY:
        services.glossary_save(
            actor=coordinator, partnership=builder.partnership, data={"term": term, "meaning": meaning}
        )
    for question, answer in FAQ:
        services.faq_save(
            actor=coordinator, partnership=builder.partnership, data={"question": question, "answer": answer}
        )
    for scheme in schemes:
        role_is, role_is_not = BRIEFINGS[scheme.name]
        services.briefing_save(actor=coordinator, scheme=scheme, data={"role_is": role_is, "role_is_not": role_is_not})
        services.induction_save(actor=coordinator, scheme=scheme, lines=INDUCTION)
    scheme_services.host_agreement_template_publish(
        actor=coordinator,
        partnership=builder.partnership,
        data={"host_commits": HOST_AGREEMENT[0], "partnership_provides": HOST_AGREEMENT[1]},
    )
    integrated = schemes[0]
    for key in ("trust", "mh_trust", "community", "oakwood", "riverside", "hillcrest", "millbrook"):
        agreement = scheme_services.host_agreement_offer(
            actor=coordinator, scheme=integrated, organisation=builder.orgs[key]
        )
        if key == "millbrook":
            continue  # offered, not signed yet
        # the host's lead signed on paper before the Hub was used (most demo hosts have no login of their own)
        HostAgreement.objects.filter(pk=agreement.pk).update(
            host_signed_at=timezone.now(), host_signed_by=builder.people[f"host_{key}"]
        )
        agreement.refresh_from_db()
        scheme_services.host_agreement_sign(actor=coordinator, agreement=agreement)
