from django.urls import path

from . import views

app_name = "recruitment"

urlpatterns = [
    path("recruitment/", views.vacancy_list, name="vacancies"),
    path("recruitment/vacancies/add/", views.vacancy_edit, name="vacancy_add"),
    path("recruitment/vacancies/<int:pk>/", views.vacancy_detail, name="vacancy"),
    path("recruitment/vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("recruitment/applications/<int:pk>/", views.application_detail, name="application"),
    path("recruitment/applications/<int:pk>/pool/", views.application_pool, name="application_pool"),
    path("recruitment/applications/<int:pk>/erase/", views.application_erase, name="application_erase"),
    path("apply/", views.public_list, name="public_list"),
    path("apply/<slug:slug>/", views.public_vacancy, name="public_vacancy"),
    path("apply/<slug:slug>/sent/", views.public_sent, name="public_sent"),
]
