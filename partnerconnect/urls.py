from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from partners.urls import urlpatterns as partners_urlpatterns

from . import health, views

# The admin signs in through allauth, so its rate limits and email verification apply.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Partner Connect administration"
admin.site.site_title = "Partner Connect admin"

urlpatterns = [
    path("", TemplateView.as_view(template_name="pages/home.html"), name="home"),
    path(
        "how-it-works/",
        TemplateView.as_view(template_name="pages/how_it_works.html"),
        name="how_it_works",
    ),
    # The language switcher (a POST): the language cookie, and a partner's profile.
    path("language/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("partners/my-data/", include("privacy.urls")),
    # The partners namespace, with the partner home that brings the other apps together.
    path(
        "partners/",
        include(([path("", views.partner_home, name="home"), *partners_urlpatterns], "partners")),
    ),
    path("requests/", include("requests_app.urls")),
    path("compliance/", include("compliance.urls")),
    path("expo/", include("expo.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

# A server error page that never touches the database (it may be what failed).
handler500 = "partnerconnect.views.server_error"
