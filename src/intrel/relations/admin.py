from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Agreement, ContactPerson, Involvement, Party, Relation


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


class InvolvementInline(admin.TabularInline):
    model = Involvement
    extra = 0


@admin.register(Relation)
class RelationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partner", "registered_kind", "status", "owner_kind", "verified"]
    list_filter = ["registered_kind", "status", "owner_kind", "verified", "source"]
    search_fields = ["name", "slug", "partner__name"]
    autocomplete_fields = ["partner"]
    filter_horizontal = ["parties"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AgreementInline, InvolvementInline]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "relation", "signed", "ends", "renews_automatically"]
    search_fields = ["title", "relation__name"]
    autocomplete_fields = ["relation"]


@admin.register(Involvement)
class InvolvementAdmin(SimpleHistoryAdmin):
    list_display = ["relation", "actor", "portfolio", "start", "end"]
    list_filter = ["actor"]
    search_fields = ["relation__name", "person"]
    autocomplete_fields = ["relation"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "relation", "kind", "date"]
    list_filter = ["kind"]
    search_fields = ["title", "relation__name"]
    autocomplete_fields = ["relation"]


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "relation"]
    search_fields = ["name", "organisation", "relation__name"]
    autocomplete_fields = ["relation"]
