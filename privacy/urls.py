from django.urls import path

from . import views

app_name = "privacy"

# Under /partners/my-data/ (partnerconnect/urls.py), where partners have always found them.
urlpatterns = [
    path("", views.privacy, name="privacy"),
    path("download.json", views.privacy_export_json, name="export_json"),
    path("download.csv", views.privacy_export_csv, name="export_csv"),
    path("delete-account/", views.account_delete, name="account_delete"),
]
