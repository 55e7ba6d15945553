from django.urls import path

from . import views

app_name = "passport"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/training/add/", views.record_training, name="record_training"),
    path("people/<int:pk>/upload/", views.upload, name="upload"),
    path("share/", views.share, name="share"),
    path("share/<int:pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("credentials/<uuid:public_id>/", views.verify, name="verify"),
    path("credentials/<uuid:public_id>/download.<str:fmt>", views.download, name="download"),
    path("credentials/<uuid:public_id>/revoke/", views.revoke, name="revoke"),
    path("issuers/<int:pk>/did.json", views.did_document, name="did"),
    path("status/<int:pk>/<int:number>/", views.status_list, name="status_list"),
    path("training/", views.topics, name="topics"),
    path("training/add/", views.topic_edit, name="topic_add"),
    path("training/<int:pk>/change/", views.topic_edit, name="topic_edit"),
    path("training/issue/", views.issue_now, name="issue_now"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("placements/<int:pk>/", views.placement, name="placement"),
    path("keys/", views.keys, name="keys"),
]
