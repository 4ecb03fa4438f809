from django.urls import path

from . import edit_views, views

app_name = "reception"
urlpatterns = [
    path("", views.index, name="index"),
    path("keys/", views.key_list, name="key_list"),
    path("keys/compute/", views.key_compute, name="key_compute"),
    path("keys/population-import/", views.population_import, name="population_import"),
    path("keys/<str:key>/", views.key_detail, name="key_detail"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<uuid:period>/", views.period_detail, name="period_detail"),
    path("periods/<uuid:period>/allocate/", views.period_allocate, name="period_allocate"),
    path("periods/<uuid:period>/publish/", views.period_publish, name="period_publish"),
    path("periods/<uuid:period>/credits/new/", views.credit_add, name="credit_add"),
    path(
        "periods/<uuid:period>/credits/<uuid:credit>/edit/",
        edit_views.credit_edit,
        name="credit_edit",
    ),
    path(
        "periods/<uuid:period>/credits/<uuid:credit>/delete/",
        edit_views.credit_delete,
        name="credit_delete",
    ),
    path("periods/<uuid:period>/quotas/<str:ags>/", views.quota_detail, name="quota_detail"),
    path("periods/<uuid:period>/assignments/", views.assignment_list, name="assignment_list"),
    path(
        "periods/<uuid:period>/assignments/new/",
        views.assignment_create,
        name="assignment_create",
    ),
    path(
        "periods/<uuid:period>/assignments/import/",
        views.assignment_import,
        name="assignment_import",
    ),
    path(
        "periods/<uuid:period>/assignments/<uuid:assignment>/edit/",
        edit_views.assignment_edit,
        name="assignment_edit",
    ),
    path(
        "periods/<uuid:period>/assignments/<uuid:assignment>/delete/",
        edit_views.assignment_delete,
        name="assignment_delete",
    ),
]
