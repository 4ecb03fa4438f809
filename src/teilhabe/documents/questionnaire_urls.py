"""The results PDF of a questionnaire, merged into the ``documents`` namespace
(``/app/<body>/documents/…``)."""

from django.urls import URLPattern, path

from .questionnaire_results import questionnaire_results_pdf

urlpatterns: list[URLPattern] = [
    path(
        "questionnaire/<uuid:questionnaire>/results.pdf",
        questionnaire_results_pdf,
        name="questionnaire_results_pdf",
    ),
]
