"""Document downloads for members of a body: ``/app/<body>/documents/…``."""

from django.urls import path

from . import views
from .questionnaire_urls import urlpatterns as questionnaire_patterns
from .report_urls import urlpatterns as report_patterns

app_name = "documents"
urlpatterns = [
    path("edition/<uuid:edition>.<str:fmt>", views.edition_document, name="edition"),
    path("paper/<uuid:paper>.<str:fmt>", views.paper_document, name="paper"),
    path("file/<uuid:file>", views.file_access, name="file"),
    path("file/<uuid:file>/download", views.file_download, name="file_download"),
    *report_patterns,
    *questionnaire_patterns,
]
