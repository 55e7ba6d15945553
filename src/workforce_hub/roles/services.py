"""Writes for role design: reviews, their activities (from the shared library or the team's own), comments,
decisions (who agreed, when), and role profiles drafted from the agreed activities, changed while drafts,
published, and versioned."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import atomic_service, refuse, require_perm
from workforce_hub.core.services import model_create, model_update
from workforce_hub.organisations.models import Membership, Organisation
from workforce_hub.people.models import Person
from workforce_hub.people.selectors import acting_person
from workforce_hub.portfolios import screening
from workforce_hub.programmes.models import Criterion

from . import access
from .models import (
    REVIEW_MANAGERS,
    Activity,
    ActivityComment,
    AgreementTemplate,
    CheckItem,
    CheckReason,
    CompetenceCheck,
    Decision,
    DelegationRule,
    LibraryActivity,
    ProfileCompetence,
    RoleProfile,
    RoleReview,
    ScopeLine,
    StaffAbsence,
    Suits,
    TrainingAgreement,
    TrainingRequest,
    TrainingRoute,
)
from .selectors import gate

LIBRARY = Path(__file__).parent / "data" / "activities.json"
REVIEW_FIELDS = ("title", "teams", "need", "need_statement", "measures")
ACTIVITY_FIELDS = ("name", "done_now_by", "frequency", "risk", "suits_support_role", "training", "supervision")
PROFILE_FIELDS = (
    "title",
    "purpose",
    "band",
    "training_route",
    "standard",
    "organisation",
    "competences_signed_off_by",
)


def _no_personal_details(field: str, text: str) -> None:
    if label := screening.first_label(text):
        raise ValidationError({field: f"This seems to hold {label}. Describe the work without it."})


def load_library() -> int:
    """Load the shared starting lists of activities (idempotent); returns how many were added."""
    raw = json.loads(LIBRARY.read_text())
    added = 0
    for team_kind, rows in raw["teams"].items():
        for position, (name, done_now_by, risk) in enumerate(rows):
            _, made = LibraryActivity.objects.update_or_create(
                team_kind=team_kind,
                name=name,
                defaults={"done_now_by": done_now_by, "risk": risk, "position": position},
            )
            added += made
    return added


def library_team_kinds() -> list[str]:
    """The kinds of team with a shared starting list, loading the lists first if they are missing (the migration
    loads them; a database emptied without migrating again gets them back here)."""
    if not LibraryActivity.objects.exists():
        load_library()
    return list(LibraryActivity.objects.order_by("team_kind").values_list("team_kind", flat=True).distinct())


# ------------------------------------------------------------------------------------------------ reviews


def _check_review(partnership_id: int, data: dict[str, Any], actor: Actor) -> None:
    errors: dict[str, str] = {}
    for name in ("title", "teams", "need_statement"):
        if name in data and not (data[name] or "").strip():
            errors[name] = {
                "title": "Give the review a name, for example the team and place.",
                "teams": "Say which team or teams take part.",
                "need_statement": "Say what the team needs: what is not working now and for whom.",
            }[name]
    organisations: list[Organisation] | None = data.get("organisations")
    if organisations is not None:
        if not organisations:
            errors["organisations"] = "Choose the organisation (or organisations) whose team takes part."
        elif any(o.partnership_id != partnership_id for o in organisations):
            errors["organisations"] = "Choose organisations in your partnership."
        else:
            viewer = viewer_for(actor)
            mine = viewer.orgs_for(*REVIEW_MANAGERS)
            if not viewer.coordinates(partnership_id) and not any(o.pk in mine for o in organisations):
                errors["organisations"] = "Include an organisation whose team you manage."
    participants: list[Person] | None = data.get("participants")
    if participants and organisations:
        org_ids = {o.pk for o in organisations}
        staff = set(
            Membership.objects.filter(organisation_id__in=org_ids, person__in=participants).values_list(
                "person_id", flat=True
            )
        )
        outside = [p.display_name for p in participants if p.pk not in staff]
        if outside:
            errors["participants"] = f"Not in the review's organisations: {', '.join(outside)}."
    if errors:
        raise ValidationError(errors)
    for name in ("need_statement", "measures"):
        if data.get(name):
            _no_personal_details(name, data[name])


@atomic_service
def review_create(*, actor: Actor, data: dict[str, Any]) -> RoleReview:
    """A team's review of its activities, with the need it answers."""
    require_perm(actor, "hub.design_roles")
    partnership_id = viewer_for(actor).partnership_id
    if partnership_id is None:
        raise PermissionDenied("Only members of a partnership design roles.")
    data = {**data, "organisations": list(data.get("organisations") or [])}
    _check_review(partnership_id, data, actor)
    fields = {k: (data.get(k) or "").strip() if k != "need" else data.get("need") for k in REVIEW_FIELDS}
    review = model_create(
        model=RoleReview,
        data={**fields, "partnership_id": partnership_id, "created_by": acting_person(actor)},
        actor=actor,
    )
    review.organisations.set(data["organisations"])
    review.participants.set(list(data.get("participants") or []))
    return review


