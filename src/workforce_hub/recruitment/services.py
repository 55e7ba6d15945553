"""Writes for recruitment. The public form calls `application_submit`; everything else is the coordinator's."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from workforce_hub.core.access import Actor, actor_id
from workforce_hub.core.audit import audit_record
from workforce_hub.core.geocoding import place
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm_in
from workforce_hub.core.roles import Role
from workforce_hub.core.services import model_create, model_update
from workforce_hub.notifications.models import Notification
from workforce_hub.notifications.services import notification_queue
from workforce_hub.organisations.models import Membership, PlacementSetting
from workforce_hub.people.models import Person
from workforce_hub.people.services import check_erasure_reference, membership_add, person_create
from workforce_hub.schemes import services as scheme_services
from workforce_hub.schemes.models import Enrolment, EnrolmentStatus, Scheme

from . import eligibility
from .access import MANAGE_RECRUITMENT
from .models import FORWARD, POOLABLE, Application, ApplicationStageChange, Stage, Vacancy

#: stages the applicant hears about by e-mail (no account): the reference and what happens next, nothing else
APPLICANT_TOLD: dict[str, str] = {
    Stage.OFFERED: "We would like to offer you a place on {title}. The scheme coordinator will contact you to "
    "talk through the offer and the start date.",
    Stage.DECLINED: "Thank you for applying for {title}. We are not able to offer you a place this time. The "
    "coordinator can tell you why and about future vacancies.",
}


# --- vacancies ---------------------------------------------------------------------------------------------------
def _check_vacancy(scheme: Scheme, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    cohort = data.get("cohort")
    if cohort is not None and cohort.scheme_id != scheme.pk:
        errors["cohort"] = "Choose a cohort of this scheme."
    settings = list(data.get("planned_settings") or [])
    if any(s.site.organisation.partnership_id != scheme.partnership_id for s in settings):
        errors["planned_settings"] = "Choose placement settings in this partnership."
    if errors:
        raise ValidationError(errors)


def vacancy_create(*, scheme: Scheme, data: dict[str, Any], actor: Actor) -> Vacancy:
    require_perm_in(actor, MANAGE_RECRUITMENT, scheme.partnership_id)
    _check_vacancy(scheme, data)
    return model_create(model=Vacancy, data={**data, "scheme": scheme}, actor=actor)


def vacancy_update(*, vacancy: Vacancy, data: dict[str, Any], actor: Actor) -> Vacancy:
    require_perm_in(actor, MANAGE_RECRUITMENT, vacancy.partnership_id)
    data = {k: v for k, v in data.items() if k != "scheme"}  # a vacancy stays with its scheme
    _check_vacancy(vacancy.scheme, data)
    model_update(instance=vacancy, data=data, actor=actor)
    return vacancy


def vacancy_hosts(vacancy: Vacancy) -> list[eligibility.Host]:
    """The planned hosts; where none are named, every active setting of a type the scheme allows."""
    settings = vacancy.planned_settings.select_related("site__organisation")
    if not vacancy.pk or not settings.exists():
        scheme = vacancy.scheme
        settings = PlacementSetting.objects.filter(
            site__organisation__partnership_id=scheme.partnership_id, is_active=True
        ).select_related("site__organisation")
        if scheme.allowed_setting_types:
            settings = settings.filter(setting_type__in=scheme.allowed_setting_types)
    return [eligibility.Host(f"{s.name}, {s.site.organisation.name}", s.min_age) for s in settings]


def application_screen(application: Application) -> None:
    """Set the application's eligibility (each rule with its reason) from its answers and the vacancy's current
    start date, planned hosts and levels. Does not save. An application whose details were removed is left as it
    was."""
    if application.date_of_birth is None:
        return
    vacancy = application.vacancy
    results = eligibility.check(
        date_of_birth=application.date_of_birth,
        english=application.english,
        maths=application.maths,
        right_to_work=application.right_to_work,
        start=vacancy.cohort.start_date,
        hosts=vacancy_hosts(vacancy),
        min_english=vacancy.min_english,
        min_maths=vacancy.min_maths,
    )
    application.eligibility = [r.as_dict() for r in results]
    application.is_eligible = all(r.met for r in results)


# --- applications ------------------------------------------------------------------------------------------------
def address_fingerprint(address: str) -> str:
    """A keyed hash of a network address: enough to count applications from it, useless to find anyone."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _check_limits(email: str, submitted_from: str) -> None:
    """At most HUB_APPLICATION_LIMITS["per_address_per_hour"] applications from one address in an hour and
    ["per_email_per_day"] from one e-mail address in a day (across vacancies), before anything is saved or sent."""
    limits = settings.HUB_APPLICATION_LIMITS
    now = timezone.now()
    recent = Application.objects.filter(created_at__gte=now - timedelta(hours=1))
    if submitted_from and recent.filter(submitted_from=submitted_from).count() >= limits["per_address_per_hour"]:
        raise ValidationError(
            "Too many applications have been sent from your connection in the last hour. Wait an hour and send "
            "it again: what you typed is still here. If you share a connection (at a college, say), the scheme "
            "coordinator can help.",
            code="rate_limited",
        )
    today = Application.objects.filter(created_at__gte=now - timedelta(days=1), email=email)
    if today.count() >= limits["per_email_per_day"]:
        raise ValidationError(
            {
                "email": ValidationError(
                    f"You have sent {limits['per_email_per_day']} applications with this e-mail address today, the "
                    "most in one day. Send this one tomorrow.",
                    code="rate_limited",
                )
            }
        )


