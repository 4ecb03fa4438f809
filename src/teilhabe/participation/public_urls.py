"""Public participation pages: ``/<body>/beteiligung/…``."""

from django.urls import URLPattern, path

from .views import public

app_name = "participation_public"
urlpatterns: list[URLPattern] = [
    path("", public.index, name="index"),
    path("<uuid:process>/", public.process_page, name="process"),
    path("<uuid:process>/kommentar/", public.comment_submit, name="comment_submit"),
    path("<uuid:process>/vorschlaege/", public.proposals, name="proposals"),
]
