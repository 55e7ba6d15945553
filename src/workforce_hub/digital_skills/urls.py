from django.urls import path

from . import views

app_name = "digital_skills"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.question, name="question"),
    path("<int:pk>/questions/<str:code>/", views.question, name="question_item"),
    path("<int:pk>/results/", views.results, name="results"),
    path("needs/", views.needs, name="needs"),
    path("needs.csv", views.needs_csv, name="needs_csv"),
]
