"""OParl 1.1 URLs under ``/oparl/v1/``. One canonical URL per object: ``<type>/<public id>``.

URL names (namespace ``oparl``): ``system``, ``body_list``, ``body``, ``<type>_list`` (a body's
external list, e.g. ``paper_list``), ``<type>`` (one object, e.g. ``paper``, ``agenda_item``),
``organization_meetings``, ``organization_consultations``, ``file_access``, ``file_download``.
"""

from django.urls import URLPattern, path, re_path

from . import views
from .queries import BODY_LISTS, KINDS

app_name = "oparl"

urlpatterns: list[URLPattern] = [
    path("", views.system, name="system"),
    path("body", views.body_list, name="body_list"),
    *(
        path(
            f"body/<uuid:body>/{kind.segment}",
            views.body_scoped_list(kind),
            name=f"{kind.name}_list",
        )
        for kind in BODY_LISTS
    ),
    *(
        path(f"{kind.segment}/<uuid:pk>", views.object_detail(kind), name=kind.name)
        for kind in KINDS.values()
    ),
    path(
        "organization/<uuid:pk>/meeting",
        views.organization_meetings,
        name="organization_meetings",
    ),
    path(
        "organization/<uuid:pk>/consultation",
        views.organization_consultations,
        name="organization_consultations",
    ),
    path("file/<uuid:pk>/access", views.file_access, name="file_access"),
    path("file/<uuid:pk>/download", views.file_download, name="file_download"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
