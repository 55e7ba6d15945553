"""Role profiles: adding one from a review, its scope, publishing and new versions, the job description as DOCX or
PDF, and two profiles side by side."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workforce_hub.core.audit import audit_record
from workforce_hub.core.exports import bytes_response
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.web import FormPage, button_refusals, member_required, posted, refusals

from .. import access, documents, selectors, services
from ..forms import CompareForm, ProfileForm, ScopeLineForm
from ..models import RoleProfile


@member_required
def profile_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.access_review(request.user, pk)
    page = FormPage(
        request,
        ProfileForm(
            request.POST or None,
            organisations=review.organisations.all(),
            initial={"organisation": review.organisations.order_by("name").first(), "band": "Band 4"},
        ),
        title="Draft the role profile",
        back=review.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.profile_from_review(actor=request.user, review=review, data=page.data),
                "The role profile is drafted from the agreed activities.",
            )
    return page.render()


@member_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access.access_profile(request.user, pk)
    can_keep = access.keeps_profile(request.user, profile)
    line = ScopeLineForm(request.POST or None)
    if posted(line, request):
        with refusals(line):
            services.scope_line_save(actor=request.user, profile=profile, data=line.cleaned_data)
            messages.success(request, "The scope is changed.")
            return redirect(profile.get_absolute_url())
    return render(
        request,
        "roles/profile.jinja",
        {
            "profile": profile,
            "sections": selectors.job_description(profile),
            "scope": profile.scope.all(),
            "line": line,
            "can_keep": can_keep,
            "versions": RoleProfile.objects.visible_to(request.user)
            .filter(title=profile.title, organisation=profile.organisation)
            .order_by("-version"),
        },
    )


@member_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access.access_profile(request.user, pk)
    organisations = profile.review.organisations.all() if profile.review else None
    from workforce_hub.organisations.models import Organisation

    page = FormPage(
        request,
        ProfileForm(
            request.POST or None,
            organisations=organisations or Organisation.objects.visible_to(request.user),
            initial={k: getattr(profile, k) for k in services.PROFILE_FIELDS},
        ),
        title="Change the role profile",
        back=profile.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.profile_change(actor=request.user, profile=profile, data=page.data), "The profile is changed."
            )
    return page.render()


@member_required
@require_POST
def profile_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    profile = access.access_profile(request.user, pk)
    with button_refusals(request):
        if action == "publish":
            services.profile_publish(actor=request.user, profile=profile)
            messages.success(request, "The profile is published: everyone in the partnership can read it.")
        elif action == "new-version":
            profile = services.profile_new_version(actor=request.user, profile=profile)
            messages.success(request, f"Version {profile.version} is a draft to change.")
        else:
            raise Http404("Not found")
    return redirect(profile.get_absolute_url())


@member_required
def profile_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The job description: the profile page's sections as a Word document or a PDF."""
    profile = access.access_profile(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("Not found")
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=profile, detail={"format": fmt})
    name = f"job-description-{profile.pk}-v{profile.version}.{fmt}"
    if fmt == "docx":
        return bytes_response(name, documents.as_docx(profile), documents.DOCX_TYPE)
    return bytes_response(name, documents.as_pdf(profile), "application/pdf")


@member_required
def profile_compare(request: HttpRequest) -> HttpResponse:
    """Two profiles side by side, with the rows where their scope differs marked."""
    profiles = RoleProfile.objects.visible_to(request.user).select_related("organisation").order_by("title", "-version")
    form = CompareForm(request.GET or None, profiles=profiles)
    rows = None
    if form.is_valid():
        rows = selectors.compare(form.cleaned_data["left"], form.cleaned_data["right"])
    return render(request, "roles/compare.jinja", {"form": form, "rows": rows})
