"""Role reviews: the list, a review's task list, the workshop (every activity on one screen, for a room or for
people working apart) and an activity with its comments and decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, member_required, paginate, posted, refusals

from .. import access, selectors, services
from ..forms import ActivityForm, CommentForm, DecisionForm, LibraryForm, ReviewForm, SearchForm
from ..models import Activity, RoleProfile


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


@member_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.access_review(request.user, pk)
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
    review = access.access_review(request.user, pk)
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
    review = access.access_review(request.user, pk)
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
