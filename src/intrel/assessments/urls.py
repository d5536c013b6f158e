from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/override/", views.override, name="override"),
    path("reassess/<slug:subject_type>/<slug:key>/", views.reassess, name="reassess"),
    path("frameworks/", views.framework_list, name="frameworks"),
    # Before the framework page: "compare" would otherwise be read as a framework id.
    path("frameworks/compare/", views.framework_compare, name="framework-compare"),
    path("frameworks/<slug:framework_id>/", views.framework_detail, name="framework"),
]
