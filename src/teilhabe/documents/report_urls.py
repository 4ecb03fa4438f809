"""Sachstandsberichte: ``/app/<body>/documents/reports/…`` (merged into ``documents``)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/new/", report_views.report_create, name="report_create"),
    path("reports/<uuid:report>/", report_views.report_detail, name="report_detail"),
    path("reports/<uuid:report>.<str:fmt>", report_views.report_download, name="report_download"),
    path("reports/<uuid:report>/paper/", report_views.report_paper, name="report_paper"),
]