@atomic_service
def review_change(*, actor: Actor, review: RoleReview, data: dict[str, Any]) -> RoleReview:
    if not access.agrees(actor, review):
        refuse(actor, review, "A coordinator or a manager of the team changes the review.")
    merged = {
        "organisations": list(data.get("organisations", review.organisations.all())),
        "participants": list(data.get("participants", review.participants.all())),
        **{k: data[k] for k in REVIEW_FIELDS if k in data},
    }
    _check_review(review.partnership_id, merged, actor)
    model_update(
        instance=review,
        data={k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in REVIEW_FIELDS},
        actor=actor,
    )
    review.organisations.set(merged["organisations"])
    review.participants.set(merged["participants"])
    return review


# --------------------------------------------------------------------------------------------- activities


def _take_part(actor: Actor, review: RoleReview) -> None:
    if not access.takes_part(actor, review):
        refuse(actor, review, "Only the review's participants and managers take part.")


def _check_activity(review: RoleReview, data: dict[str, Any], activity: Activity | None = None) -> dict[str, Any]:
    fields = {k: (data[k].strip() if isinstance(data[k], str) else data[k]) for k in ACTIVITY_FIELDS if k in data}
    if "conditions" in data:
        fields["conditions"] = (data["conditions"] or "").strip()
    if "name" in fields:
        if not fields["name"]:
            raise ValidationError({"name": "Say what the activity is."})
        twin = review.activities.filter(name__iexact=fields["name"])
        if activity is not None:
            twin = twin.exclude(pk=activity.pk)
        if twin.exists():
            raise ValidationError({"name": "The review already lists this activity."})
    for name in ("name", "training", "conditions"):
        if fields.get(name):
            _no_personal_details(name, fields[name])
    return fields


@atomic_service
def activity_add(*, actor: Actor, review: RoleReview, data: dict[str, Any]) -> Activity:
    _take_part(actor, review)
    fields = _check_activity(review, data)
    return model_create(
        model=Activity, data={**fields, "review": review, "position": review.activities.count()}, actor=actor
    )


@atomic_service
def activities_from_library(*, actor: Actor, review: RoleReview, team_kind: str) -> list[Activity]:
    """Start from the shared list for a kind of team: every activity the review does not list yet."""
    _take_part(actor, review)
    library_team_kinds()
    rows = list(LibraryActivity.objects.filter(team_kind=team_kind))
    if not rows:
        raise ValidationError({"team_kind": "Choose one of the starting lists."})
    listed = {n.lower() for n in review.activities.values_list("name", flat=True)}
    made = []
    for row in rows:
        if row.name.lower() in listed:
            continue
        made.append(
            model_create(
                model=Activity,
                data={
                    "review": review,
                    "name": row.name,
                    "done_now_by": row.done_now_by,
                    "risk": row.risk,
                    "position": review.activities.count(),
                },
                actor=actor,
            )
        )
    return made


def _undecided(activity: Activity) -> None:
    if activity.decision:
        raise ValidationError("This activity is agreed. Clear the decision first to change it.")


@atomic_service
def activity_change(*, actor: Actor, activity: Activity, data: dict[str, Any]) -> Activity:
    """Change what the review says about an activity while it is not agreed."""
    _take_part(actor, activity.review)
    _undecided(activity)
    model_update(instance=activity, data=_check_activity(activity.review, data, activity), actor=actor)
    return activity


