"""(Filled in by the next commit.)"""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
