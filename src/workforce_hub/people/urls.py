from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("add/", views.person_edit, name="add"),
    path("import/", views.person_import, name="import"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/change/", views.person_edit, name="change"),
    path("<int:pk>/invite/", views.person_invite, name="invite"),
    path("<int:pk>/erase/", views.person_erase, name="erase"),
    path("<int:pk>/roles/add/", views.membership_add, name="membership_add"),
    path("<int:pk>/roles/<int:membership_pk>/remove/", views.membership_remove, name="membership_remove"),
]
