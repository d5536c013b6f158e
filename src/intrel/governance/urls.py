from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("popolo.json", views.popolo_export, name="popolo"),
    path("portfolios", views.portfolio_list, name="portfolios"),
    path("persons", views.person_accounts, name="persons"),
    path("committees/<slug:slug>", views.committee_detail, name="committee"),
    path("committees/<slug:slug>/report/<int:year>", views.annual_report, name="annual-report"),
    path(
        "committees/<slug:slug>/report/<int:year>.pdf",
        views.annual_report_pdf,
        name="annual-report-pdf",
    ),
    path("meetings", views.meeting_list, name="meetings"),
    path("meetings/new", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/attendance", views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/agenda", views.meeting_agenda, name="meeting-agenda"),
    path("meetings/<int:pk>/minutes", views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/documents", views.meeting_document, name="meeting-document"),
    path("meetings/<int:pk>/decisions/new", views.decision_create, name="decision-create"),
    path("meetings/<int:pk>/chair-election", views.chair_election, name="chair-election"),
    path("documents/<int:pk>", views.document_download, name="document"),
    path("decisions/<int:pk>", views.decision_detail, name="decision"),
]
