"""Implementation tracking for members of a body: ``/app/<body>/tracking/…``."""

from django.urls import URLPattern, path

from .survey_urls import urlpatterns as survey_patterns
from .views import budget, progress, settings, today

app_name = "tracking"
urlpatterns: list[URLPattern] = [
    path("", today.today, name="today"),
    path("progress/", progress.overview, name="progress"),
    path("measures/<uuid:measure>/", progress.measure, name="measure"),
    path("measures/<uuid:measure>/report/", progress.update_create, name="update_create"),
    path("measures/<uuid:measure>/plan/", progress.plan_edit, name="plan_edit"),
    path("evidence/<uuid:evidence>/", progress.evidence, name="evidence"),
    path("review/", progress.review_list, name="review_list"),
    path("review/<uuid:update>/", progress.review, name="review"),
    path("budget/", budget.budget, name="budget"),
    path("budget/new/", budget.budget_create, name="budget_create"),
    path("budget/<uuid:line>/edit/", budget.budget_edit, name="budget_edit"),
    path("budget/<uuid:line>/delete/", budget.budget_delete, name="budget_delete"),
    path("settings/statuses/", settings.status_list, name="status_list"),
    path("settings/statuses/new/", settings.status_create, name="status_create"),
    path("settings/statuses/<uuid:status>/", settings.status_edit, name="status_edit"),
    path("settings/statuses/<uuid:status>/move/", settings.status_move, name="status_move"),
    path("settings/statuses/<uuid:status>/delete/", settings.status_delete, name="status_delete"),
    path("settings/weights/<uuid:edition>/", settings.weights, name="weights"),
    *survey_patterns,
]
