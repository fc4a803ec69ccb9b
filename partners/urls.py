from django.urls import path

from . import views

# The partner home ("partners:home", /partners/) is added by partnerconnect/urls.py: it shows
# engagements and contracts, which partners does not know.
app_name = "partners"

urlpatterns = [
    path("survey/", views.SurveyWizard.as_view(), name="survey"),
    path("survey/thanks/", views.survey_thanks, name="survey_thanks"),
    path("organizations/suggest/", views.organization_suggest, name="organization_suggest"),
    path("profile/<slug:section>/", views.section_edit, name="section_edit"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/contacted/", views.mark_contacted, name="mark_contacted"),
]
