from django.urls import path

from . import import_views, views

app_name = "council"
urlpatterns = [
    path("", views.paper_list, name="paper_list"),
    path("papers/new/", views.paper_create, name="paper_create"),
    path("papers/import/", import_views.paper_import, name="paper_import"),
    path("papers/import/save/", import_views.paper_import_save, name="paper_import_save"),
    path("papers/<uuid:paper>/", views.paper_detail, name="paper_detail"),
    path("papers/<uuid:paper>/edit/", views.paper_edit, name="paper_edit"),
    path("papers/<uuid:paper>/delete/", views.paper_delete, name="paper_delete"),
    path("papers/<uuid:paper>/steps/new/", views.consultation_create, name="consultation_create"),
    path(
        "editions/<uuid:edition>/paper/",
        views.paper_create_for_edition,
        name="paper_create_for_edition",
    ),
    path("steps/<uuid:consultation>/edit/", views.consultation_edit, name="consultation_edit"),
    path("steps/<uuid:consultation>/move/", views.consultation_move, name="consultation_move"),
    path(
        "steps/<uuid:consultation>/delete/", views.consultation_delete, name="consultation_delete"
    ),
    path(
        "steps/<uuid:consultation>/outcome/",
        views.consultation_outcome,
        name="consultation_outcome",
    ),
    path("decisions/", views.decision_control, name="decision_control"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_edit, name="organization_create"),
    path(
        "organizations/<uuid:organization>/edit/",
        views.organization_edit,
        name="organization_edit",
    ),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<uuid:meeting>/", views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<uuid:meeting>/items/new/",
        views.agenda_item_create,
        name="agenda_item_create",
    ),
]
