from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from intrel.accounts.forms import LoginForm
from intrel.api import views as api_views
from intrel.core import views as core_views

admin.site.site_header = _("intrel management")
admin.site.site_title = _("intrel management")

urlpatterns = [
    path("", include("intrel.start.urls")),
    path("", include("intrel.core.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path(
        "accounts/login/",
        login_not_required(core_views.LoginView.as_view(authentication_form=LoginForm)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("publiek/", include("intrel.portal.urls")),
    path("accounts/tokens/", include("intrel.api.page_urls")),
    path("accounts/mfa/", include("intrel.accounts.urls")),
    path("accounts/audit/", include("intrel.accounts.audit_urls")),
    path("relations/", include("intrel.relations.urls")),
    path("governance/", include("intrel.governance.urls")),
    path("budgets/", include("intrel.budgets.urls")),
    path("initiatives/", include("intrel.initiatives.urls")),
    path("partners/", include("intrel.partners.urls")),
    path("import/", include("intrel.imports.urls")),
    path("assessments/", include("intrel.assessments.urls")),
    path("reviews/", include("intrel.reviews.urls")),
    path("api/", api_views.api_index, name="api-index"),
    path("api/v1", api_views.api_root, name="api-root"),
    path("api/v1/", include("intrel.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = core_views.error_400
handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
# Uploaded files are never served from MEDIA_URL: each download goes through a view that
# checks the user's permission (agreements, meeting documents).
