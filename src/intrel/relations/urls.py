from django.urls import path

from . import views

app_name = "relations"

urlpatterns = [
    path("", views.relation_list, name="list"),
    path("new/", views.relation_create, name="create"),
    path("in-transition/", views.relations_in_transition, name="in_transition"),
    path("<slug:slug>/", views.relation_detail, name="detail"),
    path("<slug:slug>/edit/", views.relation_edit, name="edit"),
    path("<slug:slug>/verify/", views.relation_verify, name="verify"),
    path("<slug:slug>/life/new/", views.life_step_create, name="life_step_create"),
    path(
        "<slug:slug>/life/<int:pk>/letter-<str:language>.<str:fmt>",
        views.life_letter,
        name="life_letter",
    ),
    path("<slug:slug>/parties/link/", views.party_link, name="party_link"),
    path("<slug:slug>/parties/<int:pk>/unlink/", views.party_unlink, name="party_unlink"),
    path(
        "<slug:slug>/agreements/<int:pk>/document/",
        views.agreement_document,
        name="agreement_document",
    ),
]

# agreements, involvements, activities and contact persons: new, edit, delete.
for kind, child in views.CHILDREN.items():
    urlpatterns += [
        path(
            f"<slug:slug>/{child.anchor}/new/",
            views.child_edit,
            {"kind": kind},
            name=f"{kind}_create",
        ),
        path(
            f"<slug:slug>/{child.anchor}/<int:pk>/edit/",
            views.child_edit,
            {"kind": kind},
            name=f"{kind}_edit",
        ),
        path(
            f"<slug:slug>/{child.anchor}/<int:pk>/delete/",
            views.child_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
    ]
