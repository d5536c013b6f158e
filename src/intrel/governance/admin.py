from django.contrib import admin

from . import models

for model in (
    models.Person,
    models.PoliticalGroup,
    models.CouncilMembership,
    models.BoardMembership,
    models.Portfolio,
    models.PortfolioHolding,
    models.Committee,
    models.CommitteeGoals,
    models.Meeting,
):
    admin.site.register(model)


@admin.register(models.CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin):
    """Read-only here: seats change through the services (elections, overlap rules)."""

    list_display = ["person", "committee", "role", "start", "end"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    """Read-only here: decisions and their votes are recorded through the pages or the API."""

    list_display = ["identifier", "title", "kind", "result"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
