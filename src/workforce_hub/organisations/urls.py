from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("add/", views.organisation_edit, name="add"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/change/", views.organisation_edit, name="change"),
    path("<int:pk>/limit/", views.organisation_limit, name="limit"),
    path("<int:org_pk>/sites/add/", views.site_edit, name="site_add"),
    path("<int:org_pk>/sites/<int:pk>/change/", views.site_edit, name="site_change"),
    path("settings/", views.setting_list, name="setting_list"),
    path("settings/add/", views.setting_edit, name="setting_add"),
    path("settings/<int:pk>/", views.setting_detail, name="setting_detail"),
    path("settings/<int:pk>/change/", views.setting_edit, name="setting_change"),
]
