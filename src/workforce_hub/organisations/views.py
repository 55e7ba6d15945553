"""Organisation, site and placement-setting pages. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.sections import sections_for
from workforce_hub.core.web import form_page, member_required, paginate
from workforce_hub.organisations.models import Membership

from . import selectors, services
from .forms import (
    OrganisationFilterForm,
    OrganisationForm,
    OrganisationLimitForm,
    SettingFilterForm,
    SettingForm,
    SiteForm,
)
from .models import Organisation, PlacementSetting, Site


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
            "can_manage": request.user.has_perm("hub.manage_organisations"),
        },
    )


@member_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_visible_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    sites = Site.objects.visible_to(request.user).filter(organisation=org).prefetch_related("settings")
    members = Membership.objects.visible_to(request.user).filter(organisation=org).select_related("person")
    return render(
        request,
        "organisations/detail.jinja",
        {
            "org": org,
            "sites": sites,
            "members": members,
            "can_manage": request.user.has_perm("hub.manage_organisations"),
            "can_change_limit": request.user.has_perm("hub.change_capacity"),
            "sections": sections_for("organisation_detail", request.user, org),
        },
    )


@member_required
def organisation_limit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.change_capacity")
    org = get_visible_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    form = OrganisationLimitForm(request.POST or None, initial={"apprentices_at_a_time": org.apprentices_at_a_time})
    return form_page(
        request,
        form,
        save=lambda data: services.organisation_limit_set(
            organisation=org, limit=data["apprentices_at_a_time"], actor=request.user
        ),
        success=f"Saved how many apprentices {org.name} takes at a time.",
        title=f"Apprentices at a time at {org.name}",
        back=org.get_absolute_url(),
    )


@member_required
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, "hub.manage_organisations")
    viewer = viewer_for(request.user)
    org = get_visible_or_404(Organisation.objects.visible_to(request.user), pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=org, partnership_id=viewer.pid)
    if org is None:
        return form_page(
            request,
            form,
            title="Add an organisation",
            back="/organisations/",
            submit="Save organisation",
            save=lambda data: services.organisation_create(
                partnership=selectors.current_partnership(viewer), data=data, actor=request.user
            ),
            success=lambda o: f"{o.name} has been added.",
        )
    return form_page(
        request,
        form,
        title=f"Change {org.name}",
        back=org.get_absolute_url(),
        submit="Save organisation",
        save=lambda data: services.organisation_update(organisation=org, data=data, actor=request.user),
        success="Your changes have been saved.",
    )


@member_required
def site_edit(request: HttpRequest, org_pk: int, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, "hub.manage_organisations")
    org = get_visible_or_404(Organisation.objects.visible_to(request.user), pk=org_pk)
    site = get_visible_or_404(Site.objects.visible_to(request.user), pk=pk, organisation=org) if pk else None
    form = SiteForm(request.POST or None, instance=site)

    def save(data: dict[str, Any]) -> Organisation:
        if site is None:
            services.site_create(organisation=org, data=data, actor=request.user)
        else:
            services.site_update(site=site, data=data, actor=request.user)
        return org  # back to the organisation page

    return form_page(
        request,
        form,
        save=save,
        back=org.get_absolute_url(),
        submit="Save site",
        title=f"Change {site.name}" if site else f"Add a site to {org.name}",
        success="Your changes have been saved." if site else "The site has been added.",
    )


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
            "can_manage": request.user.has_perm("hub.manage_organisations"),
        },
    )


@member_required
def setting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    setting = get_visible_or_404(
        PlacementSetting.objects.visible_to(request.user).select_related("site__organisation", "contact"), pk=pk
    )
    return render(
        request,
        "organisations/setting_detail.jinja",
        {
            "setting": setting,
            "mentors": setting.mentors.all(),
            "can_manage": request.user.has_perm("hub.manage_organisations"),
            "sections": sections_for("setting_detail", request.user, setting),
        },
    )


@member_required
def setting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, "hub.manage_organisations")
    viewer = viewer_for(request.user)
    setting = get_visible_or_404(PlacementSetting.objects.visible_to(request.user), pk=pk) if pk else None
    org_id = None
    if setting is None and request.GET.get("organisation"):
        org_id = get_visible_or_404(Organisation.objects.visible_to(request.user), pk=request.GET["organisation"]).pk
    form = SettingForm(request.POST or None, instance=setting, partnership_id=viewer.pid, organisation_id=org_id)
    if setting is None:
        return form_page(
            request,
            form,
            title="Add a placement setting",
            back="/organisations/settings/",
            submit="Save setting",
            save=lambda data: services.setting_create(site=data.pop("site"), data=data, actor=request.user),
            success=lambda s: f"{s.name} has been added.",
        )
    return form_page(
        request,
        form,
        title=f"Change {setting.name}",
        back=setting.get_absolute_url(),
        submit="Save setting",
        save=lambda data: services.setting_update(setting=setting, data=data, actor=request.user),
        success="Your changes have been saved.",
    )
