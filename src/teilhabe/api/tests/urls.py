"""The URLs the API tests need, independent of apps that other work is still adding.

``test_urls_real`` checks that the project's own URLconf routes ``/oparl/v1/`` here too.
"""

from django.urls import include, path

urlpatterns = [
    path("oparl/v1/", include("teilhabe.api.oparl.urls")),
    path("", include("teilhabe.portal.urls")),
]
