"""Participation for members of a body: ``/app/<body>/participation/…``."""

from django.urls import URLPattern

from .questionnaires.urls import urlpatterns as questionnaire_patterns

app_name = "participation"
urlpatterns: list[URLPattern] = [*questionnaire_patterns]
