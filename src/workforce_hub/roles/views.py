"""Role design pages: reviews (a task list per review), the workshop (every activity on one screen, for a room or
for people working apart), an activity with its comments and decision, and role profiles with side-by-side
comparison and the job description as DOCX or PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import apply_validation_error, form_page, member_required, message_errors, paginate

from . import access, documents, selectors, services
from .forms import (
    ActivityForm,
    CommentForm,
    CompareForm,
    DecisionForm,
    LibraryForm,
    ProfileForm,
    ReviewForm,
    ScopeLineForm,
    SearchForm,
)
from .models import Activity, RoleProfile, RoleReview


@member_required
def review_list(request: HttpRequest) -> HttpResponse:
    partnership_id = viewer_for(request.user).partnership_id
    search = SearchForm(request.GET or None, partnership_id=partnership_id)
    q, org = "", None
    if search.is_valid():
        q, org = search.cleaned_data["q"] or "", search.cleaned_data["organisation"]
    qs = selectors.reviews(request.user, q=q, organisation=org.pk if org else None)
    return render(
        request,
        "roles/reviews.jinja",
        {
            "page": paginate(request, qs),
            "search": search,
            "query": q,
            "can_start": request.user.has_perm("hub.design_roles"),
            "profiles": RoleProfile.objects.visible_to(request.user).select_related("organisation")[:50],
        },
    )


@member_required
def review_add(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.design_roles")
    return form_page(
        request,
        ReviewForm(request.POST or None, partnership_id=viewer_for(request.user).partnership_id),
        save=lambda data: services.review_create(actor=request.user, data=data),
        success="The review is started. Next, list the team's activities.",
        title="Start a role review",
        back=reverse("roles:reviews"),
    )


def _review(request: HttpRequest, pk: int) -> RoleReview:
    return get_visible_or_404(RoleReview.objects.visible_to(request.user), pk=pk)


@member_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    return render(
        request,
        "roles/review.jinja",
        {
            "review": review,
            "steps": selectors.steps(review),
            "can_agree": access.agrees(request.user, review),
            "profiles": review.profiles.all(),
        },
    )


@member_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    initial = {
        **{k: getattr(review, k) for k in services.REVIEW_FIELDS},
        "organisations": list(review.organisations.all()),
        "participants": list(review.participants.all()),
    }
    return form_page(
        request,
        ReviewForm(request.POST or None, partnership_id=review.partnership_id, initial=initial),
        save=lambda data: services.review_change(actor=request.user, review=review, data=data),
        success="The review is changed.",
        title="Change the review",
        back=review.get_absolute_url(),
    )


@member_required
def workshop(request: HttpRequest, pk: int) -> HttpResponse:
    """Every activity on one screen, with a form to add one and the shared starting lists."""
    review = _review(request, pk)
    can_take_part = access.takes_part(request.user, review)
    form = ActivityForm(request.POST if "add" in request.POST else None)
    library = LibraryForm(request.POST if "library" in request.POST else None)
    if request.method == "POST" and can_take_part:
        try:
            if "library" in request.POST and library.is_valid():
                made = services.activities_from_library(
                    actor=request.user, review=review, team_kind=library.cleaned_data["team_kind"]
                )
                messages.success(request, f"{len(made)} activities added from the list.")
                return redirect(reverse("roles:workshop", args=[review.pk]))
            if "add" in request.POST and form.is_valid():
                services.activity_add(actor=request.user, review=review, data=form.cleaned_data)
                messages.success(request, "The activity is added.")
                return redirect(reverse("roles:workshop", args=[review.pk]))
        except ValidationError as exc:
            apply_validation_error(form if "add" in request.POST else library, exc)
    return render(
        request,
        "roles/workshop.jinja",
        {
            "review": review,
            "activities": review.activities.select_related("decided_by").prefetch_related("comments"),
            "form": form,
            "library": library,
            "can_take_part": can_take_part,
            "counts": selectors.decided_counts(review),
        },
    )


@member_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity: what the team says about it, its comments, and the decision with who agreed it."""
    activity = get_visible_or_404(Activity.objects.visible_to(request.user).select_related("review"), pk=pk)
    review = activity.review
    initial = {k: getattr(activity, k) for k in services.ACTIVITY_FIELDS}
    form = ActivityForm(request.POST if "save" in request.POST else None, initial=initial)
    comment = CommentForm(request.POST if "comment" in request.POST else None)
    decision = DecisionForm(
        request.POST if "decide" in request.POST else None,
        initial={"decision": activity.decision, "conditions": activity.conditions},
    )
    if request.method == "POST":
        try:
            if "save" in request.POST and form.is_valid():
                services.activity_change(actor=request.user, activity=activity, data=form.cleaned_data)
                messages.success(request, "The activity is changed.")
                return redirect(activity.get_absolute_url())
            if "comment" in request.POST and comment.is_valid():
                services.comment_add(actor=request.user, activity=activity, text=comment.cleaned_data["text"])
                messages.success(request, "Your comment is added.")
                return redirect(activity.get_absolute_url() + "#comments")
            if "decide" in request.POST and decision.is_valid():
                services.activity_decide(
                    actor=request.user,
                    activity=activity,
                    decision=decision.cleaned_data["decision"] or "",
                    conditions=decision.cleaned_data["conditions"],
                )
                messages.success(request, "The decision is recorded.")
                return redirect(reverse("roles:workshop", args=[review.pk]) + f"#activity-{activity.pk}")
            if "delete" in request.POST:
                services.activity_delete(actor=request.user, activity=activity)
                messages.success(request, "The activity is removed.")
                return redirect(reverse("roles:workshop", args=[review.pk]))
        except ValidationError as exc:
            target = form if "save" in request.POST else comment if "comment" in request.POST else decision
            if "delete" in request.POST:
                message_errors(request, exc)
            else:
                apply_validation_error(target, exc)
    return render(
        request,
        "roles/activity.jinja",
        {
            "activity": activity,
            "review": review,
            "form": form,
            "comment": comment,
            "decision": decision,
            "comments": activity.comments.select_related("author"),
            "can_take_part": access.takes_part(request.user, review),
            "can_agree": access.agrees(request.user, review),
        },
    )


