from django.urls import path

from teilhabe.concepts.views import diff

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:body>/", views.body_page, name="body"),
    path("<slug:body>/monitoring/", views.monitoring_page, name="monitoring"),
    path("<slug:body>/editions/<uuid:edition>/", views.edition_page, name="edition"),
    path("<slug:body>/papers/", views.paper_list, name="paper_list"),
    path("<slug:body>/papers/<uuid:paper>/", views.paper_page, name="paper"),
    path(
        "<slug:body>/editions/<uuid:edition>/diff/",
        diff.edition_diff_view,
        {"public": True},
        name="edition_diff",
    ),
]
