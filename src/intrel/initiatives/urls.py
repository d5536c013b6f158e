from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("new/", views.submit, name="submit"),
    path("new/thanks/", views.submitted, name="submitted"),
    path("link/<str:token>/", views.link, name="link"),
]
