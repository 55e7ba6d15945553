"""What each role's home page shows. Plain data, built from visible_to querysets only.

The coordinator's "needs attention" list starts with the enrolment checks made here and goes on with the items
every app registers in `core.attention` (see each app's `attention.py`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from workforce_hub.core.access import Actor, Viewer, actor_id, viewer_for
from workforce_hub.core.attention import AttentionItem, attention_items, kept_sources
from workforce_hub.core.caching import kept_for
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.presenters import Presenter
from workforce_hub.core.roles import HOME_PRIORITY, HOST_ROLES, PROVIDER_ROLES, Role
from workforce_hub.monitoring.selectors import due_or_off_track
from workforce_hub.organisations.models import Membership, Organisation, PlacementSetting
from workforce_hub.people.models import Person
from workforce_hub.portfolios.models import Evidence, released
from workforce_hub.portfolios.selectors import behind_on_hours, care_certificates_due, overdue_reviews
from workforce_hub.readiness import selectors as readiness_selectors
from workforce_hub.readiness.models import PlacementAgreement
from workforce_hub.roles.selectors import needs_check
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes import patterns
from workforce_hub.schemes.models import (
    ACTIVE_STATUSES,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStatusChange,
    Scheme,
)

from .presenters import (
    ApprenticeHome,
    CoordinatorHome,
    HostHome,
    LineManagerHome,
    PartnerHome,
    PartnershipAdminHome,
    StaffHome,
    TutorHome,
)


def home_roles(viewer: Viewer) -> list[str]:
    """The home pages this viewer has, in the order the Hub prefers."""
    homes: list[str] = []
    for role in HOME_PRIORITY:
        if not viewer.has_role(role):
            continue
        home = home_key(role)
        if home not in homes:
            homes.append(home)
    return homes


def home_key(role: str) -> str:
    if role in HOST_ROLES:
        return "host"
    if role in PROVIDER_ROLES:
        return "tutor"
    return str(role)


HOME_TITLES = {
    "coordinator": "Coordinator home",
    "partnership_admin": "Partnership admin home",
    "tutor": "Tutor home",
    "host": "Host home",
    "line_manager": "Line manager home",
    "partner_lead": "Partner home",
    "apprentice": "My apprenticeship",
    "staff": "My home",
}


#: the enrolment checks at the top of the coordinator's needs-attention list: what, the action, the key's prefix
_ENROLMENT_CHECKS = {
    EnrolmentStatus.ON_BREAK: ("On a break", "Agree a return date and record it", "break"),
    EnrolmentStatus.STARTED: (
        "Started but not in a placement today",
        "Check the rotation and publish a placement",
        "unplaced",
    ),
    EnrolmentStatus.OFFERED: (
        "Offer not yet started; the cohort has begun",
        "Confirm the start or record a withdrawal",
        "not-started",
    ),
}


def coordinator_home(*, user: Actor) -> CoordinatorHome:
    today = timezone.localdate()
    cohorts = list(
        Cohort.objects.visible_to(user)
        .select_related("scheme", "employer", "training_provider")
        .filter(end_date__gte=today - timedelta(days=90))
        .order_by("start_date")
    )
    counts: dict[int, dict[str, int]] = {c.pk: {} for c in cohorts}
    for row in (
        Enrolment.objects.visible_to(user)
        .filter(cohort__in=cohorts)
        .values("cohort_id", "status")
        .annotate(n=Count("id"))
    ):
        counts[row["cohort_id"]][row["status"]] = row["n"]
    # the table of apprentices is paged by the view: each page reads its own rows and their placement under way
    enrolments = (
        Enrolment.objects.visible_to(user)
        .filter(cohort__in=cohorts)
        .select_related("apprentice", "cohort")
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=Placement.objects.under_way(today).select_related("setting__site__organisation"),
                to_attr="under_way",
            )
        )
        .order_by("cohort__start_date", "apprentice__family_name", "pk")
    )
    live_cohorts = [c for c in cohorts if c.end_date >= today]  # nothing from cohorts that have finished
    live = (  # the checks read only the enrolments they name
        Enrolment.objects.visible_to(user)
        .filter(cohort__in=live_cohorts)
        .filter(
            Q(status=EnrolmentStatus.ON_BREAK)
            | Q(status=EnrolmentStatus.STARTED)
            & ~Exists(Placement.objects.under_way(today).filter(enrolment=OuterRef("pk")))
            | Q(status=EnrolmentStatus.OFFERED, cohort__start_date__lte=today)
        )
        .select_related("apprentice")
        .only("status", *Person.name_fields("apprentice__"))
        .order_by("cohort__start_date", "apprentice__family_name", "pk")
    )
    attention: list[AttentionItem] = []
    for e in live:
        what, action, key = _ENROLMENT_CHECKS[EnrolmentStatus(e.status)]
        attention.append(
            AttentionItem(what, e.apprentice.display_name, action, e.get_absolute_url(), key=f"{key}:{e.pk}")
        )
    recent_withdrawals = EnrolmentStatusChange.objects.filter(
        enrolment__cohort__in=live_cohorts,
        enrolment__in=Enrolment.objects.visible_to(user),
        to_status=EnrolmentStatus.WITHDRAWN,
        effective_on__gte=today - timedelta(days=60),
    ).select_related("enrolment__apprentice")
    for change in recent_withdrawals:
        attention.append(
            AttentionItem(
                "Withdrew in the last 60 days",
                change.enrolment.apprentice.display_name,
                "Offer the place to the back-up pool and ask for the exit questionnaire",
                change.enrolment.get_absolute_url(),
                key=f"withdrew:{change.pk}",
            )
        )
    found, as_at = kept_sources(user, today)
    attention = attention_items(user, today, first=attention, found=found)
    # counted with EXISTS, not a join made DISTINCT; and kept like the list above, as counting an integrated care
    # system's 100,000 staff takes 30 ms on every request
    no_login, _ = kept_for(
        user,
        f"home:no-login:{actor_id(user)}",
        lambda: (
            Person.objects.visible_to(user)
            .filter(Exists(Membership.objects.filter(person=OuterRef("pk"))), user__isnull=True, is_active=True)
            .count()
        ),
    )
    return CoordinatorHome(
        cohorts=cohorts,
        counts=counts,
        enrolments=enrolments,
        attention=attention,
        attention_as_at=as_at,
        people_without_login=no_login,
        status_labels=dict(EnrolmentStatus.choices),
    )


def apprentice_home(*, user: Actor) -> ApprenticeHome:
    viewer = viewer_for(user)
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.visible_to(user)
        .filter(apprentice_id=viewer.person_id)
        .select_related(
            "cohort__scheme", "cohort__employer", "cohort__training_provider", "cohort__coordinator", "line_manager"
        )
    )
    placements = list(
        Placement.objects.visible_to(user)
        .filter(enrolment__apprentice_id=viewer.person_id)
        .select_related("setting__site__organisation", "setting__contact")
        .prefetch_related("setting__mentors")
        .order_by("start_date")
    )
    current = next((p for p in placements if p.start_date <= today <= p.end_date), None)
    upcoming = [p for p in placements if p.start_date > today]
    to_sign = list(
        PlacementAgreement.objects.visible_to(user)
        .filter(
            placement__enrolment__apprentice_id=viewer_for(user).person_id,
            placement__status=Placement.Status.PUBLISHED,
            placement__end_date__gte=timezone.localdate(),
            apprentice_signed_at__isnull=True,
        )
        .select_related("placement__setting")
        .order_by("placement__start_date")
    )
    return ApprenticeHome(
        enrolments=enrolments,
        placements=placements,
        current=current,
        next=upcoming[0] if upcoming else None,
        to_sign=to_sign,
    )


def host_home(*, user: Actor) -> HostHome:
    """Who is with us now (named) and who is coming (not named until their placement starts)."""
    viewer = viewer_for(user)
    today = timezone.localdate()
    now = list(
        Placement.objects.visible_to(user)
        .filter(setting__site__organisation_id__in=viewer.host_org_ids)
        .select_related("enrolment__apprentice", "enrolment__cohort", "enrolment__own_pattern", "setting")
        .order_by("end_date")
    )
    # who is here today: the apprentice's working week says whether today is a day at the host
    today_is = {p.pk: patterns.day(p.enrolment.working_pattern, p.enrolment.cohort.start_date, today) for p in now}
    now.sort(key=lambda p: (today_is[p.pk].kind != patterns.HOST, p.end_date))
    rows = list(
        Placement.objects.filter(
            setting__site__organisation_id__in=viewer.host_org_ids,
            status=Placement.Status.PUBLISHED,
            start_date__gt=today,
            enrolment__cohort__scheme__partnership_id=viewer.pid,
        )
        .values("setting__name", "start_date", "end_date", "enrolment__cohort__name", "enrolment__cohort_id")
        .annotate(apprentices=Count("id"))
        .order_by("start_date")
    )
    weeks = {
        c.pk: patterns.host_days_text(c)
        for c in Cohort.objects.filter(pk__in={r["enrolment__cohort_id"] for r in rows})
    }
    coming: list[dict[str, object]] = [{**row, "days": weeks.get(row["enrolment__cohort_id"], "")} for row in rows]
    settings = (
        PlacementSetting.objects.visible_to(user)
        .filter(site__organisation_id__in=viewer.host_org_ids)
        .select_related("site")
    )
    return HostHome(
        now=now,
        coming=coming,
        settings=settings,
        today_is=today_is,
        preparing=readiness_selectors.host_preparing(user, today),
        checks_needed=needs_check(user, today),
    )


#: a provider of an integrated care system has thousands of apprentices: its home lists this many of each kind
TUTOR_LIST = 20


def tutor_home(*, user: Actor) -> TutorHome:
    viewer = viewer_for(user)
    today = timezone.localdate()
    enrolments = (
        Enrolment.objects.visible_to(user)
        .filter(cohort__training_provider_id__in=viewer.provider_org_ids)
        .select_related("apprentice", "cohort__scheme")
        .order_by("cohort__name", "apprentice__family_name")
    )
    # the lists below read every apprentice's hours and evidence: kept for two minutes and until the tutor's own next
    # change (`core.caching.kept_for`)
    key = f"home:tutor:{user.pk}:{today.isoformat()}"
    lists, as_at = kept_for(user, key, lambda: _tutor_lists(user, viewer, today))
    return TutorHome(enrolments=enrolments, status_labels=dict(EnrolmentStatus.choices), lists_as_at=as_at, **lists)


def _tutor_lists(user: Actor, viewer: Viewer, today: date) -> dict[str, Any]:
    waiting = Evidence.objects.visible_to(user).filter(
        released(),
        status=Evidence.Status.SUBMITTED,
        record__enrolment__cohort__training_provider_id__in=viewer.provider_org_ids,
    )
    held_back = Evidence.objects.visible_to(user).filter(screening="review")
    behind = sorted(behind_on_hours(user, today), key=lambda row: row[1].approved - row[1].pace)
    certificates = care_certificates_due(user, today)
    return {
        "overdue_reviews": list(overdue_reviews(user, today)[:50]),
        "behind": behind[:TUTOR_LIST],
        "behind_count": len(behind),
        "certificates": certificates[:TUTOR_LIST],
        "certificates_count": len(certificates),
        "to_assess": waiting.count(),
        "waiting": list(waiting.select_related("record__enrolment__apprentice").order_by("created_at")[:20]),
        "quarantine_reviews": held_back.count(),
        "held_back": list(held_back.select_related("record__enrolment__apprentice").order_by("created_at")[:20]),
    }


def line_manager_home(*, user: Actor) -> LineManagerHome:
    viewer = viewer_for(user)
    enrolments = (
        Enrolment.objects.visible_to(user)
        .filter(line_manager_id=viewer.person_id)
        .select_related("apprentice", "cohort__scheme")
        .prefetch_related("placements__setting__site__organisation")
    )
    return LineManagerHome(
        enrolments=enrolments,
        status_labels=dict(EnrolmentStatus.choices),
        checks_needed=needs_check(user, timezone.localdate()),
    )


def partner_home(*, user: Actor) -> PartnerHome:
    viewer = viewer_for(user)
    orgs = viewer.orgs_for(Role.PARTNER_LEAD)
    schemes = list(Scheme.objects.visible_to(user).filter(funders__in=orgs).distinct().prefetch_related("funders"))
    rows = []
    for scheme in schemes:
        stats = Enrolment.objects.filter(cohort__scheme=scheme).aggregate(
            total=Count("id"),
            active=Count("id", filter=Q(status__in=ACTIVE_STATUSES)),
            completed=Count("id", filter=Q(status=EnrolmentStatus.COMPLETED)),
        )
        left = Enrolment.objects.filter(cohort__scheme=scheme).left_early().count()  # the scheme report's rule
        rows.append({"scheme": scheme, "cohorts": scheme.cohorts.count(), "left": left, **stats})
    return PartnerHome(
        rows=rows,
        organisations=Organisation.objects.filter(pk__in=orgs),
        watch=due_or_off_track(user, timezone.localdate()),
    )


_SIGN_INS = {"login": "signed in", "logout": "signed out", "login_failed": "could not sign in"}
_DONE = {
    "create": "was added",
    "update": "was changed",
    "delete": "was removed",
    "publish": "was published",
    "export": "was exported",
    "import": "was imported into",
    "read_sensitive": "had its sensitive details read",
    "access_denied": "was refused to someone",
}


def activity_sentences(events: list[AuditEvent]) -> list[tuple[AuditEvent, str]]:
    """Each audit event as a sentence about its record: the record's name and kind, then what happened to it
    ("Abbey Road Surgery (organisation) was changed"); sign-ins as "Someone signed in"."""
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    wanted: dict[str, set[str]] = {}
    for e in events:
        if e.object_type and e.object_id:
            wanted.setdefault(e.object_type, set()).add(e.object_id)
    names: dict[tuple[str, str], str] = {}
    kinds: dict[str, str] = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError, ImproperlyConfigured):
            continue
        kinds[label] = str(model._meta.verbose_name)
        numeric = [i for i in ids if i.isdigit()]
        for pk, obj in model._default_manager.in_bulk(numeric).items():
            names[(label, str(pk))] = str(obj)
    out = []
    for e in events:
        who = e.actor.email if e.actor else "Someone"
        if e.action in _SIGN_INS:
            out.append((e, f"{who} {_SIGN_INS[e.action]}"))
            continue
        kind = kinds.get(e.object_type, e.object_type.split(".")[-1].replace("_", " ") or "a record")
        name = names.get((e.object_type, e.object_id))
        subject = f"{name} ({kind})" if name else f"A {kind} (since removed)" if e.object_id else f"The {kind}"
        out.append((e, f"{subject} {_DONE.get(e.action, e.get_action_display().lower())}"))
    return out


def partnership_admin_home(*, user: Actor) -> PartnershipAdminHome:
    viewer = viewer_for(user)
    orgs = Organisation.objects.visible_to(user)
    recent = list(AuditEvent.objects.filter(partnership_id=viewer.pid).select_related("actor")[:10])
    return PartnershipAdminHome(
        activity=activity_sentences(recent),
        by_type=orgs.values("org_type").annotate(n=Count("id")).order_by("org_type"),
        org_count=orgs.count(),
        setting_count=PlacementSetting.objects.visible_to(user).count(),
        people_count=Person.objects.visible_to(user).count(),
        type_labels=dict(Organisation.Type.choices),
    )


def staff_home(*, user: Actor) -> StaffHome:
    viewer = viewer_for(user)
    person = Person.objects.visible_to(user).get(pk=viewer.pkey)
    return StaffHome(person=person, memberships=person.memberships.select_related("organisation"))


HOME_SELECTORS: dict[str, Callable[..., Presenter]] = {
    "coordinator": coordinator_home,
    "partnership_admin": partnership_admin_home,
    "tutor": tutor_home,
    "host": host_home,
    "line_manager": line_manager_home,
    "partner_lead": partner_home,
    "apprentice": apprentice_home,
    "staff": staff_home,
}