@atomic_service
def activity_delete(*, actor: Actor, activity: Activity) -> None:
    _take_part(actor, activity.review)
    _undecided(activity)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=activity, detail={"review": activity.review_id})
    activity.delete()


@atomic_service
def comment_add(*, actor: Actor, activity: Activity, text: str) -> ActivityComment:
    _take_part(actor, activity.review)
    if not text.strip():
        raise ValidationError({"text": "Write your comment."})
    _no_personal_details("text", text)
    return model_create(
        model=ActivityComment,
        data={"activity": activity, "author": acting_person(actor), "text": text.strip()},
        actor=actor,
    )


@atomic_service
def activity_decide(*, actor: Actor, activity: Activity, decision: str, conditions: str | None = None) -> Activity:
    """Agree whether the activity is in the new role's scope (a coordinator or a manager of the team). In scope
    needs the team to have said a support role could do it, and the supervision; "with conditions" needs them."""
    review = activity.review
    if not access.agrees(actor, review):
        refuse(actor, activity, "A coordinator or a manager of the team agrees the activities.")
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose in scope, out of scope, or not agreed yet."})
    if conditions is not None:
        activity.conditions = conditions.strip()
        if activity.conditions:
            _no_personal_details("conditions", activity.conditions)
    if decision == Decision.IN_SCOPE:
        errors = {}
        if activity.suits_support_role not in (Suits.YES, Suits.WITH_CONDITIONS):
            errors["decision"] = "The review has not said a support role could do this."
        elif activity.suits_support_role == Suits.WITH_CONDITIONS and not activity.conditions:
            errors["conditions"] = "Say the conditions, for example: stable patients only."
        if not activity.supervision:
            errors["supervision"] = "Say what supervision the role needs for it."
        if errors:
            raise ValidationError(errors)
    if decision:
        activity.decision, activity.decided_by, activity.decided_at = decision, acting_person(actor), timezone.now()
    else:
        activity.decision, activity.decided_by, activity.decided_at = "", None, None
    activity.full_clean()
    activity.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=activity, detail={"decision": decision})
    return activity


# ----------------------------------------------------------------------------------------------- profiles


