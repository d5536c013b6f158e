from django.contrib import admin

from intrel.core.admin import ReadOnlyHistoryAdmin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(ReadOnlyHistoryAdmin):
    """Read-only: partners change through the product (core/admin.py)."""

    list_display = ["name", "country", "kind"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "country"]
