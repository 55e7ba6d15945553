from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("schemes/<int:pk>/", views.scheme_models, name="scheme_models"),
    path("schemes/<int:pk>/new-version/", views.model_create, name="model_create"),
    path("programmes/<str:programme>/", views.programme_models, name="programme_models"),
    path("programmes/<str:programme>/new-version/", views.programme_model_create, name="programme_model_create"),
    path("models/<int:pk>/", views.model_detail, name="model"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/change/", views.indicator_edit, name="indicator_edit"),
    path("values/<int:pk>/file/", views.value_file, name="value_file"),
    path("models/<int:pk>/export.<str:fmt>", views.model_export, name="model_export"),
    path("models/<int:pk>/items/add/", views.item_add, name="item_add"),
    path("models/<int:pk>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("items/<int:pk>/rating/", views.item_rate, name="item_rate"),
    path("items/<int:pk>/change/", views.item_edit, name="item_edit"),
]
