"""Maßnahmenabfrage and Excel round trip for coordinators (merged into the ``tracking``
namespace by ``urls.py``; no ``app_name`` here)."""

from django.urls import URLPattern, path

from .views import surveys, xlsx

urlpatterns: list[URLPattern] = [
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/new/", surveys.survey_create, name="survey_create"),
    path("surveys/<uuid:survey>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<uuid:survey>/remind/", surveys.survey_send_open, name="survey_send_open"),
    path(
        "surveys/<uuid:survey>/links/<uuid:survey_link>/send/",
        surveys.survey_link_send,
        name="survey_link_send",
    ),
    path(
        "surveys/<uuid:survey>/links/<uuid:survey_link>/revoke/",
        surveys.survey_link_revoke,
        name="survey_link_revoke",
    ),
    path("measures.xlsx", xlsx.xlsx_export, name="xlsx_export"),
    path("import/", xlsx.xlsx_import, name="xlsx_import"),
]
