"""Organisation, site and placement-setting pages. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.sections import sections_for
from workforce_hub.core.web import FormPage, member_required, paginate
from workforce_hub.organisations.models import Membership

from . import access, selectors, services
from .forms import (
    OrganisationFilterForm,
    OrganisationForm,
    OrganisationLimitForm,
    SettingFilterForm,
    SettingForm,
    SiteForm,
)
from .models import Organisation, Site


@member_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organisation_list(user=request.user, **{k: v or "" for k, v in filters.items()})
    return render(
        request,
        "organisations/list.jinja",
        {
            "filter_form": form,
            "page": paginate(request, qs),
            "can_manage": request.user.has_perm(access.MANAGE_ORGANISATIONS),
        },
    )


@member_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.access_organisation(request.user, pk)
    sites = Site.objects.visible_to(request.user).filter(organisation=org).prefetch_related("settings")
    members = Membership.objects.visible_to(request.user).filter(organisation=org).select_related("person")
    return render(
        request,
        "organisations/detail.jinja",
        {
            "org": org,
            "sites": sites,
            "members": members,
            "can_manage": request.user.has_perm(access.MANAGE_ORGANISATIONS),
            "can_change_limit": request.user.has_perm(access.CHANGE_CAPACITY),
            "sections": sections_for("organisation_detail", request.user, org),
        },
    )


@member_required
def organisation_limit(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.access_organisation(request.user, pk, to_change_limit=True)
    form = OrganisationLimitForm(request.POST or None, initial={"apprentices_at_a_time": org.apprentices_at_a_time})
    page = FormPage(request, form, title=f"Apprentices at a time at {org.name}", back=org.get_absolute_url())
    if page.valid():
        with page.refusals():
            return page.done(
                services.organisation_limit_set(
                    organisation=org, limit=page.data["apprentices_at_a_time"], actor=request.user
                ),
                f"Saved how many apprentices {org.name} takes at a time.",
            )
    return page.render()


@member_required
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require_perm(request.user, access.MANAGE_ORGANISATIONS)
    viewer = viewer_for(request.user)
    org = access.access_organisation(request.user, pk, for_write=True) if pk else None
    form = OrganisationForm(request.POST or None, instance=org, partnership_id=viewer.pid)
    page = FormPage.add_or_change(
        request, form, org, noun="organisation", add_title="Add an organisation", back="/organisations/"
    )
    if page.valid():
        with page.refusals():
            if org is None:
                added = services.organisation_create(
                    partnership=selectors.current_partnership(viewer), data=page.data, actor=request.user
                )
                return page.done(added, f"{added.name} has been added.")
            return page.done(
                services.organisation_update(organisation=org, data=page.data, actor=request.user), page.SAVED
            )
    return page.render()


@member_required
def site_edit(request: HttpRequest, org_pk: int, pk: int | None = None) -> HttpResponse:
    org = access.access_organisation(request.user, org_pk, for_write=True)
    site = access.access_site(request.user, pk, organisation=org) if pk else None
    form = SiteForm(request.POST or None, instance=site)

    def save(data: dict[str, Any]) -> Organisation:
        if site is None:
            services.site_create(organisation=org, data=data, actor=request.user)
        else:
            services.site_update(site=site, data=data, actor=request.user)
        return org  # back to the organisation page

    page = FormPage(
        request,
        form,
        back=org.get_absolute_url(),
        submit="Save site",
        title=f"Change {site.name}" if site else f"Add a site to {org.name}",
    )
    if page.valid():
        with page.refusals():
            return page.done(save(page.data), page.SAVED if site else "The site has been added.")
    return page.render()


@member_required
def setting_list(request: HttpRequest) -> HttpResponse:
    form = SettingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.setting_list(
        user=request.user,
        q=filters.get("q", ""),
        setting_type=filters.get("setting_type", ""),
        sector=filters.get("sector", ""),
        under_18=bool(filters.get("under_18")),
    )
    return render(
        request,
        "organisations/setting_list.jinja",
        {
            "filter_form": form,
            "page": paginate(request, qs),
            "can_manage": request.user.has_perm(access.MANAGE_ORGANISATIONS),
        },
    )


@member_required
def setting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    setting = access.access_setting(request.user, pk)
    return render(
        request,
        "organisations/setting_detail.jinja",
        {
            "setting": setting,
            "mentors": setting.mentors.all(),
            "can_manage": request.user.has_perm(access.MANAGE_ORGANISATIONS),
            "sections": sections_for("setting_detail", request.user, setting),
        },
    )


@member_required
def setting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require_perm(request.user, access.MANAGE_ORGANISATIONS)
    viewer = viewer_for(request.user)
    setting = access.access_setting(request.user, pk, for_write=True) if pk else None
    org_id = None
    if setting is None and request.GET.get("organisation"):
        org_id = get_visible_or_404(Organisation.objects.visible_to(request.user), pk=request.GET["organisation"]).pk
    form = SettingForm(request.POST or None, instance=setting, partnership_id=viewer.pid, organisation_id=org_id)
    if setting is None:
        page = FormPage(
            request, form, title="Add a placement setting", back="/organisations/settings/", submit="Save setting"
        )
        if page.valid():
            with page.refusals():
                data = dict(page.data)  # the site goes in on its own
                added = services.setting_create(site=data.pop("site"), data=data, actor=request.user)
                return page.done(added, f"{added.name} has been added.")
        return page.render()
    page = FormPage(
        request, form, title=f"Change {setting.name}", back=setting.get_absolute_url(), submit="Save setting"
    )
    if page.valid():
        with page.refusals():
            return page.done(services.setting_update(setting=setting, data=page.data, actor=request.user), page.SAVED)
    return page.render()