def _check_profile(partnership_id: int, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    words = {
        "title": "Give the role a title.",
        "purpose": "Say why the role exists.",
        "band": "Give the band or level, for example Band 4.",
        "competences_signed_off_by": "Say who signs the role's competences off.",
    }
    for name, message in words.items():
        if name in data and not (data[name] or "").strip():
            errors[name] = message
    route = data.get("training_route")
    if route is not None and route not in TrainingRoute.values:
        errors["training_route"] = "Choose how people train for the role."
    if route == TrainingRoute.APPRENTICESHIP and data.get("standard") is None:
        errors["standard"] = "Choose the apprenticeship standard."
    organisation = data.get("organisation")
    if organisation is not None and organisation.partnership_id != partnership_id:
        errors["organisation"] = "Choose an organisation in your partnership."
    if errors:
        raise ValidationError(errors)


@atomic_service
def profile_from_review(*, actor: Actor, review: RoleReview, data: dict[str, Any]) -> RoleProfile:
    """Draft the role profile from the review's agreed activities: each in or out of scope with its conditions,
    supervision and training; who may delegate each (whoever does it now); a competence for each activity in
    scope, and the standard's skills for an apprenticeship route."""
    if not access.agrees(actor, review):
        refuse(actor, review, "A coordinator or a manager of the team drafts the profile.")
    activities = list(review.activities.all())
    open_ = [a.name for a in activities if not a.decision]
    if not activities or open_:
        raise ValidationError(
            f"Agree every activity first ({len(open_)} not agreed yet)." if open_ else "List the activities first."
        )
    if not any(a.decision == Decision.IN_SCOPE for a in activities):
        raise ValidationError("No activity is in the role's scope: the review has not found work for a new role.")
    organisation = data.get("organisation") or review.organisations.order_by("name").first()
    merged = {**data, "organisation": organisation}
    for name in ("title", "purpose", "band", "training_route", "competences_signed_off_by"):
        merged.setdefault(name, "")
    _check_profile(review.partnership_id, merged)
    profile = model_create(
        model=RoleProfile,
        data={
            **{
                k: (merged[k].strip() if isinstance(merged[k], str) else merged[k])
                for k in PROFILE_FIELDS
                if k in merged
            },
            "partnership_id": review.partnership_id,
            "review": review,
        },
        actor=actor,
    )
    for position, a in enumerate(activities):
        ScopeLine.objects.create(
            profile=profile,
            activity=a.name,
            in_scope=a.decision == Decision.IN_SCOPE,
            conditions=a.conditions,
            supervision=a.supervision if a.decision == Decision.IN_SCOPE else "",
            training=a.training,
            position=position,
        )
        if a.decision == Decision.IN_SCOPE:
            DelegationRule.objects.create(
                profile=profile,
                delegated_by=a.done_now_by or "A registered practitioner in the team",
                what=a.name,
                supervision=a.supervision,
            )
            ProfileCompetence.objects.create(
                profile=profile, local=f"Carries out {a.name[0].lower()}{a.name[1:]} safely"
            )
    if profile.standard is not None:
        for criterion in Criterion.objects.filter(standard=profile.standard, kind="S").order_by("position"):
            ProfileCompetence.objects.create(profile=profile, criterion=criterion)
    return profile


def _keep(actor: Actor, profile: RoleProfile) -> None:
    if not access.keeps_profile(actor, profile):
        refuse(actor, profile, "A coordinator or a manager of the organisation keeps the role's profile.")
    if profile.published_at is not None:
        raise ValidationError("This version is published. Make a new version to change it; this one stays as it was.")


@atomic_service
def profile_change(*, actor: Actor, profile: RoleProfile, data: dict[str, Any]) -> RoleProfile:
    _keep(actor, profile)
    _check_profile(profile.partnership_id, {**{k: getattr(profile, k) for k in PROFILE_FIELDS}, **data})
    model_update(
        instance=profile,
        data={k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in PROFILE_FIELDS},
        actor=actor,
    )
    return profile


@atomic_service
def scope_line_save(*, actor: Actor, profile: RoleProfile, data: dict[str, Any]) -> ScopeLine:
    """Add an activity to the draft's scope (or out of it), or change one with the same name."""
    _keep(actor, profile)
    name = (data.get("activity") or "").strip()
    if not name:
        raise ValidationError({"activity": "Say what the activity is."})
    in_scope = data.get("in_scope") in (True, "yes")
    supervision = data.get("supervision") or ""
    if in_scope and not supervision:
        raise ValidationError({"supervision": "Say what supervision the role needs for it."})
    conditions = (data.get("conditions") or "").strip()
    if conditions:
        _no_personal_details("conditions", conditions)
    line, _ = ScopeLine.objects.update_or_create(
        profile=profile,
        activity=name,
        defaults={
            "in_scope": in_scope,
            "conditions": conditions,
            "supervision": supervision if in_scope else "",
            "training": (data.get("training") or "").strip(),
            "position": profile.scope.count(),
        },
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=profile, detail={"scope": line.pk})
    return line


@atomic_service
def profile_publish(*, actor: Actor, profile: RoleProfile) -> RoleProfile:
    """Publish the draft: everyone in the partnership can read it (mentors and the people training for it)."""
    _keep(actor, profile)
    if not profile.scope.filter(in_scope=True).exists():
        raise ValidationError("Put at least one activity in the role's scope before publishing it.")
    profile.published_at = timezone.now()
    profile.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=profile, detail={"published": True})
    return profile


@atomic_service
def profile_new_version(*, actor: Actor, profile: RoleProfile) -> RoleProfile:
    """A draft copy of a published profile (scope, competences, delegation), numbered next."""
    if not access.keeps_profile(actor, profile):
        refuse(actor, profile, "A coordinator or a manager of the organisation keeps the role's profile.")
    if profile.published_at is None:
        raise ValidationError("This version is still a draft: change it as it is.")
    with transaction.atomic():
        latest = (
            RoleProfile.objects.filter(partnership_id=profile.partnership_id, title=profile.title)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        copy = RoleProfile.objects.get(pk=profile.pk)
        copy.pk, copy.version, copy.previous, copy.published_at = None, (latest or 0) + 1, profile, None
        copy.save()
        for line in profile.scope.all():
            line.pk, line.profile = None, copy
            line.save()
        for competence in profile.competences.all():
            competence.pk, competence.profile = None, copy
            competence.save()
        for rule in profile.delegation.all():
            rule.pk, rule.profile = None, copy
            rule.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=copy, detail={"from": profile.pk})
    return copy