def application_submit(
    *, vacancy: Vacancy, data: dict[str, Any], today: date | None = None, submitted_from: str = ""
) -> Application:
    """The public form: no account. Screens eligibility, confirms by e-mail and tells the cohort's coordinator.

    `submitted_from` is the sender's `address_fingerprint`; the limits per address and per e-mail are checked
    first, so a flood of posts neither creates applications nor sends e-mails."""
    today = today or timezone.localdate()
    if vacancy.status != Vacancy.Status.OPEN or vacancy.closes_on < today:
        raise ValidationError("This vacancy is closed to applications.")
    email = data["email"].strip().lower()
    if Application.objects.filter(vacancy=vacancy, email=email).exists():
        raise ValidationError(
            {"email": "There is already an application with this e-mail address. Check your e-mail for its reference."}
        )
    _check_limits(email, submitted_from)
    with transaction.atomic():
        application = Application(vacancy=vacancy, **place({**data, "email": email}), submitted_from=submitted_from)
        application_screen(application)
        application.full_clean()
        application.save()
        ApplicationStageChange.objects.create(application=application, to_stage=Stage.APPLIED, note="Applied online")
        audit_record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            obj=application,
            detail={"eligible": application.is_eligible},
            partnership_id=vacancy.scheme.partnership_id,
        )
        notification_queue(
            key=f"application-received:{application.pk}",
            to_email=email,
            kind="application_received",
            subject=f"We have your application: {application.reference}",
            body=f"Thank you for applying for {vacancy.title}. Your reference is {application.reference}. "
            "The scheme coordinator will contact you about the next steps.",
            link=vacancy.get_public_url(),
        )
        coordinator = vacancy.cohort.coordinator
        if coordinator is not None:
            notification_queue(
                key=f"application-new:{application.pk}:{coordinator.pk}",
                recipient=coordinator,
                kind="application_new",
                subject="A new application",
                body=f"There is a new application for {vacancy.title}.",
                link=application.get_absolute_url(),
                about=application,
            )
    return application


def application_rescreen(*, application: Application, actor: Actor) -> Application:
    """Check again with the vacancy's current hosts and levels (after the planned hosts change)."""
    require_perm_in(actor, MANAGE_RECRUITMENT, application.partnership_id)
    application_screen(application)
    application.save(update_fields=["eligibility", "is_eligible", "updated_at"])
    return application


def _leave_pool(application: Application) -> None:
    rank = application.pool_rank
    if rank is None:
        return
    application.pool_rank = None
    application.save(update_fields=["pool_rank", "updated_at"])
    for later in Application.objects.filter(vacancy_id=application.vacancy_id, pool_rank__gt=rank).order_by(
        "pool_rank"
    ):
        later.pool_rank = F("pool_rank") - 1
        later.save(update_fields=["pool_rank"])


