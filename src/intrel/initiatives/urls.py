from django.urls import path

from . import views

app_name = "initiatives"

# The public addresses first: "new", "link", "involvements" and "import" are not
# references.
urlpatterns = [
    path("new/", views.submit, name="submit"),
    path("new/thanks/", views.submitted, name="submitted"),
    path("link/<str:token>/", views.link, name="link"),
    path("link/<str:token>/data.json", views.link_personal_data, name="link-data"),
    path("", views.initiative_list, name="list"),
    path("iati.xml", views.initiatives_iati, name="iati"),
    path("involvements/", views.involvements_to_watch, name="involvements"),
    path("import/", views.initiatives_import, name="import"),
    path("<str:reference>/", views.initiative_detail, name="detail"),
    path(
        "<str:reference>/personal-data.json",
        views.initiative_personal_data,
        name="personal-data",
    ),
    path(
        "<str:reference>/attachments/<int:pk>/",
        views.initiative_attachment,
        name="attachment",
    ),
    path("<str:reference>/<str:action>/", views.initiative_step, name="step"),
]
