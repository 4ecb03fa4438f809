"""The Maßnahmenabfrage link of a responsible actor (no account): ``/abfrage/<token>/``."""

from django.urls import URLPattern

app_name = "tracking_public"
urlpatterns: list[URLPattern] = []
