"""Role design pages: reviews (a task list per review), the workshop (every activity on one screen, for a room or
for people working apart), an activity with its comments and decision, and role profiles with side-by-side
comparison and the job description as DOCX or PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.exports import bytes_response
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, member_required, paginate, posted, refusals

from . import access, documents, selectors, services
from .forms import (
    AbsenceForm,
    ActivityForm,
    AgreementChangeForm,
    AgreementForm,
    CheckItemForm,
    CheckStartForm,
    CommentForm,
    CompareForm,
    DecisionForm,
    LibraryForm,
    ProfileForm,
    RequestDecisionForm,
    RequestForm,
    ReviewForm,
    ScopeLineForm,
    SearchForm,
    TemplateForm,
)
from .models import (
    Activity,
    AgreementTemplate,
    CheckItem,
    CompetenceCheck,
    RoleProfile,
    RoleReview,
    TrainingAgreement,
    TrainingRequest,
)


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
    page = FormPage(
        request,
        ReviewForm(request.POST or None, partnership_id=viewer_for(request.user).partnership_id),
        title="Start a role review",
        back=reverse("roles:reviews"),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.review_create(actor=request.user, data=page.data),
                "The review is started. Next, list the team's activities.",
            )
    return page.render()


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
    page = FormPage(
        request,
        ReviewForm(request.POST or None, partnership_id=review.partnership_id, initial=initial),
        title="Change the review",
        back=review.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.review_change(actor=request.user, review=review, data=page.data), "The review is changed."
            )
    return page.render()


@member_required
def workshop(request: HttpRequest, pk: int) -> HttpResponse:
    """Every activity on one screen, with a form to add one and the shared starting lists."""
    review = _review(request, pk)
    can_take_part = access.takes_part(request.user, review)
    form = ActivityForm(request.POST if "add" in request.POST else None)
    library = LibraryForm(request.POST if "library" in request.POST else None, kinds=services.library_team_kinds())
    if can_take_part and "library" in request.POST and posted(library, request):
        with refusals(library):
            made = services.activities_from_library(
                actor=request.user, review=review, team_kind=library.cleaned_data["team_kind"]
            )
            messages.success(request, f"{len(made)} activities added from the list.")
            return redirect(reverse("roles:workshop", args=[review.pk]))
    if can_take_part and "add" in request.POST and posted(form, request):
        with refusals(form):
            services.activity_add(actor=request.user, review=review, data=form.cleaned_data)
            messages.success(request, "The activity is added.")
            return redirect(reverse("roles:workshop", args=[review.pk]))
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
    if "save" in request.POST and posted(form, request):
        with refusals(form):
            services.activity_change(actor=request.user, activity=activity, data=form.cleaned_data)
            messages.success(request, "The activity is changed.")
            return redirect(activity.get_absolute_url())
    if "comment" in request.POST and posted(comment, request):
        with refusals(comment):
            services.comment_add(actor=request.user, activity=activity, text=comment.cleaned_data["text"])
            messages.success(request, "Your comment is added.")
            return redirect(activity.get_absolute_url() + "#comments")
    if "decide" in request.POST and posted(decision, request):
        with refusals(decision):
            services.activity_decide(
                actor=request.user,
                activity=activity,
                decision=decision.cleaned_data["decision"] or "",
                conditions=decision.cleaned_data["conditions"],
            )
            messages.success(request, "The decision is recorded.")
            return redirect(reverse("roles:workshop", args=[review.pk]) + f"#activity-{activity.pk}")
    if request.method == "POST" and "delete" in request.POST:
        with button_refusals(request):
            services.activity_delete(actor=request.user, activity=activity)
            messages.success(request, "The activity is removed.")
            return redirect(reverse("roles:workshop", args=[review.pk]))
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


def _profile(request: HttpRequest, pk: int) -> RoleProfile:
    return get_visible_or_404(
        RoleProfile.objects.visible_to(request.user).select_related("organisation", "standard", "review"), pk=pk
    )


@member_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
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
    profile = _profile(request, pk)
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
    profile = _profile(request, pk)
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
    profile = _profile(request, pk)
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


# ------------------------------------------------------------------------------ funding gate and agreements


@member_required
def request_list(request: HttpRequest) -> HttpResponse:
    qs = (
        TrainingRequest.objects.visible_to(request.user)
        .select_related("organisation", "profile", "learner")
        .order_by("-created_at")
    )
    return render(
        request,
        "roles/requests.jinja",
        {
            "page": paginate(request, qs),
            "can_ask": request.user.has_perm("hub.design_roles"),
            "can_approve": request.user.has_perm("hub.approve_training"),
            "templates": AgreementTemplate.objects.visible_to(request.user).filter(is_current=True),
        },
    )


@member_required
def request_add(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.design_roles")
    page = FormPage(
        request,
        RequestForm(request.POST or None, user=request.user, initial={"places": 1}),
        title="Ask for training for a role",
        back=reverse("roles:requests"),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.request_create(actor=request.user, data=page.data),
                "The request is saved. The partnership can approve it once every part of the gate is met.",
            )
    return page.render()


def _training_request(request: HttpRequest, pk: int) -> TrainingRequest:
    return get_visible_or_404(
        TrainingRequest.objects.visible_to(request.user).select_related("organisation", "profile", "learner"), pk=pk
    )


@member_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The gate, part by part, the decision, and the request's training agreements."""
    training = _training_request(request, pk)
    decision = RequestDecisionForm(request.POST if "decide" in request.POST else None)
    agreement = AgreementForm(request.POST if "agreement" in request.POST else None, request=training)
    if "decide" in request.POST and posted(decision, request):
        with refusals(decision):
            services.request_decide(
                actor=request.user,
                request=training,
                approve=decision.cleaned_data["approve"],
                note=decision.cleaned_data["note"],
            )
            messages.success(request, "The decision is recorded.")
            return redirect(training.get_absolute_url())
    if "agreement" in request.POST and posted(agreement, request):
        with refusals(agreement):
            made = services.agreement_create(actor=request.user, request=training, **agreement.cleaned_data)
            messages.success(request, "The agreement is ready to sign.")
            return redirect(made.get_absolute_url())
    viewer = viewer_for(request.user)
    return render(
        request,
        "roles/request.jinja",
        {
            "training": training,
            "gate": selectors.gate(training),
            "decision": decision,
            "agreement": agreement,
            "can_change": training.status == "draft"
            and access.manages_org(request.user, training.partnership_id, training.organisation_id),
            "can_decide": training.status == "draft"
            and request.user.has_perm("hub.approve_training")
            and viewer.partnership_id == training.partnership_id,
            "can_draw_up": training.status == "approved"
            and access.manages_org(request.user, training.partnership_id, training.organisation_id),
            "agreements": TrainingAgreement.objects.visible_to(request.user).filter(request=training),
        },
    )


