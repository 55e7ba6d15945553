"""Reads for organisation pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from workforce_hub.core.access import Actor, Viewer

from .models import Organisation, Partnership, PlacementSetting


def current_partnership(viewer: Viewer) -> Partnership:
    """The viewer's own partnership (views behind `member_required` only)."""
    return Partnership.objects.get(pk=viewer.pid)


def organisation_list(*, user: Actor, q: str = "", org_type: str = "", sector: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user).annotate(
        site_count=Count("sites", distinct=True), setting_count=Count("sites__settings", distinct=True)
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(ods_code__iexact=q))
    if org_type:
        qs = qs.filter(org_type=org_type)
    if sector:
        qs = qs.filter(sector=sector)
    return qs.order_by("name")


def setting_list(
    *,
    user: Actor,
    q: str = "",
    setting_type: str = "",
    sector: str = "",
    under_18: bool = False,
    organisation_id: int | None = None,
) -> QuerySet[PlacementSetting]:
    qs = PlacementSetting.objects.visible_to(user).select_related("site__organisation", "contact")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(site__organisation__name__icontains=q) | Q(site__postcode__icontains=q))
    if setting_type:
        qs = qs.filter(setting_type=setting_type)
    if sector:
        qs = qs.filter(site__organisation__sector=sector)
    if under_18:
        qs = qs.filter(min_age__lt=18)
    if organisation_id:
        qs = qs.filter(site__organisation_id=organisation_id)
    return qs.order_by("site__organisation__name", "name")
