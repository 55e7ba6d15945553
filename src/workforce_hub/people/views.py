"""People pages: list, detail, add, change, invite, roles and import."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.sections import sections_for
from workforce_hub.core.web import FormPage, member_required, paginate, posted, refusals
from workforce_hub.organisations.models import Membership
from workforce_hub.organisations.selectors import current_partnership

from . import selectors, services
from .forms import ErasureForm, ImportForm, MembershipForm, PeopleFilterForm, PersonForm
from .importing import COLUMNS, people_import
from .models import Person


@member_required
def person_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = PeopleFilterForm(request.GET or None, partnership_id=viewer.pid)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.person_list(
        user=request.user,
        q=filters.get("q", ""),
        role=filters.get("role", ""),
        organisation=filters.get("organisation"),
    )
    return render(
        request,
        "people/list.jinja",
        {
            "filter_form": form,
            "page": paginate(request, qs),
            "can_manage": request.user.has_perm("hub.manage_people"),
        },
    )


@member_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(selectors.person_for_policy(Person.objects.visible_to(request.user)), pk=pk)
    fields = selectors.person_fields(user=request.user, person=person)
    memberships = Membership.objects.visible_to(request.user).filter(person=person).select_related("organisation")
    return render(
        request,
        "people/detail.jinja",
        {
            "person": person,
            "fields": fields,
            "memberships": memberships,
            "sections": sections_for("person_detail", request.user, person),
            "can_manage": request.user.has_perm("hub.manage_people") and person.erased_at is None,
            "can_erase": request.user.has_perm("hub.erase_people"),
        },
    )


@member_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Right to erasure: what would be erased, anonymised and kept (and why), then the admin confirms."""
    require_perm(request.user, "hub.erase_people")
    person = get_visible_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = ErasureForm(request.POST or None)
    if posted(form, request):
        with refusals(form):
            done = services.person_erase(person=person, reference=form.cleaned_data["reference"], actor=request.user)
            count = sum(done.values())
            messages.success(request, f"Their data has been erased: {count} record{'s' if count != 1 else ''} changed.")
            return redirect("people:erase", pk=person.pk)
    return render(
        request,
        "people/erase.jinja",
        {
            "person": person,
            "form": form,
            "lines": selectors.erasure_plan(person),
            "refusals": services.person_erasure_refusals(person=person, actor=request.user),
        },
    )


@member_required
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, "hub.manage_people")
    viewer = viewer_for(request.user)
    person = get_visible_or_404(Person.objects.visible_to(request.user), pk=pk) if pk else None
    page = FormPage.add_or_change(
        request, PersonForm(request.POST or None, instance=person), person, noun="person", back="/people/"
    )
    if page.valid():
        with page.refusals():
            if person is None:
                added = services.person_create(
                    partnership=current_partnership(viewer), data=page.data, actor=request.user
                )
                return page.done(added, f"{added.display_name} has been added. Give them a role next.")
            return page.done(services.person_update(person=person, data=page.data, actor=request.user), page.SAVED)
    return page.render()


@member_required
@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.manage_people")
    person = get_visible_or_404(Person.objects.visible_to(request.user), pk=pk)
    services.person_invite(person=person, actor=request.user)
    messages.success(request, f"An invitation has been sent to {person.display_name}.")
    return redirect(person.get_absolute_url())


@member_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.manage_people")
    viewer = viewer_for(request.user)
    person = get_visible_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = MembershipForm(request.POST or None, partnership_id=viewer.pid)
    page = FormPage(
        request, form, title=f"Give {person.display_name} a role", back=person.get_absolute_url(), submit="Add role"
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.membership_add(person=person, actor=request.user, **page.data).person,
                "The role has been added.",
            )
    return page.render()


@member_required
@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    require_perm(request.user, "hub.manage_people")
    person = get_visible_or_404(Person.objects.visible_to(request.user), pk=pk)
    membership = get_visible_or_404(Membership.objects.visible_to(request.user), pk=membership_pk, person=person)
    services.membership_remove(membership=membership, actor=request.user)
    messages.success(request, "The role has been removed.")
    return redirect(person.get_absolute_url())


@member_required
def person_import(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.import_people")
    viewer = viewer_for(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if posted(form, request):
        upload = form.cleaned_data["file"]
        with refusals(form):
            result = people_import(
                partnership=current_partnership(viewer), upload=upload, filename=upload.name, actor=request.user
            )
            if result.ok:
                messages.success(
                    request,
                    f"Imported {result.rows} rows: {result.people_created} new people, "
                    f"{result.memberships_created} new roles.",
                )
                return redirect("people:list")
    return render(request, "people/import.jinja", {"form": form, "result": result, "columns": COLUMNS})
