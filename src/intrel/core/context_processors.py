from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main menu items the user may see (permissions decide, not the template)."""
    user = request.user
    items: list[tuple[str, str]] = []
    if user.is_authenticated:
        from django.urls import reverse
        from django.utils.translation import gettext as _

        items.append((_("Start"), reverse("start:home")))
        if user.has_perm("relations.view_relation"):
            items.append((_("Relations"), reverse("relations:list")))
        if user.has_perm("partners.view_partner"):
            items.append((_("Partners"), reverse("partners:list")))
        if user.has_perm("governance.view_committee"):
            items.append((_("Governance"), reverse("governance:index")))
        if user.has_perm("budgets.view_budgetline"):
            items.append((_("Budgets"), reverse("budgets:overview")))
        if user.has_perm("initiatives.view_initiative"):
            items.append((_("Initiatives"), reverse("initiatives:list")))
        if user.has_perm("reviews.view_reviewround"):
            items.append((_("The review"), reverse("reviews:rounds")))
        if user.has_perm("imports.add_importbatch"):
            items.append((_("Import"), reverse("imports:upload")))
        if user.is_staff:
            items.append((_("Management"), reverse("admin:index")))
    return {"nav_items": items}
