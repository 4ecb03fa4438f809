from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("teilhabe.core.urls")),
    path("app/<slug:body>/reception/", include("teilhabe.reception.urls")),
    path("app/<slug:body>/documents/", include("teilhabe.documents.urls")),
    path("app/<slug:body>/council/", include("teilhabe.council.urls")),
    path("app/<slug:body>/monitoring/", include("teilhabe.monitoring.urls")),
    path("app/<slug:body>/tracking/", include("teilhabe.tracking.urls")),
    path("app/<slug:body>/participation/", include("teilhabe.participation.urls")),
    path("app/<slug:body>/", include("teilhabe.concepts.urls")),
    path("abfrage/", include("teilhabe.tracking.public_urls")),
    path("fragebogen/", include("teilhabe.participation.questionnaires.public_urls")),
    path("<slug:body>/documents/", include("teilhabe.documents.public_urls")),
    path("<slug:body>/beteiligung/", include("teilhabe.participation.public_urls")),
    path("oparl/v1/", include("teilhabe.api.oparl.urls")),
    path("", include("teilhabe.portal.urls")),
]

handler403 = "teilhabe.core.views.permission_denied"
handler404 = "teilhabe.core.views.page_not_found"
handler500 = "teilhabe.core.views.server_error"
