from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:year>.xlsx", views.overview_export, name="overview-xlsx"),
    path("lines/new", views.line_create, name="line-create"),
    path("lines/<slug:slug>", views.line_detail, name="line"),
    path("lines/<slug:slug>.xlsx", views.line_export, name="line-xlsx"),
    path("lines/<slug:slug>/allocate", views.allocation_create, name="allocate"),
    path("transfers/new", views.transfer_create, name="transfer-create"),
    path("allocations/<int:pk>/realise", views.realisation_create, name="realise"),
    path("allocations/<int:pk>/release", views.release_create, name="release"),
]