# ------------------------------------------------------------------------------------------ funding gate


REQUEST_FIELDS = (
    "places",
    "workforce_plan_ref",
    "skill_mix",
    "sponsor",
    "study_hours_a_week",
    "post_guaranteed",
    "post_evidence",
    "learner",
)


def _check_request(
    partnership_id: int, organisation: Organisation, profile: RoleProfile, learner: Person | None
) -> None:
    errors = {}
    if organisation.partnership_id != partnership_id:
        errors["organisation"] = "Choose an organisation in your partnership."
    if profile.partnership_id != partnership_id or profile.published_at is None:
        errors["profile"] = "Choose a published role profile: it is the job description the training leads to."
    if learner is not None and not Membership.objects.filter(person=learner, organisation=organisation).exists():
        errors["learner"] = "The learner must work for the organisation asking."
    if errors:
        raise ValidationError(errors)


@atomic_service
def request_create(*, actor: Actor, data: dict[str, Any]) -> TrainingRequest:
    """An organisation asks for training towards a published role (a manager of it, or a coordinator)."""
    require_perm(actor, "hub.design_roles")
    partnership_id = viewer_for(actor).partnership_id or 0
    organisation, profile = data.get("organisation"), data.get("profile")
    if organisation is None or profile is None:
        raise ValidationError({"organisation" if organisation is None else "profile": "Choose one."})
    if not access.manages_org(actor, partnership_id, organisation.pk):
        raise PermissionDenied("Ask for training for an organisation you manage.")
    _check_request(partnership_id, organisation, profile, data.get("learner"))
    fields = {k: data[k] for k in REQUEST_FIELDS if k in data}
    return model_create(
        model=TrainingRequest,
        data={**fields, "partnership_id": partnership_id, "organisation": organisation, "profile": profile},
        actor=actor,
    )


@atomic_service
def request_change(*, actor: Actor, request: TrainingRequest, data: dict[str, Any]) -> TrainingRequest:
    if not access.manages_org(actor, request.partnership_id, request.organisation_id):
        refuse(actor, request, "A manager of the organisation or a coordinator changes the request.")
    if request.status != TrainingRequest.Status.DRAFT:
        raise ValidationError("The request has been decided. Make a new one to ask again.")
    learner = data.get("learner", request.learner)
    _check_request(request.partnership_id, request.organisation, request.profile, learner)
    model_update(instance=request, data={k: data[k] for k in REQUEST_FIELDS if k in data}, actor=actor)
    return request


@atomic_service
def request_decide(*, actor: Actor, request: TrainingRequest, approve: bool, note: str = "") -> TrainingRequest:
    """Approve (only when every part of the gate is met) or refuse with the reason (coordinators, admins)."""
    require_perm(actor, "hub.approve_training")
    if viewer_for(actor).partnership_id != request.partnership_id:
        refuse(actor, request, "Only the partnership decides its training requests.")
    if request.status != TrainingRequest.Status.DRAFT:
        raise ValidationError("The request has been decided already.")
    unmet = [g.name for g in gate(request) if not g.met]
    if approve and unmet:
        raise ValidationError(f"Not yet: {'; '.join(unmet)}.")
    if not approve and not note.strip():
        raise ValidationError({"note": "Say why it is not approved, so the organisation can put it right."})
    request.status = TrainingRequest.Status.APPROVED if approve else TrainingRequest.Status.REFUSED
    request.decided_by, request.decided_at, request.decision_note = acting_person(actor), timezone.now(), note.strip()
    request.full_clean()
    request.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=request, detail={"status": request.status})
    return request


# -------------------------------------------------------------------------------------- training agreements


def _check_repayment(rows: Iterable[Sequence[int | str]]) -> list[list[int]]:
    try:
        out = [[int(months), int(percent)] for months, percent in rows]
    except (TypeError, ValueError) as exc:
        raise ValidationError({"repayment": "Give pairs of months since completion and the percent repaid."}) from exc
    if any(m <= 0 or not 0 <= p <= 100 for m, p in out) or [m for m, _ in out] != sorted({m for m, _ in out}):
        raise ValidationError(
            {"repayment": "Months go up from the first pair to the last; each percent is from 0 to 100."}
        )
    return out


