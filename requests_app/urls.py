from django.urls import path

from . import views

app_name = "requests_app"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.request_create, name="request_create"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("<int:pk>/publish/", views.request_publish, name="request_publish"),
    path("<int:pk>/cancel/", views.request_cancel, name="request_cancel"),
    path("<int:pk>/candidates/", views.request_candidates, name="request_candidates"),
    path("<int:pk>/invite/", views.request_invite, name="request_invite"),
    path("directory/", views.directory, name="directory"),
    path("engagements/", views.engagements, name="engagements"),
    path("my-engagements.csv", views.partner_engagements_csv, name="partner_engagements_csv"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/<slug:action>/", views.engagement_action, name="engagement_action"),
    path("link/<slug:action>/<str:token>/", views.engagement_link, name="engagement_link"),
    path("offers/", views.offers, name="offers"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:pk>/book/", views.offer_book, name="offer_book"),
]
