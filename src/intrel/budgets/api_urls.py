"""Routes of the budgets API, included by intrel.api.urls under /api/v1 (no trailing slashes)."""

from django.urls import re_path

from . import api

SLUG = r"(?P<id>[-a-zA-Z0-9_]+)"
NUMBER = r"(?P<id>[0-9]{1,18})"

urlpatterns = [
    re_path(r"^budget-lines$", api.BudgetLineListView.as_view(), name="api-budget-lines"),
    re_path(rf"^budget-lines/{SLUG}$", api.BudgetLineDetailView.as_view(), name="api-budget-line"),
    re_path(
        rf"^budget-lines/{SLUG}/allocations$",
        api.LineAllocationsView.as_view(),
        name="api-budget-line-allocations",
    ),
    re_path(
        rf"^budget-lines/{SLUG}/entries$",
        api.LineEntriesView.as_view(),
        name="api-budget-line-entries",
    ),
    re_path(
        rf"^budget-allocations/{NUMBER}$",
        api.AllocationDetailView.as_view(),
        name="api-budget-allocation",
    ),
    re_path(
        rf"^budget-allocations/{NUMBER}/realisations$",
        api.RealisationsView.as_view(),
        name="api-budget-allocation-realisations",
    ),
    re_path(
        rf"^budget-allocations/{NUMBER}/releases$",
        api.ReleasesView.as_view(),
        name="api-budget-allocation-releases",
    ),
    re_path(r"^budget-transfers$", api.TransferListView.as_view(), name="api-budget-transfers"),
    re_path(
        rf"^budget-transfers/{NUMBER}$",
        api.TransferDetailView.as_view(),
        name="api-budget-transfer",
    ),
]
