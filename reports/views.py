"""The reports' pages: the organization engagement report (and its CSV) and the district
dashboard. Each reads its period from GET, calls one selector and renders."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify

from accounts.access import role_required
from accounts.roles import Role
from accounts.selectors import user_has_role
from partnerconnect.spreadsheets import csv_response

from .forms import period_form
from .links import Links
from .selectors import (
    CSV_HEADER,
    district_dashboard,
    organization_report,
    organizations_reportable_by,
)


def _organization_for(request, pk: int):
    """The organization whose report the user asked for, or 404: district staff may open
    any; a partner only the one they are the confirmed admin of."""
    return get_object_or_404(organizations_reportable_by(request.user), pk=pk)


@role_required(Role.PARTNER, Role.COORDINATOR, Role.PROCUREMENT)
def organization(request, pk: int):
    """The organization engagement report for a period; `?format=csv` downloads its rows."""
    chosen = _organization_for(request, pk)
    today = timezone.localdate()
    form = period_form(request.GET, today=today)
    period = form.period()
    report = organization_report(chosen.pk, period, today=today)
    if request.GET.get("format") == "csv" and not form.errors:
        filename = (
            f"engagement-report-{slugify(chosen.name) or chosen.pk}-"
            f"{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"
        )
        return csv_response(filename, CSV_HEADER, report.csv_rows())
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "reports/organization.html",
        {
            "form": form,
            "report": report,
            "period": period,
            "links": Links.for_organization_report(request.user),
            "csv_query": query.urlencode(),
        },
    )


@role_required(Role.COORDINATOR, Role.PROCUREMENT)
def district(request):
    """The district dashboard: the sections the user's roles may see, for a period."""
    today = timezone.localdate()
    form = period_form(request.GET, today=today)
    period = form.period()
    return render(
        request,
        "reports/district.html",
        {
            "form": form,
            "period": period,
            "dashboard": district_dashboard(period, user=request.user, today=today),
            "links": Links.for_dashboard(request.user),
            "is_district_admin": user_has_role(request.user, Role.DISTRICT_ADMIN),
        },
    )
