"""Implementation tracking for members of a body: ``/app/<body>/tracking/…``."""

from django.urls import URLPattern

from .survey_urls import urlpatterns as survey_patterns

app_name = "tracking"
urlpatterns: list[URLPattern] = [*survey_patterns]