def application_move(*, application: Application, to_stage: str, note: str, actor: Actor) -> Application:
    """Move to the next stage. Forward moves need the applicant to be eligible; accepting makes the enrolment."""
    require_perm_in(actor, MANAGE_RECRUITMENT, application.partnership_id)
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("vacancy__cohort").get(pk=application.pk)
        current = Stage(application.stage)
        if application.erased_at is not None:
            raise ValidationError(
                {"to_stage": "This application's personal details have been removed, so it can no longer move."}
            )
        if to_stage not in application.next_stages():
            allowed = ", ".join(Stage(s).label.lower() for s in application.next_stages())
            raise ValidationError(
                {
                    "to_stage": f"An application that is {current.label.lower()} cannot move there."
                    + (f" It can become: {allowed}." if allowed else " This is a final stage.")
                }
            )
        if to_stage in (Stage.DECLINED, Stage.WITHDRAWN) and not note.strip():
            raise ValidationError({"note": "Say why, so the applicant can be told and the report can count it."})
        if to_stage in FORWARD:
            application_screen(application)
            if not application.is_eligible:
                application.save(update_fields=["eligibility", "is_eligible", "updated_at"])
                reasons = " ".join(str(r["reason"]) for r in application.failed_rules())
                raise ValidationError({"to_stage": f"This applicant is not eligible: {reasons}"})
        if to_stage not in POOLABLE:
            _leave_pool(application)
        application.stage = to_stage
        application.save(update_fields=["stage", "eligibility", "is_eligible", "updated_at"])
        ApplicationStageChange.objects.create(
            application=application,
            from_stage=current,
            to_stage=to_stage,
            note=note.strip(),
            changed_by_id=actor_id(actor),
        )
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, obj=application, detail={"from": current, "to": to_stage}
        )
        if to_stage in APPLICANT_TOLD:
            notification_queue(
                key=f"application-{to_stage}:{application.pk}",
                to_email=application.email,
                kind=f"application_{to_stage}",
                subject=f"News about your application {application.reference}",
                body=APPLICANT_TOLD[to_stage].format(title=application.vacancy.title),
                link=application.vacancy.get_public_url() if to_stage == Stage.DECLINED else "",
            )
        if to_stage == Stage.ACCEPTED:
            _accept(application, actor)
    return application


def applications_anonymise(applications: QuerySet[Application]) -> int:
    """Remove what identifies the applicants (name, contact details, date of birth, statement, where they applied
    from, notes on their moves) but keep each application's vacancy, stage, eligibility and the outward part of its
    postcode, so the recruitment figures stay the same. Returns how many were anonymised; already anonymised ones
    are left alone."""
    now = timezone.now()
    count = 0
    for application in applications.filter(erased_at__isnull=True).only("pk", "postcode", "email"):
        Notification.objects.filter(to_email__iexact=application.email).delete()
        Application.objects.filter(pk=application.pk).update(
            given_name="",
            family_name="",
            email=f"removed-{application.pk}@removed.invalid",
            phone="",
            date_of_birth=None,
            postcode=application.postcode.split(" ")[0][:4],
            latitude=None,
            longitude=None,
            location_source="",
            located_on=None,
            statement="",
            submitted_from="",
            pool_rank=None,
            erased_at=now,
        )
        ApplicationStageChange.objects.filter(application_id=application.pk).update(note="")
        count += 1
    return count


def application_erasure_refusals(application: Application) -> list[str]:
    """Why an applicant's data cannot be erased from their application page (empty when it can)."""
    if application.erased_at is not None:
        return ["This application's personal data was erased already."]
    if application.person_id is not None:
        return [
            "This applicant has a record in the Hub: erase their data from their person page, which covers this "
            "application too."
        ]
    return []


