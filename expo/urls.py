from django.urls import path

from . import views

app_name = "expo"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("registrations/", views.registrations, name="registrations"),
    path("registrations/download/", views.registrations_csv, name="registrations_csv"),
]
