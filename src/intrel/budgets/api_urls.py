"""Routes of the budgets API, included by intrel.api.urls under /api/v1 (no trailing slashes)."""

from django.urls import re_path

from intrel.api.viewsets import NUMBER_ID_REGEX
from intrel.core.bounds import SLUG_REGEX

from . import api

SLUG = rf"(?P<id>{SLUG_REGEX})"
NUMBER = rf"(?P<id>{NUMBER_ID_REGEX})"

lines = api.BudgetLineViewSet.as_view
allocations = api.AllocationViewSet.as_view
transfers = api.TransferViewSet.as_view

urlpatterns = [
    re_path(r"^budget-lines$", lines({"get": "list", "post": "create"}), name="api-budget-lines"),
    re_path(rf"^budget-lines/{SLUG}$", lines({"get": "retrieve"}), name="api-budget-line"),
    re_path(
        rf"^budget-lines/{SLUG}/allocations$",
        lines({"get": "allocations", "post": "allocation_create"}),
        name="api-budget-line-allocations",
    ),
    re_path(
        rf"^budget-lines/{SLUG}/entries$",
        lines({"get": "entries"}),
        name="api-budget-line-entries",
    ),
    re_path(
        rf"^budget-allocations/{NUMBER}$",
        allocations({"get": "retrieve"}),
        name="api-budget-allocation",
    ),
    re_path(
        rf"^budget-allocations/{NUMBER}/realisations$",
        allocations({"get": "realisations", "post": "realisation_create"}),
        name="api-budget-allocation-realisations",
    ),
    re_path(
        rf"^budget-allocations/{NUMBER}/releases$",
        allocations({"post": "release_create"}),
        name="api-budget-allocation-releases",
    ),
    re_path(
        r"^budget-transfers$",
        transfers({"get": "list", "post": "create"}),
        name="api-budget-transfers",
    ),
    re_path(
        rf"^budget-transfers/{NUMBER}$",
        transfers({"get": "retrieve"}),
        name="api-budget-transfer",
    ),
]
