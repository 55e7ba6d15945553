"""Scheme, cohort and enrolment pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.forms import SearchForm
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.sections import sections_for
from workforce_hub.core.text import labels_of
from workforce_hub.core.web import FormPage, button_refusals, id_param, member_required, paginate, posted, refusals
from workforce_hub.organisations.models import Organisation, SettingType, ShiftPattern
from workforce_hub.organisations.selectors import current_partnership

from . import access, selectors, services
from .forms import (
    CohortForm,
    EnrolForm,
    EnrolmentPatternForm,
    HostAgreementTemplateForm,
    LeavingReasonCorrectionForm,
    PlannedAbsenceForm,
    PlanningNeedsForm,
    SchemeForm,
    StatusChangeForm,
)
from .models import (
    PATTERN_FIELDS,
    Cohort,
    EnrolmentPattern,
    EnrolmentStatus,
    HostAgreement,
    HostAgreementTemplate,
    PlannedAbsence,
)


@member_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    return render(
        request,
        "schemes/list.jinja",
        {
            "filter_form": form,
            "page": paginate(request, selectors.scheme_list(user=request.user, q=q)),
            "can_manage": request.user.has_perm(access.MANAGE_SCHEMES),
        },
    )


@member_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.access_scheme(request.user, pk)
    cohorts = list(
        Cohort.objects.visible_to(request.user).filter(scheme=scheme).select_related("employer", "training_provider")
    )
    return render(
        request,
        "schemes/detail.jinja",
        {
            "scheme": scheme,
            "cohorts": cohorts,
            "funders": scheme.funders.all(),
            "counts": selectors.cohort_status_counts(user=request.user, cohorts=cohorts),
            "status_labels": selectors.STATUS_LABELS,
            "can_manage": request.user.has_perm(access.MANAGE_SCHEMES),
            "sections": sections_for("scheme_detail", request.user, scheme),
        },
    )


@member_required
def scheme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require_perm(request.user, access.MANAGE_SCHEMES)
    viewer = viewer_for(request.user)
    scheme = access.access_scheme(request.user, pk, for_write=True) if pk else None
    form = SchemeForm(request.POST or None, instance=scheme, partnership_id=viewer.pid)
    page = FormPage.add_or_change(request, form, scheme, noun="scheme", add_title="Create a scheme", back="/schemes/")
    if page.valid():
        with page.refusals():
            if scheme is None:
                added = services.scheme_create(
                    partnership=current_partnership(viewer), data=page.data, actor=request.user
                )
                return page.done(added, f"{added.name} has been created. Add a cohort next.")
            return page.done(services.scheme_update(scheme=scheme, data=page.data, actor=request.user), page.SAVED)
    return page.render()


@member_required
def cohort_edit(request: HttpRequest, scheme_pk: int, pk: int | None = None) -> HttpResponse:
    viewer = viewer_for(request.user)
    scheme = access.access_scheme(request.user, scheme_pk, for_write=True)
    cohort = access.access_cohort(request.user, pk, scheme=scheme) if pk else None
    form = CohortForm(request.POST or None, instance=cohort, partnership_id=viewer.pid)
    if cohort is None:
        page = FormPage(
            request, form, title=f"Add a cohort to {scheme.name}", back=scheme.get_absolute_url(), submit="Save cohort"
        )
        if page.valid():
            with page.refusals():
                added = services.cohort_create(scheme=scheme, data=page.data, actor=request.user)
                return page.done(added, f"{added.name} has been created. Enrol apprentices next.")
        return page.render()
    page = FormPage(request, form, title=f"Change {cohort.name}", back=cohort.get_absolute_url(), submit="Save cohort")
    if page.valid():
        with page.refusals():
            return page.done(services.cohort_update(cohort=cohort, data=page.data, actor=request.user), page.SAVED)
    return page.render()


@member_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = access.access_cohort(request.user, pk)
    status = request.GET.get("status", "")
    status = status if status in EnrolmentStatus.values else ""
    enrolments = selectors.cohort_enrolments(user=request.user, cohort=cohort, status=status)
    return render(
        request,
        "schemes/cohort_detail.jinja",
        {
            "cohort": cohort,
            "page": paginate(request, enrolments),
            "status": status,
            "statuses": EnrolmentStatus.choices,
            "can_manage": request.user.has_perm(access.MANAGE_ENROLMENTS),
            "sections": sections_for("cohort_detail", request.user, cohort),
        },
    )


@member_required
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = access.access_cohort(request.user, pk, to_enrol=True)
    form = EnrolForm(request.POST or None, cohort=cohort)
    page = FormPage(
        request, form, title=f"Enrol an apprentice in {cohort.name}", back=cohort.get_absolute_url(), submit="Enrol"
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.enrolment_create(cohort=cohort, actor=request.user, **page.data).cohort,
                "The apprentice has been enrolled.",
            )
    return page.render()


@member_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.access_enrolment(request.user, pk)
    can_manage = request.user.has_perm(access.MANAGE_ENROLMENTS)
    form = None
    allowed = enrolment.allowed_next_statuses()
    if can_manage and allowed:
        form = StatusChangeForm(request.POST or None, allowed=allowed, initial={"effective_on": timezone.localdate()})
        if posted(form, request):
            with refusals(form):
                services.enrolment_change_status(enrolment=enrolment, actor=request.user, **form.cleaned_data)
                messages.success(request, "The status has been changed.")
                return redirect(enrolment.get_absolute_url())
    elif request.method == "POST":
        require_perm(request.user, access.MANAGE_ENROLMENTS)
    correction = None
    if can_manage and enrolment.status == "withdrawn":
        correction = LeavingReasonCorrectionForm(prefix="correct")
    return render(
        request,
        "schemes/enrolment_detail.jinja",
        {
            "enrolment": enrolment,
            "history": enrolment.status_history.select_related("changed_by").prefetch_related("corrections"),
            "form": form,
            "correction": correction,
            "can_manage": can_manage,
            "own": viewer_for(request.user).person_id == enrolment.apprentice_id,
            "own_pattern": EnrolmentPattern.objects.visible_to(request.user).filter(enrolment=enrolment).exists(),
            "absences": PlannedAbsence.objects.visible_to(request.user).filter(enrolment=enrolment),
            "planning": {
                "types": labels_of(SettingType, enrolment.preferred_setting_types),
                "shifts": labels_of(ShiftPattern, enrolment.allowed_shifts),
            },
            "sections": sections_for("enrolment_detail", request.user, enrolment),
        },
    )


@member_required
def leaving_reason_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Put right a withdrawal's reason for leaving (coordinators); the original stays in the history."""
    enrolment = access.access_enrolment(request.user, pk, for_write=True)
    page = FormPage(
        request,
        LeavingReasonCorrectionForm(request.POST or None, prefix="correct"),
        title=f"Correct the reason {enrolment.apprentice.display_name} left",
        back=enrolment.get_absolute_url(),
        submit="Correct the reason",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.leaving_reason_correct(enrolment=enrolment, actor=request.user, **page.data),
                "The reason for leaving has been corrected. The original is kept in the history.",
            )
    return page.render()


