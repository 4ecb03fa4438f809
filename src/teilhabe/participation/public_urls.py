"""Public participation pages: ``/<body>/beteiligung/…``."""

from django.urls import URLPattern

app_name = "participation_public"
urlpatterns: list[URLPattern] = []
