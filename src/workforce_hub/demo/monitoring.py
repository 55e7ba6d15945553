"""The evaluated pilot's logic model (seed 001, section 4.2 and Figure 8): inputs, activities, outputs and outcomes,
with indicators bound to the pilot's records where the Hub can count them and entered by hand where it cannot. The
Hub's proposals for the outputs match the evaluation's ratings; where the evaluator judged from evidence the Hub
does not hold, a coordinator's rating overrides the proposal with the reason."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from workforce_hub.monitoring import services
from workforce_hub.monitoring.models import Kind
from workforce_hub.schemes.models import Scheme

from .logins import login_of

if TYPE_CHECKING:
    from .partnership import DemoBuilder

#: (kind, statement, indicator: (name, metric or "" for by hand, target) or None, hand-entered value and evidence)
ITEMS: list[tuple[str, str, tuple[str, str, int] | None, tuple[int, str] | None]] = [
    (Kind.INPUT, "Salary costs of £65,122 shared by seven partners in proportion to their size", None, None),
    (Kind.INPUT, "A scheme coordinator employed by the partnership", None, None),
    (Kind.INPUT, "Training and assessment paid from the apprenticeship levy", None, None),
    (Kind.ACTIVITY, "Recruit apprentices to two cohorts", None, None),
    (Kind.ACTIVITY, "Rotate apprentices through five placements across health and social care", None, None),
    (
        Kind.ACTIVITY,
        "Deliver the Care Certificate and the Level 2 Diploma in Care with two training providers",
        None,
        None,
    ),
    (Kind.ACTIVITY, "Give administrative, pastoral and employability support", None, None),
    (Kind.OUTPUT, "10 apprentices take part in the scheme", ("Apprentices who started", "started", 10), None),
    (
        Kind.OUTPUT,
        "Every apprentice completes five placements, each in a different setting",
        ("Apprentices with five placements in different settings", "different_settings", 7),
        None,
    ),
    (
        Kind.OUTPUT,
        "A training package is developed",
        ("Training package in use", "", 1),
        (1, "The providers' course plans and timetable, agreed by the steering group."),
    ),
    (Kind.OUTPUT, "Every apprentice gains the Care Certificate", ("Care Certificates", "care_certificates", 7), None),
    (
        Kind.OUTPUT,
        "Every apprentice completes the Level 2 Diploma in Care",
        ("Diplomas achieved", "qualifications", 7),
        None,
    ),
    (
        Kind.SHORT,
        "Apprentices gain the capabilities to work in both health and social care",
        ("Employed in health or social care at the end", "employed_end", 5),
        None,
    ),
    (
        Kind.SHORT,
        "Partners understand the training an integrated role needs and use it to improve the sector",
        ("Partners using the training requirements", "", 7),
        None,
    ),
    (Kind.LONG, "Integrated roles with a career pathway are established", None, None),
    (Kind.IMPACT, "Better retention and continuity of care across health and social care", None, None),
]

#: (statement, rating, why) where the evaluator judged from evidence the Hub does not hold
OVERRIDES = [
    (
        "Apprentices gain the capabilities to work in both health and social care",
        "achieved",
        "The evaluation found the capabilities from apprentices', hosts' and tutors' accounts; four of the five who "
        "completed were employed in the sector and the fifth was applying.",
    ),
    (
        "Partners understand the training an integrated role needs and use it to improve the sector",
        "not_achieved",
        "Understanding grew, but using it for sector improvement needed work beyond the pilot's scope and time.",
    ),
]


#: the digital-skills programme's logic model: (kind, statement, indicator (name, metric, target) or None)
PROGRAMME: list[tuple[str, str, tuple[str, str, int] | None]] = [
    (Kind.INPUT, "Champions' time, agreed with their managers", None),
    (Kind.ACTIVITY, "Staff assess their digital skills each round and are offered matched learning", None),
    (Kind.ACTIVITY, "Champions run drop-ins and help colleagues at work", None),
    (Kind.OUTPUT, "Staff complete the self-assessment", ("Staff who completed it", "assessed", 40)),
    (Kind.OUTPUT, "Champions help colleagues", ("Champions' contacts", "champion_contacts", 60)),
    (Kind.SHORT, "Staff's digital skills rise between rounds", ("Staff whose level rose", "levels_risen", 10)),
    (Kind.LONG, "Practices hold the digital quality mark", ("Organisations with the mark", "quality_marks", 3)),
]


def load_programme(builder: DemoBuilder) -> None:
    """The digital-skills programme's logic model, with its figures bound to the demo's assessments, champions'
    contacts and quality marks (due six months from today)."""
    coordinator = builder.people["coordinator"]
    actor = login_of(coordinator)
    model = services.logic_model_create(actor=actor, programme="digital_skills", note="First version")
    due = timezone.localdate() + timedelta(days=182)
    made = {}
    for kind, statement, indicator in PROGRAMME:
        made[statement] = item = services.item_add(
            actor=actor, model=model, data={"kind": kind, "statement": statement}
        )
        if indicator is not None:
            name, metric, target = indicator
            services.indicator_add(
                actor=actor,
                item=item,
                data={"name": name, "metric": metric, "target": Decimal(target), "due_on": due, "owner": coordinator},
            )
    links = {0: [1, 2], 1: [3], 2: [4], 3: [5], 4: [5], 5: [6]}
    for source, targets in links.items():
        made[PROGRAMME[source][1]].leads_to.set([made[PROGRAMME[t][1]] for t in targets])


def load(builder: DemoBuilder) -> None:
    load_programme(builder)
    coordinator = builder.people["coordinator"]
    actor = login_of(coordinator)
    pilot = Scheme.objects.get(partnership=builder.partnership, name__startswith="Integrated support worker pilot")
    due = max(c.end_date for c in pilot.cohorts.all())
    model = services.logic_model_create(actor=actor, scheme=pilot, note="As the evaluation describes it")
    made = {}
    for kind, statement, indicator, by_hand in ITEMS:
        item = services.item_add(actor=actor, model=model, data={"kind": kind, "statement": statement})
        made[statement] = item
        if indicator is None:
            continue
        name, metric, target = indicator
        ind = services.indicator_add(
            actor=actor,
            item=item,
            data={
                "name": name,
                "metric": metric,
                "target": Decimal(target),
                "baseline": Decimal(0),
                "due_on": due,
                "owner": coordinator,
                "direction": "higher",
            },
        )
        if by_hand is not None:
            services.manual_value_add(
                actor=actor,
                indicator=ind,
                data={"value": Decimal(by_hand[0]), "recorded_on": due - timedelta(days=30), "evidence": by_hand[1]},
            )
    # each kind leads to the next (inputs to activities, activities to outputs...)
    order = [k for k, _ in Kind.choices]
    for kind, statement, *_ in ITEMS:
        following = order[order.index(kind) + 1 :]
        nxt = next((k for k in following if any(i[0] == k for i in ITEMS)), None)
        made[statement].leads_to.set([made[s] for k, s, *_ in ITEMS if k == nxt])
    for statement, rating, why in OVERRIDES:
        services.rating_decide(actor=actor, item=made[statement], rating=rating, reason=why)
