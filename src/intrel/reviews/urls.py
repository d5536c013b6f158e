from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("start/", views.round_start, name="round-start"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/assess/", views.round_assess, name="round-assess"),
    path("<int:pk>/compare/", views.round_compare, name="round-compare"),
    path("<int:pk>/steps/<slug:step>/", views.round_step, name="round-step"),
    path("<int:pk>/relations/<int:item>/<slug:action>/", views.item_step, name="item-step"),
    path("<int:pk>/report/<slug:fmt>/", views.round_report, name="report"),
    path("<int:pk>/reports/", views.report_request, name="report-request"),
    path("<int:pk>/reports/<int:report>/", views.report_status, name="report-status"),
    path("<int:pk>/reports/<int:report>/<slug:fmt>/", views.report_file, name="report-file"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("impact/", views.impact, name="impact"),
    path("impact/<slug:fmt>/", views.impact_download, name="impact-download"),
]
