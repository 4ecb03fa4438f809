"""Participation for members of a body: ``/app/<body>/participation/…``."""

from django.urls import URLPattern, path

from .questionnaires.urls import urlpatterns as questionnaire_patterns
from .views import inputs, processes, proposals

app_name = "participation"
urlpatterns: list[URLPattern] = [
    path("", processes.process_list, name="process_list"),
    path("new/", processes.process_create, name="process_create"),
    path("<uuid:process>/", processes.process_detail, name="process_detail"),
    path("<uuid:process>/edit/", processes.process_edit, name="process_edit"),
    path("<uuid:process>/phases/new/", processes.phase_create, name="phase_create"),
    path("phases/<uuid:phase>/edit/", processes.phase_edit, name="phase_edit"),
    path("phases/<uuid:phase>/delete/", processes.phase_delete, name="phase_delete"),
    path("<uuid:process>/workshops/new/", inputs.workshop_create, name="workshop_create"),
    path("workshops/<uuid:workshop>/", inputs.workshop_detail, name="workshop_detail"),
    path("workshops/<uuid:workshop>/edit/", inputs.workshop_edit, name="workshop_edit"),
    path("workshops/<uuid:workshop>/cards/new/", inputs.card_create, name="card_create"),
    path("<uuid:process>/statements/new/", inputs.statement_create, name="statement_create"),
    path("statements/<uuid:statement>/", inputs.statement_detail, name="statement_detail"),
    path("statements/<uuid:statement>/edit/", inputs.statement_edit, name="statement_edit"),
    path(
        "statements/<uuid:statement>/response/",
        inputs.statement_respond,
        name="statement_respond",
    ),
    path("<uuid:process>/comments/", inputs.moderation, name="moderation"),
    path("comments/<uuid:comment>/moderate/", inputs.comment_moderate, name="comment_moderate"),
    path("<uuid:process>/proposals/", proposals.proposal_list, name="proposal_list"),
    path("<uuid:process>/proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("proposals/<uuid:proposal>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<uuid:proposal>/inputs/", proposals.proposal_inputs, name="proposal_inputs"),
    path("proposals/<uuid:proposal>/outcome/", proposals.proposal_outcome, name="proposal_outcome"),
    path("<uuid:process>/report/", proposals.channel_report, name="channel_report"),
    path("<uuid:process>/concept/", proposals.concept_highlight, name="concept_highlight"),
    path("measures/<uuid:measure>/sources/", proposals.measure_sources, name="measure_sources"),
    *questionnaire_patterns,
]
