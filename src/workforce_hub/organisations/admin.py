"""Django admin is for superusers and reference data only; people and enrolments are managed in the Hub."""

from django.contrib import admin

from .models import Organisation, Partnership, PlacementSetting, Site


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "sector", "size", "partnership"]
    list_filter = ["partnership", "org_type", "sector"]
    search_fields = ["name", "ods_code"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "postcode"]
    search_fields = ["name", "postcode"]


@admin.register(PlacementSetting)
class PlacementSettingAdmin(admin.ModelAdmin):
    list_display = ["name", "setting_type", "capacity", "min_age", "site"]
    list_filter = ["setting_type"]
    search_fields = ["name"]
    exclude = ["contact", "mentors"]  # people are managed in the Hub, where access is checked