@member_required
def planning_needs(request: HttpRequest, pk: int) -> HttpResponse:
    """Shifts they can work and setting types they would like (coordinators); the apprentice states their own
    preferred setting types."""
    enrolment = access.access_enrolment(request.user, pk)
    own = viewer_for(request.user).person_id == enrolment.apprentice_id
    if not own:
        require_perm(request.user, access.MANAGE_ENROLMENTS)
    coordinator = request.user.has_perm(access.MANAGE_ENROLMENTS)
    form = PlanningNeedsForm(
        request.POST or None,
        own=own and not coordinator,
        initial={
            "preferred_setting_types": enrolment.preferred_setting_types,
            "allowed_shifts": enrolment.allowed_shifts,
        },
    )
    page = FormPage(
        request,
        form,
        title="Placement preferences"
        if own and (not coordinator)
        else f"Planning needs of {enrolment.apprentice.display_name}",
        back=enrolment.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.enrolment_planning_update(enrolment=enrolment, data=page.data, actor=request.user),
                "Saved. The next plan will use this.",
            )
    return page.render()


@member_required
def enrolment_pattern(request: HttpRequest, pk: int) -> HttpResponse:
    """An apprentice's own working week where it differs from the cohort's (coordinators)."""
    enrolment = access.access_enrolment(request.user, pk, for_write=True)
    own = EnrolmentPattern.objects.visible_to(request.user).filter(enrolment=enrolment).first()
    initial = {f: getattr(enrolment.cohort, f) for f in PATTERN_FIELDS} if own is None else None
    page = FormPage(
        request,
        EnrolmentPatternForm(request.POST or None, instance=own, initial=initial),
        title=f"Working week of {enrolment.apprentice.display_name}",
        back=enrolment.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.enrolment_pattern_save(enrolment=enrolment, data=page.data, actor=request.user),
                "Saved. Placement notices, calendars and the host's list of who is in follow this week.",
            )
    return page.render()