@member_required
def profile_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    return form_page(
        request,
        ProfileForm(
            request.POST or None,
            organisations=review.organisations.all(),
            initial={"organisation": review.organisations.order_by("name").first(), "band": "Band 4"},
        ),
        save=lambda data: services.profile_from_review(actor=request.user, review=review, data=data),
        success="The role profile is drafted from the agreed activities.",
        title="Draft the role profile",
        back=review.get_absolute_url(),
    )


def _profile(request: HttpRequest, pk: int) -> RoleProfile:
    return get_visible_or_404(
        RoleProfile.objects.visible_to(request.user).select_related("organisation", "standard", "review"), pk=pk
    )


@member_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    can_keep = access.keeps_profile(request.user, profile)
    line = ScopeLineForm(request.POST or None)
    if request.method == "POST" and line.is_valid():
        try:
            services.scope_line_save(actor=request.user, profile=profile, data=line.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(line, exc)
        else:
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
    profile = _profile(request, pk)
    organisations = profile.review.organisations.all() if profile.review else None
    from workforce_hub.organisations.models import Organisation

    return form_page(
        request,
        ProfileForm(
            request.POST or None,
            organisations=organisations or Organisation.objects.visible_to(request.user),
            initial={k: getattr(profile, k) for k in services.PROFILE_FIELDS},
        ),
        save=lambda data: services.profile_change(actor=request.user, profile=profile, data=data),
        success="The profile is changed.",
        title="Change the role profile",
        back=profile.get_absolute_url(),
    )


@member_required
@require_POST
def profile_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    profile = _profile(request, pk)
    try:
        if action == "publish":
            services.profile_publish(actor=request.user, profile=profile)
            messages.success(request, "The profile is published: everyone in the partnership can read it.")
        elif action == "new-version":
            profile = services.profile_new_version(actor=request.user, profile=profile)
            messages.success(request, f"Version {profile.version} is a draft to change.")
        else:
            raise Http404("Not found")
    except ValidationError as exc:
        message_errors(request, exc)
    return redirect(profile.get_absolute_url())


@member_required
def profile_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The job description: the profile page's sections as a Word document or a PDF."""
    profile = _profile(request, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("Not found")
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=profile, detail={"format": fmt})
    content, kind = (
        (documents.as_docx(profile), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        if fmt == "docx"
        else (documents.as_pdf(profile), "application/pdf")
    )
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="job-description-{profile.pk}-v{profile.version}.{fmt}"'
    return response


@member_required
def profile_compare(request: HttpRequest) -> HttpResponse:
    """Two profiles side by side, with the rows where their scope differs marked."""
    profiles = RoleProfile.objects.visible_to(request.user).select_related("organisation").order_by("title", "-version")
    form = CompareForm(request.GET or None, profiles=profiles)
    rows = None
    if form.is_valid():
        rows = selectors.compare(form.cleaned_data["left"], form.cleaned_data["right"])
    return render(request, "roles/compare.jinja", {"form": form, "rows": rows})
