"""Questionnaires for members of a body, merged into the ``participation`` namespace
(``/app/<body>/participation/…``); every name starts with ``questionnaire_``."""

from django.urls import URLPattern, path

from . import invitation_views as inv
from . import views

Q = "questionnaires/<uuid:questionnaire>/"

urlpatterns: list[URLPattern] = [
    path("<uuid:process>/questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path(
        "<uuid:process>/questionnaires/new/",
        views.questionnaire_create,
        name="questionnaire_create",
    ),
    path(Q, views.questionnaire_detail, name="questionnaire_detail"),
    path(f"{Q}edit/", views.questionnaire_edit, name="questionnaire_edit"),
    path(f"{Q}sections/new/", views.section_create, name="questionnaire_section_create"),
    path(
        f"{Q}sections/<uuid:section>/edit/",
        views.section_edit,
        name="questionnaire_section_edit",
    ),
    path(
        f"{Q}sections/<uuid:section>/delete/",
        views.section_delete,
        name="questionnaire_section_delete",
    ),
    path(
        f"{Q}sections/<uuid:section>/move/",
        views.section_move,
        name="questionnaire_section_move",
    ),
    path(f"{Q}questions/new/", views.question_create, name="questionnaire_question_create"),
    path(
        f"{Q}questions/<uuid:question>/edit/",
        views.question_edit,
        name="questionnaire_question_edit",
    ),
    path(
        f"{Q}questions/<uuid:question>/delete/",
        views.question_delete,
        name="questionnaire_question_delete",
    ),
    path(
        f"{Q}questions/<uuid:question>/move/",
        views.question_move,
        name="questionnaire_question_move",
    ),
    path(f"{Q}preview/", views.questionnaire_preview, name="questionnaire_preview"),
    path(f"{Q}invitations/", inv.invitations, name="questionnaire_invitations"),
    path(f"{Q}invitations/bulk/", inv.invite_bulk, name="questionnaire_invite_bulk"),
    path(f"{Q}invitations/remind/", inv.invitations_remind, name="questionnaire_remind_all"),
    path(
        f"{Q}invitations/<uuid:invitation>/send/",
        inv.invitation_send,
        name="questionnaire_invitation_send",
    ),
    path(
        f"{Q}invitations/<uuid:invitation>/link/",
        inv.invitation_link,
        name="questionnaire_invitation_link",
    ),
    path(
        f"{Q}invitations/<uuid:invitation>/revoke/",
        inv.invitation_revoke,
        name="questionnaire_invitation_revoke",
    ),
    path(f"{Q}results/", views.questionnaire_results, name="questionnaire_results"),
    path(f"{Q}answers.csv", views.questionnaire_csv, name="questionnaire_csv"),
    path(f"{Q}answers.xlsx", views.questionnaire_xlsx, name="questionnaire_xlsx"),
    path(f"{Q}summary.csv", views.questionnaire_summary_csv, name="questionnaire_summary_csv"),
]
