from django.urls import path

from . import import_views, views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<str:code>/edit/", views.indicator_edit, name="indicator_edit"),
    path(
        "indicators/<str:code>/values/new/",
        views.observation_create,
        name="observation_create",
    ),
    path("indicators/<str:code>/data.csv", views.indicator_csv, name="indicator_csv"),
    path("compare/", views.compare, name="compare"),
    path("import/", import_views.stats_upload, name="stats_upload"),
    path("import/run/", import_views.stats_import_run, name="stats_import_run"),
    path("targets/new/", views.target_create, name="target_create"),
]
