"""A questionnaire invitation (no account): ``/fragebogen/<token>/``."""

from django.urls import URLPattern, path

from . import public_views

app_name = "questionnaire_public"
urlpatterns: list[URLPattern] = [
    path("<str:token>/", public_views.questionnaire_form, name="form"),
    path("<str:token>/danke/", public_views.questionnaire_thanks, name="thanks"),
]
