from django.contrib import admin

from intrel.core.admin import ReadOnlyModelAdmin

from . import models

# Read-only here: governance records change through the pages or the API, where the services keep
# the rules (elections, overlaps, quorum, votes) and check uploaded documents (core/admin.py).
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
    admin.site.register(model, ReadOnlyModelAdmin)


@admin.register(models.CommitteeMembership)
class CommitteeMembershipAdmin(ReadOnlyModelAdmin):
    """Seats change through the services (elections, overlap rules)."""

    list_display = ["person", "committee", "role", "start", "end"]


@admin.register(models.Decision)
class DecisionAdmin(ReadOnlyModelAdmin):
    """Decisions and their votes are recorded through the pages or the API."""

    list_display = ["identifier", "title", "kind", "result"]
