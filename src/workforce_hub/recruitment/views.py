"""Recruitment pages: the coordinator's vacancies and applications, and the public pages applicants use."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, member_required, next_url, paginate, posted, refusals
from workforce_hub.people.forms import ErasureForm
from workforce_hub.schemes.models import Scheme

from . import access, selectors, services
from .forms import ApplicationFilterForm, ApplicationForm, MoveForm, VacancyForm
from .models import Application, Stage, Vacancy

_SESSION_KEY = "hub_application_sent"


def _wide_only(request: HttpRequest) -> None:
    if not viewer_for(request.user).is_partnership_wide:
        raise Http404("Not found")


@member_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    _wide_only(request)
    return render(
        request,
        "recruitment/vacancy_list.jinja",
        {
            "page": paginate(request, selectors.vacancy_list(user=request.user)),
            "schemes": Scheme.objects.visible_to(request.user).filter(is_active=True),
            "can_manage": request.user.has_perm(access.MANAGE_RECRUITMENT),
        },
    )


@member_required
def vacancy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, access.MANAGE_RECRUITMENT)
    vacancy = access.access_vacancy(request.user, pk, for_write=True) if pk else None
    if vacancy is None:
        scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=request.GET.get("scheme"))
    else:
        scheme = vacancy.scheme
    page = FormPage.add_or_change(
        request,
        VacancyForm(request.POST or None, instance=vacancy, scheme=scheme),
        vacancy,
        noun="vacancy",
        add_title=f"Advertise {scheme.name}",
        back="/recruitment/",
    )
    if page.valid():
        with page.refusals():
            if vacancy is None:
                added = services.vacancy_create(scheme=scheme, data=page.data, actor=request.user)
                return page.done(added, f"{added.title} has been saved. Open it for applications when it is ready.")
            return page.done(services.vacancy_update(vacancy=vacancy, data=page.data, actor=request.user), page.SAVED)
    return page.render()


@member_required
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = access.access_vacancy(request.user, pk)
    form = ApplicationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = selectors.applications_for(user=request.user, vacancy=vacancy, **filters)
    every = list(Application.objects.visible_to(request.user).filter(vacancy=vacancy).select_related("enrolment"))
    timing = selectors.time_to_start(every)
    stage_counts = {s: sum(1 for a in every if a.stage == s) for s in Stage.values}
    return render(
        request,
        "recruitment/vacancy_detail.jinja",
        {
            "vacancy": vacancy,
            "filter_form": form,
            "page": paginate(request, applications),
            "pool": sorted((a for a in every if a.pool_rank is not None), key=lambda a: a.pool_rank or 0),
            "timing": timing,
            "timing_summary": selectors.time_to_start_summary(timing),
            "stage_counts": stage_counts,
            "stages": Stage,
            "hosts": services.vacancy_hosts(vacancy),
            "can_manage": request.user.has_perm(access.MANAGE_RECRUITMENT),
        },
    )


@member_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.access_application(request.user, pk, for_write=request.method == "POST")
    form = MoveForm(request.POST or None, stages=application.next_stages())
    if posted(form, request):
        with refusals(form):
            services.application_move(application=application, actor=request.user, **form.cleaned_data)
            messages.success(
                request, f"{application.reference} is now {Stage(form.cleaned_data['to_stage']).label.lower()}."
            )
            return redirect(application.get_absolute_url())
    return render(
        request,
        "recruitment/application_detail.jinja",
        {
            "application": application,
            "form": form,
            "history": application.history.select_related("changed_by"),
            "timing": selectors.time_to_start([application]),
            "can_manage": request.user.has_perm(access.MANAGE_RECRUITMENT),
            "can_erase": request.user.has_perm("hub.erase_people"),
        },
    )


@member_required
@require_POST
def application_pool(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.access_application(request.user, pk, for_write=True)
    action = request.POST.get("action", "")
    with button_refusals(request):
        if action == "add":
            services.pool_add(application=application, actor=request.user)
            messages.success(request, f"{application.reference} is in the back-up pool.")
        elif action == "remove":
            services.pool_remove(application=application, actor=request.user)
            messages.success(request, f"{application.reference} has left the back-up pool.")
        elif action in ("up", "down"):
            services.pool_move(application=application, up=action == "up", actor=request.user)
        elif action == "rescreen":
            services.application_rescreen(application=application, actor=request.user)
            messages.success(request, "Eligibility has been checked again against the current placements.")
        else:
            raise Http404("Not found")
    return redirect(next_url(request, application.get_absolute_url()))


@member_required
def application_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Right to erasure for an applicant with no record in the Hub: what is removed and what stays, then the
    partnership administrator confirms with the request's reference."""
    require_perm(request.user, "hub.erase_people")
    application = access.access_application(request.user, pk)
    form = ErasureForm(request.POST or None)
    if posted(form, request):
        with refusals(form):
            services.application_erase(
                application=application, reference=form.cleaned_data["reference"], actor=request.user
            )
            messages.success(request, f"The personal data in {application.reference} has been erased.")
            return redirect("recruitment:application_erase", pk=application.pk)
    return render(
        request,
        "recruitment/application_erase.jinja",
        {"application": application, "form": form, "refusals": services.application_erasure_refusals(application)},
    )


# --- public pages (no account) -------------------------------------------------------------------------------------
def public_list(request: HttpRequest) -> HttpResponse:
    vacancies = Vacancy.objects.open_to_public().select_related("scheme", "cohort").order_by("closes_on")
    return render(request, "recruitment/public_list.jinja", {"vacancies": vacancies})


def public_vacancy(request: HttpRequest, slug: str) -> HttpResponse:
    vacancy = get_visible_or_404(Vacancy.objects.open_to_public().select_related("scheme", "cohort"), slug=slug)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("website"):  # the hidden field: an automated form-filler, not a person
            return redirect("recruitment:public_list")
        if form.is_valid():
            with refusals(form):
                application = services.application_submit(
                    vacancy=vacancy,
                    data=dict(form.cleaned_data),
                    # the client's address as the login lockout sees it (so a proxy is configured once, for both)
                    submitted_from=services.address_fingerprint(get_client_ip_address(request) or ""),
                )
                request.session[_SESSION_KEY] = application.pk
                return redirect("recruitment:public_sent", slug=vacancy.slug)
    return render(request, "recruitment/public_vacancy.jinja", {"vacancy": vacancy, "form": form})


def public_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """The applicant's confirmation with the eligibility result: shown once, to the browser that applied."""
    pk = request.session.pop(_SESSION_KEY, None)
    application = selectors.sent_application(pk, slug)
    if application is None:
        return redirect("recruitment:public_list")
    return render(request, "recruitment/public_sent.jinja", {"application": application})
