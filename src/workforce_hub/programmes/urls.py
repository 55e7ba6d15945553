from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("standards/<int:pk>/", views.standard, name="standard"),
]
