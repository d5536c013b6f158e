"""The API under /api/v1: no trailing slashes (API Design Rules); add a resource here.

``/api/v1`` itself (the index) is routed in ``intrel/urls.py``, as it has no slash.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from intrel.governance import api as gov_api
from intrel.initiatives.api import InitiativeViewSet
from intrel.partners.api import PartnerViewSet
from intrel.relations.api import (
    ActivityViewSet,
    AgreementViewSet,
    InvolvementViewSet,
    PartyViewSet,
    RelationViewSet,
)

router = SimpleRouter(trailing_slash=False)
router.register("relations", RelationViewSet, basename="relation")
router.register("partners", PartnerViewSet, basename="partner")
router.register("parties", PartyViewSet, basename="party")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("involvements", InvolvementViewSet, basename="involvement")
router.register("activities", ActivityViewSet, basename="activity")
router.register("persons", gov_api.PersonViewSet, basename="person")
router.register("committees", gov_api.CommitteeViewSet, basename="committee")
router.register(
    "committee-memberships", gov_api.CommitteeMembershipViewSet, basename="committee-membership"
)
router.register("meetings", gov_api.MeetingViewSet, basename="meeting")
router.register("decisions", gov_api.DecisionViewSet, basename="decision")
router.register(
    "council-memberships", gov_api.CouncilMembershipViewSet, basename="council-membership"
)
router.register("portfolios", gov_api.PortfolioViewSet, basename="portfolio")
router.register("initiatives", InitiativeViewSet, basename="initiative")

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    *router.urls,
    # Other capabilities' API modules (keep this line: added by the assessments app).
    path("", include("intrel.assessments.api_urls")),
    path("", include("intrel.budgets.api_urls")),
    path("", include("intrel.reviews.api_urls")),
]
