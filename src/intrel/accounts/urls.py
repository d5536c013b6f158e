"""/accounts/mfa/: the second factor (issue 18)."""

from django.urls import path

from . import views

app_name = "mfa"

urlpatterns = [
    path("", views.mfa_manage, name="manage"),
    path("verify", views.mfa_verify, name="verify"),
    path("recovery-codes", views.mfa_recovery_codes, name="recovery-codes"),
]
