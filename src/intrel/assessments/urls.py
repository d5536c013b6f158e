from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/override/", views.override, name="override"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/<slug:framework_id>/", views.framework_detail, name="framework"),
]
