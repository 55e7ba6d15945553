"""Demo data for getting hosts ready: the partnership's pre-arrival checklists (before any plan is published, so
every published placement gets its tasks and a draft agreement), then some progress — hosts have done some tasks
and signed some agreements, so the coordinator sees what is not ready."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from workforce_hub.readiness import services
from workforce_hub.readiness.models import PlacementAgreement, PreArrivalTask
from workforce_hub.rotations.models import Placement

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


def load_checklists(builder: Any) -> None:
    coordinator = builder.people["coordinator"].user
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


def load_progress(builder: Any, today: date) -> None:
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
