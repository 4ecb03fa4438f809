from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("app/", views.home, name="home"),
    path("app/<slug:body>/audit/", views.audit_log, name="audit_log"),
]
