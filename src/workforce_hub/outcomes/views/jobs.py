"""Outcomes pages: jobs."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, member_required, paginate, posted, refusals
from workforce_hub.organisations.selectors import current_partnership
from workforce_hub.people.models import Person

from .. import access, selectors, services
from ..forms import ImportForm, JobFilterForm, JobForm, PreferenceForm
from ..importing import COLUMNS, jobs_import
from ..models import JobAlertDigest, JobPreference


@member_required
def job_list(request: HttpRequest) -> HttpResponse:
    form = JobFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "outcomes/job_list.jinja",
        {
            "filter_form": form,
            "page": paginate(request, selectors.job_list(user=request.user, **filters)),
            "can_post": request.user.has_perm("hub.post_jobs"),
            "can_send_alerts": request.user.has_perm("hub.manage_events"),
            "digests": JobAlertDigest.objects.visible_to(request.user)[:6],
        },
    )


@member_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.access_job(request.user, pk)
    return render(
        request, "outcomes/job_detail.jinja", {"job": job, "can_change": access.can_change_job(request.user, job)}
    )


@member_required
def job_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require_perm(request.user, access.POST_JOBS)
    job = access.access_job(request.user, pk, for_write=True) if pk else None
    viewer = viewer_for(request.user)
    page = FormPage.add_or_change(
        request,
        JobForm(
            request.POST or None,
            instance=job,
            partnership_id=viewer.pid,
            organisations=access.job_organisations(request.user),
        ),
        job,
        noun="job",
        add_title="Post a job",
        back="/outcomes/jobs/",
    )
    if page.valid():
        with page.refusals():
            if job is None:
                added = services.job_create(partnership=current_partnership(viewer), data=page.data, actor=request.user)
                return page.done(
                    added,
                    f"{added.title} is posted. Apprentices near the end of their scheme hear about it in their next "
                    "job alert.",
                )
            return page.done(services.job_update(job=job, data=page.data, actor=request.user), page.SAVED)
    return page.render()


@member_required
def job_import(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.post_jobs")
    viewer = viewer_for(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if posted(form, request):
        upload = form.cleaned_data["file"]
        with refusals(form):
            result = jobs_import(
                partnership=current_partnership(viewer), upload=upload, filename=upload.name, actor=request.user
            )
            if result.ok:
                messages.success(request, f"Imported {result.created} jobs.")
                return redirect("outcomes:jobs")
    return render(request, "outcomes/job_import.jinja", {"form": form, "result": result, "columns": COLUMNS})


@member_required
def preferences(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = Person.objects.visible_to(request.user).get(pk=viewer.pkey)
    current = JobPreference.objects.visible_to(request.user).first()
    page = FormPage(
        request,
        PreferenceForm(request.POST or None, instance=current),
        title="Your job alert preferences",
        back="/outcomes/jobs/",
        submit="Save preferences",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.preferences_set(person=person, data=page.data, actor=request.user),
                "Your preferences are saved.",
            )
    return page.render()


@member_required
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = get_visible_or_404(JobAlertDigest.objects.visible_to(request.user), pk=pk)
    jobs = list(digest.jobs.select_related("organisation"))
    return render(request, "outcomes/digest.jinja", {"digest": digest, "groups": services.grouped_by_area(jobs)})


@member_required
@require_POST
def job_alerts_run(request: HttpRequest) -> HttpResponse:
    """Coordinators can send this fortnight's alerts now (the daily job does the same; nobody gets two)."""
    require_perm(request.user, "hub.manage_events")
    sent = services.job_alerts_send()
    messages.success(request, f"Job alerts sent to {sent} {'apprentice' if sent == 1 else 'apprentices'}.")
    return redirect("outcomes:jobs")
