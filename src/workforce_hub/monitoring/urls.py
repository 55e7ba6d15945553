from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("schemes/<int:pk>/", views.scheme_models, name="scheme_models"),
    path("schemes/<int:pk>/new-version/", views.model_create, name="model_create"),
    path("models/<int:pk>/", views.model_detail, name="model"),
    path("models/<int:pk>/export.<str:fmt>", views.model_export, name="model_export"),
    path("models/<int:pk>/items/add/", views.item_add, name="item_add"),
    path("models/<int:pk>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("items/<int:pk>/rating/", views.item_rate, name="item_rate"),
    path("items/<int:pk>/change/", views.item_edit, name="item_edit"),
]