def application_erase(*, application: Application, reference: str, actor: Actor) -> Application:
    """Right to erasure for an applicant with no record in the Hub (the retention sweep would otherwise anonymise
    an unsuccessful application only six months after its vacancy closes): the application is anonymised as the
    sweep does it, so the recruitment figures stay the same. Partnership administrators only; audited with the
    request's reference, never a value."""
    partnership_id = application.partnership_id
    require_perm_in(actor, "hub.erase_people", partnership_id)
    check_erasure_reference(reference)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        refusals = application_erasure_refusals(locked)
        if refusals:
            raise ValidationError(" ".join(refusals))
        applications_anonymise(Application.objects.filter(pk=locked.pk))
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=locked,
            partnership_id=partnership_id,
            detail={"erasure": True, "reference": reference},
        )
    application.refresh_from_db()
    return application


def unsuccessful_applications_sweep(cutoff: date) -> int:
    """Retention: anonymise applications that were not accepted once their vacancy closed before `cutoff`."""
    return applications_anonymise(
        Application.objects.exclude(stage=Stage.ACCEPTED).filter(vacancy__closes_on__lt=cutoff)
    )


def _accept(application: Application, actor: Actor) -> Enrolment:
    """Accepting an offer: the applicant becomes a person in the partnership and is enrolled (offered) in the
    vacancy's cohort, an apprentice of the cohort's employer. An existing person with the e-mail is reused."""
    cohort = application.vacancy.cohort
    partnership_id = cohort.scheme.partnership_id
    person = Person.objects.filter(partnership_id=partnership_id, email=application.email).first()
    if person is None:
        person = person_create(
            partnership=cohort.scheme.partnership,
            data={
                "given_name": application.given_name,
                "family_name": application.family_name,
                "email": application.email,
                "phone": application.phone,
                "postcode": application.postcode,
                "date_of_birth": application.date_of_birth,
                # the location looked up when they applied, with where it came from (looked up again if none)
                **(
                    {
                        "latitude": application.latitude,
                        "longitude": application.longitude,
                        "location_source": application.location_source,
                        "located_on": application.located_on,
                    }
                    if application.latitude is not None
                    else {}
                ),
            },
            actor=actor,
        )
    if not Membership.objects.filter(person=person, organisation=cohort.employer, role=Role.APPRENTICE).exists():
        membership_add(
            person=person, organisation=cohort.employer, role=Role.APPRENTICE, actor=actor, job_title="Apprentice"
        )
    enrolment = scheme_services.enrolment_create(
        cohort=cohort,
        apprentice=person,
        actor=actor,
        status=EnrolmentStatus.OFFERED,
        reason=f"Offer accepted (application {application.reference})",
    )
    application.person, application.enrolment = person, enrolment
    application.save(update_fields=["person", "enrolment", "updated_at"])
    return enrolment


# --- the back-up pool --------------------------------------------------------------------------------------------
def pool_add(*, application: Application, actor: Actor) -> Application:
    require_perm_in(actor, MANAGE_RECRUITMENT, application.partnership_id)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.pool_rank is not None:
            return application
        if application.stage not in POOLABLE or not application.is_eligible:
            raise ValidationError("Only eligible applicants who are shortlisted or interviewed can join the pool.")
        last = Application.objects.filter(vacancy_id=application.vacancy_id).aggregate(m=Max("pool_rank"))["m"]
        application.pool_rank = (last or 0) + 1
        application.save(update_fields=["pool_rank", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=application, detail={"pool": "added"})
    return application


def pool_remove(*, application: Application, actor: Actor) -> None:
    require_perm_in(actor, MANAGE_RECRUITMENT, application.partnership_id)
    with transaction.atomic():
        _leave_pool(Application.objects.select_for_update().get(pk=application.pk))
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=application, detail={"pool": "removed"})


def pool_move(*, application: Application, up: bool, actor: Actor) -> None:
    """Swap with the applicant above (or below) in the pool."""
    require_perm_in(actor, MANAGE_RECRUITMENT, application.partnership_id)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.pool_rank is None:
            raise ValidationError("This applicant is not in the back-up pool.")
        other_rank = application.pool_rank + (-1 if up else 1)
        other = Application.objects.filter(vacancy_id=application.vacancy_id, pool_rank=other_rank).first()
        if other is None:
            return
        mine = application.pool_rank
        application.pool_rank = None
        application.save(update_fields=["pool_rank"])
        other.pool_rank = mine
        other.save(update_fields=["pool_rank"])
        application.pool_rank = other_rank
        application.save(update_fields=["pool_rank", "updated_at"])
