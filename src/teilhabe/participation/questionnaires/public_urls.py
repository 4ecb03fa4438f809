"""A questionnaire invitation (no account): ``/fragebogen/<token>/``."""

from django.urls import URLPattern

app_name = "questionnaire_public"
urlpatterns: list[URLPattern] = []
