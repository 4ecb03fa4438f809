"""A fallback URL configuration for this app's tests while another app's URLs are unfinished
in a shared working tree (see conftest.py); the project's own is used when it imports."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("teilhabe.core.urls")),
    path("app/<slug:body>/reception/", include("teilhabe.reception.urls")),
    path("app/<slug:body>/", include("teilhabe.concepts.urls")),
    path("", include("teilhabe.portal.urls")),
]
