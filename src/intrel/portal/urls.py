from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("relaties/<slug:slug>/", views.relation, name="relation"),
    path("commissie/", views.committee, name="committee"),
    path("uitgaven/", views.spending, name="spending"),
    path("beleidskader/", views.framework, name="framework"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("open-data/", views.open_data, name="open-data"),
    path("open-data/relaties.csv", views.relations_csv, name="relations-csv"),
    path("open-data/relaties.json", views.relations_json, name="relations-json"),
    path("open-data/initiatieven-iati.xml", views.initiatives_iati, name="initiatives-iati"),
    path("open-data/catalogus.json", views.catalogue, name="catalogue"),
    path("taal/<str:code>/", views.language, name="language"),
]