@member_required
@require_POST
def enrolment_pattern_remove(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.access_enrolment(request.user, pk)
    services.enrolment_pattern_remove(enrolment=enrolment, actor=request.user)
    messages.success(request, "They follow the cohort's working week again.")
    return redirect(enrolment.get_absolute_url())


@member_required
def planned_absence_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.access_enrolment(request.user, pk, for_write=True)
    page = FormPage(
        request,
        PlannedAbsenceForm(request.POST or None),
        title=f"Record a planned absence for {enrolment.apprentice.display_name}",
        back=enrolment.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.planned_absence_create(enrolment=enrolment, data=page.data, actor=request.user).enrolment,
                "The planned absence has been recorded. Plan again to leave those blocks empty.",
            )
    return page.render()


@member_required
@require_POST
def planned_absence_delete(request: HttpRequest, pk: int, absence_pk: int) -> HttpResponse:
    absence = get_visible_or_404(
        PlannedAbsence.objects.visible_to(request.user).select_related("enrolment__cohort__scheme"),
        pk=absence_pk,
        enrolment_id=pk,
    )
    services.planned_absence_delete(absence=absence, actor=request.user)
    messages.success(request, "The planned absence has been removed.")
    return redirect(absence.enrolment.get_absolute_url())


# --------------------------------------------------------------------------------- partnership agreements with hosts


@member_required
def host_agreement_template(request: HttpRequest) -> HttpResponse:
    """The partnership's agreement with hosts: the current version, and (coordinators) a new version."""
    viewer = viewer_for(request.user)
    versions = HostAgreementTemplate.objects.visible_to(request.user)
    current = versions.first()
    form = None
    if request.user.has_perm(access.MANAGE_SCHEMES):
        initial = (
            {"host_commits": current.host_commits, "partnership_provides": current.partnership_provides}
            if current
            else {}
        )
        form = HostAgreementTemplateForm(request.POST or None, initial=initial)
        if posted(form, request):
            with refusals(form):
                services.host_agreement_template_publish(
                    actor=request.user, partnership=current_partnership(viewer), data=form.cleaned_data
                )
                messages.success(request, "The new version is saved. Agreements already signed keep their version.")
                return redirect("schemes:host_agreement_template")
    elif request.method == "POST":
        require_perm(request.user, access.MANAGE_SCHEMES)
    return render(
        request, "schemes/host_agreement_template.jinja", {"current": current, "versions": versions, "form": form}
    )


@member_required
def host_agreements(request: HttpRequest, pk: int) -> HttpResponse:
    """Every host organisation of the partnership and its agreement to this scheme (coordinators offer them)."""
    scheme = access.access_scheme(request.user, pk)
    if request.method == "POST":
        org = get_visible_or_404(
            Organisation.objects.visible_to(request.user), pk=id_param(request.POST.get("organisation"))
        )
        with button_refusals(request):
            agreement = services.host_agreement_offer(actor=request.user, scheme=scheme, organisation=org)
            messages.success(request, f"The agreement is ready for {org.name} to sign.")
            return redirect(agreement.get_absolute_url())
        return redirect("schemes:host_agreements", scheme.pk)
    hosts = (
        Organisation.objects.visible_to(request.user).filter(sites__settings__isnull=False).distinct().order_by("name")
    )
    agreements = {a.organisation_id: a for a in HostAgreement.objects.visible_to(request.user).filter(scheme=scheme)}
    return render(
        request,
        "schemes/host_agreements.jinja",
        {
            "scheme": scheme,
            "rows": [(org, agreements.get(org.pk)) for org in hosts],
            "can_manage": request.user.has_perm(access.MANAGE_SCHEMES),
            "has_template": HostAgreementTemplate.objects.visible_to(request.user).exists(),
        },
    )


@member_required
def host_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_visible_or_404(
        HostAgreement.objects.visible_to(request.user).select_related(
            "scheme", "organisation", "template", "host_signed_by", "partnership_signed_by"
        ),
        pk=pk,
    )
    if request.method == "POST":
        with button_refusals(request):
            services.host_agreement_sign(actor=request.user, agreement=agreement)
            messages.success(request, "You have signed the partnership agreement.")
        return redirect(agreement.get_absolute_url())
    side = services.host_agreement_signs_as(agreement, request.user)
    return render(
        request,
        "schemes/host_agreement.jinja",
        {"agreement": agreement, "side": side, "signed": bool(side and getattr(agreement, f"{side}_signed_at"))},
    )