@atomic_service
def template_save(
    *, actor: Actor, data: dict[str, Any], replaces: AgreementTemplate | None = None
) -> AgreementTemplate:
    """A training agreement template, or a new version of one (the old one is kept and no longer offered)."""
    require_perm(actor, "hub.approve_training")
    partnership_id = viewer_for(actor).partnership_id or 0
    for name, words in (
        ("name", "Name the template."),
        ("employer_funds", "Say what the employer funds."),
        ("learner_commits", "Say what the learner commits to."),
    ):
        if not (data.get(name) or (replaces and getattr(replaces, name)) or "").strip():
            raise ValidationError({name: words})
    repayment = _check_repayment(data.get("repayment", replaces.repayment if replaces else []))
    if replaces is not None:
        if replaces.partnership_id != partnership_id:
            refuse(actor, replaces, "Only the partnership changes its templates.")
        AgreementTemplate.objects.filter(pk=replaces.pk).update(is_current=False)
    base = {k: getattr(replaces, k) for k in ("name", "employer_funds", "learner_commits")} if replaces else {}
    return model_create(
        model=AgreementTemplate,
        data={
            **base,
            **{k: data[k].strip() for k in ("name", "employer_funds", "learner_commits") if data.get(k)},
            "repayment": repayment,
            "partnership_id": partnership_id,
            "version": replaces.version + 1 if replaces else 1,
        },
        actor=actor,
    )


@atomic_service
def agreement_create(
    *,
    actor: Actor,
    request: TrainingRequest,
    template: AgreementTemplate,
    learner: Person,
    provider: Organisation | None = None,
) -> TrainingAgreement:
    """The learner's agreement for an approved request, with the template's words and the request's study
    release (a manager of the organisation or a coordinator)."""
    if not access.manages_org(actor, request.partnership_id, request.organisation_id):
        refuse(actor, request, "A manager of the organisation or a coordinator draws up the agreement.")
    errors = {}
    if request.status != TrainingRequest.Status.APPROVED:
        errors["request"] = "The training request is not approved."
    if template.partnership_id != request.partnership_id or not template.is_current:
        errors["template"] = "Choose a current template of the partnership."
    if not Membership.objects.filter(person=learner, organisation_id=request.organisation_id).exists():
        errors["learner"] = "The learner must work for the organisation."
    if provider is not None and provider.partnership_id != request.partnership_id:
        errors["provider"] = "Choose a training provider in the partnership."
    if errors:
        raise ValidationError(errors)
    return model_create(
        model=TrainingAgreement,
        data={
            "request": request,
            "template": template,
            "learner": learner,
            "provider": provider,
            "employer_funds": template.employer_funds,
            "learner_commits": template.learner_commits,
            "repayment": template.repayment,
            "study_hours_a_week": request.study_hours_a_week,
        },
        actor=actor,
    )


@atomic_service
def agreement_sign(*, actor: Actor, agreement: TrainingAgreement) -> TrainingAgreement:
    """Sign as whoever this person is on the agreement: the learner, the employer or the training provider."""
    party = access.signs_agreement_as(actor, agreement)
    if party is None:
        refuse(actor, agreement, "Only the learner, the employer and the training provider sign it.")
    if not agreement.is_current:
        raise ValidationError("A newer version replaces this one: sign that instead.")
    now = timezone.now()
    if party == "learner":
        agreement.learner_signed_at = now
    elif party == "employer":
        agreement.employer_signed_at, agreement.employer_signed_by = now, acting_person(actor)
    else:
        agreement.provider_signed_at, agreement.provider_signed_by = now, acting_person(actor)
    agreement.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=agreement, detail={"signed": party})
    return agreement


AGREEMENT_TERMS = ("employer_funds", "learner_commits", "repayment", "study_hours_a_week")


