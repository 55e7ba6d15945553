from django.urls import path

from .views import assessment, resources

app_name = "digital_skills"
urlpatterns = [
    path("", assessment.home, name="home"),
    path("start/", assessment.start, name="start"),
    path("<int:pk>/", assessment.question, name="question"),
    path("<int:pk>/questions/<str:code>/", assessment.question, name="question_item"),
    path("<int:pk>/results/", assessment.results, name="results"),
    path("needs/", assessment.needs, name="needs"),
    path("needs.csv", assessment.needs_csv, name="needs_csv"),
    path("needs.xlsx", assessment.needs_xlsx, name="needs_xlsx"),
    path("resources/", resources.resources, name="resources"),
    path("resources/add/", resources.resource_edit, name="resource_add"),
    path("resources/<int:pk>/", resources.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/delete/", resources.resource_delete, name="resource_delete"),
]