@member_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = _training_request(request, pk)
    initial = {k: getattr(training, k) for k in services.REQUEST_FIELDS} | {
        "organisation": training.organisation,
        "profile": training.profile,
    }
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    form.fields["organisation"].disabled = form.fields["profile"].disabled = True
    page = FormPage(request, form, title="Change the training request", back=training.get_absolute_url())
    if page.valid():
        with page.refusals():
            return page.done(
                services.request_change(
                    actor=request.user,
                    request=training,
                    data={k: v for k, v in page.data.items() if k not in ("organisation", "profile")},
                ),
                "The request is changed.",
            )
    return page.render()


@member_required
def template_add(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A training agreement template, or (with `pk`) its next version."""
    require_perm(request.user, "hub.approve_training")
    old = get_visible_or_404(AgreementTemplate.objects.visible_to(request.user), pk=pk) if pk else None
    initial = (
        {
            "name": old.name,
            "employer_funds": old.employer_funds,
            "learner_commits": old.learner_commits,
            "repayment": "\n".join(f"{m} {p}" for m, p in old.repayment),
        }
        if old
        else {}
    )

    page = FormPage(
        request,
        TemplateForm(request.POST or None, initial=initial),
        title="A new version of the template" if old else "Add a training agreement template",
        back=reverse("roles:requests"),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.template_save(actor=request.user, data=page.data, replaces=old),
                "The template is saved. New agreements use it; signed ones keep their words.",
            )
    return page.render()


@member_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement's terms and signatures; sign it, or change it (a new version everyone signs again)."""
    agreement = get_visible_or_404(
        TrainingAgreement.objects.visible_to(request.user).select_related(
            "request__organisation", "learner", "provider"
        ),
        pk=pk,
    )
    change = AgreementChangeForm(
        request.POST if "change" in request.POST else None,
        initial={k: getattr(agreement, k) for k in ("study_hours_a_week", "employer_funds", "learner_commits")},
    )
    if request.method == "POST" and "sign" in request.POST:
        with button_refusals(request):
            services.agreement_sign(actor=request.user, agreement=agreement)
            messages.success(request, "You have signed the agreement.")
            return redirect(agreement.get_absolute_url())
    if "change" in request.POST and posted(change, request):
        with refusals(change):
            fresh = services.agreement_change(actor=request.user, agreement=agreement, data=change.cleaned_data)
            messages.success(request, f"Version {fresh.version} is ready: everyone signs it again.")
            return redirect(fresh.get_absolute_url())
    training = agreement.request
    return render(
        request,
        "roles/agreement.jinja",
        {
            "agreement": agreement,
            "party": access.signs_agreement_as(request.user, agreement),
            "repayment": selectors.repayment_words(agreement.repayment),
            "change": change,
            "can_change": agreement.is_current
            and access.manages_org(request.user, training.partnership_id, training.organisation_id),
        },
    )


# ---------------------------------------------------------------------------------------- competence checks


@member_required
def check_list(request: HttpRequest) -> HttpResponse:
    """Who needs a competence check, the checks under way, and the forms to record an absence or start a check."""
    can_manage = request.user.has_perm("hub.design_roles")
    start = CheckStartForm(request.POST if "start" in request.POST else None, user=request.user)
    absence = AbsenceForm(request.POST if "absence" in request.POST else None, user=request.user)
    if can_manage and "start" in request.POST and posted(start, request):
        with refusals(start):
            check = services.check_start(actor=request.user, **start.cleaned_data)
            messages.success(request, "The competence check is started.")
            return redirect(check.get_absolute_url())
    if can_manage and "absence" in request.POST and posted(absence, request):
        with refusals(absence):
            services.absence_record(actor=request.user, data=absence.cleaned_data)
            messages.success(request, "The absence is recorded.")
            return redirect(reverse("roles:checks"))
    checks = CompetenceCheck.objects.visible_to(request.user).select_related("person", "organisation", "profile")
    return render(
        request,
        "roles/checks.jinja",
        {
            "needs": selectors.needs_check(request.user, timezone.localdate()) if can_manage else [],
            "checks": [(c, *selectors.check_progress(c)) for c in checks[:100]],
            "start": start,
            "absence": absence,
            "can_manage": can_manage,
        },
    )


@member_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_visible_or_404(
        CompetenceCheck.objects.visible_to(request.user).select_related("person", "organisation", "profile"), pk=pk
    )
    form = CheckItemForm(request.POST or None)
    if request.method == "POST":
        item = get_visible_or_404(
            CheckItem.objects.visible_to(request.user).filter(competence_check=check), pk=request.POST.get("item") or 0
        )
        if posted(form, request):
            with refusals(form):
                services.check_item_sign(actor=request.user, item=item, **form.cleaned_data)
                messages.success(request, "Recorded.")
                return redirect(check.get_absolute_url() + f"#item-{item.pk}")
    done, total = selectors.check_progress(check)
    return render(
        request,
        "roles/check.jinja",
        {
            "check": check,
            "items": check.items.select_related("signed_by"),
            "form": form,
            "failed_item": request.POST.get("item") if form.errors else None,
            "can_sign": access.signs_off(request.user, check),
            "done": done,
            "total": total,
        },
    )
