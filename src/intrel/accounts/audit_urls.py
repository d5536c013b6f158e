"""/accounts/audit/: the audit log for functioneel beheer (issue 18)."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [path("", views.audit_log, name="log")]
