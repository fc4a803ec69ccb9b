from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.home, name="home"),
    path("survey/", views.SurveyWizard.as_view(), name="survey"),
    path("survey/thanks/", views.survey_thanks, name="survey_thanks"),
    path("organizations/suggest/", views.organization_suggest, name="organization_suggest"),
    path("profile/<slug:section>/", views.section_edit, name="section_edit"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/contacted/", views.mark_contacted, name="mark_contacted"),
]