@atomic_service
def agreement_change(*, actor: Actor, agreement: TrainingAgreement, data: dict[str, Any]) -> TrainingAgreement:
    """A change makes a new version with no signatures; everyone signs again. The old version stays readable."""
    request = agreement.request
    if not access.manages_org(actor, request.partnership_id, request.organisation_id):
        refuse(actor, agreement, "A manager of the organisation or a coordinator changes the agreement.")
    if not agreement.is_current:
        raise ValidationError("A newer version replaces this one: change that instead.")
    terms = {k: data[k] for k in AGREEMENT_TERMS if k in data and data[k] is not None}
    if "repayment" in terms:
        terms["repayment"] = _check_repayment(terms["repayment"])
    if not terms or all(getattr(agreement, k) == v for k, v in terms.items()):
        raise ValidationError("Nothing changes.")
    fresh = TrainingAgreement.objects.get(pk=agreement.pk)
    fresh.pk, fresh.previous, fresh.version = None, agreement, agreement.version + 1
    for k, v in terms.items():
        setattr(fresh, k, v)
    fresh.learner_signed_at = fresh.employer_signed_at = fresh.provider_signed_at = None
    fresh.employer_signed_by = fresh.provider_signed_by = None
    fresh.full_clean()
    fresh.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=fresh, detail={"replaces": agreement.pk})
    return fresh


# ---------------------------------------------------------------------------------------- competence checks


@atomic_service
def absence_record(*, actor: Actor, data: dict[str, Any]) -> StaffAbsence:
    """A long absence of a member of staff (managers of their organisation, coordinators). No reason is kept."""
    organisation, person = data.get("organisation"), data.get("person")
    if organisation is None or person is None:
        raise ValidationError("Choose the person and the organisation.")
    if not access.manages_org(actor, organisation.partnership_id, organisation.pk):
        raise PermissionDenied("A manager of the organisation records its staff's absences.")
    if not Membership.objects.filter(person=person, organisation=organisation).exists():
        raise ValidationError({"person": "They do not work for the organisation."})
    started, returned = data.get("started_on"), data.get("returned_on")
    if started is None:
        raise ValidationError({"started_on": "Give the first day of the absence."})
    if returned is not None and returned < started:
        raise ValidationError({"returned_on": "The return is after the start."})
    return model_create(
        model=StaffAbsence,
        data={"person": person, "organisation": organisation, "started_on": started, "returned_on": returned},
        actor=actor,
    )


@atomic_service
def check_start(
    *, actor: Actor, person: Person, organisation: Organisation, profile: RoleProfile, reason: str
) -> CompetenceCheck:
    """A competence check instead of full retraining: one line for each of the profile's competences."""
    if not access.manages_org(actor, organisation.partnership_id, organisation.pk):
        raise PermissionDenied("A manager of the organisation or a coordinator starts a competence check.")
    errors = {}
    if reason not in CheckReason.values:
        errors["reason"] = "Say why the check is needed."
    if profile.partnership_id != organisation.partnership_id or profile.published_at is None:
        errors["profile"] = "Choose a published role profile."
    if not Membership.objects.filter(person=person, organisation=organisation).exists():
        errors["person"] = "They do not work for the organisation."
    if errors:
        raise ValidationError(errors)
    check = model_create(
        model=CompetenceCheck,
        data={"person": person, "organisation": organisation, "profile": profile, "reason": reason},
        actor=actor,
    )
    competences = [c.text for c in profile.competences.select_related("criterion")]
    CheckItem.objects.bulk_create(
        [CheckItem(competence_check=check, competence=text[:400], position=i) for i, text in enumerate(competences)]
    )
    return check


@atomic_service
def check_item_sign(*, actor: Actor, item: CheckItem, outcome: str, plan: str = "") -> CheckItem:
    """Observed and signed off, or needs training (with the plan), by an authorised supervisor."""
    check = item.competence_check
    if not access.signs_off(actor, check):
        refuse(actor, check, "An authorised supervisor at the organisation signs competences off.")
    if outcome not in (CheckItem.Outcome.OBSERVED, CheckItem.Outcome.NEEDS_TRAINING, ""):
        raise ValidationError({"outcome": "Choose observed or needs training."})
    if outcome == CheckItem.Outcome.NEEDS_TRAINING and not plan.strip():
        raise ValidationError({"plan": "Say what training is planned."})
    item.outcome, item.plan = outcome, plan.strip() if outcome == CheckItem.Outcome.NEEDS_TRAINING else ""
    item.signed_by, item.signed_at = (acting_person(actor), timezone.now()) if outcome else (None, None)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=check, detail={"item": item.pk, "outcome": outcome})
    return item
