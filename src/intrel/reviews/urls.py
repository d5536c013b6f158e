from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("impact/", views.impact, name="impact"),
    path("impact/<slug:fmt>/", views.impact_download, name="impact-download"),
]
