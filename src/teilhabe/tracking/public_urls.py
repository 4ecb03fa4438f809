"""The Maßnahmenabfrage link of a responsible actor (no account): ``/abfrage/<token>/``."""

from django.urls import URLPattern, path

from .views import surveys

app_name = "tracking_public"
urlpatterns: list[URLPattern] = [
    path("<str:token>/", surveys.survey_answer, name="survey_answer"),
]
