from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from intrel.core.admin import ReadOnlyAdminMixin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):  # type: ignore[misc]
    """Read-only: partners change through the product (core/admin.py)."""

    list_display = ["name", "country", "kind"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "country"]
