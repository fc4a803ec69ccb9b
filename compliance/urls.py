from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.home, name="home"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("report/", views.report, name="report"),
    path("report/download/", views.report_csv, name="report_csv"),
    path("expo-owed/", views.expo_owed, name="expo_owed"),
    path("expo-owed/download/", views.expo_owed_csv, name="expo_owed_csv"),
]
