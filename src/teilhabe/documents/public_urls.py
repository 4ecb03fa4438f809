"""Public document downloads: ``/<body>/documents/…`` (adopted editions, public papers and
their files; the OParl accessUrl and downloadUrl of files point here)."""

from django.urls import path

from . import views

app_name = "documents_public"
urlpatterns = [
    path("edition/<uuid:edition>.<str:fmt>", views.public_edition_document, name="edition"),
    path("paper/<uuid:paper>.<str:fmt>", views.public_paper_document, name="paper"),
    path("file/<uuid:file>", views.public_file_access, name="file"),
    path("file/<uuid:file>/download", views.public_file_download, name="file_download"),
]
