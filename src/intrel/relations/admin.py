from django.contrib import admin

from intrel.core.admin import ReadOnlyHistoryAdmin, ReadOnlyInline

from .models import Activity, Agreement, ContactPerson, Involvement, Party, Relation

# Read-only: the register changes through the product's pages and API (services, history, upload
# checks); a relation is ended, never deleted (issue 9.3, core/admin.py).


class AgreementInline(ReadOnlyInline):
    model = Agreement


class InvolvementInline(ReadOnlyInline):
    model = Involvement


@admin.register(Relation)
class RelationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "partner", "registered_kind", "status", "owner_kind", "verified"]
    list_filter = ["registered_kind", "status", "owner_kind", "verified", "source"]
    search_fields = ["name", "slug", "partner__name"]
    autocomplete_fields = ["partner"]
    filter_horizontal = ["parties"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AgreementInline, InvolvementInline]


@admin.register(Party)
class PartyAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "relation", "signed", "ends", "renews_automatically"]
    search_fields = ["title", "relation__name"]
    autocomplete_fields = ["relation"]


@admin.register(Involvement)
class InvolvementAdmin(ReadOnlyHistoryAdmin):
    list_display = ["relation", "actor", "portfolio", "start", "end"]
    list_filter = ["actor"]
    search_fields = ["relation__name", "person"]
    autocomplete_fields = ["relation"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "relation", "kind", "date"]
    list_filter = ["kind"]
    search_fields = ["title", "relation__name"]
    autocomplete_fields = ["relation"]


@admin.register(ContactPerson)
class ContactPersonAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "organisation", "relation"]
    search_fields = ["name", "organisation", "relation__name"]
    autocomplete_fields = ["relation"]
