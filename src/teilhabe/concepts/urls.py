from django.urls import path

from .views import actors, dashboard, diff, editions, items

app_name = "concepts"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("editions/", editions.edition_list, name="edition_list"),
    path("editions/<uuid:edition>/", editions.edition_detail, name="edition_detail"),
    path("editions/<uuid:edition>/edit/", editions.edition_edit, name="edition_edit"),
    path("editions/<uuid:edition>/status/", editions.edition_status, name="edition_status"),
    path("editions/<uuid:edition>/delete/", editions.edition_delete, name="edition_delete"),
    path("editions/<uuid:edition>/new-edition/", editions.edition_copy, name="edition_copy"),
    path("editions/<uuid:edition>/diff/", diff.edition_diff_view, name="edition_diff"),
    path(
        "editions/<uuid:edition>/export.<str:fmt>", editions.edition_export, name="edition_export"
    ),
    path("editions/<uuid:edition>/measures/", editions.measure_list, name="measure_list"),
    path("editions/<uuid:edition>/lineage/", editions.lineage_list, name="lineage_list"),
    path("editions/<uuid:edition>/<str:kind>/new/", items.item_create, name="item_create"),
    path("lineage/<uuid:link>/", editions.lineage_edit, name="lineage_edit"),
    path("items/<str:kind>/<uuid:item>/edit/", items.item_edit, name="item_edit"),
    path("items/<str:kind>/<uuid:item>/delete/", items.item_delete, name="item_delete"),
    path("items/<str:kind>/<uuid:item>/move/", items.item_move, name="item_move"),
    path("measures/<uuid:item>/", items.measure_detail, name="measure_detail"),
    path("measures/<uuid:item>/merge/", items.measure_merge, name="measure_merge"),
    path("measures/<uuid:item>/split/", items.measure_split, name="measure_split"),
    path("actors/", actors.actor_list, name="actor_list"),
    path("actors/new/", actors.actor_edit, name="actor_create"),
    path("actors/<uuid:actor>/edit/", actors.actor_edit, name="actor_edit"),
    path("actors/<uuid:actor>/delete/", actors.actor_delete, name="actor_delete"),
]
