"""Pages for digital champions: the directory, a champion's own page, drop-ins and bookings, the support log and
skill checks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce_hub.core.forms import SearchForm
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import (
    FormPage,
    button_refusals,
    id_param,
    member_required,
    paginate,
    posted,
    refusals,
)
from workforce_hub.digital_skills.framework import current_framework
from workforce_hub.organisations.models import Organisation

from .. import champions as champion_service
from .. import selectors
from ..access import access_booking, access_champion, access_drop_in, access_skill_check
from ..forms import (
    ChampionForm,
    ConfirmSkillsForm,
    DropInForm,
    SupportContactForm,
)
from ..models import (
    Champion,
    SupportContact,
)


def _champion_only(request: HttpRequest) -> Champion:
    """The viewer's champion record; pages for champions refuse everyone else."""
    champion = champion_service.own_champion(request.user)
    if champion is None:
        raise PermissionDenied("This page is for digital champions.")
    return champion


# ---------------------------------------------------------------------------------------------- champions


@member_required
def champions(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    org = request.GET.get("organisation", "")
    directory = selectors.champion_directory(request.user, q=q, organisation_id=id_param(org))
    can_manage = request.user.has_perm(champion_service.MANAGE)
    return render(
        request,
        "digital_champions/champions.jinja",
        {
            "page": paginate(request, directory),
            "search": search,
            "organisations": Organisation.objects.visible_to(request.user).filter(is_active=True),
            "organisation": org,
            "drop_ins": selectors.upcoming_drop_ins(request.user),
            "domains": {d.code: d.name for d in current_framework().domains.all()},
            "me": champion_service.own_champion(request.user),
            "can_manage": can_manage,
            "coverage": selectors.coverage(request.user) if request.user.has_perm("hub.view_needs_analysis") else None,
            "impact": selectors.impact(SupportContact.objects.visible_to(request.user)) if can_manage else None,
        },
    )


@member_required
def champion_add(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, champion_service.MANAGE)
    form = ChampionForm(request.POST or None, user=request.user, framework=current_framework())
    page = FormPage(
        request,
        form,
        title="Add a digital champion",
        back=reverse("digital_champions:champions"),
        submit="Add champion",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                champion_service.champion_create(actor=request.user, **page.data),
                "The champion has been added to the directory.",
            )
    return page.render()


@member_required
def champion_home(request: HttpRequest) -> HttpResponse:
    champion = _champion_only(request)
    return render(
        request,
        "digital_champions/champion_home.jinja",
        {"champion": champion, **selectors.champion_work(request.user, champion).as_context()},
    )


@member_required
def drop_in_add(request: HttpRequest) -> HttpResponse:
    champion = _champion_only(request)
    form = DropInForm(request.POST or None)
    page = FormPage(
        request,
        form,
        title="Offer a drop-in session",
        back=reverse("digital_champions:champion_home"),
        submit="Offer session",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                champion_service.drop_in_create(actor=request.user, champion=champion, **page.data),
                "Your session is in the directory. Staff can now book it.",
            )
    return page.render()


@member_required
@require_POST
def drop_in_book(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_drop_in(request.user, pk)
    with button_refusals(request):
        champion_service.booking_create(actor=request.user, drop_in=session)
        messages.success(request, "You are booked on the session. It is in the list below.")
    return redirect(reverse("digital_champions:champions") + "#drop-ins")


@member_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = access_booking(request.user, pk)
    champion_service.booking_cancel(actor=request.user, booking=booking)
    messages.success(request, "Your booking has been cancelled.")
    return redirect(reverse("digital_champions:champions") + "#drop-ins")


@member_required
def contact_add(request: HttpRequest) -> HttpResponse:
    _champion_only(request)
    form = SupportContactForm(request.POST or None, framework=current_framework())
    page = FormPage(
        request, form, title="Log the help you gave", back=reverse("digital_champions:champion_home"), submit="Log it"
    )
    if page.valid():
        with page.refusals():
            return page.done(
                champion_service.support_contact_create(actor=request.user, **page.data),
                "Thank you. Your help has been logged.",
            )
    return page.render()


@member_required
@require_POST
def skill_check_ask(request: HttpRequest, pk: int) -> HttpResponse:
    champion = access_champion(request.user, pk)
    with button_refusals(request):
        champion_service.skill_check_request(actor=request.user, champion=champion)
        messages.success(request, "Your request has been sent. The champion will arrange a time with you.")
    return redirect(reverse("digital_champions:champions"))


@member_required
def skill_check_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    check = access_skill_check(request.user, pk, for_write=True)
    form = ConfirmSkillsForm(request.POST if request.method == "POST" else None, framework=check.framework)
    if posted(form, request):
        with refusals(form):
            champion_service.skill_check_confirm(
                actor=request.user, check=check, items=list(form.cleaned_data["items"])
            )
            messages.success(request, "The skills are confirmed. They show beside the person's own results.")
            return redirect("digital_champions:champion_home")
    return render(
        request,
        "core/form_page.jinja",
        {
            "form": form,
            "title": f"Confirm skills {check.person.display_name} showed you",
            "intro": "Tick only the skills you saw them do. They will see which you confirmed.",
            "back": reverse("digital_champions:champion_home"),
            "submit": "Confirm",
        },
    )
